package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hashiya/annotate"
	"hashiya/annotate/agree"
	"hashiya/storage"
	"hashiya/storage/storagetest"
)

// unprintable returns the first byte of out a terminal would obey rather
// than show, other than the line breaks and tabs of the output's own
// layout: C0, DEL, and the C1 controls (U+0080–U+009F, CSI among them).
func unprintable(out string) (int, bool) {
	for i := 0; i < len(out); i++ {
		c := out[i]
		if c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			return i, true
		}
		if c == 0xc2 && i+1 < len(out) && out[i+1] >= 0x80 && out[i+1] <= 0x9f {
			return i, true
		}
	}
	return 0, false
}

// hostileNames are annotator names and labels that would drive a
// terminal printed raw; FuzzStatsOutput starts from them.
var hostileNames = []string{
	"amina",
	"هدى",
	"\x1b[31mred\x1b[0m",
	"\x1b]0;owned\x07",
	"tab\tand\nnewline",
	"\r\x1b[2Koverwritten",
	"csi\u009b2J",
	"del\x7f",
	"bad\xffutf8",
	"\x00",
}

func statsOf(names []string) storage.Stats {
	st := storage.Stats{Documents: 3, Targets: 1, ByAnnotator: map[string]map[annotate.Status]int{},
		SpansByLabel: map[string]int{}, StancesByLabel: map[string]int{}}
	for i, n := range names {
		st.ByAnnotator[n] = map[annotate.Status]int{annotate.StatusDone: i + 1}
		st.SpansByLabel[n] = i + 1
		st.StancesByLabel[n] = i + 1
	}
	return st
}

// checkStatsOutput writes the stats of names and checks that nothing in
// them reaches the output unescaped, and that each name keeps one row.
func checkStatsOutput(t *testing.T, names []string) {
	t.Helper()
	var out bytes.Buffer
	if err := writeStats(&out, statsOf(names)); err != nil {
		t.Fatal(err)
	}
	if i, bad := unprintable(out.String()); bad {
		t.Fatalf("names %q: stats output has byte %#x at %d:\n%q", names, out.Bytes()[i], i, out.String())
	}
	distinct := map[string]bool{}
	for _, n := range names {
		distinct[n] = true
	}
	// documents, targets, three headings, four blank lines, and one row
	// per name in each table.
	if got, want := strings.Count(out.String(), "\n"), 9+3*len(distinct); len(distinct) > 0 && got != want {
		t.Errorf("names %q: %d lines, want %d:\n%s", names, got, want, out.String())
	}
}

func TestStatsPrintable(t *testing.T) {
	for _, n := range hostileNames {
		checkStatsOutput(t, []string{n})
	}
	checkStatsOutput(t, hostileNames)
}

func FuzzStatsOutput(f *testing.F) {
	for i, n := range hostileNames {
		f.Add(n, hostileNames[(i+1)%len(hostileNames)])
	}
	f.Fuzz(func(t *testing.T, annotator, label string) {
		checkStatsOutput(t, []string{annotator, label})
	})
}

// TestStatsCommandPrintable: a database written before names were
// checked, with ESC sequences in an annotator's name, prints them
// escaped.
func TestStatsCommandPrintable(t *testing.T) {
	path := newDB(t)
	plantName(t, path, "\x1b]0;owned\x07\x1b[31mevil")
	code, stdout, stderr := run(t, Stats, "--db", path)
	if code != 0 {
		t.Fatalf("code %d: %s", code, stderr)
	}
	if i, bad := unprintable(stdout); bad {
		t.Errorf("stats printed a raw control byte at %d: %q", i, stdout)
	}
	if !strings.Contains(stdout, `\x1b]0;owned\a\x1b[31mevil`) {
		t.Errorf("stats do not show the escaped name:\n%s", stdout)
	}
}

// TestImportPrintable: --as refuses control characters with a sentence,
// and import's messages escape those in file and folder names.
func TestImportPrintable(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	in := write(t, dir, "in.jsonl", good+"\n")
	esc := "\x1b]0;owned\x07\x1b[31m"
	bad := write(t, dir, "bad"+esc+".jsonl", "not json\n")
	empty := filepath.Join(dir, "empty"+esc)
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"--as with ESC", []string{"--as", "\x1b[31mhuda", in}, 2, `--as: The annotator name \x1b[31mhuda contains a control character (U+001B)`},
		{"--as with a newline", []string{"--as", "huda\nroot", in}, 2, `The annotator name huda\nroot contains a control character (U+000A)`},
		{"--as with CSI", []string{"--as", "huda\u009b", in}, 2, `contains a control character (U+009B)`},
		{"bad line in a file with ESC in its name", []string{bad}, 1, `bad\x1b]0;owned\a\x1b[31m.jsonl:1: The line is not a JSON object`},
		{"missing file with ESC in its name", []string{filepath.Join(dir, "no"+esc)}, 1, `no\x1b]0;owned\a\x1b[31m does not exist.`},
		{"empty folder with ESC in its name", []string{empty}, 1, `empty\x1b]0;owned\a\x1b[31m: no .txt or .jsonl files.`},
		{"Arabic --as is fine", []string{"--as", "هدى", in}, 0, ""},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(t, Import, append([]string{"--db", db}, tt.args...)...)
		if code != tt.code {
			t.Errorf("%s: code %d, want %d; stderr %q", tt.name, code, tt.code, stderr)
		}
		if !strings.Contains(stderr, tt.says) {
			t.Errorf("%s: stderr lacks %q:\n%q", tt.name, tt.says, stderr)
		}
		for what, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
			if i, bad := unprintable(out); bad {
				t.Errorf("%s: %s has a raw control byte at %d: %q", tt.name, what, i, out)
			}
		}
	}
}

