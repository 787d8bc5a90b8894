package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"hashiya/annotate"
	"hashiya/assets"
	"hashiya/storage"
)

func TestSeed(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		docs    int    // documents after seeding
		wantErr string // part of the error, "" for none
	}{
		{
			name: "texts are frozen and README is not a document",
			fsys: fstest.MapFS{
				"corpus/01.txt":     {Data: []byte("\uFEFFوصل الوفد\r\nإلى دمشق.\r\n")},
				"corpus/02.txt":     {Data: []byte("The delegation arrived.\n")},
				"corpus/README.md":  {Data: []byte("# not a document\n")},
				"corpus/sub/03.txt": {Data: []byte("Nested.\n")},
			},
			docs: 3,
		},
		{
			name: "a bad file seeds nothing",
			fsys: fstest.MapFS{
				"corpus/01.txt": {Data: []byte("fine\n")},
				"corpus/02.txt": {Data: []byte("bad \xff byte\n")},
			},
			wantErr: "UTF-8",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db, err := storage.Open(filepath.Join(t.TempDir(), "s.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			err = Seed(ctx, db, tc.fsys)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(annotate.ErrorMessage(err), tc.wantErr) {
					t.Fatalf("error %v, want one mentioning %q", err, tc.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			docs, err := db.ListDocuments(ctx, "a")
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != tc.docs {
				t.Fatalf("%d documents, want %d", len(docs), tc.docs)
			}
			for _, d := range docs {
				doc, err := db.Document(ctx, d.ID)
				if err != nil {
					t.Fatal(err)
				}
				if !annotate.IsFrozen(doc.Text) || strings.HasPrefix(doc.Text, "\uFEFF") || !strings.HasPrefix(doc.Source, "sample/") {
					t.Errorf("document %q from %q is not frozen, keeps its BOM, or has the wrong source", doc.Text, doc.Source)
				}
			}
		})
	}
}

// TestSeedSampleCorpus seeds the corpus the binary ships.
func TestSeedSampleCorpus(t *testing.T) {
	db, err := storage.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := Seed(context.Background(), db, assets.Corpus); err != nil {
		t.Fatal(err)
	}
	if n, err := db.DocumentCount(context.Background()); err != nil || n != 8 {
		t.Fatalf("%d documents (%v), want the 8 sample articles", n, err)
	}
}
