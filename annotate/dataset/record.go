package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"hashiya/annotate"
)

// Record is one document read from a file, with the annotations that came
// with it, ready to be stored.
type Record struct {
	// File is the input's name; Line the 1-based line of a JSONL task,
	// 0 for a text file.
	File string
	Line int
	// Doc has its Text frozen (LF, NFC, stripped lines removed), its
	// InputHash and Source set; ID is left for the database.
	Doc annotate.Document
	// Checked is Doc as annotate.Document.Check passed it, checked on
	// the reader's worker so that storing it (storage's AddChecked) need
	// not read its text again.
	Checked annotate.Checked
	// Spans are in code points into Doc.Text, from 0, end exclusive, with
	// Text filled and Origin imported; Annotator and DocumentID are left
	// for the caller.
	Spans []annotate.Span
	// Targets and Stances refer to Spans and Targets by index, since
	// nothing has an ID before it is stored.
	Targets []TargetRef
	Stances []StanceRef
	// Status is the annotator's status the file records (a Prodigy answer
	// or Hashiya's own meta), "" when it says nothing.
	Status annotate.Status
}

// TargetRef is a target whose mentions are indices into Record.Spans.
type TargetRef struct {
	Name     string
	Topic    bool
	Mentions []int
}

// StanceRef is a stance whose target and holder are indices into
// Record.Targets (Holder is -1 for the article's own voice) and whose
// evidence are indices into Record.Spans.
type StanceRef struct {
	Target   int
	Holder   int
	Label    string
	Evidence []int
	Note     string
}

// rawSpan is a span as a file gives it: offsets in the file's unit into
// the text as the file gives it.
type rawSpan struct {
	where      place // how to name it in a message: spans[2], label[0]...
	start, end int
	label      string
	text       *string // the span's text when the file records it
}

// place names an element of a task's array in a message, such as
// spans[2]. It is formatted only for a message: most lines have none.
type place struct {
	key string
	i   int
}

func (p place) String() string { return fmt.Sprintf("%s[%d]", p.key, p.i) }

// builder turns a text and its raw spans into a Record. It holds the
// options and scratch space reused from line to line.
type builder struct {
	opts   *Options
	schema *annotate.Schema
}

