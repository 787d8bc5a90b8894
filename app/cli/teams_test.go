package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"hashiya/annotate"
	"hashiya/annotate/dataset"
	"hashiya/storage"
	"hashiya/storage/storagetest"
)

// teamDocs are the documents of the team fixtures: Arabic with
// proclitics, English, and mixed, so offsets cross multi-byte text.
var teamDocs = []string{
	"قال المتحدث باسم الائتلاف الوطني إن الوفد سيصل إلى دمشق، وأكد أن واشنطن تدعم الحل.",
	"Barack Obama met Angela Merkel in Berlin on Tuesday. Merkel said she supports the plan.",
	"قال Barack Obama إن شركة Google ستفتح مكتباً في دبي.",
}

// spanSpec is the n-th occurrence of sub in a document, labelled label.
type spanSpec struct {
	sub   string
	n     int
	label string
}

type targetSpec struct {
	name     string
	topic    bool
	mentions []int // indices into the work's spans
}

type stanceSpec struct {
	target   int // index into the work's targets
	holder   int // index into the work's targets, or -1: the author
	label    string
	note     string
	evidence []int // indices into the work's spans
}

// teamWork is one annotator's work on one of teamDocs.
type teamWork struct {
	who     string
	doc     int
	spans   []spanSpec
	targets []targetSpec
	stances []stanceSpec
	status  annotate.Status
}

// teamClock is a fixed clock, so two databases built alike export alike.
func teamClock() time.Time { return time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC) }

