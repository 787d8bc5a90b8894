package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadersDoNotCreate: export, stats and check on a mistyped --db say
// so in one sentence, exit 1 and leave no file behind; import creates
// the database and says so.
func TestReadersDoNotCreate(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo.db")
	for _, tc := range []struct {
		name string
		cmd  cmdFunc
		args []string
	}{
		{"export", Export, []string{"-o", filepath.Join(dir, "out.jsonl")}},
		{"stats", Stats, nil},
		{"check", Check, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tc.cmd, append([]string{"--db", missing}, tc.args...)...)
			if code != 1 || stdout != "" || !strings.Contains(stderr, "There is no database at "+missing) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("code %d, stdout %q, stderr %q", code, stdout, stderr)
			}
			if _, err := os.Stat(missing); !os.IsNotExist(err) {
				t.Fatalf("%s created %s", tc.name, missing)
			}
		})
	}
	txt := write(t, dir, "a.txt", "قال الرئيس إن الولايات المتحدة تدعم الاتفاق.\n")
	code, _, stderr := run(t, Import, "--db", missing, txt)
	if code != 0 || !strings.Contains(stderr, "created a new database at "+missing) {
		t.Fatalf("import: code %d, stderr %q", code, stderr)
	}
	code, _, stderr = run(t, Import, "--db", missing, txt)
	if code != 0 || strings.Contains(stderr, "created") {
		t.Fatalf("second import: code %d, stderr %q", code, stderr)
	}
}
