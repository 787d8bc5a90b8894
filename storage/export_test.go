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

// TestExportMerge gives several annotators interleaved work on several
// documents (an annotator sorting before and after the others, one with
// only a status, documents with nothing) and checks that each exported
// item is what Annotations and Status return for it, under every filter.
func TestExportMerge(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	im := beginImport(t, db)
	var docs []int64
	for i := range 5 {
		id, _, err := im.AddDocument(annotate.Document{Text: annotate.FreezeText(sampleTexts[i%3] + " " + strconv.Itoa(i))})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, id)
	}
	type work struct {
		doc       int
		annotator string
	}
	for i, w := range []work{{0, "zaid"}, {0, "amal"}, {0, "Badr"}, {2, "amal"}, {3, "zaid"}, {3, "عمر"}} {
		doc := docs[w.doc]
		var spans []int64
		for j := range 2 + i%2 {
			sp := spanAt(doc, annotate.FreezeText(sampleTexts[w.doc%3]+" "+strconv.Itoa(w.doc)), 4*(3*i+j), w.annotator)
			sp.Label = "ORG"
			id, err := im.AddSpan(sp)
			if err != nil {
				t.Fatal(err)
			}
			spans = append(spans, id)
		}
		// Spans sharing a start, whose order (longest first, then by ID)
		// is not the index's (end, then label).
		for _, s := range []struct {
			end   int
			label string
		}{{6, "PER"}, {10, "ORG"}, {6, "LOC"}} {
			if _, err := im.AddSpan(annotate.Span{DocumentID: doc, Start: 4, End: s.end, Label: s.label, Annotator: w.annotator}); err != nil {
				t.Fatal(err)
			}
		}
		t1, err := im.AddTarget(annotate.Target{DocumentID: doc, Name: "t1", Mentions: []int64{spans[1], spans[0]}, Annotator: w.annotator})
		if err != nil {
			t.Fatal(err)
		}
		t2, err := im.AddTarget(annotate.Target{DocumentID: doc, Name: "t2", Topic: i%2 == 0, Annotator: w.annotator})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := im.AddStance(annotate.Stance{DocumentID: doc, TargetID: t2, Holder: t1, Label: "AGAINST", Evidence: spans[1:], Annotator: w.annotator}); err != nil {
			t.Fatal(err)
		}
		if _, err := im.AddStance(annotate.Stance{DocumentID: doc, TargetID: t1, Label: "FAVOR", Annotator: w.annotator}); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			if err := im.SetStatus(doc, w.annotator, annotate.StatusDone); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := im.SetStatus(docs[4], "amal", annotate.StatusDone); err != nil {
		t.Fatal(err)
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := db.AddActiveTime(ctx, docs[4], "amal", 2.5); err != nil {
		t.Fatal(err)
	}
	type key struct {
		doc       int
		annotator string
	}
	tests := []struct {
		filter ExportFilter
		want   []key
	}{
		{ExportFilter{}, []key{{0, "Badr"}, {0, "amal"}, {0, "zaid"}, {2, "amal"}, {3, "zaid"}, {3, "عمر"}, {4, "amal"}}},
		{ExportFilter{Annotator: "amal"}, []key{{0, "amal"}, {2, "amal"}, {4, "amal"}}},
		{ExportFilter{DoneOnly: true}, []key{{0, "zaid"}, {2, "amal"}, {4, "amal"}}},
		{ExportFilter{Annotator: "zaid", DoneOnly: true}, []key{{0, "zaid"}}},
		{ExportFilter{Annotator: "nobody"}, nil},
	}
	for _, tt := range tests {
		var got []key
		err := db.Export(ctx, tt.filter, func(it ExportItem) error {
			for i, d := range docs {
				if d == it.Doc.ID {
					got = append(got, key{i, it.Annotator})
				}
			}
			doc, err := db.Document(ctx, it.Doc.ID)
			if err != nil {
				t.Fatal(err)
			}
			ann, err := db.Annotations(ctx, it.Doc.ID, it.Annotator)
			if err != nil {
				t.Fatal(err)
			}
			st, err := db.Status(ctx, it.Doc.ID, it.Annotator)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(it.Doc, doc) || !reflect.DeepEqual(it.Annotations, ann) || !reflect.DeepEqual(it.Status, st) {
				t.Errorf("%+v: item for document %d, %s\n got %+v\nwant %+v %+v %+v", tt.filter, it.Doc.ID, it.Annotator, it, doc, ann, st)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%+v: items %v, want %v", tt.filter, got, tt.want)
		}
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

// TestCheckProgress: progress counts every document once, in order, and
// ends at the total; an empty database reports its zero total.
func TestCheckProgress(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		db   *DB
		want [][2]int64
	}{
		{"fixture", newFixture(t).db, [][2]int64{{0, 2}, {1, 2}, {2, 2}}},
		{"empty", openTemp(t), [][2]int64{{0, 0}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got [][2]int64
			probs, err := tc.db.CheckContent(ctx, func(done, total int64) { got = append(got, [2]int64{done, total}) })
			if err != nil || len(probs) != 0 {
				t.Fatalf("problems %v, error %v", probs, err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("progress %v, want %v", got, tc.want)
			}
		})
	}
}

// TestStatsProgress: progress counts each query once and ends at the
// total, with the same counts Stats returns.
func TestStatsProgress(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	var got []int64
	s, err := f.db.StatsProgress(ctx, func(done, total int64) {
		if total != statsSteps {
			t.Errorf("total %d, want %d", total, statsSteps)
		}
		got = append(got, done)
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{0, 1, 2, 3, 4, 5, 6}; !reflect.DeepEqual(got, want) {
		t.Errorf("progress %v, want %v", got, want)
	}
	if plain, _ := f.db.Stats(ctx); !reflect.DeepEqual(s, plain) {
		t.Errorf("StatsProgress = %+v, Stats = %+v", s, plain)
	}
}
