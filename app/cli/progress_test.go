package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"hashiya/storage/storagetest"
)

// TestWithProgress: under WithProgress, import reports the bytes it read
// and export the documents it wrote, ending at the total.
func TestWithProgress(t *testing.T) {
	// Five Prodigy tasks with a span each, so that export has five
	// documents to write.
	var in bytes.Buffer
	for i := range 5 {
		fmt.Fprintf(&in, `{"text": "الخبر رقم %d: وصل الوفد إلى دمشق.", "spans": [{"start": 27, "end": 31, "label": "LOC"}]}`+"\n", i)
	}
	src := filepath.Join(t.TempDir(), "tasks.jsonl")
	if err := os.WriteFile(src, in.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	size := int64(in.Len())
	db := storagetest.Name(t, "p.db")

	tests := []struct {
		name      string
		cmd       cmdFunc
		args      []string
		wantTotal int64
	}{
		{name: "import", cmd: Import, args: []string{"--db", db, src}, wantTotal: size},
		{name: "export", cmd: Export, args: []string{"--db", db, "--format", "doccano", "-o", filepath.Join(t.TempDir(), "out.jsonl")}, wantTotal: 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var calls int
			var done, total int64
			ctx := WithProgress(context.Background(), func(d, tot int64) { calls, done, total = calls+1, d, tot })
			var out, errb bytes.Buffer
			if code := tc.cmd(ctx, tc.args, &out, &errb); code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			if calls == 0 || total != tc.wantTotal || done != total {
				t.Errorf("last report %d/%d after %d calls, want %d/%d", done, total, calls, tc.wantTotal, tc.wantTotal)
			}
		})
	}
}
