package dataset

import (
	"strings"
	"testing"
	"unicode/utf8"

	"hashiya/annotate"
)

// maxErrorShown is the most a line's message may say, file name and
// line number included: a few hundred characters, whatever the line.
const maxErrorShown = 450

var (
	deep     = 100_000
	bigLabel = strings.Repeat("L", 10<<10)
	bigKey   = strings.Repeat("k", 10<<10)
)

// boundedCases are lines built to make long messages: deep nesting, long
// labels, keys and values. Each must give one error of at most
// maxErrorShown code points that still names what is wrong.
var boundedCases = []struct {
	name   string
	format Format
	in     string
	says   string // a part of the message
}{
	{"100,000 nested objects", Prodigy, `{"text":"a","meta":` + strings.Repeat(`{"a":`, deep) + "1" + strings.Repeat("}", deep) + "}", "…"},
	{"100,000 nested arrays", Prodigy, `{"text":"a","spans":` + strings.Repeat("[", deep) + strings.Repeat("]", deep) + "}", "spans"},
	{"100,000 nested doccano", Doccano, `{"text":"a","x":` + strings.Repeat(`{"a":`, deep) + "1" + strings.Repeat("}", deep) + "}", "…"},
	{"nested and cut short", Prodigy, `{"text":"a","meta":` + strings.Repeat(`{"a":`, 5000), "cut short"},
	{"10 KB span label", Prodigy, `{"text":"Rome","spans":[{"start":0,"end":4,"label":"` + bigLabel + `"}]}`, `"LLLL`},
	{"10 KB doccano label", Doccano, `{"text":"Rome","label":[[0,4,"` + bigLabel + `"]]}`, "not in the schema"},
	{"10 KB stance label", Prodigy, `{"text":"Rome","spans":[{"start":0,"end":4,"label":"LOC"}],"targets":[{"name":"Rome","mentions":[0]}],"stances":[{"target":0,"holder":null,"label":"` + bigLabel + `","evidence":[]}]}`, "stance label"},
	{"10 KB span text", Prodigy, `{"text":"Rome","spans":[{"start":0,"end":4,"label":"LOC","text":"` + bigLabel + `"}]}`, "says its text is"},
	{"10 KB answer", Prodigy, `{"text":"Rome","answer":"` + bigLabel + `"}`, "accept, reject or ignore"},
	{"10 KB status", Prodigy, `{"text":"Rome","meta":{"hashiya_status":"` + bigLabel + `"}}`, "hashiya_status"},
	{"10 KB offsets unit", Prodigy, `{"text":"Rome","meta":{"hashiya_offsets":"` + bigLabel + `"}}`, "--offsets"},
	{"10 KB key twice", Prodigy, `{"text":"Rome","meta":{"` + bigKey + `":1,"` + bigKey + `":2}}`, "twice"},
	{"wrong type under a 10 KB key", Prodigy, `{"text":"Rome","spans":[{"start":0,"end":4,"label":"LOC"}],"targets":[{"name":"x","mentions":[0]}],"stances":[{"target":{"` + bigKey + `":1}}]}`, "stances[0].target"},
}

func TestErrorsBounded(t *testing.T) {
	for _, c := range boundedCases {
		for _, workers := range []int{0, 2} {
			recs, bad, err := readAll(t, c.in, c.format, Options{Workers: workers})
			if err != nil || len(recs) != 0 || len(bad) != 1 {
				t.Errorf("%s: %d records, %d line errors, err %v; want one line error", c.name, len(recs), len(bad), err)
				continue
			}
			msg := bad[0].Error()
			if n := utf8.RuneCountInString(msg); n > maxErrorShown {
				t.Errorf("%s: the message has %d characters, over %d: %.300s…", c.name, n, maxErrorShown, msg)
			}
			if !strings.Contains(msg, c.says) || !strings.HasPrefix(msg, "in.jsonl:1: ") {
				t.Errorf("%s: message %q does not name the line and say %q", c.name, msg, c.says)
			}
		}
	}
}

// TestErrorsPrintable: control characters in a file's name, a label or
// a key reach the message escaped, never raw.
func TestErrorsPrintable(t *testing.T) {
	esc := "\x1b]0;owned\x07\x1b[31m"
	schema := annotate.DefaultSchema()
	schema.Entities[3].Name = "MISC" + esc // stored before labels were checked
	cases := []struct {
		name, file, in string
	}{
		{"file name", "in" + esc + ".jsonl", `not json`},
		{"label", "in.jsonl", `{"text":"Rome","spans":[{"start":0,"end":4,"label":"` + `\u001b[2J` + `"}]}`},
		{"key twice", "in.jsonl", `{"text":"Rome","meta":{"\u001b[2J":1,"\u001b[2J":2}}`},
		{"raw control key twice", "in.jsonl", "{\"text\":\"Rome\",\"meta\":{\"\x1b\":1,\"\x1b\":2}}"},
		{"answer", "in.jsonl", `{"text":"Rome","answer":"\u001b[2J"}`},
	}
	for _, c := range cases {
		r := NewReader(strings.NewReader(c.in), c.file, Prodigy, Options{Schema: &schema})
		_, err := r.Next()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		msg := err.Error()
		for i := 0; i < len(msg); i++ {
			if msg[i] < 0x20 || msg[i] == 0x7f {
				t.Errorf("%s: %q has a raw control byte at %d", c.name, msg, i)
				break
			}
		}
	}
}
