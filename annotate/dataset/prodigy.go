package dataset

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"hashiya/annotate"

	"github.com/go-json-experiment/json/jsontext"
)

// prodigyIn is a Prodigy task as read. Prodigy's own bookkeeping, which
// describes one annotator's answer rather than the document, is skipped
// and written afresh on export; any other top-level key ("source", a
// project's own fields) comes in Other and is kept in the document's
// meta under prodigyTaskKey.
type prodigyIn struct {
	Text    *string         `json:"text"`
	Meta    json.RawMessage `json:"meta"`
	Spans   []prodigySpanIn `json:"spans"`
	Answer  string          `json:"answer"`
	Targets []targetJSON    `json:"targets"`
	Stances []stanceJSON    `json:"stances"`

	InputHash skipped `json:"_input_hash"`
	TaskHash  skipped `json:"_task_hash"`
	Tokens    skipped `json:"tokens"` // hundreds per line in Hashiya's own exports
	ViewID    skipped `json:"_view_id"`
	Annotator skipped `json:"_annotator_id"`
	Session   skipped `json:"_session_id"`
	Timestamp skipped `json:"_timestamp"`

	Other jsontext.Value `json:",embed"`
}

// skipped reads past a value of any kind without keeping it.
type skipped struct{}

func (*skipped) UnmarshalJSONFrom(dec *jsontext.Decoder) error { return dec.SkipValue() }

// prodigyTaskKey is the meta key that keeps a Prodigy task's top-level
// keys Hashiya has no use for, as an object in the task's order. Prodigy
// users keep data there (a loader's "source", their own fields); the
// Prodigy export writes them back at the top level, so a round trip
// through Hashiya gives them back where they were. In meta they also
// reach the other exports.
const prodigyTaskKey = "prodigy_task"

// prodigyWritten are the top-level keys the Prodigy export writes; a
// kept key by one of these names stays in meta instead.
var prodigyWritten = map[string]bool{
	"text": true, "meta": true, "_input_hash": true, "_task_hash": true, "tokens": true, "spans": true,
	"targets": true, "stances": true, "_view_id": true, "answer": true, "_annotator_id": true, "_timestamp": true,
}

// otherKeys returns other, the task's unknown top-level keys, as one
// compact object in their order; nil when there are none.
func otherKeys(other jsontext.Value) (json.RawMessage, error) {
	if len(other) == 0 {
		return nil, nil
	}
	var kept []byte
	err := eachMember(other, func(name string, rawName, value jsontext.Value) error {
		if kept == nil {
			kept = append(kept, '{')
		} else {
			kept = append(kept, ',')
		}
		kept = append(kept, rawName...)
		kept = append(kept, ':')
		kept = append(kept, value...)
		return nil
	})
	if err != nil || kept == nil {
		return nil, err
	}
	return append(kept, '}'), nil
}

// eachMember calls fn with each member of the JSON object obj, in order:
// its name, the name as JSON and its value, both compact.
func eachMember(obj []byte, fn func(name string, rawName, value jsontext.Value) error) error {
	dec := jsontext.NewDecoder(bytes.NewReader(obj))
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return cmp.Or(err, errNotObject)
	}
	for dec.PeekKind() != '}' {
		rawName, err := dec.ReadValue()
		if err != nil {
			return err
		}
		rawName = bytes.Clone(rawName)
		var name string
		if err := json.Unmarshal(rawName, &name); err != nil {
			return err
		}
		value, err := dec.ReadValue()
		if err != nil {
			return err
		}
		value = bytes.Clone(value)
		if err := value.Compact(); err != nil {
			return err
		}
		if err := fn(name, rawName, value); err != nil {
			return err
		}
	}
	return nil
}

var errNotObject = errors.New("not a JSON object")

