package dataset

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"hashiya/annotate"
)

// stanceSpan is a span in the stance table, offsets in the export's unit.
type stanceSpan struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Label string `json:"label"`
	Text  string `json:"text"`
}

// stanceRow is one stance: a (text, target) pair with its label, the way
// stance detection data sets are laid out, plus who holds the stance and
// the spans that support it.
type stanceRow struct {
	StanceID       int64           `json:"stance_id"`
	DocumentID     int64           `json:"document_id"`
	InputHash      string          `json:"input_hash"`
	ProdigyHash    int32           `json:"_input_hash"`
	Text           string          `json:"text"`
	Target         string          `json:"target"`
	Topic          bool            `json:"topic"`
	TargetMentions []stanceSpan    `json:"target_mentions"`
	Holder         string          `json:"holder"`
	HolderKind     string          `json:"holder_kind"`
	HolderMentions []stanceSpan    `json:"holder_mentions"`
	Label          string          `json:"label"`
	Evidence       []stanceSpan    `json:"evidence"`
	Note           string          `json:"note"`
	Annotator      string          `json:"annotator"`
	Offsets        Offsets         `json:"offsets"`
	Meta           json.RawMessage `json:"meta"`
}

// Holder kinds of the stance export: "author" is the article's own voice
// (then "holder" is "author" too and "holder_mentions" is []), "speaker"
// a target quoted in the text (then "holder" is its name).
const (
	AuthorHolder  = "author"
	SpeakerHolder = "speaker"
)

// stance writes the item's stances as JSON lines.
func (w *Encoder) stance(it *Item, conv *converter) error {
	var meta json.RawMessage
	return w.stanceRows(it, conv, func(row *stanceRow) error {
		if meta == nil {
			meta = w.meta(it, it.Doc.Meta)
		}
		row.Meta = meta
		return w.enc.Encode(row)
	})
}

// StanceCSVHeader is the stance CSV's header row. The first four columns
// are SemEval-2016's, so its readers take the file as it is: Tweet is
// the document's text, Stance the label. The rest are Hashiya's: who
// holds the stance, the evidence texts as a JSON array of strings (a
// passage may hold any separator), and where the row comes from.
var StanceCSVHeader = []string{"ID", "Target", "Tweet", "Stance", "Holder", "Holder_Kind", "Evidence", "Note", "Annotator", "Document_ID", "Input_Hash"}

// stanceCSV writes the item's stances as CSV rows (RFC 4180: fields with
// commas, quotes or line breaks are quoted, so a row may span lines).
func (w *Encoder) stanceCSV(it *Item, conv *converter) error {
	if w.csv == nil {
		w.csv = csv.NewWriter(&w.buf)
	}
	rec := make([]string, len(StanceCSVHeader))
	err := w.stanceRows(it, conv, func(row *stanceRow) error {
		texts := make([]string, len(row.Evidence))
		for i, e := range row.Evidence {
			texts[i] = e.Text
		}
		var ev strings.Builder
		enc := json.NewEncoder(&ev)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(texts); err != nil {
			return err
		}
		copy(rec, []string{strconv.FormatInt(row.StanceID, 10), row.Target, row.Text, row.Label, row.Holder, row.HolderKind,
			strings.TrimSuffix(ev.String(), "\n"), row.Note, row.Annotator, strconv.FormatInt(row.DocumentID, 10), row.InputHash})
		return w.csv.Write(rec)
	})
	w.csv.Flush()
	if err == nil {
		err = w.csv.Error()
	}
	return err
}

// Header returns what an export in the encoder's format starts with
// before its first item: the header row of the stance CSV, nothing for
// the other formats.
func (w *Encoder) Header() []byte {
	if w.format != StanceCSV {
		return nil
	}
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	_ = cw.Write(StanceCSVHeader) // a bytes.Buffer does not fail
	cw.Flush()
	return b.Bytes()
}

// Rows returns how many stance rows the last call of AppendEncode wrote
// (0 for the formats that are not stance tables): counting lines would
// miscount CSV rows whose text spans lines.
func (w *Encoder) Rows() int { return w.rows }

// stanceRows builds the item's stance rows, with offsets converted, and
// hands each to emit in the order of the stances.
func (w *Encoder) stanceRows(it *Item, conv *converter, emit func(*stanceRow) error) error {
	a := &it.Annotations
	spans := make(map[int64]*annotate.Span, len(a.Spans))
	for i := range a.Spans {
		spans[a.Spans[i].ID] = &a.Spans[i]
	}
	targets := make(map[int64]*annotate.Target, len(a.Targets))
	for i := range a.Targets {
		targets[a.Targets[i].ID] = &a.Targets[i]
	}
	list := func(ids []int64) ([]stanceSpan, error) {
		out := make([]stanceSpan, 0, len(ids))
		for _, id := range ids {
			s, ok := spans[id]
			if !ok {
				return nil, annotate.Errorf(annotate.ECodeMismatch, "Document %d refers to span %d, which %s does not have; run hashiya check.", it.Doc.ID, id, it.Annotator)
			}
			out = append(out, stanceSpan{Start: conv.off(s.Start), End: conv.off(s.End), Label: s.Label, Text: s.Text})
		}
		// In text order, whatever order they were added in (offsets in
		// either unit order the same way).
		slices.SortStableFunc(out, func(a, b stanceSpan) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End), strings.Compare(a.Label, b.Label))
		})
		return out, nil
	}
	for _, st := range a.Stances {
		t, ok := targets[st.TargetID]
		if !ok {
			return annotate.Errorf(annotate.ECodeMismatch, "Document %d: stance %d is on target %d, which %s does not have; run hashiya check.", it.Doc.ID, st.ID, st.TargetID, it.Annotator)
		}
		row := stanceRow{StanceID: st.ID, DocumentID: it.Doc.ID, InputHash: it.Doc.InputHash, ProdigyHash: InputHash32(it.Doc.InputHash),
			Text: it.Doc.Text, Target: t.Name, Topic: t.Topic, Holder: AuthorHolder, HolderKind: AuthorHolder,
			Label: st.Label, Note: st.Note, Annotator: it.Annotator, Offsets: w.offsets, HolderMentions: []stanceSpan{}}
		var err error
		if row.TargetMentions, err = list(t.Mentions); err != nil {
			return err
		}
		if row.Evidence, err = list(st.Evidence); err != nil {
			return err
		}
		if st.Holder != annotate.AuthorHolder {
			h, ok := targets[st.Holder]
			if !ok {
				return annotate.Errorf(annotate.ECodeMismatch, "Document %d: stance %d is held by target %d, which %s does not have; run hashiya check.", it.Doc.ID, st.ID, st.Holder, it.Annotator)
			}
			row.Holder, row.HolderKind = h.Name, SpeakerHolder
			if row.HolderMentions, err = list(h.Mentions); err != nil {
				return err
			}
		}
		if err := emit(&row); err != nil {
			return err
		}
		w.rows++
	}
	return nil
}
