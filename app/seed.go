package app

import (
	"context"

	"hashiya/app/cli"
	"hashiya/assets"
	"hashiya/storage"
)

// Seed fills a database just created for the window with the sample
// corpus the binary ships, so it opens on something to annotate,
// through the use-case layer's cli.SeedCorpus (which reads it with the
// text importer's rules), on the database main has open.
func Seed(ctx context.Context, db *storage.DB) (cli.SeedResult, error) {
	return cli.SeedCorpus(ctx, db, cli.SeedRequest{Corpus: assets.Corpus})
}