// splitTaskKeys takes the kept top-level keys (see prodigyTaskKey) out
// of a document's meta: what the export writes as meta, and the members
// it writes at the top level as `,"key":value...`. Meta without them, or
// whose kept keys are not an object or would clash with the export's own
// keys, is left as it is.
func splitTaskKeys(meta json.RawMessage) (rest json.RawMessage, top []byte) {
	if !bytes.Contains(meta, []byte(`"`+prodigyTaskKey+`"`)) {
		return meta, nil
	}
	out := []byte{'{'}
	found := false
	err := eachMember(meta, func(name string, rawName, value jsontext.Value) error {
		if name == prodigyTaskKey && !found {
			var members []byte
			err := eachMember(value, func(name string, rawName, value jsontext.Value) error {
				if prodigyWritten[name] {
					return errNotObject
				}
				members = append(members, ',')
				members = append(members, rawName...)
				members = append(members, ':')
				members = append(members, value...)
				return nil
			})
			if err == nil {
				found, top = true, members
				return nil
			}
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(out, rawName...)
		out = append(out, ':')
		out = append(out, value...)
		return nil
	})
	if err != nil || !found {
		return meta, nil
	}
	return append(out, '}'), top
}

type prodigySpanIn struct {
	Start *int    `json:"start"`
	End   *int    `json:"end"`
	Label string  `json:"label"`
	Text  *string `json:"text"`
}

// targetJSON is Hashiya's target in a Prodigy task: Mentions are indices
// into the task's "spans".
type targetJSON struct {
	Name     string `json:"name"`
	Topic    bool   `json:"topic"`
	Mentions []int  `json:"mentions"`
}

// stanceJSON is Hashiya's stance in a Prodigy task: Target and Holder are
// indices into "targets" (Holder null: the article's own voice), Evidence
// indices into "spans".
type stanceJSON struct {
	Target   int    `json:"target"`
	Holder   *int   `json:"holder"`
	Label    string `json:"label"`
	Evidence []int  `json:"evidence"`
	Note     string `json:"note"`
}

func (r *Reader) prodigy(line []byte, no int) (Record, *LineError) {
	var t prodigyIn
	if lerr := r.decodeLine(line, no, &t); lerr != nil {
		return Record{}, lerr
	}
	text, lerr := r.text(t.Text, no)
	if lerr != nil {
		return Record{}, lerr
	}
	spans := make([]rawSpan, len(t.Spans))
	for i, s := range t.Spans {
		where := place{"spans", i}
		if s.Start == nil || s.End == nil {
			return Record{}, lineErr(r.name, no, annotate.ECodeInvalid, "%s needs both \"start\" and \"end\".", where)
		}
		spans[i] = rawSpan{where: where, start: *s.Start, end: *s.End, label: s.Label, text: s.Text}
	}
	kept, err := otherKeys(t.Other)
	if err != nil {
		return Record{}, lineErr(r.name, no, annotate.ECodeInvalid, "The task's top-level keys could not be read (%s).", clip(err.Error()))
	}
	var extra map[string]json.RawMessage
	if kept != nil {
		if bytes.Contains(t.Meta, []byte(`"`+prodigyTaskKey+`"`)) {
			return Record{}, lineErr(r.name, no, annotate.ECodeInvalid, "The task's meta has a %q key, where Hashiya keeps the task's other top-level keys; rename it.", prodigyTaskKey)
		}
		extra = map[string]json.RawMessage{prodigyTaskKey: kept}
	}
	meta, status, lerr := r.b.meta(r.name, no, t.Meta, extra)
	if lerr != nil {
		return Record{}, lerr
	}
	rec, lerr := r.b.build(r.name, no, text, spans, meta)
	if lerr != nil {
		return Record{}, lerr
	}
	rec.Status = status
	if rec.Status == "" {
		switch t.Answer {
		case "accept":
			rec.Status = annotate.StatusDone
		case "reject", "ignore":
			rec.Status = annotate.StatusSkipped
		case "":
		default:
			return Record{}, lineErr(r.name, no, annotate.ECodeInvalid, "The answer %q is not one of accept, reject or ignore.", clip(t.Answer))
		}
	}
	if lerr := r.b.refs(&rec, t.Targets, t.Stances); lerr != nil {
		return Record{}, lerr
	}
	return rec, nil
}

// Item is one annotator's work on one document, as exports write it.
type Item struct {
	Doc         annotate.Document
	Annotator   string
	Status      annotate.DocStatus
	Annotations annotate.Annotations
}

type prodigyToken struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	ID    int    `json:"id"`
	WS    bool   `json:"ws"`
	// plain: Text needs no escaping in JSON (see nextEscape).
	plain bool
}

// prodigySpanOut omits the token indices of a span that does not start
// and end on token boundaries (only under the Whitespace token rule: a
// clitic cut off inside a word) rather than give indices that would
// widen it.
type prodigySpanOut struct {
	Start      int    `json:"start"`
	End        int    `json:"end"`
	TokenStart *int   `json:"token_start,omitempty"`
	TokenEnd   *int   `json:"token_end,omitempty"`
	Label      string `json:"label"`
	Text       string `json:"text"`
}

