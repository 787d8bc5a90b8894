package dataset

import (
	"cmp"
	"encoding/json"
	"slices"

	"hashiya/annotate"
)

// stanceSpan is a span in the stance table, offsets in the export's unit.
type stanceSpan struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Label string `json:"label"`
	Text  string `json:"text"`
	// Kind is "evidence" for a quote or passage (whose Label is empty);
	// absent for an entity.
	Kind string `json:"kind,omitempty"`
}

// stanceRow is one stance: a (text, target) pair with its label, the way
// stance detection data sets are laid out, plus who holds the stance and
// the spans that support it. Holder is "author" for the article's own
// voice (HolderKind "author") and the holder target's name for a speaker
// (HolderKind "speaker"), so a consumer never meets null there. Mention
// and evidence lists are in text order.
type stanceRow struct {
	DocumentID     int64           `json:"document_id"`
	InputHash      string          `json:"input_hash"`
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

// authorHolder names the article's own voice as a stance's holder.
const authorHolder = "author"

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
			ss := stanceSpan{Start: conv.off(s.Start), End: conv.off(s.End), Label: s.Label, Text: s.Text}
			if s.Kind == annotate.SpanEvidence {
				ss.Kind = s.Kind.String()
			}
			out = append(out, ss)
		}
		// Mentions are stored in the order they were added; a reader
		// expects them as they come in the text.
		slices.SortStableFunc(out, func(a, b stanceSpan) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
		})
		return out, nil
	}
	var meta json.RawMessage
	for _, st := range a.Stances {
		t, ok := targets[st.TargetID]
		if !ok {
			return annotate.Errorf(annotate.ECodeMismatch, "Document %d: stance %d is on target %d, which %s does not have; run hashiya check.", it.Doc.ID, st.ID, st.TargetID, it.Annotator)
		}
		row := stanceRow{DocumentID: it.Doc.ID, InputHash: it.Doc.InputHash, Text: it.Doc.Text, Target: t.Name, Topic: t.Topic,
			Label: st.Label, Note: st.Note, Annotator: it.Annotator, Offsets: w.offsets,
			Holder: authorHolder, HolderKind: authorHolder, HolderMentions: []stanceSpan{}}
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
			row.Holder, row.HolderKind = h.Name, "speaker"
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
