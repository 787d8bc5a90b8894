package storage

import (
	"context"
	"testing"
)

func titles(t *testing.T, db *DB) map[int64]string {
	t.Helper()
	ds, err := db.ListDocuments(context.Background(), "amal")
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, d := range ds {
		out[d.ID] = d.Title
	}
	return out
}

// TestBoilerplateFirstLine: a short first line that opens two documents
// is no title; one found once is; a later import of one more document
// with a known boilerplate line skips it too; check accepts the titles.
func TestBoilerplateFirstLine(t *testing.T) {
	db := openTemp(t)
	ids := addDocs(t, db,
		"أخبار سوريا\nقصف على ريف إدلب يقتل ثلاثة مدنيين\nالنص الأول.",
		"أخبار سوريا\nوفد أممي يصل إلى دمشق اليوم\nالنص الثاني.",
		"عاجل\nخبر قصير وحيد في قاعدة البيانات\nنص.",
		"Russia and Turkey agree on a ceasefire\nBody.",
		"Russia and Turkey agree on a ceasefire\nAnother body.",
	)
	got := titles(t, db)
	want := map[int64]string{
		ids[0]: "قصف على ريف إدلب يقتل ثلاثة مدنيين",
		ids[1]: "وفد أممي يصل إلى دمشق اليوم",
		ids[2]: "عاجل",                                   // short but alone
		ids[3]: "Russia and Turkey agree on a ceasefire", // repeated but long: a headline
		ids[4]: "Russia and Turkey agree on a ceasefire",
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("document %d is titled %q, want %q", id, got[id], w)
		}
	}
	more := addDocs(t, db, "أخبار سوريا\nعنوان المقال الثالث هنا\nنص.")
	if got := titles(t, db)[more[0]]; got != "عنوان المقال الثالث هنا" {
		t.Errorf("a later document with the known line is titled %q", got)
	}
	probs, err := db.Check(context.Background())
	if err != nil || len(probs) != 0 {
		t.Fatalf("check: %v %+v", err, probs)
	}
}