// build checks and converts one document, with meta as the task's meta
// comes out of builder.meta, and runs annotate's document check on it
// (see Record.Checked). Every failure is a *LineError naming file and
// line; nothing is half-built.
func (b *builder) build(file string, line int, text string, spans []rawSpan, meta json.RawMessage) (Record, *LineError) {
	fail := func(code annotate.Code, format string, args ...any) (Record, *LineError) {
		return Record{}, lineErr(file, line, code, format, args...)
	}
	if strings.TrimSpace(text) == "" {
		return fail(annotate.ECodeEmpty, "The text is empty.")
	}
	if max := b.opts.maxText(); len(text) > max {
		return fail(annotate.ECodeInvalid, "The text is %s, over the size limit of %s; raise the limit if this is really one document.", mb(len(text)), mb(max))
	}
	doc := annotate.Document{Text: text, Source: file, Meta: meta}
	if line > 0 {
		doc.Source = fmt.Sprintf("%s:%d", file, line)
	}
	// Most texts come frozen already (LF, NFC), and then the document
	// check, which reads the whole text, is all the freezing there is to
	// do: check first, and freeze only a text that fails. Its count of
	// code points serves the spans too. Checking reads the text once
	// where freezing and then checking would read it twice.
	var checked annotate.Checked
	frozen := false
	if len(b.opts.StripPatterns) == 0 {
		c, err := doc.Check()
		checked, frozen = c, err == nil
	}
	n := checked.Length()
	if !frozen {
		n = annotate.RuneLen(text)
	}

	// 1. Offsets in the file's unit → code points into the text as given.
	var idx *annotate.OffsetIndex
	if b.opts.Offsets == UTF16 && len(spans) > 0 {
		idx = annotate.NewOffsetIndex(text)
	}
	unit := "characters"
	length := n
	if idx != nil {
		unit = "UTF-16 units"
		length = idx.UTF16Len()
	}
	cps := make([][2]int, len(spans))
	for i, s := range spans {
		switch {
		case s.start < 0 || s.end < 0 || s.start > length || s.end > length:
			return fail(annotate.ECodeOutOfRange, "%s [%d, %d) is out of range: the text has %d %s.%s", s.where, s.start, s.end, length, unit, b.unitHint())
		case s.start > s.end:
			return fail(annotate.ECodeEndBefore, "%s starts after it ends (start %d, end %d).", s.where, s.start, s.end)
		case s.start == s.end:
			return fail(annotate.ECodeEmpty, "%s is empty (start and end are both %d).", s.where, s.start)
		}
		if s.label == "" {
			return fail(annotate.ECodeEmpty, "%s has no label.", s.where)
		}
		if _, ok := b.schema.Entity(s.label); !ok {
			return fail(annotate.ECodeUnknownLabel, "%s has the label %q, which is not in the schema (%s); add it to the schema or fix the file.", s.where, clip(s.label), entityNames(b.schema))
		}
		start, end := s.start, s.end
		if idx != nil {
			var err error
			if start, err = idx.UTF16ToCodePoint(s.start); err != nil {
				return fail(annotate.ECodeOutOfRange, "%s start %d falls inside a character (between the halves of a UTF-16 surrogate pair); are these offsets code points? Then read them without --offsets utf16.", s.where, s.start)
			}
			if end, err = idx.UTF16ToCodePoint(s.end); err != nil {
				return fail(annotate.ECodeOutOfRange, "%s end %d falls inside a character (between the halves of a UTF-16 surrogate pair); are these offsets code points? Then read them without --offsets utf16.", s.where, s.end)
			}
		}
		if s.text != nil {
			if got := annotate.Slice(text, start, end); got != *s.text {
				return fail(annotate.ECodeMismatch, "%s says its text is %q but the text at [%d, %d) is %q.%s", s.where, clip(*s.text), s.start, s.end, clip(got), b.unitHint())
			}
		}
		cps[i] = [2]int{start, end}
	}

	// 2. Freeze (LF, NFC), then strip boilerplate lines; move the spans
	// each time. StripLines matches exactly, so it works on the frozen
	// text with frozen patterns: the result is the same as stripping the
	// lines first, without CR or decomposed letters defeating a pattern.
	if !frozen {
		frozenText, lerr := b.freeze(file, line, text, spans, cps)
		if lerr != nil {
			return Record{}, lerr
		}
		doc.Text = frozenText
		c, err := doc.Check()
		if err != nil {
			// The text was frozen just now, so this is a bad meta or
			// Hashiya's bug; either way the line is refused, not stored.
			return fail(annotate.ErrorCode(err), "%s", annotate.ErrorMessage(err))
		}
		checked = c
	}
	doc.InputHash = checked.InputHash()

	rec := Record{File: file, Line: line, Doc: doc, Checked: checked}
	rec.Spans = make([]annotate.Span, len(spans))
	texts := annotate.SliceAll(doc.Text, cps)
	seen := make(map[[2]int][]int, len(spans))
	for i, c := range cps {
		for _, j := range seen[c] {
			if rec.Spans[j].Label == spans[i].label {
				return fail(annotate.ECodeDuplicate, "%s repeats %s (same place, same label); remove one.", spans[i].where, spans[j].where)
			}
		}
		seen[c] = append(seen[c], i)
		rec.Spans[i] = annotate.Span{Start: c[0], End: c[1], Label: spans[i].label, Origin: annotate.OriginImported, Text: texts[i]}
	}
	if !b.schema.AllowOverlap {
		order := make([]int, len(cps))
		for i := range order {
			order[i] = i
		}
		sort.Slice(order, func(a, b int) bool { return cps[order[a]][0] < cps[order[b]][0] })
		for k := 1; k < len(order); k++ {
			prev, cur := order[k-1], order[k]
			if cps[cur][0] < cps[prev][1] {
				return fail(annotate.ECodeInvalid, "%s overlaps %s, and the schema does not allow overlapping spans.", spans[cur].where, spans[prev].where)
			}
		}
	}
	return rec, nil
}

