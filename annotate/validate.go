package annotate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Validate methods check one value against the rules of the model and
// return an *Error whose message tells an annotator what to fix. They are
// the single place these rules live: the UI, the importers and the
// storage layer all call them before writing anything.

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusTodo, StatusInProgress, StatusDone, StatusSkipped:
		return true
	}
	return false
}

// Valid reports whether o is one of the known origins.
func (o Origin) Valid() bool {
	switch o {
	case OriginManual, OriginImported, OriginSuggested:
		return true
	}
	return false
}

// Validate checks that d can be stored: its text is non-blank, valid
// UTF-8 without U+0000 and already frozen (see FreezeText), its InputHash, when set, is
// the hash of its text, and its Meta, when set, is a JSON object.
func (d *Document) Validate() error {
	_, err := d.ValidateLength()
	return err
}

// ValidateLength is Validate that also returns the text's length in code
// points, which checking that the text is frozen counts on the way:
// storage needs both for every document an import stores, on the one
// goroutine that stores.
func (d *Document) ValidateLength() (int, error) {
	n, frozen := FrozenLen(d.Text)
	switch {
	case strings.TrimSpace(d.Text) == "":
		return 0, Errorf(ECodeEmpty, "The document has no text; import a file with some text in it.")
	case !frozen && !utf8.ValidString(d.Text):
		return 0, Errorf(ECodeInvalid, "The document's text is not valid UTF-8; save the file as UTF-8 and import it again.")
	case strings.IndexByte(d.Text, 0) >= 0:
		line, col := nulAt(d.Text)
		return 0, Errorf(ECodeInvalid, "The document's text has a NUL character (U+0000) at line %d, character %d of the text; remove it and import the file again.", line, col)
	case !frozen:
		return 0, Errorf(ECodeInvalid, "The document's text is not frozen (CR line endings or non-NFC characters); pass it through FreezeText before storing it.")
	case d.InputHash != "" && d.InputHash != HashText(d.Text):
		return 0, Errorf(ECodeMismatch, "The document's hash does not match its text; the text was changed after it was hashed.")
	}
	if len(d.Meta) > 0 {
		if !json.Valid(d.Meta) || !bytes.HasPrefix(bytes.TrimSpace(d.Meta), []byte("{")) {
			return 0, Errorf(ECodeInvalid, "The document's meta is not a JSON object; write it as {\"key\": \"value\", ...}.")
		}
	}
	return n, nil
}

// Checked is a document that Check found fit to store, with its text's
// length. Its fields are unexported so that nothing can change the
// document between the check and the store: storage stores a Checked
// document without checking it again, which lets an import check on
// every core while its one storing goroutine only stores.
type Checked struct {
	doc    Document
	length int
}

// Check validates d (see Validate), filling in InputHash when it is
// empty, and returns it checked.
func (d Document) Check() (Checked, error) {
	if d.InputHash == "" {
		d.InputHash = HashText(d.Text)
	}
	n, err := d.ValidateLength()
	if err != nil {
		return Checked{}, err
	}
	// A json.RawMessage can be changed in place: keep a copy of the
	// one that was checked.
	d.Meta = bytes.Clone(d.Meta)
	return Checked{doc: d, length: n}, nil
}

// Document returns the checked document; its Meta is a copy.
func (c Checked) Document() Document {
	d := c.doc
	d.Meta = bytes.Clone(c.doc.Meta)
	return d
}

// InputHash returns the checked document's InputHash.
func (c Checked) InputHash() string { return c.doc.InputHash }

// Length returns the length of the text in code points; 0 for the zero
// Checked, which no check returns (a text is never empty).
func (c Checked) Length() int { return c.length }

// Validate checks that s can be stored on doc under schema: it belongs to
// doc, 0 <= Start < End <= the text's length in code points, it neither
// starts nor ends with white space or a bidi mark (see TrimSpan), an
// entity's label is one of the schema's entity labels and evidence has no
// label, it names its annotator, its origin is
// known, and its Text, when set, equals the document's text at
// [Start, End). It costs one pass over the text.
func (s *Span) Validate(doc *Document, schema *Schema) error { return s.validate(doc, nil, schema) }

