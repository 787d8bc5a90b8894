package cli

import (
	"context"
	"testing"

	"hashiya/storage"
)

// TestTitleSkipsStrippedLines: a line --strip-lines removes is never a
// title, and a short first line shared by the imported articles is not
// either (annotate/title.go).
func TestTitleSkipsStrippedLines(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	patterns := write(t, dir, "strip.txt", "شارك هذا المقال\n")
	a := write(t, dir, "in/a.txt", "شارك هذا المقال على فيسبوك\nأخبار سوريا\nقصف على ريف إدلب يقتل ثلاثة مدنيين\nالنص.\n")
	write(t, dir, "in/b.txt", "أخبار سوريا\nوفد أممي يصل إلى دمشق اليوم\nالنص.\n")
	if code, _, stderr := run(t, Import, "--db", db, "--strip-lines", patterns, a[:len(a)-len("a.txt")]); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	st, err := storage.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ds, err := st.ListDocuments(context.Background(), "amal")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, d := range ds {
		got[d.Title] = true
	}
	for _, want := range []string{"قصف على ريف إدلب يقتل ثلاثة مدنيين", "وفد أممي يصل إلى دمشق اليوم"} {
		if !got[want] {
			t.Errorf("no document is titled %q: %v", want, got)
		}
	}
}