// freeze freezes text (LF, NFC) and strips the lines --strip-lines
// names, moving cps, the spans' code point offsets, onto the result.
func (b *builder) freeze(file string, line int, text string, spans []rawSpan, cps [][2]int) (string, *LineError) {
	fail := func(code annotate.Code, format string, args ...any) (string, *LineError) {
		return "", lineErr(file, line, code, format, args...)
	}
	frozen, m := annotate.Freeze(text)
	for i, c := range cps {
		// MapSpan rounds outwards, so a span still covers every
		// character it covered, even one NFC merged with its neighbour.
		s, e, ok := m.MapSpan(c[0], c[1])
		if !ok {
			return fail(annotate.ECodeInternal, "%s [%d, %d) could not be moved onto the normalised text.", spans[i].where, spans[i].start, spans[i].end)
		}
		cps[i] = [2]int{s, e}
	}
	if len(b.opts.StripPatterns) == 0 {
		return frozen, nil
	}
	stripped, m, _ := annotate.StripLines(frozen, b.opts.frozenPatterns())
	for i, c := range cps {
		s, e, ok := m.MapSpan(c[0], c[1])
		if !ok {
			return fail(annotate.ECodeOutOfRange, "%s %q falls in a line that --strip-lines removes; fix the pattern or the span.", spans[i].where, clip(annotate.Slice(frozen, c[0], c[1])))
		}
		cps[i] = [2]int{s, e}
	}
	if strings.TrimSpace(stripped) == "" {
		return fail(annotate.ECodeEmpty, "The text is empty once --strip-lines has removed its lines.")
	}
	return stripped, nil
}

// unitHint suggests the other offset unit, the usual cause of spans that
// miss their text.
func (b *builder) unitHint() string {
	if b.opts.Offsets == UTF16 {
		return " Are the offsets code points? Then read them without --offsets utf16."
	}
	return " If the file counts UTF-16 units (doccano, Label Studio), read it with --offsets utf16."
}

// refs checks targets and stances against the spans and schema and turns
// them into index references.
func (b *builder) refs(rec *Record, targets []targetJSON, stances []stanceJSON) *LineError {
	fail := func(format string, args ...any) *LineError {
		return lineErr(rec.File, rec.Line, annotate.ECodeInvalid, format, args...)
	}
	spanIdx := func(where string, i int) *LineError {
		if i < 0 || i >= len(rec.Spans) {
			return fail("%s refers to span %d, but the task has %d spans (numbered from 0).", where, i, len(rec.Spans))
		}
		return nil
	}
	for i, t := range targets {
		where := fmt.Sprintf("targets[%d]", i)
		if strings.TrimSpace(t.Name) == "" {
			return lineErr(rec.File, rec.Line, annotate.ECodeEmpty, "%s has no name.", where)
		}
		for _, m := range t.Mentions {
			if err := spanIdx(where, m); err != nil {
				return err
			}
		}
		// No mentions is nil, whether the file wrote [] or nothing.
		rec.Targets = append(rec.Targets, TargetRef{Name: t.Name, Topic: t.Topic, Mentions: append([]int(nil), t.Mentions...)})
	}
	for i, s := range stances {
		where := fmt.Sprintf("stances[%d]", i)
		if s.Target < 0 || s.Target >= len(targets) {
			return fail("%s refers to target %d, but the task has %d targets (numbered from 0).", where, s.Target, len(targets))
		}
		holder := -1
		if s.Holder != nil {
			holder = *s.Holder
			if holder < 0 || holder >= len(targets) {
				return fail("%s has holder %d, but the task has %d targets (numbered from 0; null is the article's own voice).", where, holder, len(targets))
			}
		}
		if _, ok := b.schema.Stance(s.Label); !ok {
			return lineErr(rec.File, rec.Line, annotate.ECodeUnknownLabel, "%s has the stance label %q, which is not in the schema (%s); add it to the schema or fix the file.", where, clip(s.Label), stanceNames(b.schema))
		}
		for _, e := range s.Evidence {
			if err := spanIdx(where, e); err != nil {
				return err
			}
		}
		rec.Stances = append(rec.Stances, StanceRef{Target: s.Target, Holder: holder, Label: s.Label, Evidence: append([]int(nil), s.Evidence...), Note: s.Note})
	}
	return nil
}

