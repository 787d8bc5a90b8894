package dataset

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"

	"hashiya/annotate"
)

// Encoder turns items into the bytes of one export format. An Encoder is
// not safe for concurrent use; exports that encode in parallel give each
// goroutine its own.
type Encoder struct {
	format  Format
	offsets Offsets
	opts    EncodeOptions
	buf     bytes.Buffer
	enc     *json.Encoder
	// notes are what the last item's encoding has to say (spans without
	// token indices), for Notes.
	notes []string
	// Scratch space, kept for the next item.
	compact    bytes.Buffer
	toks       []annotate.Token
	tokBytes   []int
	xtoks      []xtoken
	cuts       []int
	prodigyOut prodigyOut
	spanPtrs   []*annotate.Span
	escapes    []int
	csv        *csv.Writer
	// rows counts the stance rows of the last item, for Rows.
	rows int
}

// EncodeOptions say how an Encoder writes.
type EncodeOptions struct {
	// Offsets is the unit of the offsets written; "" is the format's
	// DefaultOffsets. spaCy and HF take code points only, as Python
	// counts them.
	Offsets Offsets
	// Tokens is the token rule of the Prodigy, spaCy, HF and CoNLL
	// exports; "" is Words.
	Tokens Tokens
	// Labels are the schema's entity label names in order. HF numbers
	// its tags from them: 0 is O, then B- and I- of each label in turn.
	// HF needs them; the other formats ignore them.
	Labels []string
}

// NewEncoder encodes format f with offsets in unit u ("" = the format's
// DefaultOffsets) and Hashiya's own tokens.
func NewEncoder(f Format, u Offsets) (*Encoder, error) {
	return NewEncoderWith(f, EncodeOptions{Offsets: u})
}

// NewEncoderWith encodes format f as opts say.
func NewEncoderWith(f Format, opts EncodeOptions) (*Encoder, error) {
	if _, err := ParseFormat(string(f), WriteFormats); err != nil {
		return nil, err
	}
	if opts.Offsets == "" {
		opts.Offsets = f.DefaultOffsets()
	}
	if _, err := ParseOffsets(string(opts.Offsets)); err != nil {
		return nil, err
	}
	if opts.Tokens == "" {
		opts.Tokens = Words
	}
	if _, err := ParseTokens(string(opts.Tokens)); err != nil {
		return nil, err
	}
	if (f == SpaCy || f == HF) && opts.Offsets != Codepoint {
		return nil, annotate.Errorf(annotate.ECodeInvalid, "The %s format counts offsets in code points, as Python does; export it without --offsets %s.", f, opts.Offsets)
	}
	if f == HF {
		if len(opts.Labels) == 0 {
			return nil, annotate.Errorf(annotate.ECodeInvalid, "The hf format numbers its tags from the schema's labels, and none were given.")
		}
		opts.Labels = slices.Clone(opts.Labels)
	}
	e := &Encoder{format: f, offsets: opts.Offsets, opts: opts}
	e.enc = json.NewEncoder(&e.buf)
	// Arabic and < > & stay as they are: readable, and every JSON reader
	// takes them.
	e.enc.SetEscapeHTML(false)
	return e, nil
}

// Notes returns what the last call of AppendEncode had to say beyond its
// output: each span that got no token indices under the Whitespace
// token rule, one sentence naming document and span. It is empty under
// Words, where every span gets them. The slice is reused by the next call.
func (w *Encoder) Notes() []string { return w.notes }

// AppendEncode checks the item (see Check) and appends its lines to
// dst; nothing is appended when the check or the encoding fails. A caller
// that keeps encoded items (a parallel export) can reuse its buffers.
// CoNLL has no offsets, so there the unit does not matter.
func (w *Encoder) AppendEncode(dst []byte, it Item) ([]byte, error) {
	w.notes = w.notes[:0]
	w.rows = 0
	conv, err := w.prepare(&it)
	if err != nil {
		return dst, encodeErr(&it, err)
	}
	if w.format == Prodigy {
		// Prodigy lines are long: they are written straight into dst.
		out, err := w.prodigy(&it, conv)
		if err == nil {
			var b []byte
			if b, err = appendProdigy(dst, out, &w.compact); err == nil {
				return b, nil
			}
		}
		return dst, encodeErr(&it, err)
	}
	w.buf.Reset()
	switch w.format {
	case Doccano:
		err = w.doccano(&it, conv)
	case Stance:
		err = w.stance(&it, conv)
	case StanceCSV:
		err = w.stanceCSV(&it, conv)
	case CoNLL:
		err = w.conll(&it)
	case SpaCy:
		err = w.spacy(&it)
	case HF:
		err = w.hf(&it)
	}
	if err != nil {
		return dst, encodeErr(&it, err)
	}
	return append(dst, w.buf.Bytes()...), nil
}

// prepare checks it and fills in what an export needs that it may lack.
func (w *Encoder) prepare(it *Item) (*converter, error) {
	if err := Check(it); err != nil {
		return nil, err
	}
	if it.Doc.InputHash == "" {
		it.Doc.InputHash = annotate.HashText(it.Doc.Text)
	}
	return newConverter(it.Doc.Text, w.offsets), nil
}