type prodigyOut struct {
	// textEscapes, when not nil, are where Text needs escaping (see
	// nextEscape), already found.
	textEscapes []int
	Text        string           `json:"text"`
	Meta        json.RawMessage  `json:"meta"`
	InputHash   int32            `json:"_input_hash"`
	TaskHash    int32            `json:"_task_hash"`
	Tokens      []prodigyToken   `json:"tokens"`
	Spans       []prodigySpanOut `json:"spans"`
	Targets     []targetJSON     `json:"targets"`
	Stances     []stanceJSON     `json:"stances"`
	ViewID      string           `json:"_view_id"`
	Answer      string           `json:"answer"`
	Annotator   string           `json:"_annotator_id"`
	Timestamp   int64            `json:"_timestamp"`
	// Other are the task's own top-level keys kept in meta (see
	// prodigyTaskKey), as `,"key":value` members, written last.
	Other []byte `json:"-"`
}

// InputHash32 derives Prodigy's _input_hash (a signed 32-bit integer) from
// a document's hex SHA-256 InputHash: its first four bytes, big-endian.
// Equal texts get equal hashes, as Prodigy expects; collisions among a
// corpus's documents are as unlikely as with Prodigy's own hash.
func InputHash32(inputHash string) int32 {
	b, err := hex.DecodeString(inputHash[:min(8, len(inputHash))])
	if err != nil || len(b) < 4 {
		sum := sha256.Sum256([]byte(inputHash))
		b = sum[:4]
	}
	return int32(binary.BigEndian.Uint32(b))
}

// TaskHash32 derives Prodigy's _task_hash from the input hash and the
// spans: the first four bytes of the SHA-256 of the input hash followed by
// each span's code point start, end and label, in (start, end, label)
// order. The same annotations on the same text give the same hash, whoever
// made them, as in Prodigy, where the task hash tells apart different
// questions about one input.
func TaskHash32(inputHash string, spans []annotate.Span) int32 {
	h, _ := taskHash32(inputHash, spans, nil)
	return h
}

// taskHash32 is TaskHash32 with scratch space for the sorted spans,
// which it returns for the next call.
func taskHash32(inputHash string, spans []annotate.Span, keys []*annotate.Span) (int32, []*annotate.Span) {
	keys = keys[:0]
	for i := range spans {
		keys = append(keys, &spans[i])
	}
	slices.SortFunc(keys, func(a, b *annotate.Span) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), strings.Compare(a.Label, b.Label))
	})
	var small [256]byte
	buf := append(small[:0], inputHash...)
	for _, k := range keys {
		buf = append(buf, '\n')
		buf = strconv.AppendInt(buf, int64(k.Start), 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(k.End), 10)
		buf = append(buf, ' ')
		buf = append(buf, k.Label...)
	}
	sum := sha256.Sum256(buf)
	return int32(binary.BigEndian.Uint32(sum[:4])), keys
}