// meta checks a task's meta object, merges extra keys into it and takes
// out the keys Hashiya wrote on export, returning what they said.
func (b *builder) meta(file string, line int, raw json.RawMessage, extra map[string]json.RawMessage) (json.RawMessage, annotate.Status, *LineError) {
	raw = bytes.TrimSpace(raw)
	if (len(raw) == 0 || bytes.Equal(raw, []byte("null"))) && len(extra) == 0 {
		return nil, "", nil
	}
	if len(raw) > 0 && !bytes.Equal(raw, []byte("null")) && raw[0] != '{' {
		return nil, "", lineErr(file, line, annotate.ECodeInvalid, "\"meta\" must be a JSON object.")
	}
	if len(extra) == 0 && !bytes.Contains(raw, []byte(metaPrefix)) {
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return nil, "", lineErr(file, line, annotate.ECodeInvalid, "\"meta\" is not valid JSON.")
		}
		if buf.String() == "{}" {
			return nil, "", nil // the same as no meta, as exports write it
		}
		return buf.Bytes(), "", nil
	}
	m := map[string]json.RawMessage{}
	if len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, "", lineErr(file, line, annotate.ECodeInvalid, "\"meta\" must be a JSON object.")
		}
	}
	var status annotate.Status
	for k, v := range m {
		if !strings.HasPrefix(k, metaPrefix) {
			continue
		}
		switch k {
		case metaPrefix + "offsets":
			var u string
			_ = json.Unmarshal(v, &u)
			if u != "" && Offsets(u) != b.opts.Offsets {
				return nil, "", lineErr(file, line, annotate.ECodeInvalid, "The task's meta says its offsets are %s, but they are being read as %s; read the file with --offsets %s.", annotate.Shown(u), b.opts.Offsets, annotate.Shown(u))
			}
		case metaPrefix + "status":
			var s string
			_ = json.Unmarshal(v, &s)
			switch annotate.Status(s) {
			case annotate.StatusTodo, annotate.StatusInProgress, annotate.StatusDone, annotate.StatusSkipped:
				status = annotate.Status(s)
			default:
				return nil, "", lineErr(file, line, annotate.ECodeInvalid, "The task's meta has an unknown hashiya_status %s; use todo, in_progress, done or skipped.", annotate.Shown(string(v)))
			}
		}
		delete(m, k)
	}
	for k, v := range extra {
		m[k] = v
	}
	if len(m) == 0 {
		return nil, status, nil
	}
	out, err := json.Marshal(m)
	if err != nil {
		return nil, "", lineErr(file, line, annotate.ECodeInvalid, "\"meta\" is not valid JSON.")
	}
	return out, status, nil
}

func entityNames(s *annotate.Schema) string {
	names := make([]string, len(s.Entities))
	for i, l := range s.Entities {
		names[i] = l.Name
	}
	return annotate.LabelList(names)
}

func stanceNames(s *annotate.Schema) string {
	names := make([]string, len(s.Stances))
	for i, l := range s.Stances {
		names[i] = l.Name
	}
	return annotate.LabelList(names)
}

// clip shortens a value a message quotes with %q, which escapes it.
func clip(s string) string { return annotate.Clip(s, annotate.MaxShown) }

// mb formats a byte count for a message.
func mb(n int) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d bytes", n)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
