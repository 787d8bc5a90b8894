package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"hashiya/annotate"
	"hashiya/annotate/agree"
	"hashiya/storage"
	"hashiya/storage/storagetest"
)

// runCmd runs one command and returns its exit code and output.
func runCmd(t *testing.T, cmd func(context.Context, []string, io.Writer, io.Writer) int, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cmd(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

const teamText = "زار الرئيس واشنطن والولايات المتحدة أمس"

// teamDB writes a database where sara and omar annotated teamText
// differently (the fixture of agree.TestSpansArabic) and marked it done,
// and lina annotated it without finishing.
func teamDB(t *testing.T) string {
	t.Helper()
	path := storagetest.Name(t, "team.db")
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	im, err := db.BeginImport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer im.Rollback()
	id, _, err := im.AddDocument(annotate.Document{Text: teamText})
	if err != nil {
		t.Fatal(err)
	}
	span := func(who, sub, label string) {
		i := strings.Index(teamText, sub)
		s := len([]rune(teamText[:i]))
		if _, err := im.AddSpan(annotate.Span{DocumentID: id, Annotator: who, Start: s, End: s + len([]rune(sub)), Label: label}); err != nil {
			t.Fatal(err)
		}
	}
	span("sara", "الرئيس", "PER")
	span("sara", "واشنطن", "LOC")
	span("sara", "والولايات المتحدة", "LOC")
	span("omar", "الرئيس", "PER")
	span("omar", "واشنطن", "ORG")
	span("omar", "الولايات المتحدة", "LOC")
	span("lina", "الرئيس", "PER")
	for _, who := range []string{"sara", "omar"} {
		if err := im.SetStatus(id, who, annotate.StatusDone); err != nil {
			t.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAgreeJSON(t *testing.T) {
	path := teamDB(t)
	code, stdout, stderr := runCmd(t, Agree, "--db", path, "--format", "json", "--arabic-clitics", "--annotators", "sara,omar")
	if code != 0 {
		t.Fatalf("agree: %d %s", code, stderr)
	}
	var rep agree.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if len(rep.Pairs) != 1 || rep.Pairs[0].A != "sara" || rep.Pairs[0].B != "omar" || rep.Documents != 1 {
		t.Fatalf("report = %+v", rep)
	}
	p := rep.Pairs[0]
	// The figures of agree.TestSpansArabic, through storage this time.
	if p.Spans.Exact.Matches != 1 || p.Spans.Exact.A != 3 || p.Spans.Clitic == nil || p.Spans.Boundary != 1 || p.Spans.Overlap.Matches != 2 {
		t.Errorf("spans = %+v", p.Spans)
	}
	if d := float64(p.Tokens.Kappa) - 0.76; d > 1e-12 || d < -1e-12 {
		t.Errorf("κ = %v, want 0.76", p.Tokens.Kappa)
	}
	if !strings.Contains(stdout, `"kappa": null`) {
		t.Error("an undefined stance κ is not null in JSON")
	}
}

func TestAgreeDoneOnly(t *testing.T) {
	path := teamDB(t)
	// lina has not finished: without --all she is not compared at all.
	code, stdout, _ := runCmd(t, Agree, "--db", path, "--format", "json")
	var rep agree.Report
	if err := json.Unmarshal([]byte(stdout), &rep); code != 0 || err != nil {
		t.Fatalf("code %d, %v", code, err)
	}
	if strings.Join(rep.Annotators, ",") != "omar,sara" || len(rep.Pairs) != 1 || rep.Pairs[0].Documents != 1 || rep.Overall.Documents != 1 {
		t.Errorf("without --all: annotators %v, pairs %+v, overall %+v", rep.Annotators, rep.Pairs, rep.Overall)
	}
	// With --all her work counts: three pairs, each on the document.
	code, stdout, _ = runCmd(t, Agree, "--db", path, "--format", "json", "--all")
	rep = agree.Report{}
	if err := json.Unmarshal([]byte(stdout), &rep); code != 0 || err != nil {
		t.Fatalf("code %d, %v", code, err)
	}
	if len(rep.Annotators) != 3 || len(rep.Pairs) != 3 || rep.Overall.Documents != 1 {
		t.Fatalf("--all: annotators %v, %d pairs, overall %+v", rep.Annotators, len(rep.Pairs), rep.Overall)
	}
	for _, p := range rep.Pairs {
		if p.Documents != 1 {
			t.Errorf("%s–%s: %d documents, want 1", p.A, p.B, p.Documents)
		}
	}
}

func TestAgreeTextAndCSV(t *testing.T) {
	path := teamDB(t)
	code, stdout, stderr := runCmd(t, Agree, "--db", path, "--annotators", "sara,omar", "--labels", "LOC,PER", "--arabic-clitics")
	if code != 0 {
		t.Fatalf("agree: %d %s", code, stderr)
	}
	for _, want := range []string{"Agreement of sara, omar on 1 document", "Entity labels: LOC, PER.", "sara–omar", "Fleiss' κ",
		"Krippendorff's αu", "boundary matches", "Lowest agreement first", "زار الرئيس"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("text output lacks %q:\n%s", want, stdout)
		}
	}
	code, stdout, _ = runCmd(t, Agree, "--db", path, "--annotators", "sara,omar", "--format", "csv")
	if code != 0 {
		t.Fatal(code)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "section,a,b,label,document_id,metric,value" {
		t.Errorf("header = %v", rows[0])
	}
	found := false
	for _, r := range rows {
		if r[0] == "tokens" && r[5] == "kappa" {
			v, err := strconv.ParseFloat(r[6], 64)
			found = err == nil && math.Abs(v-0.76) < 1e-12
		}
	}
	if !found {
		t.Errorf("no tokens,kappa,0.76 row:\n%s", stdout)
	}
}

func TestAgreeErrors(t *testing.T) {
	path := teamDB(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--format", "xml"}, 2, `Unknown format "xml": use one of text, json, csv.`},
		{[]string{"extra"}, 2, "agree takes no arguments."},
		{[]string{"--annotators", "sara,nobody", "--all"}, 1, `Annotator "nobody" has no work in this database; it has work by lina, omar, sara.`},
		{[]string{"--annotators", "sara,lina"}, 1, `Annotator "lina" has marked no document done (--all counts unfinished work too); documents are marked done by omar, sara.`},
		{[]string{"--labels", "PER,EVENT"}, 1, `"EVENT" is not an entity label of this database`},
		{[]string{"--annotators", "sara"}, 1, "Agreement needs at least two annotators"},
		{[]string{"--annotators", "sara,sara"}, 1, `Annotator "sara" is listed twice.`},
	} {
		code, stdout, stderr := runCmd(t, Agree, append([]string{"--db", path}, c.args...)...)
		if code != c.code || !strings.Contains(stderr, c.want) || stdout != "" {
			t.Errorf("%v: code %d, stderr %q, stdout %q", c.args, code, stderr, stdout)
		}
	}
}

func TestMergeCommand(t *testing.T) {
	from := teamDB(t)
	team := storagetest.Name(t, "new.db")
	code, stdout, stderr := runCmd(t, Merge, "--db", team, from)
	if code != 0 || !strings.Contains(stdout, "1 document new") || !strings.Contains(stdout, "lina, omar, sara's work brought in (3 documents)") {
		t.Fatalf("merge: %d %q %q", code, stdout, stderr)
	}
	code, stdout, _ = runCmd(t, Merge, "--db", team, from)
	if code != 0 || !strings.Contains(stdout, "3 identical ones already there") {
		t.Errorf("merge again: %d %q", code, stdout)
	}
	// The merged database agrees with itself as the original does.
	_, a, _ := runCmd(t, Agree, "--db", from, "--format", "csv")
	_, b, _ := runCmd(t, Agree, "--db", team, "--format", "csv")
	if a != b {
		t.Errorf("agreement after merge differs:\n%s\nwant:\n%s", b, a)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--db", team}, 2, "Name at least one database to merge into"},
		{[]string{"--db", team, filepath.Join(t.TempDir(), "missing.db")}, 1, "There is no database at"},
		{[]string{"--db", team, "--rename", "sara", from}, 2, "write --rename OLD=NEW"},
		{[]string{"--db", team, team}, 1, "is the database being merged into"},
	} {
		code, _, stderr := runCmd(t, Merge, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: code %d, stderr %q", c.args, code, stderr)
		}
	}
	code, stdout, stderr = runCmd(t, Merge, "--db", team, "--rename", "sara=sara2", from)
	if code != 0 || !strings.Contains(stdout, "sara2") {
		t.Errorf("--rename: %d %q %q", code, stdout, stderr)
	}
}