// buildTeamDB writes a database holding docs (indices into teamDocs, in
// that order) and works, added in the order given.
func buildTeamDB(t *testing.T, path string, docs []int, works []teamWork) {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.Now = teamClock
	im, err := db.BeginImport(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer im.Rollback()
	ids := map[int]int64{}
	for _, d := range docs {
		id, _, err := im.AddDocument(annotate.Document{Text: annotate.FreezeText(teamDocs[d]), Source: "team"})
		if err != nil {
			t.Fatal(err)
		}
		ids[d] = id
	}
	for _, w := range works {
		id, ok := ids[w.doc]
		if !ok {
			t.Fatalf("work of %s on document %d, which is not in the database", w.who, w.doc)
		}
		text := teamDocs[w.doc]
		var spanIDs, targetIDs []int64
		for _, s := range w.spans {
			start, end := at(t, text, s.sub, s.n)
			sid, err := im.AddSpan(annotate.Span{DocumentID: id, Annotator: w.who, Start: start, End: end, Label: s.label})
			if err != nil {
				t.Fatalf("%s: span %q: %v", w.who, s.sub, err)
			}
			spanIDs = append(spanIDs, sid)
		}
		pick := func(ix []int, from []int64) []int64 {
			var out []int64
			for _, i := range ix {
				out = append(out, from[i])
			}
			return out
		}
		for _, tg := range w.targets {
			tid, err := im.AddTarget(annotate.Target{DocumentID: id, Annotator: w.who, Name: tg.name, Topic: tg.topic, Mentions: pick(tg.mentions, spanIDs)})
			if err != nil {
				t.Fatalf("%s: target %q: %v", w.who, tg.name, err)
			}
			targetIDs = append(targetIDs, tid)
		}
		for _, st := range w.stances {
			holder := annotate.AuthorHolder
			if st.holder >= 0 {
				holder = targetIDs[st.holder]
			}
			if _, err := im.AddStance(annotate.Stance{DocumentID: id, Annotator: w.who, TargetID: targetIDs[st.target], Holder: holder,
				Label: st.label, Note: st.note, Evidence: pick(st.evidence, spanIDs)}); err != nil {
				t.Fatalf("%s: stance: %v", w.who, err)
			}
		}
		if w.status != "" {
			if err := im.SetStatus(id, w.who, w.status); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
}

// at is the code point range of the n-th occurrence of sub in text.
func at(t *testing.T, text, sub string, n int) (int, int) {
	t.Helper()
	from := 0
	for {
		i := strings.Index(text[from:], sub)
		if i < 0 {
			t.Fatalf("%q has no occurrence %d of %q", text, n, sub)
		}
		if n == 0 {
			s := len([]rune(text[:from+i]))
			return s, s + len([]rune(sub))
		}
		n--
		from += i + len(sub)
	}
}

// workState renders every annotator's work in a database, document by
// input hash, without IDs or times: spans, targets with their mentions,
// stances with target, holder, label, note and evidence, and the status.
// Two databases with the same work render the same.
func workState(t *testing.T, path string) string {
	t.Helper()
	db, err := storage.OpenExisting(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	annotators, err := db.Annotators(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	err = db.EachDocument(ctx, func(d annotate.Document) error {
		for _, a := range annotators {
			ann, err := db.Annotations(ctx, d.ID, a)
			if err != nil {
				return err
			}
			st, err := db.Status(ctx, d.ID, a)
			if err != nil {
				return err
			}
			if len(ann.Spans)+len(ann.Targets)+len(ann.Stances) == 0 && st.Status == annotate.StatusTodo {
				continue
			}
			spanKey := map[int64]string{}
			var spans []string
			for _, s := range ann.Spans {
				k := fmt.Sprintf("%s%s[%d,%d)=%q", s.Kind, s.Label, s.Start, s.End, s.Text)
				spanKey[s.ID] = k
				spans = append(spans, k)
			}
			keys := func(ids []int64) string {
				var ks []string
				for _, id := range ids {
					ks = append(ks, spanKey[id])
				}
				return strings.Join(ks, ",")
			}
			targetKey := map[int64]string{annotate.AuthorHolder: "author"}
			var targets []string
			for _, tg := range ann.Targets {
				k := fmt.Sprintf("%q topic=%v mentions=[%s]", tg.Name, tg.Topic, keys(tg.Mentions))
				targetKey[tg.ID] = k
				targets = append(targets, k)
			}
			var stances []string
			for _, s := range ann.Stances {
				stances = append(stances, fmt.Sprintf("%s by %s: %s %q evidence=[%s]", targetKey[s.TargetID], targetKey[s.Holder], s.Label, s.Note, keys(s.Evidence)))
			}
			slices.Sort(spans)
			slices.Sort(targets)
			slices.Sort(stances)
			lines = append(lines, fmt.Sprintf("%s %s %s\n  spans %s\n  targets %s\n  stances %s", d.InputHash, a, st.Status,
				strings.Join(spans, "; "), strings.Join(targets, "; "), strings.Join(stances, "; ")))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// saraWork and omarWork annotate teamDocs differently, with targets,
// stances (by the author and by a quoted holder, with evidence) and
// every status; each works on a document the other has not.
var (
	saraWork = []teamWork{
		{who: "sara", doc: 0, status: annotate.StatusDone,
			spans:   []spanSpec{{"الائتلاف الوطني", 0, "ORG"}, {"دمشق", 0, "LOC"}, {"واشنطن", 0, "LOC"}},
			targets: []targetSpec{{"الائتلاف الوطني", true, []int{0}}, {"واشنطن", false, []int{2}}},
			stances: []stanceSpec{{0, 1, "FAVOR", "تدعم الحل", []int{2}}, {0, -1, "NEUTRAL", "", nil}}},
		{who: "sara", doc: 1, status: annotate.StatusInProgress,
			spans:   []spanSpec{{"Barack Obama", 0, "PER"}, {"Angela Merkel", 0, "PER"}, {"Merkel", 1, "PER"}},
			targets: []targetSpec{{"the plan", false, nil}, {"Angela Merkel", false, []int{1, 2}}},
			stances: []stanceSpec{{0, 1, "FAVOR", "said she supports", []int{2}}}},
	}
	omarWork = []teamWork{
		{who: "omar", doc: 0, status: annotate.StatusDone,
			spans:   []spanSpec{{"الوطني", 0, "ORG"}, {"دمشق", 0, "LOC"}, {"واشنطن", 0, "ORG"}},
			targets: []targetSpec{{"الائتلاف", true, []int{0}}},
			stances: []stanceSpec{{0, -1, "AGAINST", "", []int{0}}}},
		{who: "omar", doc: 2, status: annotate.StatusSkipped,
			spans: []spanSpec{{"Barack Obama", 0, "PER"}, {"Google", 0, "ORG"}, {"دبي", 0, "LOC"}}},
	}
)

// TestImportAsMatchesMerge: importing each annotator's Prodigy export
// with --as gives every annotator the same spans, targets, stances and
// statuses as merging their databases does.
func TestImportAsMatchesMerge(t *testing.T) {
	dir := t.TempDir()
	sara, omar := storagetest.Name(t, "sara.db"), storagetest.Name(t, "omar.db")
	buildTeamDB(t, sara, []int{0, 1}, saraWork)
	buildTeamDB(t, omar, []int{0, 2}, omarWork)

	merged := storagetest.Name(t, "merged.db")
	if code, _, stderr := run(t, Merge, "--db", merged, sara, omar); code != 0 {
		t.Fatalf("merge: %d %s", code, stderr)
	}
	imported := storagetest.Name(t, "imported.db")
	for _, c := range []struct{ db, who string }{{sara, "sara"}, {omar, "omar"}} {
		file := filepath.Join(dir, c.who+".jsonl")
		if code, _, stderr := run(t, Export, "--db", c.db, "--annotator", c.who, "--format", "prodigy", "-o", file); code != 0 {
			t.Fatalf("export %s: %d %s", c.who, code, stderr)
		}
		code, stdout, stderr := run(t, Import, "--db", imported, "--as", c.who, file)
		if code != 0 {
			t.Fatalf("import %s: %d %s%s", c.who, code, stdout, stderr)
		}
		// omar's export shares document 0 with sara's, imported first.
		if joined := strings.Contains(stdout, "annotations added to 1 existing document"); joined != (c.who == "omar") {
			t.Errorf("import %s: stdout %q", c.who, stdout)
		}
	}
	want, got := workState(t, merged), workState(t, imported)
	if got != want {
		t.Errorf("import --as of the exports differs from merge:\nimport:\n%s\nmerge:\n%s", got, want)
	}
	// Importing an export again changes nothing, as merging again does.
	code, stdout, stderr := run(t, Import, "--db", imported, "--as", "sara", filepath.Join(dir, "sara.jsonl"))
	if code != 0 || stdout != "imported 0, duplicates 2, invalid 0\n" {
		t.Errorf("second import: %d %q %s", code, stdout, stderr)
	}
	if again := workState(t, imported); again != want {
		t.Errorf("a second import changed the work:\n%s", again)
	}
	// The fixture must reach every part of the comparison.
	for _, part := range []string{" sara done", " sara in_progress", " omar skipped", "topic=true", "by author", `by "واشنطن"`, "evidence=[entityLOC"} {
		if !strings.Contains(want, part) {
			t.Errorf("the merged state lacks %q:\n%s", part, want)
		}
	}
}

// TestExportCuratedLayer: export --annotator gold writes, in every
// format, exactly what the export of a database holding only gold's
// work writes: none of the annotators' own work leaks in.
func TestExportGoldLayerEveryFormat(t *testing.T) {
	gold := []teamWork{
		{who: "gold", doc: 0, status: annotate.StatusDone,
			spans:   []spanSpec{{"الائتلاف الوطني", 0, "ORG"}, {"دمشق", 0, "LOC"}, {"واشنطن", 0, "ORG"}},
			targets: []targetSpec{{"الائتلاف الوطني", true, []int{0}}, {"واشنطن", false, []int{2}}},
			stances: []stanceSpec{{0, 1, "FAVOR", "curated", []int{2}}}},
		{who: "gold", doc: 1, status: annotate.StatusDone,
			spans:   []spanSpec{{"Barack Obama", 0, "PER"}, {"Angela Merkel", 0, "PER"}, {"Berlin", 0, "LOC"}},
			targets: []targetSpec{{"the plan", false, nil}, {"Angela Merkel", false, []int{1}}},
			stances: []stanceSpec{{0, 1, "FAVOR", "", nil}}},
	}
	team, only := storagetest.Name(t, "team.db"), storagetest.Name(t, "gold.db")
	// Gold's work first in both, so its spans, targets and stances have
	// the same IDs in both databases.
	buildTeamDB(t, team, []int{0, 1, 2}, append(slices.Clone(gold), append(slices.Clone(saraWork), omarWork...)...))
	buildTeamDB(t, only, []int{0, 1, 2}, gold)
	for _, f := range dataset.WriteFormats {
		t.Run(string(f), func(t *testing.T) {
			export := func(db, name string, args ...string) string {
				out := filepath.Join(t.TempDir(), name+Extension(f))
				if code, _, stderr := run(t, Export, append([]string{"--db", db, "--format", string(f), "-o", out}, args...)...); code != 0 {
					t.Fatalf("export %s: %d %s", name, code, stderr)
				}
				data, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				return string(data)
			}
			got := export(team, "team-gold", "--annotator", "gold")
			want := export(only, "gold-only")
			if got != want {
				t.Errorf("export --annotator gold differs from an export of gold's work alone:\n got %s\nwant %s", got, want)
			}
			if strings.TrimSpace(got) == "" {
				t.Fatal("the curated export is empty")
			}
			if f.IsStance() {
				if !strings.Contains(got, "curated") {
					t.Errorf("gold's stance note is missing:\n%s", got)
				}
			} else if !strings.Contains(got, "Berlin") {
				t.Errorf("gold's Berlin is missing:\n%s", got)
			}
			if all := export(team, "team-all"); all == got {
				t.Error("the export of everyone's work is the curated one: the fixture does not tell them apart")
			}
		})
	}
}
