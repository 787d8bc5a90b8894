package dataset

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"hashiya/annotate"
)

// Writer writes items in one export format. It buffers: call Flush at
// the end.
type Writer struct {
	format  Format
	offsets Offsets
	bw      *bufio.Writer
	enc     *json.Encoder
}

// NewWriter writes format f to w with offsets in unit u ("" = Codepoint).
func NewWriter(w io.Writer, f Format, u Offsets) (*Writer, error) {
	if _, err := ParseFormat(string(f), WriteFormats); err != nil {
		return nil, err
	}
	if u == "" {
		u = Codepoint
	}
	if _, err := ParseOffsets(string(u)); err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	// Arabic and < > & stay as they are: readable, and every JSON reader
	// takes them.
	enc.SetEscapeHTML(false)
	return &Writer{format: f, offsets: u, bw: bw, enc: enc}, nil
}

// Write checks the item (see Check) and writes it. CoNLL has no offsets,
// so there the unit does not matter.
func (w *Writer) Write(it Item) error {
	if err := Check(&it); err != nil {
		return err
	}
	if it.Doc.InputHash == "" {
		it.Doc.InputHash = annotate.HashText(it.Doc.Text)
	}
	conv := newConverter(it.Doc.Text, w.offsets)
	var err error
	switch w.format {
	case Prodigy:
		err = w.prodigy(&it, conv)
	case Doccano:
		err = w.doccano(&it, conv)
	case Stance:
		err = w.stance(&it, conv)
	case CoNLL:
		err = w.conll(&it)
	}
	if err != nil {
		if _, ok := err.(*annotate.Error); ok {
			return err
		}
		return fmt.Errorf("write document %d: %w", it.Doc.ID, err)
	}
	return nil
}

// Flush writes out what is buffered.
func (w *Writer) Flush() error {
	if err := w.bw.Flush(); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	return nil
}

// Check verifies that each span's stored text is still text[start:end],
// so that an export never hands out offsets that point elsewhere. The
// error names the document and span.
func Check(it *Item) error {
	n := annotate.RuneLen(it.Doc.Text)
	for _, s := range it.Annotations.Spans {
		if s.Start < 0 || s.End > n || s.Start >= s.End {
			return annotate.Errorf(annotate.ECodeMismatch, "Document %d, span %d (%s, %q): its offsets [%d, %d) lie outside the text of %d characters; nothing was exported. Run hashiya check.", it.Doc.ID, s.ID, s.Label, s.Text, s.Start, s.End, n)
		}
		if got := annotate.Slice(it.Doc.Text, s.Start, s.End); got != s.Text {
			return annotate.Errorf(annotate.ECodeMismatch, "Document %d, span %d (%s): its stored text %q differs from the document's text %q at [%d, %d); nothing was exported. Run hashiya check.", it.Doc.ID, s.ID, s.Label, s.Text, got, s.Start, s.End)
		}
	}
	return nil
}

// meta returns the document's meta object with Hashiya's export keys
// added: the offset unit, the document id, the annotator's status and
// active time. Import removes them again.
func (w *Writer) meta(it *Item, meta json.RawMessage) json.RawMessage {
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
