package dataset

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

// taskKeyCases are Prodigy tasks with top-level keys of their own: the
// meta they are stored with, and the top-level keys (after Hashiya's
// own) the Prodigy export gives them back as.
var taskKeyCases = []struct {
	name string
	in   string
	meta string // the document's meta after import
	top  string // the export's kept keys, `"key":value,...`
	err  string // or the line's error
}{
	{name: "source and custom fields",
		in:   `{"text":"Rome","meta":{"a":1},"source":"loader.jsonl","priority":0.5,"custom":{"z":[1,{"y":"ب"}],"a":null}}`,
		meta: `{"a":1,"prodigy_task":{"source":"loader.jsonl","priority":0.5,"custom":{"z":[1,{"y":"ب"}],"a":null}}}`,
		top:  `"source":"loader.jsonl","priority":0.5,"custom":{"z":[1,{"y":"ب"}],"a":null}`},
	{name: "Prodigy's bookkeeping is recomputed, not kept",
		in:   `{"text":"Rome","_input_hash":1,"_task_hash":2,"tokens":[],"_view_id":"ner_manual","_session_id":"ds-amina","_annotator_id":"ds-amina","_timestamp":5,"answer":"accept","label":"CITY"}`,
		meta: `{"prodigy_task":{"label":"CITY"}}`,
		top:  `"label":"CITY"`},
	{name: "only bookkeeping",
		in:   `{"text":"Rome","_input_hash":1,"_task_hash":2,"tokens":[]}`,
		meta: ``, top: ``},
	{name: "no meta, a spaced line",
		in:   `{ "text" : "Rome" , "source" : [ 1 , 2 ] }`,
		meta: `{"prodigy_task":{"source":[1,2]}}`,
		top:  `"source":[1,2]`},
	{name: "keys in the task's order",
		in:   `{"zeta":1,"text":"Rome","alpha":2}`,
		meta: `{"prodigy_task":{"zeta":1,"alpha":2}}`,
		top:  `"zeta":1,"alpha":2`},
	{name: "case matters",
		in:   `{"text":"Rome","Text":"other"}`,
		meta: `{"prodigy_task":{"Text":"other"}}`,
		top:  `"Text":"other"`},
	{name: "meta using the key already",
		in:  `{"text":"Rome","meta":{"prodigy_task":1},"source":"x"}`,
		err: `in.jsonl:1: The task's meta has a "prodigy_task" key, where Hashiya keeps the task's other top-level keys; rename it.`},
}