// prodigy builds the task for it in the Encoder's scratch space.
func (w *Encoder) prodigy(it *Item, conv *converter) (*prodigyOut, error) {
	doc := &it.Doc
	text := doc.Text
	toks := w.tokens(text, it.Annotations.Spans)
	out := &w.prodigyOut
	var taskHash int32
	taskHash, w.spanPtrs = taskHash32(doc.InputHash, it.Annotations.Spans, w.spanPtrs)
	*out = prodigyOut{
		Text:      text,
		InputHash: InputHash32(doc.InputHash),
		TaskHash:  taskHash,
		ViewID:    "spans_manual",
		Answer:    "accept",
		Annotator: it.Annotator,
		Timestamp: timestamp(it),
		Tokens:    out.Tokens[:0],
		Spans:     out.Spans[:0],
	}
	// No spans is [], never null: consumers iterate the list.
	if out.Tokens == nil {
		out.Tokens = make([]prodigyToken, 0, len(toks))
	}
	if out.Spans == nil {
		out.Spans = make([]prodigySpanOut, 0, 8)
	}
	if it.Status.Status == annotate.StatusSkipped {
		out.Answer = "reject"
	}
	meta, top := splitTaskKeys(doc.Meta)
	out.Meta = w.meta(it, meta)
	out.Other = top
	// The places where the text needs escaping, in order: a token
	// holding none of them is copied as it is, and the text is not
	// scanned again.
	if w.escapes == nil {
		w.escapes = make([]int, 0, 64)
	}
	esc := w.escapes[:0]
	for at, n, _ := nextEscape(text, 0); n > 0; at, n, _ = nextEscape(text, at+n) {
		esc = append(esc, at)
	}
	w.escapes = esc
	out.textEscapes = w.escapes
	for i, t := range toks {
		for len(esc) > 0 && esc[0] < t.b0 {
			esc = esc[1:]
		}
		plain := len(esc) == 0 || esc[0] >= t.b1
		out.Tokens = append(out.Tokens, prodigyToken{Text: text[t.b0:t.b1], Start: conv.off(t.start), End: conv.off(t.end), ID: i, WS: t.ws, plain: plain})
	}
	for _, s := range it.Annotations.Spans {
		o := prodigySpanOut{Start: conv.off(s.Start), End: conv.off(s.End), Label: s.Label, Text: s.Text}
		// Prodigy's token_end is inclusive.
		if ts, te, ok := tokenRange(toks, s.Start, s.End); ok {
			o.TokenStart, o.TokenEnd = &ts, &te
		} else if w.opts.Tokens == Words {
			return nil, annotate.Errorf(annotate.ECodeInternal, "Document %d, span %d (%s, %q) [%d, %d) does not start and end on token edges although tokens are cut at every span edge; this is Hashiya's bug, please report it.", doc.ID, s.ID, annotate.Shown(s.Label), clip(s.Text), s.Start, s.End)
		} else {
			w.notes = append(w.notes, misaligned(it, &s, w.opts.Tokens))
		}
		out.Spans = append(out.Spans, o)
	}
	var err error
	out.Targets, out.Stances, err = refsOut(it)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// misaligned is the note for a span that does not fall on token edges.
func misaligned(it *Item, s *annotate.Span, rule Tokens) string {
	return fmt.Sprintf("document %d, span %d (%s, %q) [%d, %d): not on %s token edges, written without token_start and token_end", it.Doc.ID, s.ID, s.Label, s.Text, s.Start, s.End, rule)
}

// appendProdigy appends out's line to b as encoding/json would write it
// (fields in order, HTML characters unescaped, empty lists as [] and a
// nil holder as null), but by appending: a news article has hundreds of
// tokens, and encoding them by reflection took longer than finding
// them. compact is scratch space for the meta object.
func appendProdigy(b []byte, out *prodigyOut, compact *bytes.Buffer) ([]byte, error) {
	b = append(b, `{"text":`...)
	if out.textEscapes != nil {
		b = appendStringAt(b, out.Text, out.textEscapes)
	} else {
		b = appendString(b, out.Text)
	}
	b = append(b, `,"meta":`...)
	if out.Meta == nil {
		b = append(b, "null"...)
	} else {
		compact.Reset()
		if err := json.Compact(compact, out.Meta); err != nil {
			return b, fmt.Errorf("encode meta: %w", err)
		}
		b = append(b, compact.Bytes()...)
	}
	b = append(b, `,"_input_hash":`...)
	b = strconv.AppendInt(b, int64(out.InputHash), 10)
	b = append(b, `,"_task_hash":`...)
	b = strconv.AppendInt(b, int64(out.TaskHash), 10)
	b = append(b, `,"tokens":`...)
	b = appendList(b, out.Tokens, func(b []byte, t prodigyToken) []byte {
		b = append(b, `{"text":`...)
		if t.plain {
			b = append(b, '"')
			b = append(b, t.Text...)
			b = append(b, '"')
		} else {
			b = appendString(b, t.Text)
		}
		b = append(b, `,"start":`...)
		b = appendInt(b, t.Start)
		b = append(b, `,"end":`...)
		b = appendInt(b, t.End)
		b = append(b, `,"id":`...)
		b = appendInt(b, t.ID)
		b = append(b, `,"ws":`...)
		b = strconv.AppendBool(b, t.WS)
		return append(b, '}')
	})
	b = append(b, `,"spans":`...)
	b = appendList(b, out.Spans, func(b []byte, s prodigySpanOut) []byte {
		b = append(b, `{"start":`...)
		b = appendInt(b, s.Start)
		b = append(b, `,"end":`...)
		b = appendInt(b, s.End)
		if s.TokenStart != nil {
			b = append(b, `,"token_start":`...)
			b = appendInt(b, *s.TokenStart)
		}
		if s.TokenEnd != nil {
			b = append(b, `,"token_end":`...)
			b = appendInt(b, *s.TokenEnd)
		}
		b = append(b, `,"label":`...)
		b = appendString(b, s.Label)
		b = append(b, `,"text":`...)
		b = appendString(b, s.Text)
		return append(b, '}')
	})
	b = append(b, `,"targets":`...)
	b = appendList(b, out.Targets, func(b []byte, t targetJSON) []byte {
		b = append(b, `{"name":`...)
		b = appendString(b, t.Name)
		b = append(b, `,"topic":`...)
		b = strconv.AppendBool(b, t.Topic)
		b = append(b, `,"mentions":`...)
		b = appendInts(b, t.Mentions)
		return append(b, '}')
	})
	b = append(b, `,"stances":`...)
	b = appendList(b, out.Stances, func(b []byte, s stanceJSON) []byte {
		b = append(b, `{"target":`...)
		b = appendInt(b, s.Target)
		b = append(b, `,"holder":`...)
		if s.Holder == nil {
			b = append(b, "null"...)
		} else {
			b = appendInt(b, *s.Holder)
		}
		b = append(b, `,"label":`...)
		b = appendString(b, s.Label)
		b = append(b, `,"evidence":`...)
		b = appendInts(b, s.Evidence)
		b = append(b, `,"note":`...)
		b = appendString(b, s.Note)
		return append(b, '}')
	})
	b = append(b, `,"_view_id":`...)
	b = appendString(b, out.ViewID)
	b = append(b, `,"answer":`...)
	b = appendString(b, out.Answer)
	b = append(b, `,"_annotator_id":`...)
	b = appendString(b, out.Annotator)
	b = append(b, `,"_timestamp":`...)
	b = strconv.AppendInt(b, out.Timestamp, 10)
	b = append(b, out.Other...)
	return append(b, "}\n"...), nil
}

// appendList appends list as a JSON array, each element by item; a nil
// list is null, as encoding/json writes it.
func appendList[T any](b []byte, list []T, item func([]byte, T) []byte) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, v := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = item(b, v)
	}
	return append(b, ']')
}

