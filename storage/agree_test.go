package storage

import (
	"context"
	"slices"
	"testing"

	"hashiya/annotate"
)

func TestParseSpans(t *testing.T) {
	k := exportKey{doc: 3, annotator: "sara"}
	got, err := parseSpans("7 0 5 PER\n9 10 12 LOC", k)
	want := []annotate.Span{{ID: 7, DocumentID: 3, Annotator: "sara", Start: 0, End: 5, Label: "PER"},
		{ID: 9, DocumentID: 3, Annotator: "sara", Start: 10, End: 12, Label: "LOC"}}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("parseSpans = %v, %v; want %v", got, err, want)
	}
	for _, bad := range []string{"7 0 5", "x 0 5 PER", "7  0 5 PER", "7 0 5 "} {
		if _, err := parseSpans(bad, k); err == nil {
			t.Errorf("parseSpans(%q) gave no error", bad)
		}
	}
}

// TestEachWorkedDocument reads what agreement reads: every annotator's
// work, or only some annotators', document by document.
func TestEachWorkedDocument(t *testing.T) {
	a, b := twoTeams(t)
	team := openTemp(t)
	merge(t, team, MergeOptions{}, a, b)
	ctx := context.Background()
	var docs, works int
	var who []string
	err := team.EachWorkedDocument(ctx, nil, func(wd WorkedDocument) error {
		docs++
		if wd.Length != len([]rune(wd.Doc.Text)) || wd.Doc.InputHash == "" {
			t.Errorf("document %d: length %d, hash %q", wd.Doc.ID, wd.Length, wd.Doc.InputHash)
		}
		for _, it := range wd.Work {
			works++
			who = append(who, it.Annotator)
			for _, s := range it.Annotations.Spans {
				if annotate.Slice(wd.Doc.Text, s.Start, s.End) == "" || s.Label == "" || s.ID == 0 {
					t.Errorf("span %+v", s)
				}
			}
		}
		return nil
	})
	if err != nil || docs != 3 || works != 5 { // the document nobody worked on is left out
		t.Errorf("%d documents, %d works (%v), %v; want 3, 5", docs, works, who, err)
	}
	names, err := team.Annotators(ctx, false)
	if err != nil || !slices.Equal(names, []string{"omar", "sara"}) {
		t.Errorf("Annotators = %v, %v", names, err)
	}
	works = 0
	team.EachWorkedDocument(ctx, []string{"omar"}, func(wd WorkedDocument) error {
		for _, it := range wd.Work {
			if it.Annotator != "omar" {
				t.Errorf("work of %s read for omar only", it.Annotator)
			}
			works++
		}
		return nil
	})
	if works != 3 {
		t.Errorf("omar has %d works, want 3", works)
	}
}
