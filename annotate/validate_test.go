package annotate

import (
	"encoding/json"
	"strings"
	"testing"
)

// testDoc is a small frozen document with Arabic, harakat and an emoji.
func testDoc() *Document {
	text := "قال مُحَمَّد 👍🏽 في إدلب."
	return &Document{ID: 7, Text: text, InputHash: HashText(text)}
}

func checkCode(t *testing.T, what string, err error, want Code) {
	t.Helper()
	if got := ErrorCode(err); got != want {
		t.Errorf("%s: code %q (%v), want %q", what, got, err, want)
		return
	}
	if err != nil {
		msg := ErrorMessage(err)
		if msg == "" || strings.Contains(msg, "Internal error") || !strings.HasSuffix(msg, ".") {
			t.Errorf("%s: message %q is not one sentence for a user", what, msg)
		}
	}
}

func TestStatusOriginValid(t *testing.T) {
	for _, s := range []Status{StatusTodo, StatusInProgress, StatusDone, StatusSkipped} {
		if !s.Valid() {
			t.Errorf("%q not valid", s)
		}
	}
	for _, o := range []Origin{OriginManual, OriginImported, OriginSuggested} {
		if !o.Valid() {
			t.Errorf("%q not valid", o)
		}
	}
	if Status("finished").Valid() || Status("").Valid() || Origin("model").Valid() || Origin("").Valid() {
		t.Error("unknown status or origin accepted")
	}
}

func TestDocumentValidate(t *testing.T) {
	tests := []struct {
		name string
		mod  func(d *Document)
		want Code
	}{
		{"ok", func(d *Document) {}, ""},
		{"no hash", func(d *Document) { d.InputHash = "" }, ""},
		{"meta object", func(d *Document) { d.Meta = json.RawMessage(` {"url": "x"}`) }, ""},
		{"empty", func(d *Document) { d.Text, d.InputHash = "", "" }, ECodeEmpty},
		{"blank", func(d *Document) { d.Text, d.InputHash = " \n\t", "" }, ECodeEmpty},
		{"bad utf8", func(d *Document) { d.Text, d.InputHash = "abc\xff", "" }, ECodeInvalid},
		{"crlf", func(d *Document) { d.Text, d.InputHash = "a\r\nb", "" }, ECodeInvalid},
		{"not nfc", func(d *Document) { d.Text, d.InputHash = "ا\u0653", "" }, ECodeInvalid},
		{"hash", func(d *Document) { d.InputHash = HashText("other") }, ECodeMismatch},
		{"meta array", func(d *Document) { d.Meta = json.RawMessage(`[1]`) }, ECodeInvalid},
		{"meta null", func(d *Document) { d.Meta = json.RawMessage(`null`) }, ECodeInvalid},
		{"meta broken", func(d *Document) { d.Meta = json.RawMessage(`{"a":`) }, ECodeInvalid},
	}
	for _, tt := range tests {
		d := testDoc()
		tt.mod(d)
		checkCode(t, tt.name, d.Validate(), tt.want)
	}
}

