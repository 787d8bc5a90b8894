package dataset

import (
	"bytes"
	"encoding/json"
	"testing"
)

// escapeTexts need escaping in JSON, or look as if they might.
var escapeTexts = []string{
	"", "plain", "قال", `say "hi"`, `back\slash`, "tab\there", "nl\n", "\x00\x1f",
	"line\u2028sep\u2029", "<b>&amp;</b>", "\xff bad UTF-8", "👍🏽", "\u00e2\u0080",
}

// TestEncodeProdigy checks that encodeProdigy writes what encoding/json
// writes for the same task.
func TestEncodeProdigy(t *testing.T) {
	for _, s := range escapeTexts {
		checkEncodeProdigy(t, s)
	}
}

func FuzzEncodeProdigy(f *testing.F) {
	for _, s := range escapeTexts {
		f.Add(s)
	}
	f.Fuzz(checkEncodeProdigy)
}

func checkEncodeProdigy(t *testing.T, s string) {
	h := 2
	out := prodigyOut{
		Text: s + " " + s, Meta: json.RawMessage(` { "a" : [1, 2] } `), InputHash: -5, TaskHash: 7,
		Tokens:  []prodigyToken{{Text: s, Start: 0, End: 3, ID: 0, WS: true}, {Text: s, Start: 4, End: 7, ID: 1}},
		Spans:   []prodigySpanOut{{Start: 0, End: 3, TokenStart: &h, TokenEnd: &h, Label: "PER", Text: s}},
		Targets: []targetJSON{{Name: s, Mentions: []int{0}}}, Stances: []stanceJSON{{Target: 0, Label: "FAVOR", Evidence: []int{}, Note: s}},
		ViewID: "spans_manual", Answer: "accept", Annotator: s, Timestamp: 1700000000,
	}
	for _, o := range []prodigyOut{out, {Tokens: []prodigyToken{}, Spans: []prodigySpanOut{}}} {
		got, err := appendProdigy(nil, &o, &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		e := json.NewEncoder(&want)
		e.SetEscapeHTML(false)
		if err := e.Encode(&o); err != nil {
			t.Fatal(err)
		}
		if string(got) != want.String() {
			t.Fatalf("%q:\n got %s\nwant %s", s, got, want.String())
		}
	}
}