func appendInts(b []byte, list []int) []byte {
	return appendList(b, list, appendInt)
}

// appendInt appends v in decimal as strconv.AppendInt does. Offsets and
// indices (three for each of a text's hundreds of tokens) are small and
// non-negative; below 10,000 their digits are written from a table of
// pairs without strconv's call and copy, which took a sixth of the
// Prodigy encoder's time.
func appendInt(b []byte, v int) []byte {
	const pairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
		"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
		"8081828384858687888990919293949596979899"
	switch {
	case v < 0 || v >= 10000:
		return strconv.AppendInt(b, int64(v), 10)
	case v < 10:
		return append(b, byte('0'+v))
	case v < 100:
		return append(b, pairs[2*v], pairs[2*v+1])
	case v < 1000:
		hi, lo := v/100, v%100
		return append(b, byte('0'+hi), pairs[2*lo], pairs[2*lo+1])
	}
	hi, lo := v/100, v%100
	return append(b, pairs[2*hi], pairs[2*hi+1], pairs[2*lo], pairs[2*lo+1])
}

// appendString appends s as a JSON string, byte for byte as encoding/json
// writes it with HTML escaping off (see nextEscape).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for from := 0; ; {
		at, n, esc := nextEscape(s, from)
		b = append(b, s[from:at]...)
		if n == 0 {
			break
		}
		b = append(b, esc...)
		from = at + n
	}
	return append(b, '"')
}

// appendStringAt is appendString for a string whose escapes start at
// the byte offsets in at, in order (from nextEscape), so that it is not
// scanned again.
func appendStringAt(b []byte, s string, at []int) []byte {
	b = append(b, '"')
	from := 0
	for _, i := range at {
		_, n, esc := nextEscape(s, i)
		b = append(b, s[from:i]...)
		b = append(b, esc...)
		from = i + n
	}
	b = append(b, s[from:]...)
	return append(b, '"')
}

// nextEscape finds the first piece of s from byte i on that a JSON string
// cannot hold as it is: n bytes at at, to be written as esc (n is 0 and
// at len(s) when there is none). As in encoding/json, these are the
// quote, the backslash and control characters (\b \f \n \r \t by
// name), each byte of invalid UTF-8 (as \ufffd), and U+2028 and U+2029,
// which JavaScript does not take in a string.
func nextEscape(s string, i int) (at, n int, esc string) {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			return i, 1, asciiEscapes[c]
		}
		// Two-byte sequences (Arabic, most accented letters) are valid
		// when the lead byte is and a continuation byte follows.
		if c >= 0xc2 && c < 0xe0 && i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
			i += 2
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return i, 1, `\ufffd`
		case r == '\u2028':
			return i, size, `\u2028`
		case r == '\u2029':
			return i, size, `\u2029`
		}
		i += size
	}
	return len(s), 0, ""
}

