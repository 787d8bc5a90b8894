package storage

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"hashiya/annotate"
)

// layer writes annotator's spans on doc as "start-end:LABEL ...".
func layer(t *testing.T, db *DB, doc int64, annotator string) string {
	t.Helper()
	a, err := db.Annotations(context.Background(), doc, annotator)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range a.Spans {
		out = append(out, fmt.Sprintf("%d-%d:%s", s.Start, s.End, s.Label))
	}
	return strings.Join(out, " ")
}

// TestReplaceSpansIsOneEdit: taking a version removes the curator's
// spans there and adds the annotator's in one edit; one undo restores
// the curator's layer with the target that mentioned the removed span,
// and a refused span changes nothing.
func TestReplaceSpansIsOneEdit(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t) // amal: 4-10 PER, 14-30 LOC, targets, a stance
	doc := f.docs[0]
	for _, tc := range []struct {
		name   string
		remove []int64
		add    []annotate.Span
		want   string
		code   annotate.Code
	}{
		{"relabel by replacing", []int64{f.spans[0].ID}, []annotate.Span{{Start: 4, End: 10, Label: "ORG"}},
			"4-10:ORG 14-30:LOC", ""},
		{"add only", nil, []annotate.Span{{Start: 0, End: 3, Label: "PER"}},
			"0-3:PER 4-10:PER 14-30:LOC", ""},
		{"remove only", []int64{f.spans[0].ID, f.spans[1].ID}, nil, "", ""},
		{"duplicate of a kept span", nil, []annotate.Span{{Start: 14, End: 30, Label: "LOC"}}, "", annotate.ECodeDuplicate},
		{"two added that clash", nil, []annotate.Span{{Start: 0, End: 3, Label: "PER"}, {Start: 0, End: 3, Label: "PER"}}, "", annotate.ECodeDuplicate},
		{"another's span", []int64{-1}, nil, "", annotate.ECodeNotFound},
		{"nothing", nil, nil, "", annotate.ECodeEmpty},
	} {
		t.Run(tc.name, func(t *testing.T) {
			was := layer(t, f.db, doc, amal)
			remove := tc.remove
			if len(remove) == 1 && remove[0] == -1 {
				other, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: doc, Start: 0, End: 3, Label: "PER", Annotator: "gold"})
				if err != nil {
					t.Fatal(err)
				}
				remove = []int64{other.ID}
				t.Cleanup(func() { f.db.DeleteSpan(ctx, "gold", other.ID) })
			}
			_, err := f.db.ReplaceSpans(ctx, amal, doc, remove, tc.add)
			if tc.code != "" {
				wantCode(t, err, tc.code)
				if got := layer(t, f.db, doc, amal); got != was {
					t.Fatalf("a refused replacement changed %q to %q", was, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := layer(t, f.db, doc, amal); got != tc.want {
				t.Fatalf("after: %q, want %q", got, tc.want)
			}
			e, err := f.db.Undo(ctx, amal)
			if err != nil {
				t.Fatal(err)
			}
			if e.Kind != kindSpanReplace {
				t.Fatalf("undid a %s", e.Kind)
			}
			if got := layer(t, f.db, doc, amal); got != was {
				t.Fatalf("after one undo %q, want %q", got, was)
			}
			a, _ := f.db.Annotations(ctx, doc, amal)
			if len(a.Targets[0].Mentions) != 2 || len(a.Stances[0].Evidence) != 2 {
				t.Fatalf("undo lost references: %+v %+v", a.Targets[0], a.Stances[0])
			}
		})
	}
}

// TestCuratorChanges lists what the curator left out or changed of an
// annotator's spans, on curated documents only.
func TestCuratorChanges(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t) // amal: 4-10 PER, 14-30 LOC on docs[0]
	if _, err := f.db.AddSpan(ctx, annotate.Span{DocumentID: f.docs[1], Start: 4, End: 12, Label: "PER", Annotator: amal}); err != nil {
		t.Fatal(err)
	}
	changes := func() string {
		cs, err := f.db.CuratorChanges(ctx, amal, "gold")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range cs {
			s := fmt.Sprintf("%d-%d:%s→", c.Yours.Start, c.Yours.End, c.Yours.Label)
			for _, g := range c.Curators {
				s += fmt.Sprintf("%d-%d:%s", g.Start, g.End, g.Label)
			}
			out = append(out, s)
		}
		return strings.Join(out, " ")
	}
	if got := changes(); got != "" {
		t.Fatalf("before curation: %q", got)
	}
	if _, err := f.db.ReplaceSpans(ctx, "gold", f.docs[0], nil, []annotate.Span{
		{Start: 4, End: 10, Label: "PER"}, {Start: 14, End: 30, Label: "ORG"},
	}); err != nil {
		t.Fatal(err)
	}
	if got := changes(); got != "14-30:LOC→14-30:ORG" {
		t.Fatalf("relabelled: %q", got)
	}
	if _, err := f.db.ReplaceSpans(ctx, "gold", f.docs[1], nil, []annotate.Span{{Start: 0, End: 3, Label: "LOC"}}); err != nil {
		t.Fatal(err)
	}
	if got := changes(); got != "14-30:LOC→14-30:ORG 4-12:PER→" {
		t.Fatalf("left out: %q", got)
	}
}