func TestSpanValidate(t *testing.T) {
	schema := DefaultSchema()
	// "مُحَمَّد" is code points 4..12 of testDoc's text.
	good := Span{DocumentID: 7, Start: 4, End: 12, Label: "PER", Annotator: "huda", Origin: OriginManual, Text: "مُحَمَّد"}
	tests := []struct {
		name string
		mod  func(s *Span)
		want Code
	}{
		{"ok", func(s *Span) {}, ""},
		{"no text", func(s *Span) { s.Text = "" }, ""},
		{"emoji", func(s *Span) { s.Start, s.End, s.Text, s.Label = 13, 15, "👍🏽", "MISC" }, ""},
		{"to the end", func(s *Span) { s.Start, s.End, s.Text = 19, 24, "إدلب." }, ""},
		{"other doc", func(s *Span) { s.DocumentID = 8 }, ECodeOtherDoc},
		{"empty", func(s *Span) { s.End = s.Start }, ECodeEmpty},
		{"negative", func(s *Span) { s.Start = -1 }, ECodeOutOfRange},
		{"end before", func(s *Span) { s.Start, s.End = 5, 3 }, ECodeEndBefore},
		{"past end", func(s *Span) { s.End = 25 }, ECodeOutOfRange},
		{"label", func(s *Span) { s.Label = "PERSON" }, ECodeUnknownLabel},
		{"annotator", func(s *Span) { s.Annotator = " " }, ECodeEmpty},
		{"annotator with ESC", func(s *Span) { s.Annotator = "\x1b]0;x\x07huda" }, ECodeInvalid},
		{"origin", func(s *Span) { s.Origin = "" }, ECodeInvalid},
		{"text", func(s *Span) { s.Text = "محمد" }, ECodeMismatch},
	}
	doc := testDoc()
	cur := NewTextCursor(doc.Text) // one cursor through every case, back and forth
	for _, tt := range tests {
		s := good
		tt.mod(&s)
		err := s.Validate(doc, &schema)
		checkCode(t, tt.name, err, tt.want)
		// With a cursor through the text: the same verdict, in the same words.
		at := s.ValidateAt(doc, &cur, &schema)
		checkCode(t, tt.name+" (at)", at, tt.want)
		if ErrorMessage(err) != ErrorMessage(at) {
			t.Errorf("%s: Validate says %q, ValidateAt %q", tt.name, ErrorMessage(err), ErrorMessage(at))
		}
	}
}

// graph is a document's spans and targets for the Target and Stance tests:
// spans 1 and 2 are in document 7, span 3 in document 8; targets 10 and
// 11 are in document 7, target 12 in document 8.
func graph() ([]Span, []Target) {
	spans := []Span{
		{ID: 1, DocumentID: 7, Start: 4, End: 12, Label: "PER"},
		{ID: 2, DocumentID: 7, Start: 19, End: 23, Label: "LOC"},
		{ID: 3, DocumentID: 8, Start: 0, End: 3, Label: "PER"},
	}
	targets := []Target{
		{ID: 10, DocumentID: 7, Name: "محمد", Mentions: []int64{1}},
		{ID: 11, DocumentID: 7, Name: "إدلب", Mentions: []int64{2}},
		{ID: 12, DocumentID: 8, Name: "other"},
	}
	return spans, targets
}

func TestTargetValidate(t *testing.T) {
	spans, _ := graph()
	tests := []struct {
		name string
		t    Target
		want Code
	}{
		{"ok", Target{DocumentID: 7, Name: "محمد", Mentions: []int64{1, 2}}, ""},
		{"no mentions", Target{DocumentID: 7, Name: "الديمقراطية"}, ""},
		{"other doc", Target{DocumentID: 8, Name: "x"}, ECodeOtherDoc},
		{"blank name", Target{DocumentID: 7, Name: " \u00a0"}, ECodeEmpty},
		{"missing span", Target{DocumentID: 7, Name: "x", Mentions: []int64{99}}, ECodeNotFound},
		{"span of other doc", Target{DocumentID: 7, Name: "x", Mentions: []int64{3}}, ECodeOtherDoc},
		{"duplicate", Target{DocumentID: 7, Name: "x", Mentions: []int64{1, 2, 1}}, ECodeDuplicate},
	}
	for _, tt := range tests {
		checkCode(t, tt.name, tt.t.Validate(testDoc(), spans), tt.want)
	}
}

