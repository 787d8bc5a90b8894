package dataset

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestProdigyTokensAlignWithSpans checks the promise that makes the
// Prodigy export train in spaCy untouched: every span starts on the
// start of its token_start and ends on the end of its token_end, and the
// tokens still tile the text (each token's text is text[start:end], and
// the tokens with a space after each whose ws is true rebuild it).
func TestProdigyTokensAlignWithSpans(t *testing.T) {
	recs, bad, err := readAll(t, corpusJSONL(t), Prodigy, Options{})
	if err != nil || len(bad) > 0 {
		t.Fatal(err, bad)
	}
	for _, u := range []Offsets{Codepoint, UTF16} {
		enc, err := NewEncoder(Prodigy, u)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range itemsOf(recs) {
			line, err := enc.AppendEncode(nil, it)
			if err != nil {
				t.Fatal(err)
			}
			var task struct {
				Text   string
				Tokens []struct {
					Text       string
					Start, End int
					ID         int
					WS         bool
				}
				Spans []struct {
					Start, End  int
					TokenStart  *int `json:"token_start"`
					TokenEnd    *int `json:"token_end"`
					Label, Text string
				}
			}
			if err := json.Unmarshal(line, &task); err != nil {
				t.Fatal(err)
			}
			if task.Spans == nil {
				t.Errorf("%s: spans is null in %s", u, line)
			}
			units := unitsOf(task.Text, u)
			var rebuilt strings.Builder
			for i, tok := range task.Tokens {
				if tok.ID != i || tok.Start >= tok.End || (i > 0 && tok.Start < task.Tokens[i-1].End) {
					t.Fatalf("%s: token %d %+v out of order", u, i, tok)
				}
				if got := join(units[tok.Start:tok.End]); got != tok.Text {
					t.Errorf("%s: token %d is %q but text[%d:%d] is %q", u, i, tok.Text, tok.Start, tok.End, got)
				}
				rebuilt.WriteString(tok.Text)
				if tok.WS {
					rebuilt.WriteByte(' ')
				}
			}
			// spaCy's words and spaces: each token and one space when ws
			// is true rebuild the text exactly.
			if rebuilt.String() != task.Text {
				t.Errorf("%s: tokens and ws rebuild %q, not %q", u, rebuilt.String(), task.Text)
			}
			for _, s := range task.Spans {
				te := s.TokenEnd
				if s.TokenStart == nil || te == nil {
					t.Errorf("%s: span %q [%d,%d) has no token indices", u, s.Text, s.Start, s.End)
					continue
				}
				if task.Tokens[*s.TokenStart].Start != s.Start || task.Tokens[*te].End != s.End {
					t.Errorf("%s: span %q [%d,%d) is tokens %d..%d = [%d,%d)", u, s.Text, s.Start, s.End,
						*s.TokenStart, *te, task.Tokens[*s.TokenStart].Start, task.Tokens[*te].End)
				}
			}
		}
	}
}

// unitsOf splits s into the units offsets count in u: code points, or
// UTF-16 code units (a character outside the BMP gives its text to the
// first of its two units and "" to the second).
func unitsOf(s string, u Offsets) []string {
	var out []string
	for _, r := range s {
		out = append(out, string(r))
		if u == UTF16 && r > 0xFFFF {
			out = append(out, "")
		}
	}
	return out
}

func join(units []string) string { return strings.Join(units, "") }