// encodeErr names the document in an error that is not already one a
// user can act on.
func encodeErr(it *Item, err error) error {
	if _, ok := err.(*annotate.Error); ok {
		return err
	}
	return fmt.Errorf("encode document %d: %w", it.Doc.ID, err)
}

// Writer writes items in one export format to an io.Writer. It buffers:
// call Flush at the end.
type Writer struct {
	e       *Encoder
	bw      *bufio.Writer
	buf     []byte
	started bool // the header is written
}

// NewWriter writes format f to w with offsets in unit u ("" = the
// format's DefaultOffsets).
func NewWriter(w io.Writer, f Format, u Offsets) (*Writer, error) {
	return NewWriterWith(w, f, EncodeOptions{Offsets: u})
}

// NewWriterWith writes format f to w as opts say.
func NewWriterWith(w io.Writer, f Format, opts EncodeOptions) (*Writer, error) {
	e, err := NewEncoderWith(f, opts)
	if err != nil {
		return nil, err
	}
	return &Writer{e: e, bw: bufio.NewWriterSize(w, 1<<16)}, nil
}

// start writes the format's header once, before the first item or at
// the first Flush, so that an item that fails leaves nothing written.
func (w *Writer) start() error {
	if w.started {
		return nil
	}
	w.started = true
	_, err := w.bw.Write(w.e.Header())
	return err
}

// Notes returns the notes of the item written last (see Encoder.Notes).
func (w *Writer) Notes() []string { return w.e.Notes() }

// Write checks the item (see Check) and writes it; nothing of an item
// that fails the check is written.
func (w *Writer) Write(it Item) error {
	var err error
	if w.buf, err = w.e.AppendEncode(w.buf[:0], it); err != nil {
		return err
	}
	if err := w.start(); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	if _, err := w.bw.Write(w.buf); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	return nil
}

// Flush writes out what is buffered.
func (w *Writer) Flush() error {
	if err := w.start(); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	if err := w.bw.Flush(); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	return nil
}

// Check verifies that each span's stored text is still text[start:end],
// so that an export never hands out offsets that point elsewhere. The
// error names the document and span.
func Check(it *Item) error {
	text := it.Doc.Text
	// Spans come sorted by start, so one cursor walks the text once;
	// each span's end is found by walking on from its start.
	c := cursor{text: text}
	for _, s := range it.Annotations.Spans {
		var got string
		ok := s.Start >= 0 && s.Start < s.End
		if ok {
			c.seek(s.Start)
			e := c
			e.seek(s.End)
			ok = e.cp == s.End
			got = text[c.b:e.b]
		}
		if !ok {
			return annotate.Errorf(annotate.ECodeMismatch, "Document %d, span %d (%s, %q): its offsets [%d, %d) lie outside the text of %d characters; nothing was exported. Run hashiya check.", it.Doc.ID, s.ID, s.Label, s.Text, s.Start, s.End, annotate.RuneLen(text))
		}
		if got != s.Text {
			return annotate.Errorf(annotate.ECodeMismatch, "Document %d, span %d (%s): its stored text %q differs from the document's text %q at [%d, %d); nothing was exported. Run hashiya check.", it.Doc.ID, s.ID, s.Label, s.Text, got, s.Start, s.End)
		}
	}
	return nil
}

// meta returns the document's meta object with Hashiya's export keys
// added: the offset unit, the document id, the annotator's status and
// active time. Import removes them again.
func (w *Encoder) meta(it *Item, meta json.RawMessage) json.RawMessage {
	b := make([]byte, 0, len(meta)+160)
	meta = bytes.TrimSpace(meta)
	if len(meta) >= 2 && meta[0] == '{' && !bytes.Equal(bytes.TrimSpace(meta[1:len(meta)-1]), nil) {
		b = append(b, meta[:len(meta)-1]...)
		b = append(b, ',')
	} else {
		b = append(b, '{')
	}
	b = append(b, `"hashiya_offsets":"`...)
	b = append(b, w.offsets...)
	b = append(b, `","hashiya_document_id":`...)
	b = strconv.AppendInt(b, it.Doc.ID, 10)
	st := it.Status.Status
	if st == "" {
		st = annotate.StatusTodo
	}
	b = append(b, `,"hashiya_status":"`...)
	b = append(b, st...)
	b = append(b, `","hashiya_active_seconds":`...)
	b = strconv.AppendFloat(b, it.Status.ActiveSeconds, 'f', -1, 64)
	b = append(b, '}')
	return b
}

// converter writes code point offsets in the export's unit.
type converter struct {
	idx *annotate.OffsetIndex
}

func newConverter(text string, u Offsets) *converter {
	if u != UTF16 {
		return &converter{}
	}
	return &converter{idx: annotate.NewOffsetIndex(text)}
}

func (c *converter) off(cp int) int {
	if c.idx == nil {
		return cp
	}
	return c.idx.CodePointToUTF16(cp)
}