func TestStanceValidate(t *testing.T) {
	schema := DefaultSchema()
	spans, targets := graph()
	ok := Stance{DocumentID: 7, TargetID: 11, Holder: 10, Label: "AGAINST", Evidence: []int64{1, 2}}
	tests := []struct {
		name string
		mod  func(s *Stance)
		want Code
	}{
		{"ok", func(s *Stance) {}, ""},
		{"author", func(s *Stance) { s.Holder = AuthorHolder }, ""},
		{"no evidence", func(s *Stance) { s.Evidence = nil }, ""},
		{"other doc", func(s *Stance) { s.DocumentID = 8 }, ECodeOtherDoc},
		{"no target", func(s *Stance) { s.TargetID = 99 }, ECodeNotFound},
		{"target of other doc", func(s *Stance) { s.TargetID = 12 }, ECodeOtherDoc},
		{"holder is target", func(s *Stance) { s.Holder = 11 }, ECodeInvalid},
		{"no holder", func(s *Stance) { s.Holder = 99 }, ECodeNotFound},
		{"holder of other doc", func(s *Stance) { s.Holder = 12 }, ECodeOtherDoc},
		{"label", func(s *Stance) { s.Label = "PER" }, ECodeUnknownLabel},
		{"evidence missing", func(s *Stance) { s.Evidence = []int64{1, 42} }, ECodeNotFound},
		{"evidence other doc", func(s *Stance) { s.Evidence = []int64{3} }, ECodeOtherDoc},
		{"evidence twice", func(s *Stance) { s.Evidence = []int64{2, 2} }, ECodeDuplicate},
	}
	for _, tt := range tests {
		s := ok
		tt.mod(&s)
		checkCode(t, tt.name, s.Validate(testDoc(), &schema, targets, spans), tt.want)
	}
	s := ok
	s.Evidence = []int64{3}
	if msg := ErrorMessage(s.Validate(testDoc(), &schema, targets, spans)); msg != "Evidence span 3 belongs to another document." {
		t.Errorf("evidence message %q", msg)
	}
}

func TestSchemaValidate(t *testing.T) {
	tests := []struct {
		name string
		mod  func(s *Schema)
		want Code
	}{
		{"default", func(s *Schema) {}, ""},
		{"no stances", func(s *Schema) { s.Stances = nil }, ""},
		{"no hotkey", func(s *Schema) { s.Entities[0].Hotkey = "" }, ""},
		{"lower-case stance key", func(s *Schema) { s.Stances[0].Hotkey = "x" }, ""},
		{"no entities", func(s *Schema) { s.Entities = nil }, ECodeEmpty},
		{"empty name", func(s *Schema) { s.Entities[1].Name = "" }, ECodeEmpty},
		{"space in name", func(s *Schema) { s.Entities[1].Name = "NORP GROUP" }, ECodeInvalid},
		{"duplicate name", func(s *Schema) { s.Entities[1].Name = "PER" }, ECodeDuplicate},
		{"name across kinds", func(s *Schema) { s.Stances[0].Name = "LOC" }, ECodeDuplicate},
		{"colour short", func(s *Schema) { s.Entities[0].Color = "#fff" }, ECodeInvalid},
		{"colour name", func(s *Schema) { s.Entities[0].Color = "red" }, ECodeInvalid},
		{"colour hex", func(s *Schema) { s.Entities[0].Color = "#12345g" }, ECodeInvalid},
		{"entity key 0", func(s *Schema) { s.Entities[0].Hotkey = "0" }, ECodeInvalid},
		{"entity key 10", func(s *Schema) { s.Entities[0].Hotkey = "10" }, ECodeInvalid},
		{"entity key letter", func(s *Schema) { s.Entities[0].Hotkey = "P" }, ECodeInvalid},
		{"entity key twice", func(s *Schema) { s.Entities[1].Hotkey = "1" }, ECodeDuplicate},
		{"stance key digit", func(s *Schema) { s.Stances[0].Hotkey = "5" }, ECodeInvalid},
		{"stance key Arabic", func(s *Schema) { s.Stances[0].Hotkey = "ف" }, ECodeInvalid},
		{"stance key twice", func(s *Schema) { s.Stances[1].Hotkey = "f" }, ECodeDuplicate},
		{"stance empty name", func(s *Schema) { s.Stances[2].Name = "" }, ECodeEmpty},
		{"ESC in name", func(s *Schema) { s.Entities[1].Name = "\x1b[31mLOC" }, ECodeInvalid},
		{"C1 in stance name", func(s *Schema) { s.Stances[0].Name = "FAVOR\u009b" }, ECodeInvalid},
		{"bad UTF-8 in name", func(s *Schema) { s.Entities[1].Name = "LOC\xff" }, ECodeInvalid},
		{"Arabic name", func(s *Schema) { s.Entities[1].Name = "مكان" }, ""},
	}
	for _, tt := range tests {
		s := DefaultSchema()
		tt.mod(&s)
		checkCode(t, tt.name, s.Validate(), tt.want)
	}
}

