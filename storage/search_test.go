package storage

import (
	"context"
	"slices"
	"testing"

	"hashiya/annotate"
)

// searchTexts are the documents the search tests index, by position.
var searchTexts = []string{
	"وقال الرئيسُ بشّار الأسد إنّ الحكومة ستوافق.",  // 0: harakat, shadda, hamza on alif, clitic و
	"وبالأسد يبدأ الخبر، ثم جـ.رائم الحرب في إدلب.", // 1: clitics و+ب+ال, tatweel and a stray dot
	"The minister of Ghana met the UN envoy in Geneva.",
	"Ce\u0301line Dion visited Beyrouth; 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 text.", // combining mark, non-BMP letters
	"قالت المصادر \"الكلام\" في ٢٠٢٤ مع إدلب",           // quotes, Arabic-Indic digits
}

// searchCases: a query, and the documents (indices into searchTexts)
// that must be found. Each is also checked against annotate.Search, so
// the list the window shows agrees with the hits it paints.
var searchCases = []struct {
	query string
	want  []int
}{
	{"الاسد", []int{0, 1}},   // inside وبالأسد: a word index would miss it
	{"الأسد", []int{0, 1}},   // the query is normalised too
	{"بشار", []int{0}},       // shadda in the text
	{"جرائم", []int{1}},      // tatweel and dot gone
	{"ادلب", []int{1, 4}},    // hamza seat
	{"GENEVA", []int{2}},     // case folded
	{"céline", []int{3}},     // decomposed in the text, composed in the query
	{"𝔫𝔦𝔠", []int{3}},        // non-BMP letters
	{"2024", []int{4}},       // Arabic-Indic digits
	{`"الكلام"`, []int{4}},   // FTS5 quotes are escaped
	{`الكلام" OR "`, nil},    // and so is query syntax
	{"في", []int{1, 4}},      // two letters: below the trigram index
	{"x", []int{3}},          // one letter
	{"", nil},                // nothing to find
	{"\u064e\u0651", nil},    // harakat only: normalises to nothing
	{"لا يوجد أبدا", nil},    // no such text
	{"met the UN", []int{2}}, // phrases across spaces
}

func TestSearchDocuments(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	ids := addDocs(t, db, searchTexts...)
	for _, c := range searchCases {
		got, err := db.SearchDocuments(ctx, c.query)
		if err != nil {
			t.Fatalf("%q: %v", c.query, err)
		}
		var want, ref []int64
		for _, i := range c.want {
			want = append(want, ids[i])
		}
		for i, text := range searchTexts {
			if len(annotate.Search(annotate.FreezeText(text), c.query)) > 0 {
				ref = append(ref, ids[i])
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q finds %v, want %v", c.query, got, want)
		}
		if !slices.Equal(got, ref) {
			t.Errorf("%q finds %v, annotate.Search finds hits in %v", c.query, got, ref)
		}
	}
}

// searchFor returns what SearchDocuments finds for q.
func searchFor(t *testing.T, db *DB, q string) []int64 {
	t.Helper()
	got, err := db.SearchDocuments(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestSearchFollowsTrash: documents an undone import or a deletion put
// in the trash are not found, and are found again once back.
func TestSearchFollowsTrash(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	_, docs := importTwo(t, db, "amal")
	steps := []struct {
		name string
		do   func() error
		want []int64
	}{
		{"imported", func() error { return nil }, docs[:1]},
		{"import undone", func() error { _, err := db.Undo(ctx, "amal"); return err }, nil},
		{"import redone", func() error { _, err := db.Redo(ctx, "amal"); return err }, docs[:1]},
		{"deleted", func() error { return db.DeleteDocument(ctx, "amal", docs[0]) }, nil},
		{"deletion undone", func() error { _, err := db.Undo(ctx, "amal"); return err }, docs[:1]},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := searchFor(t, db, "الولايات"); !slices.Equal(got, s.want) {
			t.Errorf("%s: found %v, want %v", s.name, got, s.want)
		}
	}
}

// TestSearchFindsMerged: documents a merge brings in are indexed.
func TestSearchFindsMerged(t *testing.T) {
	ctx := context.Background()
	a, b := openTemp(t), openTemp(t)
	addDocs(t, a, searchTexts[0])
	addDocs(t, b, searchTexts[0], searchTexts[1])
	if _, err := a.Merge(ctx, []*DB{b}, MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := searchFor(t, a, "الاسد"); len(got) != 2 {
		t.Fatalf("after the merge, found %v", got)
	}
	if got := searchFor(t, a, "جرائم"); len(got) != 1 {
		t.Fatalf("merged document: found %v", got)
	}
}

// TestSearchIndexMigration: a database from before the index gets its
// documents listed for indexing when opened, trashed ones left out.
func TestSearchIndexMigration(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	path := db.Path()
	ids := addDocs(t, db, searchTexts...)
	if err := db.DeleteDocument(ctx, "amal", ids[1]); err != nil {
		t.Fatal(err)
	}
	// Back to version 3: no index.
	back := []string{"DROP TABLE search", "DROP TABLE search_pending", "DELETE FROM migrations WHERE version >= 4", "PRAGMA user_version = 3"}
	if db.pg {
		back = back[:3] // the migrations table is the version
	}
	for _, q := range back {
		if _, err := db.w.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	db.Close()
	db = openAt(t, path)
	// Listed for IndexPending rather than indexed while opening.
	if indexed, pending := indexState(t, db); len(indexed) != 0 || !slices.Equal(pending, slices.Delete(slices.Clone(ids), 1, 2)) {
		t.Errorf("after the migration: indexed %v, pending %v; want none, and the live documents", indexed, pending)
	}
	if got, want := searchFor(t, db, "الاسد"), ids[:1]; !slices.Equal(got, want) {
		t.Fatalf("after the migration found %v, want %v", got, want)
	}
	if left, err := db.IndexPending(ctx, 100); err != nil || left != 0 {
		t.Fatalf("IndexPending: %d left, %v", left, err)
	}
	if got, want := searchFor(t, db, "الاسد"), ids[:1]; !slices.Equal(got, want) {
		t.Fatalf("after indexing found %v, want %v", got, want)
	}
	if _, err := db.Undo(ctx, "amal"); err != nil {
		t.Fatal(err)
	}
	if got, want := searchFor(t, db, "الاسد"), ids[:2]; !slices.Equal(got, want) {
		t.Fatalf("after undoing the deletion found %v, want %v", got, want)
	}
}

// TestSearchCancelled: the slow path for short queries stops with ctx.
func TestSearchCancelled(t *testing.T) {
	db := openTemp(t)
	addDocs(t, db, searchTexts...)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.SearchDocuments(ctx, "في"); err == nil {
		t.Fatal("a cancelled search succeeded")
	}
}
