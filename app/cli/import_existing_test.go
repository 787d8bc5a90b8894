package cli

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"hashiya/annotate"
	"hashiya/storage"
)

// The text newDB stores, with seed's LOC span on دمشق [14, 18).
const seededText = "وصل الوفد إلى دمشق."

// line is a Prodigy task on seededText with the given "spans" and more.
func line(rest string) string { return `{"text":"` + seededText + `",` + rest + "}\n" }

const (
	locSpan = `"spans":[{"start":14,"end":18,"label":"LOC"}]`
	orgSpan = `"spans":[{"start":4,"end":9,"label":"ORG"}]`
	stance  = `"spans":[{"start":4,"end":9,"label":"ORG"},{"start":14,"end":18,"label":"LOC"}],` +
		`"targets":[{"name":"الوفد","topic":true,"mentions":[0]}],"stances":[{"target":0,"holder":null,"label":"FAVOR","evidence":[1],"note":""}]`
)

// importStep is one import run against the same database.
type importStep struct {
	args   []string // before the file
	file   string   // in.jsonl (or in.txt when txt is set)
	txt    bool
	code   int
	stdout string
	stderr string // a part stderr must have; "" for none at all
}

// existingImports: documents already stored, imported again with
// annotations; work is every annotator's work afterwards.
var existingImports = []struct {
	name  string
	steps []importStep
	work  map[string]string // annotator → work(...) rendering
}{
	{name: "another annotator's spans are added",
		steps: []importStep{{args: []string{"--as", "amina"}, file: line(orgSpan),
			stdout: "imported 0, duplicates 0, invalid 0, annotations added to 1 existing document\n"}},
		work: map[string]string{"seed": "LOC[14,18)", "amina": "ORG[4,9)"}},
	{name: "the same annotations again change nothing",
		steps: []importStep{{args: []string{"--as", "seed"}, file: line(locSpan), stdout: "imported 0, duplicates 1, invalid 0\n"}},
		work:  map[string]string{"seed": "LOC[14,18)"}},
	{name: "added once, then idempotent",
		steps: []importStep{
			{args: []string{"--as", "amina"}, file: line(stance + `,"answer":"accept"`),
				stdout: "imported 0, duplicates 0, invalid 0, annotations added to 1 existing document\n"},
			{args: []string{"--as", "amina"}, file: line(stance + `,"answer":"accept"`), stdout: "imported 0, duplicates 1, invalid 0\n"},
		},
		work: map[string]string{"seed": "LOC[14,18)", "amina": "ORG[4,9) LOC[14,18) target الوفد* [ORG[4,9)] stance FAVOR by author [LOC[14,18)] done"}},
	{name: "different annotations are refused",
		steps: []importStep{{args: []string{"--as", "seed"}, file: line(orgSpan), code: 1,
			stderr: `in.jsonl:1: The same text is stored already (document 1) with other annotations by "seed"; pass --replace to replace theirs with this line's. Nothing was imported.`}},
		work: map[string]string{"seed": "LOC[14,18)"}},
	{name: "--replace replaces only that annotator's",
		steps: []importStep{
			{args: []string{"--as", "amina"}, file: line(stance), stdout: "imported 0, duplicates 0, invalid 0, annotations added to 1 existing document\n"},
			{args: []string{"--as", "amina", "--replace"}, file: line(locSpan),
				stdout: "imported 0, duplicates 0, invalid 0, annotations added to 1 existing document\n"},
		},
		work: map[string]string{"seed": "LOC[14,18)", "amina": "LOC[14,18)"}},
	{name: "a plain text file again is a duplicate",
		steps: []importStep{{args: []string{"--as", "amina"}, file: seededText, txt: true, stdout: "imported 0, duplicates 1, invalid 0\n"}},
		work:  map[string]string{"seed": "LOC[14,18)"}},
	{name: "a status alone is added to a document with none",
		steps: []importStep{{args: []string{"--as", "amina"}, file: line(`"spans":[],"answer":"accept"`),
			stdout: "imported 0, duplicates 0, invalid 0, annotations added to 1 existing document\n"}},
		work: map[string]string{"seed": "LOC[14,18)", "amina": "done"}},
	{name: "the same text twice in one file with other spans is refused",
		steps: []importStep{{args: []string{"--as", "amina"}, file: line(orgSpan) + line(locSpan), code: 1,
			stderr: `in.jsonl:2: The same text is stored already (document 1) with other annotations by "amina"; pass --replace`}},
		work: map[string]string{"seed": "LOC[14,18)"}},
	{name: "a new document and an existing one in one import",
		steps: []importStep{{args: []string{"--as", "amina"}, file: line(orgSpan) + good + "\n",
			stdout: "imported 1, duplicates 0, invalid 0, annotations added to 1 existing document\n"}},
		work: map[string]string{"seed": "LOC[14,18)", "amina": "ORG[4,9)"}},
}

func TestImportExistingDocument(t *testing.T) {
	for _, c := range existingImports {
		t.Run(c.name, func(t *testing.T) {
			db := newDB(t)
			dir := t.TempDir()
			for i, s := range c.steps {
				name := "in.jsonl"
				if s.txt {
					name = "in.txt"
				}
				in := write(t, dir, name, s.file)
				code, stdout, stderr := run(t, Import, append(append([]string{"--db", db}, s.args...), in)...)
				stderr = strings.ReplaceAll(stderr, in, name)
				if code != s.code || stdout != s.stdout || (s.stderr == "" && stderr != "") || !strings.Contains(stderr, s.stderr) {
					t.Fatalf("step %d: code %d, stdout %q, stderr %q; want %d, %q, %q", i, code, stdout, stderr, s.code, s.stdout, s.stderr)
				}
			}
			got := work(t, db, seededText)
			if !maps.Equal(got, c.work) {
				t.Errorf("work on the stored document:\n got %q\nwant %q", got, c.work)
			}
		})
	}
}

// work renders every annotator's work on the document with text: spans,
// targets (* for the topic), stances and a status other than todo.
func work(t *testing.T, path, text string) map[string]string {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	out := map[string]string{}
	for _, a := range []string{"seed", "amina", "imported"} {
		var docID int64
		if err := db.EachDocument(ctx, func(d annotate.Document) error {
			if d.Text == text {
				docID = d.ID
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		ann, err := db.Annotations(ctx, docID, a)
		if err != nil {
			t.Fatal(err)
		}
		st, err := db.Status(ctx, docID, a)
		if err != nil {
			t.Fatal(err)
		}
		var parts []string
		spanName := map[int64]string{}
		for _, s := range ann.Spans {
			spanName[s.ID] = fmt.Sprintf("%s[%d,%d)", s.Label, s.Start, s.End)
			parts = append(parts, spanName[s.ID])
		}
		names := func(ids []int64) string {
			var n []string
			for _, id := range ids {
				n = append(n, spanName[id])
			}
			return "[" + strings.Join(n, " ") + "]"
		}
		targetName := map[int64]string{0: "author"}
		for _, tg := range ann.Targets {
			star := ""
			if tg.Topic {
				star = "*"
			}
			targetName[tg.ID] = tg.Name
			parts = append(parts, "target "+tg.Name+star+" "+names(tg.Mentions))
		}
		for _, s := range ann.Stances {
			parts = append(parts, "stance "+s.Label+" by "+targetName[s.Holder]+" "+names(s.Evidence))
		}
		if st.Status != "todo" {
			parts = append(parts, string(st.Status))
		}
		if len(parts) > 0 {
			out[a] = strings.Join(parts, " ")
		}
	}
	return out
}
