package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"hashiya/annotate"
	"hashiya/annotate/dataset"
	"hashiya/storage"
	"hashiya/storage/storagetest"
)

// emptyDB returns the path of a new, empty database.
func emptyDB(t *testing.T) string {
	t.Helper()
	path := storagetest.Name(t, "h.db")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path
}

func mustImport(t *testing.T, db string, args ...string) {
	t.Helper()
	code, stdout, stderr := run(t, Import, append([]string{"--db", db, "--as", "amina"}, args...)...)
	if code != 0 {
		t.Fatalf("import %v: code %d\n%s%s", args, code, stdout, stderr)
	}
}

func mustExport(t *testing.T, db string, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.jsonl")
	code, _, stderr := run(t, Export, append([]string{"--db", db, "-o", out}, args...)...)
	if code != 0 {
		t.Fatalf("export %v: code %d\n%s", args, code, stderr)
	}
	return out
}

// annotated is a database's content with IDs and times left out, so two
// databases can be compared.
type annotated struct {
	Text   string
	Meta   string
	Status annotate.Status
	Spans  []string
}

func contents(t *testing.T, path string) []annotated {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var out []annotated
	err = db.EachDocument(ctx, func(d annotate.Document) error {
		a := annotated{Text: d.Text, Meta: string(d.Meta)}
		ann, err := db.Annotations(ctx, d.ID, "amina")
		if err != nil {
			return err
		}
		for _, s := range ann.Spans {
			a.Spans = append(a.Spans, fmt.Sprintf("%s[%d,%d)=%q", s.Label, s.Start, s.End, s.Text))
		}
		st, err := db.Status(ctx, d.ID, "amina")
		a.Status = st.Status
		out = append(out, a)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRoundTripDatabase: import → export → import gives the same
// documents and annotations, for each import format and offset unit.
func TestRoundTripDatabase(t *testing.T) {
	first := emptyDB(t)
	mustImport(t, first, "testdata/corpus.jsonl")
	want := contents(t, first)
	if len(want) != 8 || len(want[0].Spans) != 6 {
		t.Fatalf("corpus imported wrongly: %+v", want)
	}
	if want[5].Text != "First line\nThe United Nations met in Geneva.\nEnd.\n" || want[7].Status != annotate.StatusSkipped {
		t.Fatalf("corpus not frozen or statuses lost: %+v", want)
	}
	for _, c := range []struct{ format, unit string }{{"prodigy", "codepoint"}, {"prodigy", "utf16"}, {"doccano", "codepoint"}, {"doccano", "utf16"}} {
		t.Run(c.format+"_"+c.unit, func(t *testing.T) {
			file := mustExport(t, first, "--format", c.format, "--offsets", c.unit)
			second := emptyDB(t)
			mustImport(t, second, "--format", c.format, "--offsets", c.unit, file)
			got := contents(t, second)
			if c.format == "doccano" {
				for i := range got { // doccano has no statuses
					got[i].Status = want[i].Status
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip changed the annotations:\n got %+v\nwant %+v", got, want)
			}
			// And the export of the copy is the export of the original.
			again := mustExport(t, second, "--format", c.format, "--offsets", c.unit)
			if a, b := stripVolatile(t, file), stripVolatile(t, again); a != b && c.format == "prodigy" {
				t.Errorf("second export differs:\n%s\n%s", a, b)
			}
		})
	}
}

// stripVolatile drops the fields that record when a database was written.
func stripVolatile(t *testing.T, path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "_timestamp")
		out, _ := json.Marshal(m)
		b.Write(out)
		b.WriteByte('\n')
	}
	return b.String()
}

// TestPythonReadsOffsets checks an export the way a Python consumer reads
// it: text[start:end] == span text for every span and token.
func TestPythonReadsOffsets(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed; the Python consumer check needs it")
	}
	db := emptyDB(t)
	mustImport(t, db, "testdata/corpus.jsonl")
	for _, c := range []struct{ format, unit string }{{"prodigy", "codepoint"}, {"prodigy", "utf16"}} {
		file := mustExport(t, db, "--format", c.format, "--offsets", c.unit)
		out, err := exec.Command(python, "testdata/check_spans.py", c.format, c.unit, file).CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: python says %v:\n%s", c.format, c.unit, err, out)
		}
		if n, _ := strconv.Atoi(strings.TrimSpace(string(out))); n < 100 {
			t.Errorf("%s %s: python checked only %s spans and tokens", c.format, c.unit, out)
		}
	}
	// spaCy and Hugging Face consumers: every span survives strict
	// character-to-token alignment, and the BIO tags rebuild exactly the
	// spans the Prodigy export holds.
	prodigy := mustExport(t, db, "--format", "prodigy")
	for _, c := range []struct {
		format string
		extra  []string
	}{{"spacy", nil}, {"hf", []string{prodigy}}} {
		file := mustExport(t, db, "--format", c.format)
		out, err := exec.Command(python, append([]string{"testdata/check_spans.py", c.format, "codepoint", file}, c.extra...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("%s: python says %v:\n%s", c.format, err, out)
		}
		if n, _ := strconv.Atoi(strings.TrimSpace(string(out))); n < 10 {
			t.Errorf("%s: python checked only %s spans", c.format, out)
		}
	}
}

// corrupt changes a stored span's text behind the database's back, as a
// bug or a hand edit would.
func corrupt(t *testing.T, path string) (docID, spanID int64) {
	t.Helper()
	storagetest.QueryRow(t, path, `SELECT document_id, id FROM spans WHERE text = 'Berlin'`, nil, &docID, &spanID)
	storagetest.Exec(t, path, `UPDATE spans SET text = 'Bonn' WHERE id = ?`, spanID)
	return docID, spanID
}

func TestExportMismatchWritesNothing(t *testing.T) {
	db := emptyDB(t)
	mustImport(t, db, "testdata/corpus.jsonl")
	docID, spanID := corrupt(t, db)
	want := fmt.Sprintf("Document %d, span %d (LOC): its stored text \"Bonn\" differs from the document's text \"Berlin\"", docID, spanID)

	// To stdout: the checking pass fails before a byte is written.
	code, stdout, stderr := run(t, Export, "--db", db)
	if code != 1 || stdout != "" || !strings.Contains(stderr, want) {
		t.Errorf("stdout export: code %d, stdout %d bytes, stderr %q", code, len(stdout), stderr)
	}
	// To a file: the old file stays, and no temporary file is left.
	dir := t.TempDir()
	out := write(t, dir, "out.jsonl", "the previous good export\n")
	code, _, stderr = run(t, Export, "--db", db, "-o", out, "--format", "conll")
	if code != 1 || !strings.Contains(stderr, want) {
		t.Errorf("file export: code %d, stderr %q", code, stderr)
	}
	if data, _ := os.ReadFile(out); string(data) != "the previous good export\n" {
		t.Errorf("the old export was touched: %q", data)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}

	code, stdout, stderr = run(t, Check, "--db", db)
	if code != 1 || !strings.Contains(stdout, fmt.Sprintf("document %d, span %d:", docID, spanID)) || !strings.Contains(stderr, "1 problem found") {
		t.Errorf("check: code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestExportReplacesFile(t *testing.T) {
	db := emptyDB(t)
	mustImport(t, db, "testdata/corpus.jsonl")
	dir := t.TempDir()
	out := write(t, dir, "out.conll", "old\n")
	code, stdout, stderr := run(t, Export, "--db", db, "-o", out, "--format", "conll", "--done-only")
	if code != 0 || stdout != "" || stderr != "exported 6 documents (6 document-annotator pairs) as conll, offsets in codepoint\n" {
		t.Fatalf("code %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("output %v, %v", fi, err)
	}
	f, _ := os.Open(out)
	defer f.Close()
	sc := bufio.NewScanner(f)
	docs := 0
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "-DOCSTART-") {
			docs++
		}
	}
	if docs != 6 {
		t.Errorf("%d documents in the CoNLL file, want 6", docs)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestExportFilters(t *testing.T) {
	db := emptyDB(t)
	mustImport(t, db, "testdata/corpus.jsonl")
	mustImport(t, db, "--as", "omar", write(t, t.TempDir(), "more.jsonl", `{"text":"Omar's own document about Cairo.","spans":[{"start":27,"end":32,"label":"LOC"}]}`))
	for _, c := range []struct {
		args    []string
		want    int
		summary string
	}{
		// doccano's own front end counts UTF-16 units, so that is the
		// default for it; --offsets still chooses.
		{nil, 9, "exported 9 documents (9 document-annotator pairs) as doccano, offsets in utf16\n"},
		{[]string{"--offsets", "codepoint"}, 9, "exported 9 documents (9 document-annotator pairs) as doccano, offsets in codepoint\n"},
		{[]string{"--annotator", "omar"}, 1, "exported 1 document (1 document-annotator pair) as doccano, offsets in utf16\n"},
		{[]string{"--annotator", "amina", "--done-only"}, 6, "exported 6 documents (6 document-annotator pairs) as doccano, offsets in utf16\n"},
		{[]string{"--annotator", "nobody"}, 0, "exported nothing: annotator \"nobody\" has no work to export (hashiya stats lists the annotators).\n"},
		{[]string{"--annotator", "omar", "--done-only"}, 0, "exported nothing: annotator \"omar\" has marked no document done.\n"},
	} {
		code, stdout, stderr := run(t, Export, append([]string{"--db", db, "--format", "doccano"}, c.args...)...)
		if code != 0 {
			t.Fatalf("%v: code %d %s", c.args, code, stderr)
		}
		if n := strings.Count(stdout, "\n"); n != c.want {
			t.Errorf("%v: %d lines, want %d", c.args, n, c.want)
		}
		if stderr != c.summary {
			t.Errorf("%v: summary %q, want %q", c.args, stderr, c.summary)
		}
	}
	code, stdout, stderr := run(t, Export, "--db", db, "--format", "stance")
	if code != 0 || stdout != "" || stderr != "exported nothing: no stance has been recorded yet.\n" {
		t.Errorf("stance export of a corpus without stances: code %d, %q, %q", code, stdout, stderr)
	}
}

func TestStats(t *testing.T) {
	db := emptyDB(t)
	mustImport(t, db, "testdata/corpus.jsonl")
	code, stdout, stderr := run(t, Stats, "--db", db)
	if code != 0 {
		t.Fatalf("code %d: %s", code, stderr)
	}
	for _, want := range []string{"documents  8", "amina", "LOC", "targets  0"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stats lack %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = run(t, Check, "--db", db)
	if code != 0 || stdout != "ok\n" {
		t.Errorf("check of a good database: code %d, %q", code, stdout)
	}
}

// TestImportTargetsAndStances: targets and stances in a Prodigy task are
// imported in the import's transaction when storage.Import can take them
// (AddTarget, AddStance); until then the line is refused with a sentence
// and nothing is imported.
func TestImportTargetsAndStances(t *testing.T) {
	const targets = `"targets":[{"name":"the plan","topic":true,"mentions":[]},{"name":"Angela Merkel","topic":false,"mentions":[0,1]}]`
	const stances = `"stances":[{"target":0,"holder":1,"label":"FAVOR","evidence":[1],"note":"supports"},{"target":1,"holder":null,"label":"NEUTRAL","evidence":[],"note":""}]`
	db := newDB(t)
	in := write(t, t.TempDir(), "in.jsonl", `{"text":"Angela Merkel spoke. Merkel supports the plan.","spans":[{"start":0,"end":13,"label":"PER"},{"start":21,"end":27,"label":"PER"}],`+targets+`,`+stances+`}`)
	if _, ok := any(&storage.Import{}).(stanceImporter); !ok {
		before := snapshot(t, db)
		code, _, stderr := run(t, Import, "--db", db, in)
		if code != 1 || !strings.Contains(stderr, in+`:1: The task has targets and stances, which this version of Hashiya cannot import yet`) {
			t.Errorf("code %d, stderr %q", code, stderr)
		}
		if snapshot(t, db) != before {
			t.Error("the database changed")
		}
		return
	}
	mustImport(t, db, in)
	data, _ := os.ReadFile(mustExport(t, db, "--annotator", "amina"))
	for _, want := range []string{targets, stances} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the export lacks %s:\n%s", want, data)
		}
	}
}

// TestExportStances adds targets and stances through the editing API, as
// the UI does, and checks the stance and Prodigy exports and the stats.
func TestExportStances(t *testing.T) {
	path := emptyDB(t)
	mustImport(t, path, "testdata/corpus.jsonl")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const doc = 2 // "Barack Obama met Angela Merkel in Berlin on Tuesday. Merkel said ..."
	ann, err := db.Annotations(ctx, doc, "amina")
	if err != nil || len(ann.Spans) != 4 {
		t.Fatalf("annotations %+v, %v", ann, err)
	}
	angela, merkel := ann.Spans[1], ann.Spans[3]
	if angela.Text != "Angela Merkel" || merkel.Text != "Merkel" {
		t.Fatalf("unexpected spans %+v", ann.Spans)
	}
	plan, err := db.AddTarget(ctx, annotate.Target{DocumentID: doc, Name: "the plan", Annotator: "amina"})
	if err != nil {
		t.Fatal(err)
	}
	person, err := db.AddTarget(ctx, annotate.Target{DocumentID: doc, Name: "Angela Merkel", Mentions: []int64{angela.ID, merkel.ID}, Annotator: "amina"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddStance(ctx, annotate.Stance{DocumentID: doc, TargetID: plan.ID, Holder: person.ID, Label: "FAVOR", Evidence: []int64{merkel.ID}, Note: "said she supports", Annotator: "amina"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddStance(ctx, annotate.Stance{DocumentID: doc, TargetID: person.ID, Holder: annotate.AuthorHolder, Label: "NEUTRAL", Annotator: "amina"}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	type span struct {
		Start, End  int
		Label, Text string
	}
	type row struct {
		DocumentID     int64  `json:"document_id"`
		Target         string `json:"target"`
		TargetMentions []span `json:"target_mentions"`
		Holder         string `json:"holder"`
		HolderKind     string `json:"holder_kind"`
		HolderMentions []span `json:"holder_mentions"`
		Label          string `json:"label"`
		Evidence       []span `json:"evidence"`
		Note           string `json:"note"`
		Annotator      string `json:"annotator"`
		Offsets        string `json:"offsets"`
	}
	var rows []row
	file := mustExport(t, path, "--format", "stance", "--offsets", "utf16")
	data, _ := os.ReadFile(file)
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r row
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, r)
	}
	if len(rows) != 2 {
		t.Fatalf("%d stance rows, want 2:\n%s", len(rows), data)
	}
	// The summary counts stances, and only the documents that have some.
	if _, _, stderr := run(t, Export, "--db", path, "--format", "stance", "--offsets", "utf16"); stderr != "exported 2 stances from 1 document as stance, offsets in utf16\n" {
		t.Errorf("summary %q", stderr)
	}
	r := rows[0]
	if r.DocumentID != doc || r.Target != "the plan" || r.Holder != "Angela Merkel" || r.HolderKind != "speaker" || len(r.HolderMentions) != 2 ||
		r.Label != "FAVOR" || len(r.Evidence) != 1 || r.Evidence[0] != (span{53, 59, "PER", "Merkel"}) || r.Note != "said she supports" ||
		r.Annotator != "amina" || r.Offsets != "utf16" || len(r.TargetMentions) != 0 {
		t.Errorf("first stance row wrong: %+v", r)
	}
	if r := rows[1]; r.Holder != "author" || r.HolderKind != "author" || r.Target != "Angela Merkel" || r.Label != "NEUTRAL" || len(r.TargetMentions) != 2 {
		t.Errorf("second stance row wrong: %+v", r)
	}
	if python, err := exec.LookPath("python3"); err == nil {
		if out, err := exec.Command(python, "testdata/check_spans.py", "stance", "utf16", file).CombinedOutput(); err != nil {
			t.Errorf("python: %v\n%s", err, out)
		}
	}

	// Prodigy carries them as indices.
	data, _ = os.ReadFile(mustExport(t, path, "--format", "prodigy"))
	line := strings.Split(string(data), "\n")[1]
	for _, want := range []string{
		`"targets":[{"name":"the plan","topic":false,"mentions":[]},{"name":"Angela Merkel","topic":false,"mentions":[1,3]}]`,
		`"stances":[{"target":0,"holder":1,"label":"FAVOR","evidence":[3],"note":"said she supports"},{"target":1,"holder":null,"label":"NEUTRAL","evidence":[],"note":""}]`,
	} {
		if !strings.Contains(line, want) {
			t.Errorf("Prodigy line lacks %s:\n%s", want, line)
		}
	}

	code, stdout, _ := run(t, Stats, "--db", path)
	for _, want := range []string{`(?m)^targets +2$`, `(?m)^FAVOR +1$`, `(?m)^NEUTRAL +1$`} {
		if code != 0 || !regexp.MustCompile(want).MatchString(stdout) {
			t.Errorf("stats lack %q:\n%s", want, stdout)
		}
	}
}

// TestExportStanceCSV: the stance CSV has SemEval's columns first, one
// row per stance, and a text with line breaks, commas and quotes stays
// one field; the summary counts rows, not lines.
func TestExportStanceCSV(t *testing.T) {
	path := emptyDB(t)
	const text = "قال الوزير: \"ندعم الخطة\"، وأضاف.\nوقالت المعارضة، في بيان، إنها ترفضها."
	in := write(t, t.TempDir(), "in.jsonl", `{"text":`+strconv.Quote(text)+`,"spans":[{"start":4,"end":10,"label":"PER"}]}`+"\n")
	mustImport(t, path, in)
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ann, err := db.Annotations(ctx, 1, "amina")
	if err != nil || len(ann.Spans) != 1 || ann.Spans[0].Text != "الوزير" {
		t.Fatalf("annotations %+v, %v", ann, err)
	}
	minister := ann.Spans[0]
	plan, err := db.AddTarget(ctx, annotate.Target{DocumentID: 1, Name: "الخطة", Annotator: "amina"})
	if err != nil {
		t.Fatal(err)
	}
	holder, err := db.AddTarget(ctx, annotate.Target{DocumentID: 1, Name: "الوزير", Mentions: []int64{minister.ID}, Annotator: "amina"})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []annotate.Stance{
		{DocumentID: 1, TargetID: plan.ID, Holder: holder.ID, Label: "FAVOR", Evidence: []int64{minister.ID}, Note: "يقول \"ندعم\"", Annotator: "amina"},
		{DocumentID: 1, TargetID: plan.ID, Holder: annotate.AuthorHolder, Label: "NEUTRAL", Annotator: "amina"},
	} {
		if _, err := db.AddStance(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	out := filepath.Join(t.TempDir(), "stances.csv")
	code, _, stderr := run(t, Export, "--db", path, "--format", "stance-csv", "-o", out)
	if code != 0 || stderr != "exported 2 stances from 1 document as stance-csv\n" {
		t.Fatalf("export: code %d, %q", code, stderr)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		dataset.StanceCSVHeader,
		{"1", "الخطة", text, "FAVOR", "الوزير", "speaker", `["الوزير"]`, `يقول "ندعم"`, "amina", "1", annotate.HashText(text)},
		{"2", "الخطة", text, "NEUTRAL", "author", "author", `[]`, "", "amina", "1", annotate.HashText(text)},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows\n%q\nwant\n%q", rows, want)
	}
	// pandas and csv.DictReader read it as it is.
	if python, err := exec.LookPath("python3"); err == nil {
		script := `import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert len(rows) == 2, rows
assert rows[0]["Tweet"] == sys.argv[2] and rows[0]["Stance"] == "FAVOR", rows[0]
assert json.loads(rows[0]["Evidence"]) == ["الوزير"], rows[0]["Evidence"]
`
		if out, err := exec.Command(python, "-c", script, out, text).CombinedOutput(); err != nil {
			t.Errorf("python: %v\n%s", err, out)
		}
	}
}
