package annotate

import (
	"encoding/json"
	"time"
)

// Document is one article to annotate. Its Text is frozen when it is
// stored (see FreezeText) and never changes afterwards, so offsets into it
// stay valid for ever.
type Document struct {
	ID int64
	// Text is the frozen text: LF line endings, NFC.
	Text string
	// Meta is a free JSON object carried from import to export (nil: {}).
	Meta json.RawMessage
	// InputHash is the hex SHA-256 of Text (see HashText).
	InputHash string
	// Source says where the document came from (a file name, a URL...).
	Source  string
	Created time.Time
}

// Status is where one annotator stands with one document.
type Status string

// The statuses a document can have for an annotator.
const (
	StatusTodo       Status = "todo"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
	StatusSkipped    Status = "skipped"
)

// DocStatus is one annotator's status on one document.
type DocStatus struct {
	DocumentID int64
	Annotator  string
	Status     Status
	// ActiveSeconds is the time the annotator spent working on the
	// document, idle time excluded.
	ActiveSeconds float64
	Updated       time.Time
}

// Origin tells how a span came to be.
type Origin string

// Span origins.
const (
	OriginManual    Origin = "manual"
	OriginImported  Origin = "imported"
	OriginSuggested Origin = "suggested"
)

// SpanKind says what a span marks. The zero value is an entity, so that
// spans written before kinds existed (in the edit log, in imports) read
// as what they were.
type SpanKind string

// Span kinds.
const (
	// SpanEntity is a mention of a person, organisation, place...: it
	// has an entity label and goes into the NER exports.
	SpanEntity SpanKind = ""
	// SpanEvidence is a quote or passage that supports a stance: it has
	// no entity label, is never in an NER export, and the stance export
	// carries its text and offsets.
	SpanEvidence SpanKind = "evidence"
)

// String names the kind as the database and exports spell it.
func (k SpanKind) String() string {
	if k == SpanEntity {
		return "entity"
	}
	return string(k)
}

// Span marks a mention in a document's text with an entity label, or
// (Kind SpanEvidence) a passage that is evidence for a stance.
type Span struct {
	ID         int64
	DocumentID int64
	// Start is the code point offset of the first character, from 0.
	Start int
	// End is the code point offset just past the last character (exclusive).
	End int
	// Kind is SpanEntity (with a Label) or SpanEvidence (Label empty).
	Kind      SpanKind
	Label     string
	Annotator string
	Origin    Origin
	// Text is the surface text, text[Start:End] in code points, copied
	// when the span was made; exports check it still matches.
	Text    string
	Created time.Time
	Updated time.Time
}

// Target is what a stance is about within a document: a canonical name
// and the spans that mention it. A target may have no mentions (a policy,
// an idea named in free text).
type Target struct {
	ID         int64
	DocumentID int64
	// Name is the canonical name, e.g. "الولايات المتحدة".
	Name string
	// Mentions are IDs of spans in the same document that refer to it.
	Mentions []int64
	// Topic marks the document's main topic: the stance towards it is the
	// document's overall stance. At most one per document and annotator.
	Topic     bool
	Annotator string
	Created   time.Time
	Updated   time.Time
}

// AuthorHolder is the Holder of a stance held by the article's own voice.
const AuthorHolder int64 = 0

// Stance records that a holder is for, against or neutral towards a target.
type Stance struct {
	ID         int64
	DocumentID int64
	TargetID   int64
	// Holder is the ID of the target that holds the stance (a quoted
	// speaker), or AuthorHolder for the article's own voice.
	Holder int64
	Label  string
	// Evidence are IDs of spans in the same document that support it.
	Evidence  []int64
	Note      string
	Annotator string
	Created   time.Time
	Updated   time.Time
}

// Annotations are one annotator's work on one document.
type Annotations struct {
	Spans   []Span
	Targets []Target
	Stances []Stance
}

// EntityLabel is a label for spans.
type EntityLabel struct {
	Name string
	// Color is "#rrggbb".
	Color string
	// Hotkey is the key that applies the label, e.g. "1".
	Hotkey string
}

// StanceLabel is a label for stances.
type StanceLabel struct {
	Name   string
	Hotkey string
}

// Schema is the set of labels of one database.
type Schema struct {
	Entities []EntityLabel
	Stances  []StanceLabel
	// AllowOverlap lets spans overlap and nest; on by default.
	AllowOverlap bool
	// Guidelines are annotation guidelines in Markdown.
	Guidelines string
}

// DefaultSchema returns the schema a new database starts with.
func DefaultSchema() Schema {
	return Schema{
		Entities: []EntityLabel{
			{Name: "PER", Color: "#e4572e", Hotkey: "1"},
			{Name: "ORG", Color: "#2e86de", Hotkey: "2"},
			{Name: "LOC", Color: "#28a745", Hotkey: "3"},
			{Name: "MISC", Color: "#a05fd0", Hotkey: "4"},
		},
		Stances: []StanceLabel{
			{Name: "FAVOR", Hotkey: "F"},
			{Name: "AGAINST", Hotkey: "A"},
			{Name: "NEUTRAL", Hotkey: "N"},
		},
		AllowOverlap: true,
	}
}

// Entity returns the entity label called name.
func (s *Schema) Entity(name string) (EntityLabel, bool) {
	for _, l := range s.Entities {
		if l.Name == name {
			return l, true
		}
	}
	return EntityLabel{}, false
}

// Stance returns the stance label called name.
func (s *Schema) Stance(name string) (StanceLabel, bool) {
	for _, l := range s.Stances {
		if l.Name == name {
			return l, true
		}
	}
	return StanceLabel{}, false
}

// Token is a word-like unit of the text, as Tokenize finds it. Selections
// snap to tokens.
type Token struct {
	// Start is the code point offset of the token's first character.
	Start int
	// End is the code point offset just past its last character.
	End int
	// Breaks are optional boundaries inside the token, as code point
	// offsets with Start < b < End: after an Arabic proclitic (و ف ب ل ك,
	// لل), so that a span may cover "لائتلاف" inside "للائتلاف".
	Breaks []int
}
