package dataset

import (
	"cmp"
	"encoding/json"
	"slices"
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

func (w *Encoder) stance(it *Item, conv *converter) error {
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
	var meta json.RawMessage
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
		if meta == nil {
			meta = w.meta(it, it.Doc.Meta)
		}
		row.Meta = meta
		if err := w.enc.Encode(&row); err != nil {
			return err
		}
	}
	return nil
}
