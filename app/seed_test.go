package app

import (
	"context"
	"path/filepath"
	"testing"

	"hashiya/app/cli"
	"hashiya/storage"
)

// TestSeedSampleCorpus seeds the corpus the binary ships; the rules
// (which files, frozen text, one transaction) are cli.SeedCorpus's and
// tested there.
func TestSeedSampleCorpus(t *testing.T) {
	db, err := storage.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	res, err := Seed(ctx, db)
	if err != nil || res != (cli.SeedResult{Documents: 8}) {
		t.Fatalf("seeding gave %+v, %v; want the 8 sample articles", res, err)
	}
	if n, err := db.DocumentCount(ctx); err != nil || n != 8 {
		t.Fatalf("%d documents (%v), want 8", n, err)
	}
}
