package storage

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"hashiya/annotate"
)

func TestExport(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	d0, d1 := f.docs[0], f.docs[1]
	if _, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: d1, Start: 4, End: 12, Label: "PER", Annotator: "badr"}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetStatus(ctx, d1, amal, annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	// Active time alone (status todo) does not make an item.
	if err := f.db.AddActiveTime(ctx, d0, "carla", 3); err != nil {
		t.Fatal(err)
	}
	type key struct {
		doc       int64
		annotator string
	}
	tests := []struct {
		name   string
		filter ExportFilter
		want   []key
	}{
		{"everyone", ExportFilter{}, []key{{d0, amal}, {d1, amal}, {d1, "badr"}}},
		{"one annotator", ExportFilter{Annotator: "badr"}, []key{{d1, "badr"}}},
		{"done only", ExportFilter{DoneOnly: true}, []key{{d1, amal}}},
		{"nobody", ExportFilter{Annotator: "zaid"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []key
			err := f.db.Export(ctx, tt.filter, func(it ExportItem) error {
				got = append(got, key{it.Doc.ID, it.Annotator})
				if it.Doc.Text == "" || it.Status.Annotator != it.Annotator {
					t.Errorf("item %+v", it)
				}
				want, err := f.db.Annotations(ctx, it.Doc.ID, it.Annotator)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(it.Annotations, want) {
					t.Errorf("exported annotations differ from Annotations for %d/%s", it.Doc.ID, it.Annotator)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("items %v, want %v", got, tt.want)
			}
		})
	}
	stop := errors.New("stop")
	n := 0
	if err := f.db.Export(ctx, ExportFilter{}, func(ExportItem) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("Export returned %v after %d items; want fn's error after 1", err, n)
	}
}

func TestStats(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	if err := f.db.SetStatus(ctx, f.docs[1], amal, annotate.StatusSkipped); err != nil {
		t.Fatal(err)
	}
	s, err := f.db.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{
		Documents:      2,
		ByAnnotator:    map[string]map[annotate.Status]int{amal: {annotate.StatusTodo: 1, annotate.StatusSkipped: 1}},
		SpansByLabel:   map[string]int{"PER": 1, "LOC": 1},
		Targets:        2,
		StancesByLabel: map[string]int{"FAVOR": 1},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("Stats = %+v\nwant %+v", s, want)
	}
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	probs, err := f.db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 0 {
		t.Fatalf("a healthy database has problems: %v", probs)
	}
	if ic, err := f.db.IntegrityCheck(ctx); err != nil || ic != "ok" {
		t.Fatalf("IntegrityCheck = %q, %v", ic, err)
	}
	tests := []struct {
		name    string
		damage  string
		message string
	}{
		{"span text", `UPDATE spans SET text = 'x' WHERE id = ` + strconv.FormatInt(f.spans[0].ID, 10), "says \"x\""},
		{"span outside", `UPDATE spans SET "end" = 5000 WHERE id = ` + strconv.FormatInt(f.spans[1].ID, 10), "lies outside"},
		{"document text", `UPDATE texts SET text = text || '!' WHERE document_id = ` + strconv.FormatInt(f.docs[1], 10), "does not match its input hash"},
		{"stance holder", `UPDATE stances SET holder = 4242`, "held by target 4242"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := f.db.w.Exec(tt.damage); err != nil {
				t.Fatal(err)
			}
			probs, err := f.db.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range probs {
				found = found || strings.Contains(p.Message, tt.message)
			}
			if !found {
				t.Errorf("Check found %v, want a problem containing %q", probs, tt.message)
			}
		})
	}
}