// ValidateAt is Validate finding the span's text with cur, a TextCursor
// of doc.Text, rather than reading the document from its start: an
// import checks every span of a document, mostly in text order, and
// reading up to each from the start was a tenth of a merge's work.
func (s *Span) ValidateAt(doc *Document, cur *TextCursor, schema *Schema) error {
	return s.validate(doc, cur, schema)
}

func (s *Span) validate(doc *Document, cur *TextCursor, schema *Schema) error {
	if s.DocumentID != doc.ID {
		return Errorf(ECodeOtherDoc, "The span belongs to document %d, not to document %d.", s.DocumentID, doc.ID)
	}
	if s.Start == s.End {
		return Errorf(ECodeEmpty, "The span at %d is empty; select at least one character.", s.Start)
	}
	var got string
	var err error
	if cur != nil {
		got, err = cur.Slice(s.Start, s.End)
	} else {
		got, err = sliceOnce(doc.Text, s.Start, s.End)
	}
	if err != nil {
		return err
	}
	switch s.Kind {
	case SpanEntity:
		if _, ok := schema.Entity(s.Label); !ok {
			return Errorf(ECodeUnknownLabel, "Label %q is not in the schema; use one of %s.", Clip(s.Label, MaxShown), entityNames(schema))
		}
	case SpanEvidence:
		if s.Label != "" {
			return Errorf(ECodeInvalid, "An evidence span has no entity label, but this one says %q; label the entity as its own span.", Clip(s.Label, MaxShown))
		}
	default:
		return Errorf(ECodeInvalid, "The span's kind %q is unknown; a span is an entity or evidence.", string(s.Kind))
	}
	if r, at, ok := edgeSpace(got); ok {
		return Errorf(ECodeEdgeSpace, "The span %d–%d %s with %s; select the words alone, without the space or mark around them.", s.Start, s.End, at, runeName(r))
	}
	if strings.TrimSpace(s.Annotator) == "" {
		return Errorf(ECodeEmpty, "The span has no annotator; set your name before annotating.")
	}
	if err := ValidateAnnotator(s.Annotator); err != nil {
		return err
	}
	if !s.Origin.Valid() {
		return Errorf(ECodeInvalid, "The span's origin %q is unknown; use manual, imported or suggested.", s.Origin)
	}
	if s.Text != "" && s.Text != got {
		return Errorf(ECodeMismatch, "The span %d–%d says %q but the text there is %q; fix its offsets.", s.Start, s.End, Clip(s.Text, MaxShown), Clip(got, MaxShown))
	}
	return nil
}

// sliceOnce is SliceChecked in one pass over the text up to end, not
// three: an import checks every span of every document with it.
func sliceOnce(text string, start, end int) (string, error) {
	if start < 0 || end < start {
		return "", checkRange(start, end, 0)
	}
	from, short := AdvanceCodePoints(text, 0, start)
	to, short2 := AdvanceCodePoints(text, from, end-start)
	if short > 0 || short2 > 0 {
		return "", checkRange(start, end, RuneLen(text))
	}
	return text[from:to], nil
}

func entityNames(schema *Schema) string {
	names := make([]string, len(schema.Entities))
	for i, l := range schema.Entities {
		names[i] = l.Name
	}
	return LabelList(names)
}

func stanceNames(schema *Schema) string {
	names := make([]string, len(schema.Stances))
	for i, l := range schema.Stances {
		names[i] = l.Name
	}
	return LabelList(names)
}

// LabelList joins a schema's label names for a message, each printable
// and clipped and the whole list cut after maxListed code points: a
// schema stored before labels were checked may hold anything.
func LabelList(names []string) string {
	const maxListed = 200
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		if b.Len() > maxListed {
			fmt.Fprintf(&b, "and %d more", len(names)-i)
			break
		}
		b.WriteString(Shown(n))
	}
	return b.String()
}

