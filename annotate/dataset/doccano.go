package dataset

import (
	"bytes"
	"encoding/json"

	"hashiya/annotate"
)

// doccanoEntity is one span of doccano's "entities" variant.
type doccanoEntity struct {
	StartOffset *int   `json:"start_offset"`
	EndOffset   *int   `json:"end_offset"`
	Label       string `json:"label"`
}

// doccano reads {"text", "label": [[start, end, "LABEL"], ...]} and the
// variant {"text", "entities": [{"start_offset", "end_offset", "label"}]}.
// A "label" (or "labels") of plain strings is a text classification
// export: those are document categories, like "cats". Categories have no
// place in the schema yet, so they are kept in meta under "cats"; other
// top-level keys are doccano's metadata columns and go to meta as well.
func (r *Reader) doccano(line []byte, no int) (Record, *LineError) {
	var task map[string]json.RawMessage
	if lerr := r.decodeLine(line, no, &task); lerr != nil {
		return Record{}, lerr
	}
	var text *string
	if raw, ok := task["text"]; ok {
		if err := json.Unmarshal(raw, &text); err != nil {
			return Record{}, lineErr(r.name, no, annotate.ECodeInvalid, "\"text\" must be a string.")
		}
	}
	t, lerr := r.text(text, no)
	if lerr != nil {
		return Record{}, lerr
	}
	var spans []rawSpan
	var cats []string
	for _, key := range []string{"label", "labels"} {
		raw, ok := task[key]
		if !ok || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			continue
		}
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return Record{}, lineErr(r.name, no, annotate.ECodeInvalid, "%q must be an array of [start, end, \"LABEL\"] triples.", key)
		}
		for i, it := range items {
			where := place{key, i}
			var cat string
			if json.Unmarshal(it, &cat) == nil {
				cats = append(cats, cat)
				continue
			}
			var triple []json.RawMessage
			var s rawSpan
			if json.Unmarshal(it, &triple) != nil || len(triple) != 3 ||
				json.Unmarshal(triple[0], &s.start) != nil || json.Unmarshal(triple[1], &s.end) != nil ||
				json.Unmarshal(triple[2], &s.label) != nil {
				return Record{}, lineErr(r.name, no, annotate.ECodeInvalid, "%s must be [start, end, \"LABEL\"] with whole-number offsets.", where)
			}
			s.where = where
			spans = append(spans, s)
		}
	}
	if raw, ok := task["entities"]; ok {
		var ents []doccanoEntity
		if err := json.Unmarshal(raw, &ents); err != nil {
			return Record{}, lineErr(r.name, no, annotate.ECodeInvalid, "\"entities\" must be an array of {\"start_offset\", \"end_offset\", \"label\"} objects with whole-number offsets.")
		}
		for i, e := range ents {
			where := place{"entities", i}
			if e.StartOffset == nil || e.EndOffset == nil {
				return Record{}, lineErr(r.name, no, annotate.ECodeInvalid, "%s needs both \"start_offset\" and \"end_offset\".", where)
			}
			spans = append(spans, rawSpan{where: where, start: *e.StartOffset, end: *e.EndOffset, label: e.Label})
		}
	}
	extra := map[string]json.RawMessage{}
	if raw, ok := task["cats"]; ok && !emptyJSON(raw) {
		extra["cats"] = raw
	}
	if len(cats) > 0 {
		if _, ok := extra["cats"]; ok {
			return Record{}, lineErr(r.name, no, annotate.ECodeInvalid, "The task has categories both in \"label\" and in \"cats\"; keep one.")
		}
		extra["cats"], _ = json.Marshal(cats)
	}
	for k, v := range task {
		switch k {
		case "text", "label", "labels", "entities", "cats", "meta", "relations", "id":
			// "id" is doccano's row number, meaningless in another database.
		default:
			extra[k] = v
		}
	}
	meta, status, lerr := r.b.meta(r.name, no, task["meta"], extra)
	if lerr != nil {
		return Record{}, lerr
	}
	rec, lerr := r.b.build(r.name, no, t, spans, meta)
	if lerr != nil {
		return Record{}, lerr
	}
	rec.Status = status
	return rec, nil
}

type doccanoOut struct {
	Text  string          `json:"text"`
	Label [][3]any        `json:"label"`
	Cats  json.RawMessage `json:"cats"`
	Meta  json.RawMessage `json:"meta"`
}

// doccano writes {"text", "label": [[start, end, "LABEL"]...], "cats",
// "meta"}: doccano keeps "meta" as a metadata column, and Hashiya's
// import folds it back into the document's meta.
func (w *Encoder) doccano(it *Item, conv *converter) error {
	out := doccanoOut{Text: it.Doc.Text, Label: make([][3]any, len(it.Annotations.Spans)), Cats: json.RawMessage("[]")}
	for i, s := range it.Annotations.Spans {
		out.Label[i] = [3]any{conv.off(s.Start), conv.off(s.End), s.Label}
	}
	meta := it.Doc.Meta
	if bytes.Contains(meta, []byte(`"cats"`)) {
		var m map[string]json.RawMessage
		if json.Unmarshal(meta, &m) == nil {
			if c, ok := m["cats"]; ok {
				out.Cats = c
				delete(m, "cats")
				meta, _ = json.Marshal(m)
			}
		}
	}
	out.Meta = w.meta(it, meta)
	return w.enc.Encode(&out)
}

// emptyJSON reports whether raw is null, [] or {}: no categories, which
// doccano writes as readily as none.
func emptyJSON(raw json.RawMessage) bool {
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return false
	}
	switch buf.String() {
	case "null", "[]", "{}":
		return true
	}
	return false
}