func TestCheckOverlap(t *testing.T) {
	existing := []Span{
		{ID: 1, DocumentID: 7, Start: 4, End: 12, Label: "PER", Annotator: "huda"},
		{ID: 2, DocumentID: 7, Start: 19, End: 23, Label: "LOC", Annotator: "huda"},
		{ID: 3, DocumentID: 7, Start: 0, End: 3, Label: "MISC", Annotator: "omar"},
		{ID: 4, DocumentID: 8, Start: 0, End: 3, Label: "PER", Annotator: "huda"},
	}
	tests := []struct {
		name    string
		overlap bool
		s       Span
		want    Code
	}{
		{"apart", false, Span{DocumentID: 7, Start: 13, End: 15, Label: "MISC", Annotator: "huda"}, ""},
		{"touching", false, Span{DocumentID: 7, Start: 12, End: 19, Label: "MISC", Annotator: "huda"}, ""},
		{"duplicate", true, Span{DocumentID: 7, Start: 4, End: 12, Label: "PER", Annotator: "huda"}, ECodeDuplicate},
		{"duplicate without overlap", false, Span{DocumentID: 7, Start: 4, End: 12, Label: "PER", Annotator: "huda"}, ECodeDuplicate},
		{"same range other label", true, Span{DocumentID: 7, Start: 4, End: 12, Label: "ORG", Annotator: "huda"}, ""},
		{"same range other label no overlap", false, Span{DocumentID: 7, Start: 4, End: 12, Label: "ORG", Annotator: "huda"}, ECodeInvalid},
		{"nested allowed", true, Span{DocumentID: 7, Start: 5, End: 8, Label: "PER", Annotator: "huda"}, ""},
		{"nested refused", false, Span{DocumentID: 7, Start: 5, End: 8, Label: "PER", Annotator: "huda"}, ECodeInvalid},
		{"crossing refused", false, Span{DocumentID: 7, Start: 10, End: 20, Label: "ORG", Annotator: "huda"}, ECodeInvalid},
		{"other annotator", false, Span{DocumentID: 7, Start: 0, End: 3, Label: "MISC", Annotator: "huda"}, ""},
		{"other document", false, Span{DocumentID: 7, Start: 0, End: 2, Label: "PER", Annotator: "huda"}, ""},
		{"edit of itself", false, Span{ID: 1, DocumentID: 7, Start: 4, End: 11, Label: "PER", Annotator: "huda"}, ""},
		{"edit onto another", false, Span{ID: 1, DocumentID: 7, Start: 18, End: 23, Label: "PER", Annotator: "huda"}, ECodeInvalid},
	}
	for _, tt := range tests {
		schema := DefaultSchema()
		schema.AllowOverlap = tt.overlap
		checkCode(t, tt.name, CheckOverlap(&schema, existing, tt.s), tt.want)
	}
}