func TestProdigyTaskKeys(t *testing.T) {
	for _, c := range taskKeyCases {
		t.Run(c.name, func(t *testing.T) {
			recs, bad, err := readAll(t, c.in, Prodigy, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if c.err != "" {
				if len(bad) != 1 || bad[0].Error() != c.err {
					t.Fatalf("errors %v, want %q", bad, c.err)
				}
				return
			}
			if len(bad) > 0 || len(recs) != 1 {
				t.Fatalf("%d records, errors %v", len(recs), bad)
			}
			if got := string(recs[0].Doc.Meta); got != c.meta {
				t.Errorf("meta %s, want %s", got, c.meta)
			}
			out := export(t, itemsOf(recs), Prodigy, Codepoint)
			checkTopLevel(t, out, c.top)
			// Read back, the export gives the same document, meta and
			// all, so a second round trip changes nothing.
			back, bad, err := readAll(t, string(out), Prodigy, Options{})
			if err != nil || len(bad) > 0 || len(back) != 1 {
				t.Fatalf("reading the export back: %v %v", err, bad)
			}
			if got := string(back[0].Doc.Meta); got != c.meta {
				t.Errorf("meta read back %s, want %s", got, c.meta)
			}
			if again := export(t, itemsOf(back), Prodigy, Codepoint); !bytes.Equal(again, out) {
				t.Errorf("second export differs:\n%s\n%s", again, out)
			}
		})
	}
}

// checkTopLevel checks that the export line's members after
// "_timestamp" are top, and that its meta no longer has prodigy_task.
func checkTopLevel(t *testing.T, line []byte, top string) {
	t.Helper()
	var names []string
	var after []string
	seen := false
	err := eachMember(bytes.TrimSpace(line), func(name string, rawName, value jsontext.Value) error {
		names = append(names, name)
		if seen {
			after = append(after, string(rawName)+":"+string(value))
		}
		if name == "_timestamp" {
			seen = true
		}
		if name == "meta" && bytes.Contains(value, []byte(`"prodigy_task"`)) {
			t.Errorf("the export's meta still has prodigy_task: %s", value)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("export line %s: %v", line, err)
	}
	if got := strings.Join(after, ","); got != top {
		t.Errorf("kept top-level keys %s, want %s\nline: %s", got, top, line)
	}
	if !json.Valid(line) {
		t.Errorf("export line is not JSON: %s", line)
	}
	if names[0] != "text" {
		t.Errorf("keys %v", names)
	}
}

// TestSplitTaskKeys: meta whose prodigy_task is not an object, or would
// overwrite the export's own keys, is written as meta, untouched.
func TestSplitTaskKeys(t *testing.T) {
	tests := []struct{ meta, rest, top string }{
		{``, ``, ``},
		{`{"a":1}`, `{"a":1}`, ``},
		{`{"a":1,"prodigy_task":{"s":2},"b":[3]}`, `{"a":1,"b":[3]}`, `,"s":2`},
		{`{"prodigy_task":{}}`, `{}`, ``},
		{`{"prodigy_task":"x"}`, `{"prodigy_task":"x"}`, ``},
		{`{"prodigy_task":{"spans":[]}}`, `{"prodigy_task":{"spans":[]}}`, ``},
		{`{"prodigy_task":{"s":1,"answer":"x"}}`, `{"prodigy_task":{"s":1,"answer":"x"}}`, ``},
		{`{"note":"prodigy_task"}`, `{"note":"prodigy_task"}`, ``},
	}
	for _, tt := range tests {
		rest, top := splitTaskKeys(json.RawMessage(tt.meta))
		if string(rest) != tt.rest || string(top) != tt.top {
			t.Errorf("splitTaskKeys(%s) = %s, %s; want %s, %s", tt.meta, rest, top, tt.rest, tt.top)
		}
	}
}

// FuzzProdigyTaskKeys: whatever a task holds, a task that reads reads
// back from its Prodigy export with the same meta, and after one round
// trip exports the same again.
func FuzzProdigyTaskKeys(f *testing.F) {
	for _, c := range taskKeyCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if strings.ContainsAny(line, "\r\n") {
			return
		}
		recs, _, err := readAll(t, line, Prodigy, Options{})
		if err != nil || len(recs) != 1 {
			return
		}
		out := export(t, itemsOf(recs), Prodigy, Codepoint)
		if !json.Valid(out) {
			t.Fatalf("export of %q is not JSON: %s", line, out)
		}
		back, bad, err := readAll(t, string(out), Prodigy, Options{})
		if err != nil || len(bad) > 0 || len(back) != 1 {
			t.Fatalf("reading the export of %q back: %v %v\n%s", line, err, bad, out)
		}
		// Meta is compared as JSON: keys come back sorted once the task's
		// own keys are merged into it.
		if got, want := normMeta(t, back[0]).Doc.Meta, normMeta(t, recs[0]).Doc.Meta; !bytes.Equal(got, want) {
			t.Fatalf("meta %s read back as %s", recs[0].Doc.Meta, back[0].Doc.Meta)
		}
		// From then on a round trip changes nothing, byte for byte.
		second := export(t, itemsOf(back), Prodigy, Codepoint)
		again, _, _ := readAll(t, string(second), Prodigy, Options{})
		if len(again) != 1 || !bytes.Equal(export(t, itemsOf(again), Prodigy, Codepoint), second) {
			t.Fatalf("the export of %q changes on each round trip", line)
		}
	})
}
