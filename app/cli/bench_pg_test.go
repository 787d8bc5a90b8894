package cli

import (
	"testing"

	"hashiya/annotate/dataset"
	"hashiya/storage/storagetest"
)

// The import and export benchmarks on PostgreSQL, for the figures of
// issue #15, on the server HASHIYA_TEST_POSTGRES names:
//
//	.ci/postgres go test ./app/cli/ -run '^$' -bench Postgres -benchtime 1x [-bench.docs 2000]

// pgBenchSchema returns the URL of an empty schema on the server,
// dropped when b ends; it skips the benchmark without a server.
func pgBenchSchema(b *testing.B) string {
	b.Helper()
	if storagetest.Server() == "" {
		b.Skip("HASHIYA_TEST_POSTGRES names no PostgreSQL server (.ci/postgres starts one)")
	}
	return storagetest.Name(b, "bench")
}

// BenchmarkImportPostgres is BenchmarkImport into a new schema on the
// PostgreSQL server.
func BenchmarkImportPostgres(b *testing.B) {
	if storagetest.Server() == "" {
		b.Skip("HASHIYA_TEST_POSTGRES names no PostgreSQL server (.ci/postgres starts one)")
	}
	benchImport(b, func() string { return pgBenchSchema(b) })
}

// BenchmarkExportProdigyPostgres is BenchmarkExportProdigy from a schema
// on the PostgreSQL server.
func BenchmarkExportProdigyPostgres(b *testing.B) {
	benchExportFrom(b, dataset.Prodigy, pgBenchSchema(b))
}