func TestSchemaChangeCheck(t *testing.T) {
	old := DefaultSchema()
	usage := map[string]int{"PER": 12, "LOC": 1, "AGAINST": 3}
	tests := []struct {
		name string
		mod  func(s *Schema)
		want Code
		msg  string
	}{
		{"same", func(s *Schema) {}, "", ""},
		{"recolour", func(s *Schema) { s.Entities[0].Color = "#000000" }, "", ""},
		{"add", func(s *Schema) {
			s.Entities = append(s.Entities, EntityLabel{Name: "NORP", Color: "#111111", Hotkey: "5"})
		}, "", ""},
		{"delete unused", func(s *Schema) { s.Entities = s.Entities[:3] }, "", ""},
		{"delete unused stance", func(s *Schema) { s.Stances = s.Stances[:2] }, "", ""},
		{"rename used", func(s *Schema) { s.Entities[0].Name = "PERSON" }, ECodeInUse,
			"Label PER is used by 12 spans; relabel or delete them first."},
		{"delete used", func(s *Schema) { s.Entities = s.Entities[1:] }, ECodeInUse, ""},
		{"singular", func(s *Schema) { s.Entities[2].Name = "GPE" }, ECodeInUse,
			"Label LOC is used by 1 span; relabel or delete it first."},
		{"delete used stance", func(s *Schema) { s.Stances = s.Stances[:1] }, ECodeInUse,
			"Stance label AGAINST is used by 3 stances; relabel or delete them first."},
		{"invalid new", func(s *Schema) { s.Entities[3].Color = "" }, ECodeInvalid, ""},
	}
	for _, tt := range tests {
		n := DefaultSchema()
		tt.mod(&n)
		err := SchemaChangeCheck(&old, &n, usage)
		checkCode(t, tt.name, err, tt.want)
		if tt.msg != "" && ErrorMessage(err) != tt.msg {
			t.Errorf("%s: message %q, want %q", tt.name, ErrorMessage(err), tt.msg)
		}
	}
}

// sliceOnceTests are ranges of sliceText, in and out of it.
var sliceOnceTests = []struct{ start, end int }{
	{0, 0}, {0, 1}, {0, 9}, {2, 5}, {5, 9}, {9, 9}, {4, 6},
	{-1, 2}, {3, 2}, {0, 10}, {9, 10}, {10, 12}, {12, 10},
}

// sliceText has two-byte, four-byte and combining code points: 9 of them.
const sliceText = "aب👍🏽c\u0301ده"

// TestSliceOnce checks sliceOnce against SliceChecked: the same text, or
// the same error.
func TestSliceOnce(t *testing.T) {
	for _, tt := range sliceOnceTests {
		checkSliceOnce(t, sliceText, tt.start, tt.end)
		checkSliceOnce(t, "", tt.start, tt.end)
	}
}

func checkSliceOnce(t *testing.T, text string, start, end int) {
	t.Helper()
	got, err := sliceOnce(text, start, end)
	want, werr := SliceChecked(text, start, end)
	if got != want || ErrorCode(err) != ErrorCode(werr) || ErrorMessage(err) != ErrorMessage(werr) {
		t.Fatalf("sliceOnce(%q, %d, %d) = %q, %v; want %q, %v", text, start, end, got, err, want, werr)
	}
	// A TextCursor agrees too, fresh and after cutting elsewhere (before
	// and after the range), on valid UTF-8 and on invalid.
	for _, prev := range [][2]int{{-1, -1}, {0, 1}, {start / 2, start/2 + 1}, {end, end + 1}, {end + 3, end + 5}} {
		cur := NewTextCursor(text)
		if prev[0] >= 0 {
			cur.Slice(prev[0], prev[1])
		}
		got, err = cur.Slice(start, end)
		if got != want || ErrorCode(err) != ErrorCode(werr) || ErrorMessage(err) != ErrorMessage(werr) {
			t.Fatalf("TextCursor(%q) after %v: Slice(%d, %d) = %q, %v; want %q, %v", text, prev, start, end, got, err, want, werr)
		}
	}
}

func FuzzSliceOnce(f *testing.F) {
	for _, tt := range sliceOnceTests {
		f.Add(sliceText, tt.start, tt.end)
	}
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		checkSliceOnce(t, text, start, end)
	})
}