// TestHasEdits: an edit counts on its own document only, for its own
// annotator, and still counts once undone.
func TestHasEdits(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	doc := f.docs[0]
	has := func(who string, doc int64) bool {
		t.Helper()
		ok, err := f.db.HasEdits(ctx, who, doc)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if has("gold", doc) {
		t.Fatal("gold has edits before any")
	}
	if _, err := f.db.ReplaceSpans(ctx, "gold", doc, nil, []annotate.Span{{Start: 4, End: 10, Label: "PER"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Undo(ctx, "gold"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		who  string
		doc  int64
		want bool
	}{
		{"gold", doc, true},
		{"gold", f.docs[1], false},
		{"bilal", doc, false},
	} {
		if got := has(tc.who, tc.doc); got != tc.want {
			t.Errorf("HasEdits(%s, %d) = %v, want %v", tc.who, tc.doc, got, tc.want)
		}
	}
}

// stancesOf writes annotator's stances on doc as "target<holder:LABEL".
func stancesOf(t *testing.T, db *DB, doc int64, annotator string) string {
	t.Helper()
	a, err := db.Annotations(context.Background(), doc, annotator)
	if err != nil {
		t.Fatal(err)
	}
	names := map[int64]string{annotate.AuthorHolder: "author"}
	for _, tg := range a.Targets {
		names[tg.ID] = tg.Name
	}
	var out []string
	for _, st := range a.Stances {
		out = append(out, fmt.Sprintf("%s<%s:%s", names[st.TargetID], names[st.Holder], st.Label))
	}
	return fmt.Sprintf("%d targets %s", len(a.Targets), strings.Join(out, " "))
}

// TestTakeStancesIsOneEdit: gold takes amal's stance, which needs two
// new targets of gold's, in one edit that one undo takes back whole;
// a second take replaces gold's stance; a refused take changes nothing.
func TestTakeStancesIsOneEdit(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	doc := f.docs[0]
	g, err := f.db.ReplaceSpans(ctx, "gold", doc, nil, []annotate.Span{{Start: 14, End: 30, Label: "LOC"}})
	if err != nil {
		t.Fatal(err)
	}
	take := annotate.StanceTake{
		Targets: []annotate.Target{{Name: "الولايات المتحدة", Mentions: []int64{g[0].ID}}, {Name: "الرئيس"}},
		Stances: []annotate.Stance{{TargetID: -1, Holder: -2, Label: "FAVOR"}},
	}
	if err := f.db.TakeStances(ctx, "gold", doc, take); err != nil {
		t.Fatal(err)
	}
	if got, want := stancesOf(t, f.db, doc, "gold"), "2 targets الولايات المتحدة<الرئيس:FAVOR"; got != want {
		t.Fatalf("after taking: %q, want %q", got, want)
	}
	a, _ := f.db.Annotations(ctx, doc, "gold")
	if len(a.Targets[0].Mentions) != 1 || a.Targets[0].Mentions[0] != g[0].ID {
		t.Fatalf("gold's target mentions %v, want gold's span %d", a.Targets[0].Mentions, g[0].ID)
	}
	again := annotate.StanceTake{Remove: []int64{a.Stances[0].ID},
		Stances: []annotate.Stance{{TargetID: a.Stances[0].TargetID, Holder: a.Stances[0].Holder, Label: "AGAINST"}}}
	if err := f.db.TakeStances(ctx, "gold", doc, again); err != nil {
		t.Fatal(err)
	}
	if got, want := stancesOf(t, f.db, doc, "gold"), "2 targets الولايات المتحدة<الرئيس:AGAINST"; got != want {
		t.Fatalf("after replacing: %q, want %q", got, want)
	}
	for _, tc := range []struct {
		name string
		take annotate.StanceTake
		code annotate.Code
	}{
		{"unknown label", annotate.StanceTake{Targets: []annotate.Target{{Name: "x"}}, Stances: []annotate.Stance{{TargetID: -1, Label: "MAYBE"}}}, annotate.ECodeUnknownLabel},
		{"no such new target", annotate.StanceTake{Stances: []annotate.Stance{{TargetID: -3, Label: "FAVOR"}}}, annotate.ECodeInternal},
		{"amal's stance", annotate.StanceTake{Remove: []int64{f.stance.ID}}, annotate.ECodeNotFound},
		{"nothing", annotate.StanceTake{}, annotate.ECodeEmpty},
	} {
		wantCode(t, f.db.TakeStances(ctx, "gold", doc, tc.take), tc.code)
		if got, want := stancesOf(t, f.db, doc, "gold"), "2 targets الولايات المتحدة<الرئيس:AGAINST"; got != want {
			t.Fatalf("%s changed gold's stances: %q", tc.name, got)
		}
	}
	for _, want := range []string{"2 targets الولايات المتحدة<الرئيس:FAVOR", "0 targets "} {
		if _, err := f.db.Undo(ctx, "gold"); err != nil {
			t.Fatal(err)
		}
		if got := stancesOf(t, f.db, doc, "gold"); got != want {
			t.Fatalf("after undo: %q, want %q", got, want)
		}
	}
	if got := layer(t, f.db, doc, "gold"); got != "14-30:LOC" {
		t.Fatalf("undoing the stances touched gold's spans: %q", got)
	}
}

// BenchmarkHasEdits: opening a document in curation asks HasEdits; a
// curator with 100,000 edits on other documents is its worst case.
func BenchmarkHasEdits(b *testing.B) {
	db := openTemp(b)
	docs := addDocs(b, db, "a", "b")
	tx, err := db.w.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 100_000; i++ {
		if _, err := tx.Exec(`INSERT INTO edits (annotator, at, document_id, kind, before, after) VALUES ('gold', ?, ?, 'span.add', '{}', '{}')`, i, docs[0]); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		if has, err := db.HasEdits(ctx, "gold", docs[1]); err != nil || has {
			b.Fatal(has, err)
		}
	}
}

// TestTakeStancesAddsSpans: a merge's entity spans and a stance's
// evidence go in with the targets and stances that name them, as one
// edit: one undo removes them all, one redo brings them all back with
// the references intact, and a refused span changes nothing.
func TestTakeStancesAddsSpans(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	doc := f.docs[0]
	take := annotate.StanceTake{
		Spans:   []annotate.Span{{Start: 14, End: 30, Label: "LOC"}, {Start: 0, End: 10, Kind: annotate.SpanEvidence}},
		Targets: []annotate.Target{{Name: "الولايات المتحدة", Mentions: []int64{-1}}},
		Stances: []annotate.Stance{{TargetID: -1, Label: "FAVOR", Evidence: []int64{-2, -1}}},
	}
	if err := f.db.TakeStances(ctx, "gold", doc, take); err != nil {
		t.Fatal(err)
	}
	const want = "0-10: 14-30:LOC | 1 targets الولايات المتحدة<author:FAVOR"
	state := func() string {
		t.Helper()
		a, err := f.db.Annotations(ctx, doc, "gold")
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range a.Targets {
			if len(tg.Mentions) != 1 || !slices.ContainsFunc(a.Spans, func(s annotate.Span) bool { return s.ID == tg.Mentions[0] && s.Label == "LOC" }) {
				t.Errorf("the target mentions %v, want gold's LOC span", tg.Mentions)
			}
		}
		for _, st := range a.Stances {
			var kinds []string
			for _, id := range st.Evidence {
				for _, s := range a.Spans {
					if s.ID == id {
						kinds = append(kinds, s.Kind.String())
					}
				}
			}
			if got := strings.Join(kinds, ","); got != "evidence,entity" {
				t.Errorf("the stance's evidence is %v (%s), want gold's evidence span, then its LOC span", st.Evidence, got)
			}
		}
		return layer(t, f.db, doc, "gold") + " | " + stancesOf(t, f.db, doc, "gold")
	}
	if got := state(); got != want {
		t.Fatalf("after taking: %q, want %q", got, want)
	}
	if _, err := f.db.Undo(ctx, "gold"); err != nil {
		t.Fatal(err)
	}
	if got := state(); got != " | 0 targets " {
		t.Fatalf("after undo: %q, want nothing", got)
	}
	if _, err := f.db.Redo(ctx, "gold"); err != nil {
		t.Fatal(err)
	}
	if got := state(); got != want {
		t.Fatalf("after redo: %q, want %q", got, want)
	}
	for _, tc := range []struct {
		name string
		take annotate.StanceTake
		code annotate.Code
	}{
		{"a span there already", annotate.StanceTake{Spans: []annotate.Span{{Start: 14, End: 30, Label: "LOC"}}}, annotate.ECodeDuplicate},
		{"a span with an ID", annotate.StanceTake{Spans: []annotate.Span{{ID: 99, Start: 4, End: 10, Label: "PER"}}}, annotate.ECodeInvalid},
		{"no such new span", annotate.StanceTake{Targets: []annotate.Target{{Name: "x", Mentions: []int64{-2}}}, Spans: []annotate.Span{{Start: 4, End: 10, Label: "PER"}}}, annotate.ECodeInternal},
	} {
		wantCode(t, f.db.TakeStances(ctx, "gold", doc, tc.take), tc.code)
		if got := state(); got != want {
			t.Fatalf("%s changed gold's layer: %q", tc.name, got)
		}
	}

	// A merge gives gold's own target the mention it lacks, with the
	// span it adds; undo takes both back.
	a, _ := f.db.Annotations(ctx, doc, "gold")
	mentions := func() string {
		t.Helper()
		g, err := f.db.Annotations(ctx, doc, "gold")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, id := range g.Targets[0].Mentions {
			for _, s := range g.Spans {
				if s.ID == id {
					out = append(out, fmt.Sprintf("%d-%d:%s", s.Start, s.End, s.Label))
				}
			}
		}
		return strings.Join(out, " ")
	}
	merge := annotate.StanceTake{
		Spans:  []annotate.Span{{Start: 4, End: 10, Label: "PER"}},
		Update: []annotate.Target{{ID: a.Targets[0].ID, Mentions: append(slices.Clone(a.Targets[0].Mentions), -1)}},
	}
	if err := f.db.TakeStances(ctx, "gold", doc, merge); err != nil {
		t.Fatal(err)
	}
	if got := mentions(); got != "14-30:LOC 4-10:PER" {
		t.Fatalf("after the merge gold's target mentions %q", got)
	}
	if _, err := f.db.Undo(ctx, "gold"); err != nil {
		t.Fatal(err)
	}
	if got := state(); got != want {
		t.Fatalf("after undoing the merge: %q, want %q", got, want)
	}
	if _, err := f.db.Redo(ctx, "gold"); err != nil {
		t.Fatal(err)
	}
	if got := mentions(); got != "14-30:LOC 4-10:PER" {
		t.Fatalf("after redoing the merge gold's target mentions %q", got)
	}
	wantCode(t, f.db.TakeStances(ctx, "gold", doc, annotate.StanceTake{Update: []annotate.Target{{ID: f.tgts[0].ID}}}), annotate.ECodeNotFound)
}

// TestCuratorStanceChanges: the annotator's stances the curator
// relabelled or left out, on curated documents only; a stance the
// curator has alike on its own target of the same name is no change.
func TestCuratorStanceChanges(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t) // amal: FAVOR on الولايات المتحدة held by الرئيس, on docs[0]
	changes := func() string {
		t.Helper()
		cs, err := f.db.CuratorStanceChanges(ctx, amal, "gold")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range cs {
			g := c.Curators.Label
			if c.Curators.ID == 0 {
				g = "-"
			}
			out = append(out, fmt.Sprintf("%d %s<%s:%s→%s", c.Yours.DocumentID, c.Target, c.Holder, c.Yours.Label, g))
		}
		return strings.Join(out, " ")
	}
	if got := changes(); got != "" {
		t.Fatalf("before curation: %q", got)
	}
	if _, err := f.db.ReplaceSpans(ctx, "gold", f.docs[0], nil, []annotate.Span{{Start: 4, End: 10, Label: "PER"}}); err != nil {
		t.Fatal(err)
	}
	if got, want := changes(), fmt.Sprintf("%d الولايات المتحدة<الرئيس:FAVOR→-", f.docs[0]); got != want {
		t.Fatalf("left out: %q, want %q", got, want)
	}
	take := annotate.StanceTake{
		Targets: []annotate.Target{{Name: "الولايات المتحدة"}, {Name: "الرئيس"}},
		Stances: []annotate.Stance{{TargetID: -1, Holder: -2, Label: "AGAINST"}},
	}
	if err := f.db.TakeStances(ctx, "gold", f.docs[0], take); err != nil {
		t.Fatal(err)
	}
	if got, want := changes(), fmt.Sprintf("%d الولايات المتحدة<الرئيس:FAVOR→AGAINST", f.docs[0]); got != want {
		t.Fatalf("relabelled: %q, want %q", got, want)
	}
	a, _ := f.db.Annotations(ctx, f.docs[0], "gold")
	again := annotate.StanceTake{Remove: []int64{a.Stances[0].ID},
		Stances: []annotate.Stance{{TargetID: a.Stances[0].TargetID, Holder: a.Stances[0].Holder, Label: "FAVOR"}}}
	if err := f.db.TakeStances(ctx, "gold", f.docs[0], again); err != nil {
		t.Fatal(err)
	}
	if got := changes(); got != "" {
		t.Fatalf("taken alike: %q", got)
	}
}