// TestAgreeTextPrintable: the agreement tables escape annotator names,
// labels and titles, and leave the report itself unchanged.
func TestAgreeTextPrintable(t *testing.T) {
	for _, n := range hostileNames {
		rep := agree.Report{Annotators: []string{n, "b"}, Labels: []string{n}, Documents: 1,
			Pairs: []agree.Pair{{A: n, B: "b", Documents: 1, ByLabel: []agree.SpanAgreement{{Label: n}},
				Confusion: agree.Confusion{Labels: []string{"O", n}, Counts: [][]int{{1, 0}, {0, 1}}}}},
			Overall:    agree.Overall{AlphaUByLabel: []agree.LabelScore{{Label: n}}},
			ByDocument: []agree.DocAgreement{{ID: 1, Title: "title " + n, Annotators: []string{n}}}}
		var out bytes.Buffer
		if err := writeAgreementText(&out, &rep, 5); err != nil {
			t.Fatal(err)
		}
		if i, bad := unprintable(out.String()); bad {
			t.Errorf("%q: agreement text has a raw control byte at %d:\n%q", n, i, out.String())
		}
		if rep.Pairs[0].A != n || rep.ByDocument[0].Title != "title "+n || rep.Pairs[0].ByLabel[0].Label != n {
			t.Errorf("%q: writing the report changed it", n)
		}
	}
}

// TestMergePrintable: merge's summary escapes annotator names brought
// from a database written before names were checked, and --rename
// refuses a new name with a control character.
func TestMergePrintable(t *testing.T) {
	other := newDB(t)
	plantName(t, other, "\x1b]0;owned\x07evil")
	team := storagetest.Name(t, "team.db")
	// Storage takes no such name any more: the merge is refused, the
	// name shown escaped, and --rename brings the work in.
	code, stdout, stderr := run(t, Merge, "--db", team, other)
	if code != 1 || !strings.Contains(stderr, `\x1b]0;owned\aevil`) {
		t.Fatalf("merge: code %d: %s", code, stderr)
	}
	if i, bad := unprintable(stderr); bad {
		t.Errorf("stderr has a raw control byte at %d: %q", i, stderr)
	}
	code, stdout, stderr = run(t, Merge, "--db", team, "--rename", "\x1b]0;owned\x07evil=evil", other)
	if code != 0 || !strings.Contains(stdout, "evil") {
		t.Fatalf("merge --rename: code %d: %s%s", code, stdout, stderr)
	}
	code, _, stderr = run(t, Merge, "--db", storagetest.Name(t, "team2.db"), "--rename", "seed=\x1b[31mseed", other)
	if code != 2 || !strings.Contains(stderr, "contains a control character (U+001B)") {
		t.Errorf("--rename to a name with ESC: code %d, %q", code, stderr)
	}
	for what, out := range map[string]string{"stdout": stdout, "stderr": stderr} {
		if i, bad := unprintable(out); bad {
			t.Errorf("%s has a raw control byte at %d: %q", what, i, out)
		}
	}
}

// plantName adds a document to the database at path that annotator name
// has marked done, behind storage's back (see renameAnnotator).
func plantName(t *testing.T, path, name string) {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	im, err := db.BeginImport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	id, _, err := im.AddDocument(annotate.Document{Text: "نص آخر"})
	if err == nil {
		err = im.SetStatus(id, "planted", annotate.StatusDone)
	}
	if err == nil {
		err = im.Commit()
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	renameAnnotator(t, path, "planted", name)
}

// renameAnnotator renames annotator from to to in the statuses of the
// database at path, behind storage's back: storage refuses such names
// now, and these tests stand for databases written before it did.
func renameAnnotator(t *testing.T, path, from, to string) {
	t.Helper()
	storagetest.Exec(t, path, `UPDATE statuses SET annotator = ? WHERE annotator = ?`, to, from)
}
