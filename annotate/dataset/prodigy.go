package dataset

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"unicode"
	"unicode/utf8"

	"hashiya/annotate"
)

// prodigyIn is a Prodigy task as read. Prodigy's own bookkeeping
// (_input_hash, _task_hash, tokens, _view_id...) is recomputed, not read.
type prodigyIn struct {
	Text    *string         `json:"text"`
	Meta    json.RawMessage `json:"meta"`
	Spans   []prodigySpanIn `json:"spans"`
	Answer  string          `json:"answer"`
	Targets []targetJSON    `json:"targets"`
	Stances []stanceJSON    `json:"stances"`
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
	if lerr := r.checkLine(line, no); lerr != nil {
		return Record{}, lerr
	}
	var t prodigyIn
	if err := json.Unmarshal(line, &t); err != nil {
		return Record{}, r.jsonErr(err, no)
	}
	text, lerr := r.text(t.Text, no)
	if lerr != nil {
		return Record{}, lerr
	}
	spans := make([]rawSpan, len(t.Spans))
	for i, s := range t.Spans {
		where := fmt.Sprintf("spans[%d]", i)
		if s.Start == nil || s.End == nil {
			return Record{}, lineErr(r.name, no, annotate.ECodeInvalid, "%s needs both \"start\" and \"end\".", where)
		}
		spans[i] = rawSpan{where: where, start: *s.Start, end: *s.End, label: s.Label, text: s.Text}
	}
	rec, lerr := r.b.build(r.name, no, text, spans)
	if lerr != nil {
		return Record{}, lerr
	}
	meta, status, lerr := r.b.meta(r.name, no, t.Meta, nil)
	if lerr != nil {
		return Record{}, lerr
	}
	rec.Doc.Meta = meta
	rec.Status = status
	if rec.Status == "" {
		switch t.Answer {
		case "accept":
			rec.Status = annotate.StatusDone
		case "reject", "ignore":
			rec.Status = annotate.StatusSkipped
		case "":
		default:
			return Record{}, lineErr(r.name, no, annotate.ECodeInvalid, "The answer %q is not one of accept, reject or ignore.", t.Answer)
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
}

// prodigySpanOut omits the token indices of a span that does not start
// and end on token boundaries (a clitic cut off inside a word) rather
// than give indices that would widen it.
type prodigySpanOut struct {
	Start      int    `json:"start"`
	End        int    `json:"end"`
	TokenStart *int   `json:"token_start,omitempty"`
	TokenEnd   *int   `json:"token_end,omitempty"`
	Label      string `json:"label"`
	Text       string `json:"text"`
}

type prodigyOut struct {
	Text      string           `json:"text"`
	Meta      json.RawMessage  `json:"meta"`
	InputHash int32            `json:"_input_hash"`
	TaskHash  int32            `json:"_task_hash"`
	Tokens    []prodigyToken   `json:"tokens"`
	Spans     []prodigySpanOut `json:"spans"`
	Targets   []targetJSON     `json:"targets"`
	Stances   []stanceJSON     `json:"stances"`
	ViewID    string           `json:"_view_id"`
	Answer    string           `json:"answer"`
	Annotator string           `json:"_annotator_id"`
	Timestamp int64            `json:"_timestamp"`
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
	type key struct {
		s, e int
		l    string
	}
	keys := make([]key, len(spans))
	for i, s := range spans {
		keys[i] = key{s.Start, s.End, s.Label}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.s != b.s {
			return a.s < b.s
		}
		if a.e != b.e {
			return a.e < b.e
		}
		return a.l < b.l
	})
	h := sha256.New()
	buf := []byte(inputHash)
	for _, k := range keys {
		buf = append(buf, '\n')
		buf = strconv.AppendInt(buf, int64(k.s), 10)
		buf = append(buf, ' ')
		buf = strconv.AppendInt(buf, int64(k.e), 10)
		buf = append(buf, ' ')
		buf = append(buf, k.l...)
	}
	h.Write(buf)
	return int32(binary.BigEndian.Uint32(h.Sum(nil)[:4]))
}

func (w *Encoder) prodigy(it *Item, conv *converter) error {
	doc := &it.Doc
	toks := annotate.Tokenize(doc.Text)
	out := prodigyOut{
		Text:      doc.Text,
		InputHash: InputHash32(doc.InputHash),
		TaskHash:  TaskHash32(doc.InputHash, it.Annotations.Spans),
		ViewID:    "spans_manual",
		Answer:    "accept",
		Annotator: it.Annotator,
		Timestamp: timestamp(it),
		Tokens:    make([]prodigyToken, len(toks)),
		Spans:     make([]prodigySpanOut, len(it.Annotations.Spans)),
	}
	if it.Status.Status == annotate.StatusSkipped {
		out.Answer = "reject"
	}
	out.Meta = w.meta(it, doc.Meta)
	// Tokens come in text order, so one pass over the text finds each
	// token's text and whether whitespace follows it.
	pos, off := 0, 0 // code point, byte
	for i, t := range toks {
		for pos < t.Start {
			_, size := utf8.DecodeRuneInString(doc.Text[off:])
			off += size
			pos++
		}
		begin := off
		for pos < t.End {
			_, size := utf8.DecodeRuneInString(doc.Text[off:])
			off += size
			pos++
		}
		next, _ := utf8.DecodeRuneInString(doc.Text[off:])
		out.Tokens[i] = prodigyToken{Text: doc.Text[begin:off], Start: conv.off(t.Start), End: conv.off(t.End), ID: i, WS: off < len(doc.Text) && unicode.IsSpace(next)}
	}
	spanIdx := make(map[int64]int, len(it.Annotations.Spans))
	for i, s := range it.Annotations.Spans {
		spanIdx[s.ID] = i
		o := prodigySpanOut{Start: conv.off(s.Start), End: conv.off(s.End), Label: s.Label, Text: s.Text}
		// Token indices only when the span starts and ends on token
		// edges (tokens are in order and never overlap).
		ts, ok1 := annotate.TokenAt(toks, s.Start)
		te, ok2 := annotate.TokenAt(toks, s.End-1)
		if ok1 && ok2 && toks[ts].Start == s.Start && toks[te].End == s.End && ts <= te {
			o.TokenStart, o.TokenEnd = &ts, &te
		}
		out.Spans[i] = o
	}
	var err error
	out.Targets, out.Stances, err = refsOut(it, spanIdx)
	if err != nil {
		return err
	}
	return w.encodeProdigy(&out)
}

// encodeProdigy writes out as encoding/json would (fields in order, HTML
// characters unescaped), but writes the tokens itself: a news article has
// hundreds, and encoding them by reflection took longer than finding
// them.
func (w *Encoder) encodeProdigy(out *prodigyOut) error {
	b := w.buf.AvailableBuffer()
	b = append(b, `{"text":`...)
	b = w.appendString(b, out.Text)
	b = append(b, `,"meta":`...)
	if out.Meta == nil {
		b = append(b, "null"...)
	} else {
		var c bytes.Buffer
		if err := json.Compact(&c, out.Meta); err != nil {
			return fmt.Errorf("encode meta: %w", err)
		}
		b = append(b, c.Bytes()...)
	}
	b = append(b, `,"_input_hash":`...)
	b = strconv.AppendInt(b, int64(out.InputHash), 10)
	b = append(b, `,"_task_hash":`...)
	b = strconv.AppendInt(b, int64(out.TaskHash), 10)
	b = append(b, `,"tokens":[`...)
	for i, t := range out.Tokens {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"text":`...)
		b = w.appendString(b, t.Text)
		b = append(b, `,"start":`...)
		b = strconv.AppendInt(b, int64(t.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(t.End), 10)
		b = append(b, `,"id":`...)
		b = strconv.AppendInt(b, int64(t.ID), 10)
		b = append(b, `,"ws":`...)
		b = strconv.AppendBool(b, t.WS)
		b = append(b, '}')
	}
	b = append(b, `],"spans":`...)
	w.buf.Write(b)
	// The rest is short: encoding/json writes it.
	rest := []struct {
		key string
		v   any
	}{{"spans", out.Spans}, {"targets", out.Targets}, {"stances", out.Stances},
		{"_view_id", out.ViewID}, {"answer", out.Answer}, {"_annotator_id", out.Annotator}, {"_timestamp", out.Timestamp}}
	for i, f := range rest {
		if i > 0 {
			w.buf.WriteString(`,"` + f.key + `":`)
		}
		if err := w.enc.Encode(f.v); err != nil {
			return err
		}
		w.buf.Truncate(w.buf.Len() - 1) // Encode's newline
	}
	w.buf.WriteString("}\n")
	return nil
}

// appendString appends s as a JSON string. Text that needs no escaping
// (no quote, backslash, control character or line separator, and valid
// UTF-8: nearly every token) is copied; anything else goes through
// encoding/json, so the result is always what it would write.
func (w *Encoder) appendString(b []byte, s string) []byte {
	plain := utf8.ValidString(s)
	for i := 0; plain && i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\':
			plain = false
		case c == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xa8 || s[i+2] == 0xa9): // U+2028, U+2029
			plain = false
		}
	}
	if plain {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	var q bytes.Buffer
	e := json.NewEncoder(&q)
	e.SetEscapeHTML(false)
	e.Encode(s) // a string always encodes
	return append(b, bytes.TrimSuffix(q.Bytes(), []byte("\n"))...)
}

// refsOut turns targets' and stances' IDs into indices for the file.
func refsOut(it *Item, spanIdx map[int64]int) ([]targetJSON, []stanceJSON, error) {
	a := &it.Annotations
	targets := make([]targetJSON, len(a.Targets))
	targetIdx := make(map[int64]int, len(a.Targets))
	for i, t := range a.Targets {
		targetIdx[t.ID] = i
		m := make([]int, 0, len(t.Mentions))
		for _, id := range t.Mentions {
			j, ok := spanIdx[id]
			if !ok {
				return nil, nil, annotate.Errorf(annotate.ECodeMismatch, "Document %d: target %q (id %d) mentions span %d, which %s does not have; run hashiya check.", it.Doc.ID, t.Name, t.ID, id, it.Annotator)
			}
			m = append(m, j)
		}
		targets[i] = targetJSON{Name: t.Name, Topic: t.Topic, Mentions: m}
	}
	stances := make([]stanceJSON, len(a.Stances))
	for i, s := range a.Stances {
		ti, ok := targetIdx[s.TargetID]
		if !ok {
			return nil, nil, annotate.Errorf(annotate.ECodeMismatch, "Document %d: stance %d is on target %d, which %s does not have; run hashiya check.", it.Doc.ID, s.ID, s.TargetID, it.Annotator)
		}
		out := stanceJSON{Target: ti, Label: s.Label, Note: s.Note, Evidence: make([]int, 0, len(s.Evidence))}
		if s.Holder != annotate.AuthorHolder {
			hi, ok := targetIdx[s.Holder]
			if !ok {
				return nil, nil, annotate.Errorf(annotate.ECodeMismatch, "Document %d: stance %d is held by target %d, which %s does not have; run hashiya check.", it.Doc.ID, s.ID, s.Holder, it.Annotator)
			}
			out.Holder = &hi
		}
		for _, id := range s.Evidence {
			j, ok := spanIdx[id]
			if !ok {
				return nil, nil, annotate.Errorf(annotate.ECodeMismatch, "Document %d: stance %d cites span %d as evidence, which %s does not have; run hashiya check.", it.Doc.ID, s.ID, id, it.Annotator)
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
