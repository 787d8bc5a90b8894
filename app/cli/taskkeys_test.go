package cli

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestProdigyTaskKeysThroughDatabase: a Prodigy task's own top-level
// keys survive import, storage and the Prodigy export, where they are
// top-level again; the other exports carry them in meta.
func TestProdigyTaskKeysThroughDatabase(t *testing.T) {
	db := emptyDB(t)
	in := write(t, t.TempDir(), "in.jsonl",
		`{"text":"وصل الوفد إلى دمشق.","spans":[{"start":14,"end":18,"label":"LOC"}],"answer":"accept","source":"orient-news","_session_id":"ds-amina","meta":{"url":"x"},"review":{"by":"huda","ok":true}}`+"\n")
	mustImport(t, db, in)
	tests := []struct {
		format string
		check  func(task map[string]json.RawMessage) string
	}{
		{"prodigy", func(task map[string]json.RawMessage) string {
			if string(task["source"]) != `"orient-news"` || string(task["review"]) != `{"by":"huda","ok":true}` {
				return "the task's own keys are not back at the top level"
			}
			if _, ok := task["_session_id"]; ok {
				return "Prodigy's _session_id was kept"
			}
			if strings.Contains(string(task["meta"]), "prodigy_task") || !strings.Contains(string(task["meta"]), `"url":"x"`) {
				return "meta is not the task's own"
			}
			return ""
		}},
		{"doccano", func(task map[string]json.RawMessage) string {
			if !strings.Contains(string(task["meta"]), `"prodigy_task":{"source":"orient-news","review":{"by":"huda","ok":true}}`) {
				return "meta does not keep the task's keys"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		out, err := os.ReadFile(mustExport(t, db, "--format", tt.format))
		if err != nil {
			t.Fatal(err)
		}
		var task map[string]json.RawMessage
		if err := json.Unmarshal(out, &task); err != nil {
			t.Fatalf("%s: %v\n%s", tt.format, err, out)
		}
		if msg := tt.check(task); msg != "" {
			t.Errorf("%s: %s:\n%s", tt.format, msg, out)
		}
	}
}