// asciiEscapes are the escapes of the ASCII characters nextEscape finds.
var asciiEscapes = func() (e [utf8.RuneSelf]string) {
	const hex = "0123456789abcdef"
	for c := range 0x20 {
		e[c] = `\u00` + string(hex[c>>4]) + string(hex[c&0xf])
	}
	e['\b'], e['\f'], e['\n'], e['\r'], e['\t'] = `\b`, `\f`, `\n`, `\r`, `\t`
	e['"'], e['\\'] = `\"`, `\\`
	return e
}()

// cursor walks one text forward, converting ascending code point
// offsets to byte offsets without starting again from the beginning for
// each. Invalid UTF-8 counts as Go's range loop reads it: each bad byte
// is one code point.
type cursor struct {
	text string
	// cp and b are one offset in code points and in bytes.
	cp, b int
}

// seek moves to code point offset cp, or to the end of the text if it
// is shorter. Seeking backwards starts again from the beginning.
func (c *cursor) seek(cp int) {
	if cp < c.cp {
		c.cp, c.b = 0, 0
	}
	b, short := annotate.AdvanceCodePoints(c.text, c.b, cp-c.cp)
	c.b, c.cp = b, cp-short
}

// refsOut turns targets' and stances' IDs into indices for the file.
func refsOut(it *Item) ([]targetJSON, []stanceJSON, error) {
	a := &it.Annotations
	if len(a.Targets) == 0 && len(a.Stances) == 0 {
		return []targetJSON{}, []stanceJSON{}, nil
	}
	spanIdx := make(map[int64]int, len(a.Spans))
	for i, s := range a.Spans {
		spanIdx[s.ID] = i
	}
	targets := make([]targetJSON, len(a.Targets))
	targetIdx := make(map[int64]int, len(a.Targets))
	for i, t := range a.Targets {
		targetIdx[t.ID] = i
		m := make([]int, 0, len(t.Mentions))
		for _, id := range t.Mentions {
			j, ok := spanIdx[id]
			if !ok {
				return nil, nil, annotate.Errorf(annotate.ECodeMismatch, "Document %d: target %q (id %d) mentions span %d, which %s does not have; run hashiya check.", it.Doc.ID, clip(t.Name), t.ID, id, annotate.Shown(it.Annotator))
			}
			m = append(m, j)
		}
		targets[i] = targetJSON{Name: t.Name, Topic: t.Topic, Mentions: m}
	}
	stances := make([]stanceJSON, len(a.Stances))
	for i, s := range a.Stances {
		ti, ok := targetIdx[s.TargetID]
		if !ok {
			return nil, nil, annotate.Errorf(annotate.ECodeMismatch, "Document %d: stance %d is on target %d, which %s does not have; run hashiya check.", it.Doc.ID, s.ID, s.TargetID, annotate.Shown(it.Annotator))
		}
		out := stanceJSON{Target: ti, Label: s.Label, Note: s.Note, Evidence: make([]int, 0, len(s.Evidence))}
		if s.Holder != annotate.AuthorHolder {
			hi, ok := targetIdx[s.Holder]
			if !ok {
				return nil, nil, annotate.Errorf(annotate.ECodeMismatch, "Document %d: stance %d is held by target %d, which %s does not have; run hashiya check.", it.Doc.ID, s.ID, s.Holder, annotate.Shown(it.Annotator))
			}
			out.Holder = &hi
		}
		for _, id := range s.Evidence {
			j, ok := spanIdx[id]
			if !ok {
				return nil, nil, annotate.Errorf(annotate.ECodeMismatch, "Document %d: stance %d cites span %d as evidence, which %s does not have; run hashiya check.", it.Doc.ID, s.ID, id, annotate.Shown(it.Annotator))
			}
			out.Evidence = append(out.Evidence, j)
		}
		stances[i] = out
	}
	return targets, stances, nil
}

// timestamp is when the annotator last touched the document, in Unix
// seconds: the status's time, else the newest annotation's, else 0.
func timestamp(it *Item) int64 {
	t := it.Status.Updated
	for _, s := range it.Annotations.Spans {
		if s.Updated.After(t) {
			t = s.Updated
		}
	}
	for _, x := range it.Annotations.Targets {
		if x.Updated.After(t) {
			t = x.Updated
		}
	}
	for _, x := range it.Annotations.Stances {
		if x.Updated.After(t) {
			t = x.Updated
		}
	}
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
