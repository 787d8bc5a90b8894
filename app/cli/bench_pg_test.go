package cli

import (
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"hashiya/annotate/dataset"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for benchmark schemas
)

// The import and export benchmarks on PostgreSQL, for the figures of
// issue #15, on the server HASHIYA_TEST_POSTGRES names:
//
//	.ci/postgres go test ./app/cli/ -run '^$' -bench Postgres -benchtime 1x [-bench.docs 2000]

var pgBenchServer = os.Getenv("HASHIYA_TEST_POSTGRES")

var pgBenchSchemas atomic.Int64

// pgBenchSchema creates an empty schema on the server, dropped when b
// ends, and returns the URL that opens it.
func pgBenchSchema(b *testing.B) string {
	b.Helper()
	if pgBenchServer == "" {
		b.Skip("HASHIYA_TEST_POSTGRES names no PostgreSQL server (.ci/postgres starts one)")
	}
	admin, err := sql.Open("pgx", pgBenchServer)
	if err != nil {
		b.Fatal(err)
	}
	name := fmt.Sprintf("hashiya_bench_%d_%d", os.Getpid(), pgBenchSchemas.Add(1))
	if _, err := admin.Exec("DROP SCHEMA IF EXISTS " + name + " CASCADE; CREATE SCHEMA " + name); err != nil {
		admin.Close()
		b.Fatalf("create benchmark schema: %v", err)
	}
	b.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.Exec("DROP SCHEMA " + name + " CASCADE"); err != nil {
			b.Errorf("drop benchmark schema: %v", err)
		}
	})
	sep := "?"
	if strings.Contains(pgBenchServer, "?") {
		sep = "&"
	}
	return pgBenchServer + sep + "search_path=" + name
}

// BenchmarkImportPostgres is BenchmarkImport into a new schema on the
// PostgreSQL server.
func BenchmarkImportPostgres(b *testing.B) {
	if pgBenchServer == "" {
		b.Skip("HASHIYA_TEST_POSTGRES names no PostgreSQL server (.ci/postgres starts one)")
	}
	benchImport(b, func() string { return pgBenchSchema(b) })
}

// BenchmarkExportProdigyPostgres is BenchmarkExportProdigy from a schema
// on the PostgreSQL server.
func BenchmarkExportProdigyPostgres(b *testing.B) {
	benchExportFrom(b, dataset.Prodigy, pgBenchSchema(b))
}
