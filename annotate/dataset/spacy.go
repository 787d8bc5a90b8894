package dataset

import (
	"encoding/json"
	"fmt"
	"slices"

	"hashiya/annotate"
)

// spacyToken is a token of the spaCy export: Doc(vocab, words=[t.text],
// spaces=[t.ws]) rebuilds the text exactly.
type spacyToken struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	WS    bool   `json:"ws"`
}

// spacySpans holds span groups by key, as Doc.spans does: "sc", the
// key spaCy's SpanCategorizer reads, gets every span.
type spacySpans struct {
	SC [][3]any `json:"sc"`
}

type spacyOut struct {
	Text   string          `json:"text"`
	Ents   [][3]any        `json:"ents"`
	Spans  spacySpans      `json:"spans"`
	Tokens []spacyToken    `json:"tokens"`
	Meta   json.RawMessage `json:"meta"`
}

// spacy writes {"text", "ents": [[start, end, label]], "spans": {"sc":
// [[start, end, label]]}, "tokens": [{"text", "start", "end", "ws"}],
// "meta"}, offsets in code points. doc.ents takes no overlapping
// entities, so "ents" is the outermost layer (the longest span where
// spans nest, the earlier where they cross, as CoNLL's first column);
// "spans" has every span. Every span starts and ends on token edges:
// Doc.char_span(start, end, label, alignment_mode="strict") on the Doc
// made from the tokens returns it; a span that does not (under the
// Whitespace rule) fails the export, naming it.
func (w *Encoder) spacy(it *Item) error {
	text := it.Doc.Text
	spans := it.Annotations.Spans
	toks := w.tokens(text, spans)
	out := spacyOut{Text: text, Ents: [][3]any{}, Spans: spacySpans{SC: make([][3]any, 0, len(spans))}, Tokens: make([]spacyToken, len(toks))}
	for i, t := range toks {
		out.Tokens[i] = spacyToken{Text: text[t.b0:t.b1], Start: t.start, End: t.end, WS: t.ws}
	}
	for i := range spans {
		s := &spans[i]
		if _, _, ok := tokenRange(toks, s.Start, s.End); !ok {
			return unaligned(it, s, SpaCy, w.opts.Tokens)
		}
	}
	sorted, level, _ := levels(spans)
	for i, s := range sorted {
		if level[i] == 0 {
			out.Ents = append(out.Ents, [3]any{s.Start, s.End, s.Label})
		}
		out.Spans.SC = append(out.Spans.SC, [3]any{s.Start, s.End, s.Label})
	}
	out.Meta = w.meta(it, it.Doc.Meta)
	return w.enc.Encode(&out)
}

// unaligned is the error for a span that an export holding tokens only
// cannot hold.
func unaligned(it *Item, s *annotate.Span, f Format, rule Tokens) error {
	hint := "export with --tokens words, which cuts tokens at every span edge"
	if rule == Words {
		hint = "its edge lies in white space between words; fix the span in Hashiya"
	}
	return annotate.Errorf(annotate.ECodeMismatch, "Document %d, span %d (%s, %q) [%d, %d) does not start and end on token edges, so the %s export cannot hold it; nothing was exported: %s.", it.Doc.ID, s.ID, s.Label, s.Text, s.Start, s.End, f, hint)
}

// hfOut is one line of the HF export.
type hfOut struct {
	ID           string   `json:"id"`
	DocumentID   int64    `json:"document_id"`
	Annotator    string   `json:"annotator"`
	Text         string   `json:"text"`
	Tokens       []string `json:"tokens"`
	TokenOffsets [][2]int `json:"token_offsets"`
	NERTags      []int    `json:"ner_tags"`
	Nested       [][]int  `json:"nested_ner_tags"`
	LabelNames   []string `json:"label_names"`
}

// hf writes {"id", "document_id", "annotator", "text", "tokens",
// "token_offsets", "ner_tags", "nested_ner_tags", "label_names"}: the
// shape of Hugging Face's token classification data sets (conll2003,
// wikiann). Tokens are the export tokens without gaps (white space);
// token_offsets are their [start, end) in code points. ner_tags are BIO
// tag ids into label_names, which is the same in every line: "O", then
// "B-" and "I-" of each schema label in schema order, so that
// ClassLabel(names=first_line["label_names"]) reads every line. A
// token's tag is that of the outermost span over it; spans nested in
// (or crossing) another go to nested_ner_tags, one more list of ids as
// long as tokens for each level of nesting ([] where there is none), so
// no span is lost. A span whose edges are not token edges fails the
// export, naming it.
func (w *Encoder) hf(it *Item) error {
	text := it.Doc.Text
	spans := it.Annotations.Spans
	all := w.tokens(text, spans)
	out := hfOut{ID: fmt.Sprintf("%d:%s", it.Doc.ID, it.Annotator), DocumentID: it.Doc.ID, Annotator: it.Annotator, Text: text,
		Tokens: []string{}, TokenOffsets: [][2]int{}, Nested: [][]int{}, LabelNames: hfLabelNames(w.opts.Labels)}
	for _, t := range all {
		if !t.gap {
			out.Tokens = append(out.Tokens, text[t.b0:t.b1])
			out.TokenOffsets = append(out.TokenOffsets, [2]int{t.start, t.end})
		}
	}
	words := w.xtoks[len(all):len(all)] // scratch after the tokens
	for _, t := range all {
		if !t.gap {
			words = append(words, t)
		}
	}
	sorted, level, cols := levels(spans)
	tags := make([][]int, cols)
	for l := range tags {
		tags[l] = make([]int, len(words))
	}
	for i := range sorted {
		s := &sorted[i]
		li := slices.Index(w.opts.Labels, s.Label)
		if li < 0 {
			return annotate.Errorf(annotate.ECodeUnknownLabel, "Document %d, span %d (%s, %q) has the label %s, which is not in the schema (%v), so the hf export has no tag id for it; nothing was exported. Add the label to the schema or relabel the span.", it.Doc.ID, s.ID, s.Label, s.Text, s.Label, w.opts.Labels)
		}
		first, last, ok := tokenRange(words, s.Start, s.End)
		if !ok {
			return unaligned(it, s, HF, w.opts.Tokens)
		}
		row := tags[level[i]]
		row[first] = 1 + 2*li
		for k := first + 1; k <= last; k++ {
			row[k] = 2 + 2*li
		}
	}
	out.NERTags = tags[0]
	if cols > 1 {
		out.Nested = tags[1:]
	}
	return w.enc.Encode(&out)
}

// hfLabelNames are the names of the HF tag ids for labels.
func hfLabelNames(labels []string) []string {
	names := make([]string, 0, 1+2*len(labels))
	names = append(names, "O")
	for _, l := range labels {
		names = append(names, "B-"+l, "I-"+l)
	}
	return names
}
