package cli

import (
	"context"
	"os"
	"strings"
	"testing"

	"hashiya/annotate"
	"hashiya/storage"
)

// TestExportCuratedLayer: after curation the curated layer is annotator
// gold's, and `export --annotator gold` writes it, alone, in every
// format: gold took bilal's ORG where amal said PER.
func TestExportCuratedLayer(t *testing.T) {
	path := emptyDB(t)
	mustImport(t, path, write(t, t.TempDir(), "doc.jsonl", `{"text":"وصل وفد الأمم المتحدة إلى دمشق."}`))
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	docs, err := db.ListDocuments(ctx, "gold")
	if err != nil || len(docs) != 1 {
		t.Fatalf("documents %v, %v", docs, err)
	}
	id := docs[0].ID
	// "الأمم المتحدة" is code points 8–21; "دمشق" 26–30.
	for _, s := range []annotate.Span{
		{Start: 8, End: 21, Label: "PER", Annotator: "amal"},
		{Start: 8, End: 21, Label: "ORG", Annotator: "bilal"},
		{Start: 26, End: 30, Label: "LOC", Annotator: "bilal"},
	} {
		s.DocumentID = id
		if _, err := db.AddSpan(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	// What the window's curation does: one edit of gold's per step.
	if _, err := db.ReplaceSpans(ctx, "gold", id, nil, []annotate.Span{{Start: 8, End: 21, Label: "ORG"}, {Start: 26, End: 30, Label: "LOC"}}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	for _, f := range []string{"prodigy", "doccano", "conll", "spacy", "hf"} {
		t.Run(f, func(t *testing.T) {
			out := readExport(t, mustExport(t, path, "--format", f, "--annotator", "gold"))
			gold := strings.Contains(out, "ORG") && strings.Contains(out, "LOC") && !strings.Contains(out, "PER")
			if f == "hf" { // label_names lists every label; the tags are B-ORG I-ORG, B-LOC
				gold = strings.Contains(out, `"ner_tags":[0,0,3,4,0,5,0]`)
			}
			if !gold {
				t.Fatalf("the curated export is not gold's layer:\n%s", out)
			}
			if strings.Contains(out, "amal") || strings.Contains(out, "bilal") {
				t.Fatalf("the curated export holds others' work:\n%s", out)
			}
			// doccano, spaCy and CoNLL lines do not name the annotator
			// (the layer is the one --annotator picked); prodigy and hf do.
			if (f == "prodigy" || f == "hf") && !strings.Contains(out, `"gold"`) {
				t.Fatalf("the export does not say whose it is:\n%s", out)
			}
		})
	}
	// Without --annotator everyone's layer is there, amal's PER too.
	if out := readExport(t, mustExport(t, path, "--format", "prodigy")); !strings.Contains(out, "PER") {
		t.Fatalf("the full export lacks amal's span:\n%s", out)
	}
	code, _, stderr := run(t, Export, "--db", path, "--format", "stance", "--annotator", "gold")
	if code != 0 || !strings.Contains(stderr, "exported nothing") {
		t.Fatalf("stance export of a layer without stances: code %d %q", code, stderr)
	}
}

func readExport(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