// findSpan returns the span with id among spans.
func findSpan(spans []Span, id int64) (*Span, bool) {
	for i := range spans {
		if spans[i].ID == id {
			return &spans[i], true
		}
	}
	return nil, false
}

// findTarget returns the target with id among targets.
func findTarget(targets []Target, id int64) (*Target, bool) {
	for i := range targets {
		if targets[i].ID == id {
			return &targets[i], true
		}
	}
	return nil, false
}

// Validate checks that t can be stored on doc: it belongs to doc, its
// name is not blank, is valid UTF-8 and has no U+0000, and each mention is the ID of a span of doc found in
// spans, listed once.
func (t *Target) Validate(doc *Document, spans []Span) error {
	if t.DocumentID != doc.ID {
		return Errorf(ECodeOtherDoc, "The target belongs to document %d, not to document %d.", t.DocumentID, doc.ID)
	}
	if strings.TrimSpace(t.Name) == "" {
		return Errorf(ECodeEmpty, "The target has no name; give it a canonical name such as the full name of the person.")
	}
	if !utf8.ValidString(t.Name) {
		return Errorf(ECodeInvalid, "The target name %s is not valid UTF-8; type it again.", Shown(t.Name))
	}
	if strings.IndexByte(t.Name, 0) >= 0 {
		_, col := nulAt(t.Name)
		return Errorf(ECodeInvalid, "The target name %s has a NUL character (U+0000) at character %d; remove it.", Shown(t.Name), col)
	}
	seen := make(map[int64]bool, len(t.Mentions))
	for _, id := range t.Mentions {
		if seen[id] {
			return Errorf(ECodeDuplicate, "Span %d is listed twice as a mention of %q; list it once.", id, t.Name)
		}
		seen[id] = true
		sp, ok := findSpan(spans, id)
		if !ok {
			return Errorf(ECodeNotFound, "Mention span %d of %q does not exist; it may have been deleted.", id, t.Name)
		}
		if sp.DocumentID != doc.ID {
			return Errorf(ECodeOtherDoc, "Mention span %d of %q belongs to another document.", id, t.Name)
		}
		if sp.Kind != SpanEntity {
			return Errorf(ECodeInvalid, "Span %d (%q) is evidence, not a mention of %q; label the name itself and make the target from that.", id, sp.Text, t.Name)
		}
	}
	return nil
}

// Validate checks that st can be stored on doc: it belongs to doc, its
// target is a target of doc, its holder is AuthorHolder or another target
// of doc, its note is valid UTF-8 without U+0000, its label is one of
// the schema's stance labels, and its evidence
// spans are spans of doc, each listed once.
func (st *Stance) Validate(doc *Document, schema *Schema, targets []Target, spans []Span) error {
	if st.DocumentID != doc.ID {
		return Errorf(ECodeOtherDoc, "The stance belongs to document %d, not to document %d.", st.DocumentID, doc.ID)
	}
	tg, ok := findTarget(targets, st.TargetID)
	if !ok {
		return Errorf(ECodeNotFound, "The stance's target %d does not exist; pick a target of this document.", st.TargetID)
	}
	if tg.DocumentID != doc.ID {
		return Errorf(ECodeOtherDoc, "The stance's target %q belongs to another document.", tg.Name)
	}
	if st.Holder != AuthorHolder {
		if st.Holder == st.TargetID {
			return Errorf(ECodeInvalid, "%q cannot hold a stance towards itself; pick another holder or the author.", tg.Name)
		}
		h, ok := findTarget(targets, st.Holder)
		if !ok {
			return Errorf(ECodeNotFound, "The stance's holder %d does not exist; pick a target of this document or the author.", st.Holder)
		}
		if h.DocumentID != doc.ID {
			return Errorf(ECodeOtherDoc, "The stance's holder %q belongs to another document.", h.Name)
		}
	}
	if !utf8.ValidString(st.Note) {
		return Errorf(ECodeInvalid, "The stance's note is not valid UTF-8; type it again.")
	}
	if strings.IndexByte(st.Note, 0) >= 0 {
		line, col := nulAt(st.Note)
		return Errorf(ECodeInvalid, "The stance's note has a NUL character (U+0000) at line %d, character %d; remove it.", line, col)
	}
	if _, ok := schema.Stance(st.Label); !ok {
		if len(schema.Stances) == 0 {
			return Errorf(ECodeUnknownLabel, "Stance label %q is not in the schema, which has no stance labels; add some first.", st.Label)
		}
		return Errorf(ECodeUnknownLabel, "Stance label %q is not in the schema; use one of %s.", st.Label, stanceNames(schema))
	}
	seen := make(map[int64]bool, len(st.Evidence))
	for _, id := range st.Evidence {
		if seen[id] {
			return Errorf(ECodeDuplicate, "Evidence span %d is listed twice; list it once.", id)
		}
		seen[id] = true
		sp, ok := findSpan(spans, id)
		if !ok {
			return Errorf(ECodeNotFound, "Evidence span %d does not exist; it may have been deleted.", id)
		}
		if sp.DocumentID != doc.ID {
			return Errorf(ECodeOtherDoc, "Evidence span %d belongs to another document.", id)
		}
	}
	return nil
}