// TestCheck checks that Check refuses what Validate refuses, fills in the
// hash, counts the text, and keeps its own copy of Meta.
func TestCheck(t *testing.T) {
	meta := []byte(`{"n": 1}`)
	d := Document{Text: "قال الوفد", Meta: meta}
	c, err := d.Check()
	if err != nil {
		t.Fatal(err)
	}
	meta[1] = 'X' // the caller changes its Meta after the check
	got := c.Document()
	if got.InputHash != HashText(d.Text) || c.InputHash() != got.InputHash || c.Length() != 9 || string(got.Meta) != `{"n": 1}` {
		t.Errorf("Check gave hash %q, length %d, meta %s", got.InputHash, c.Length(), got.Meta)
	}
	got.Meta[1] = 'Y'
	if again := c.Document(); string(again.Meta) != `{"n": 1}` {
		t.Errorf("changing a returned Meta changed the checked one: %s", again.Meta)
	}
	for _, bad := range []Document{
		{Text: " \n"},
		{Text: "a\r\nb"},
		{Text: "قال", InputHash: HashText("قالت")},
		{Text: "قال", Meta: []byte(`[1]`)},
	} {
		if _, err := bad.Check(); err == nil || ErrorCode(err) != ErrorCode(bad.Validate()) {
			t.Errorf("Check(%+q) = %v, want Validate's error %v", bad.Text, err, bad.Validate())
		}
	}
}

// TestNULRefused: PostgreSQL cannot store U+0000 (nor invalid UTF-8) in
// TEXT, so every text that can reach a TEXT column refuses it, saying
// where, with characters counted in code points.
func TestNULRefused(t *testing.T) {
	schema := DefaultSchema()
	spans, targets := graph()
	doc := func(text string) error {
		return (&Document{Text: text}).Validate()
	}
	target := func(name string) error {
		return (&Target{DocumentID: 7, Name: name}).Validate(testDoc(), spans)
	}
	note := func(note string) error {
		st := Stance{DocumentID: 7, TargetID: 11, Holder: AuthorHolder, Label: "AGAINST", Note: note}
		return st.Validate(testDoc(), &schema, targets, spans)
	}
	tests := []struct {
		name  string
		check func(string) error
		in    string
		want  string // the message; "" when the text is accepted
	}{
		{"text without NUL", doc, "قال مُحَمَّد 👍🏽\nفي إدلب.", ""},
		{"text starts with NUL", doc, "\x00قال", "The document's text has a NUL character (U+0000) at line 1, character 1 of the text; remove it and import the file again."},
		{"NUL after Arabic", doc, "قال\x00 محمد", "The document's text has a NUL character (U+0000) at line 1, character 4 of the text; remove it and import the file again."},
		// 👍🏽 is two code points (four UTF-16 units), مُ two as well.
		{"NUL on line 3 after non-BMP", doc, "سطر\n\nمُ👍🏽\x00.", "The document's text has a NUL character (U+0000) at line 3, character 5 of the text; remove it and import the file again."},
		{"NUL at the end", doc, "نص\n\x00", "The document's text has a NUL character (U+0000) at line 2, character 1 of the text; remove it and import the file again."},
		{"first of two NULs", doc, "a\nb\x00c\x00", "The document's text has a NUL character (U+0000) at line 2, character 2 of the text; remove it and import the file again."},
		{"target name", target, "محمد", ""},
		{"target name with NUL", target, "محمد\x00", `The target name محمد\x00 has a NUL character (U+0000) at character 5; remove it.`},
		{"target name not UTF-8", target, "محمد\xff", `The target name محمد\xff is not valid UTF-8; type it again.`},
		{"note", note, "سطر\nآخر", ""},
		{"note with NUL", note, "سطر\nآ\x00خر", "The stance's note has a NUL character (U+0000) at line 2, character 2; remove it."},
		{"note not UTF-8", note, "\xc3", "The stance's note is not valid UTF-8; type it again."},
	}
	for _, tt := range tests {
		err := tt.check(tt.in)
		if tt.want == "" {
			checkCode(t, tt.name, err, "")
			continue
		}
		checkCode(t, tt.name, err, ECodeInvalid)
		if got := ErrorMessage(err); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}