// Validate checks that sc is usable: it has at least one entity label;
// label names are non-empty, contain no white space and are unique across
// entity and stance labels (so a name alone says which label is meant);
// colours are "#rrggbb"; entity hotkeys are a digit 1–9, stance hotkeys a
// Latin letter (Fyne names keys by their Latin letter whatever the
// keyboard layout); hotkeys are unique, letters compared without case. An
// empty hotkey means the label has none.
func (sc *Schema) Validate() error {
	if len(sc.Entities) == 0 {
		return Errorf(ECodeEmpty, "The schema has no entity labels; add at least one, such as PER.")
	}
	names := map[string]bool{}
	keys := map[string]string{}
	checkName := func(kind, name string) error {
		if name == "" {
			return Errorf(ECodeEmpty, "%s label has no name; give it a short name such as PER.", kind)
		}
		if strings.IndexFunc(name, unicode.IsSpace) >= 0 {
			return Errorf(ECodeInvalid, "Label name %q contains white space; use a single word such as %s.", Clip(name, MaxShown), Shown(strings.Join(strings.Fields(name), "_")))
		}
		if r, ok := controlIn(name); ok {
			return Errorf(ECodeInvalid, "Label name %s contains a control character (U+%04X); use letters, digits and punctuation only.", Shown(name), r)
		}
		if !utf8.ValidString(name) {
			return Errorf(ECodeInvalid, "Label name %s is not valid UTF-8; type it again.", Shown(name))
		}
		if names[name] {
			return Errorf(ECodeDuplicate, "Label name %s is used twice; give each label its own name.", Shown(name))
		}
		names[name] = true
		return nil
	}
	checkKey := func(name, key string) error {
		if key == "" {
			return nil
		}
		k := strings.ToUpper(key)
		if other, ok := keys[k]; ok {
			return Errorf(ECodeDuplicate, "Hotkey %s is used by both %s and %s; give each label its own key.", Shown(key), Shown(other), Shown(name))
		}
		keys[k] = name
		return nil
	}
	for _, l := range sc.Entities {
		if err := checkName("An entity", l.Name); err != nil {
			return err
		}
		if !validColor(l.Color) {
			return Errorf(ECodeInvalid, "Label %s has colour %q; write colours as #rrggbb, e.g. #e4572e.", Shown(l.Name), Clip(l.Color, MaxShown))
		}
		if l.Hotkey != "" && (len(l.Hotkey) != 1 || l.Hotkey[0] < '1' || l.Hotkey[0] > '9') {
			return Errorf(ECodeInvalid, "Label %s has hotkey %q; entity hotkeys are a single digit from 1 to 9.", Shown(l.Name), Clip(l.Hotkey, MaxShown))
		}
		if err := checkKey(l.Name, l.Hotkey); err != nil {
			return err
		}
	}
	for _, l := range sc.Stances {
		if err := checkName("A stance", l.Name); err != nil {
			return err
		}
		if l.Hotkey != "" && (len(l.Hotkey) != 1 || !isLatinLetter(l.Hotkey[0])) {
			return Errorf(ECodeInvalid, "Stance label %s has hotkey %q; stance hotkeys are a single letter from A to Z.", Shown(l.Name), Clip(l.Hotkey, MaxShown))
		}
		if err := checkKey(l.Name, l.Hotkey); err != nil {
			return err
		}
	}
	return nil
}

func isLatinLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func validColor(c string) bool {
	if len(c) != 7 || c[0] != '#' {
		return false
	}
	for i := 1; i < 7; i++ {
		x := c[i]
		if !(x >= '0' && x <= '9' || x >= 'a' && x <= 'f' || x >= 'A' && x <= 'F') {
			return false
		}
	}
	return true
}

// CheckOverlap checks that s may be added to a document that already has
// the spans existing. The same span twice (same start, end, label and
// annotator) is always refused; overlapping or nested spans are refused
// only when the schema does not allow overlap. Only spans of the same
// document and annotator are compared, since each annotator's spans are a
// separate layer, and a span with the same non-zero ID as s is skipped, so
// an edited span is not compared with its old self.
func CheckOverlap(schema *Schema, existing []Span, s Span) error {
	for _, e := range existing {
		if e.DocumentID != s.DocumentID || e.Annotator != s.Annotator || (s.ID != 0 && e.ID == s.ID) {
			continue
		}
		if e.Kind != s.Kind {
			// A quote holds the names in it: evidence and entities are
			// separate layers that never conflict.
			continue
		}
		if e.Start == s.Start && e.End == s.End && e.Label == s.Label {
			if s.Kind == SpanEvidence {
				return Errorf(ECodeDuplicate, "This text (%d–%d) is already an evidence span.", s.Start, s.End)
			}
			return Errorf(ECodeDuplicate, "This text (%d–%d) is already labelled %s.", s.Start, s.End, s.Label)
		}
		if !schema.AllowOverlap && s.Kind == SpanEntity && e.Start < s.End && s.Start < e.End {
			return Errorf(ECodeInvalid, "The selection %d–%d overlaps the %s span %d–%d, and this schema does not allow overlapping spans; delete that span first or select other text.", s.Start, s.End, e.Label, e.Start, e.End)
		}
	}
	return nil
}

// SchemaChangeCheck checks that replacing schema old by new loses no
// label still in use. usage maps a label name to the number of spans (for
// entity labels) or stances (for stance labels) that use it. Renaming a
// label counts as deleting it. new must also be valid on its own.
func SchemaChangeCheck(old, new *Schema, usage map[string]int) error {
	if err := new.Validate(); err != nil {
		return err
	}
	for _, l := range old.Entities {
		if _, ok := new.Entity(l.Name); !ok && usage[l.Name] > 0 {
			return Errorf(ECodeInUse, "Label %s is used by %s; relabel or delete %s first.", l.Name, count(usage[l.Name], "span"), them(usage[l.Name]))
		}
	}
	for _, l := range old.Stances {
		if _, ok := new.Stance(l.Name); !ok && usage[l.Name] > 0 {
			return Errorf(ECodeInUse, "Stance label %s is used by %s; relabel or delete %s first.", l.Name, count(usage[l.Name], "stance"), them(usage[l.Name]))
		}
	}
	return nil
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// nulAt is where the first U+0000 in s is, as an editor counts: line and
// character from 1, characters in code points. s must hold one.
//
// SQLite stores U+0000 in TEXT, PostgreSQL refuses it (SQLSTATE 22021),
// as it refuses invalid UTF-8: refused here, every text that one backend
// stores the other stores too, so an import or a copy between them never
// fails halfway on it.
func nulAt(s string) (line, col int) {
	before := s[:strings.IndexByte(s, 0)]
	line = strings.Count(before, "\n") + 1
	col = utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return line, col
}
