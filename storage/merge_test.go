package storage

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"hashiya/annotate"
)

// annotateAs makes an annotator's work through the ordinary edits: spans
// (by their text's first occurrence), a target mentioning the first span
// with a stance, and a status.
func annotateAs(t *testing.T, db *DB, docID int64, annotator string, status annotate.Status, spans ...[2]string) {
	t.Helper()
	ctx := context.Background()
	doc, err := db.Document(ctx, docID)
	if err != nil {
		t.Fatal(err)
	}
	var made []annotate.Span
	for _, sp := range spans {
		i := strings.Index(doc.Text, sp[0])
		if i < 0 {
			t.Fatalf("%q not in document %d", sp[0], docID)
		}
		start := len([]rune(doc.Text[:i]))
		s, err := db.AddSpan(ctx, annotate.Span{DocumentID: docID, Annotator: annotator, Start: start,
			End: start + len([]rune(sp[0])), Label: sp[1]})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, s)
	}
	if len(made) > 0 {
		tg, err := db.AddTarget(ctx, annotate.Target{DocumentID: docID, Annotator: annotator, Name: made[0].Text, Mentions: []int64{made[0].ID}})
		if err != nil {
			t.Fatal(err)
		}
		holder, err := db.AddTarget(ctx, annotate.Target{DocumentID: docID, Annotator: annotator, Name: "المتحدث"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddStance(ctx, annotate.Stance{DocumentID: docID, Annotator: annotator, TargetID: tg.ID, Holder: holder.ID,
			Label: "FAVOR", Evidence: []int64{made[len(made)-1].ID}, Note: "قالها " + annotator}); err != nil {
			t.Fatal(err)
		}
	}
	if status != "" {
		if err := db.SetStatus(ctx, docID, annotator, status); err != nil {
			t.Fatal(err)
		}
	}
}

// dump renders every document (by input hash) and every annotator's work
// on it without IDs or times, plus the row counts of the tables a merge
// writes: equal dumps mean equal annotations.
func dump(t *testing.T, db *DB) string {
	t.Helper()
	ctx := context.Background()
	var lines []string
	if err := db.EachDocument(ctx, func(d annotate.Document) error {
		lines = append(lines, "doc "+d.InputHash+" "+d.Source)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Export(ctx, ExportFilter{Evidence: true}, func(it ExportItem) error {
		lines = append(lines, fmt.Sprintf("work %s %s %v %s", it.Doc.InputHash, it.Annotator, it.Status.ActiveSeconds,
			strings.ReplaceAll(workKey(it.Annotations, it.Status.Status), "\n", " / ")))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	for _, table := range []string{"documents", "texts", "spans", "targets", "target_mentions", "stances", "stance_evidence", "statuses"} {
		var n int
		if err := db.r.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprintf("%s %d", table, n))
	}
	return strings.Join(lines, "\n")
}

// twoTeams returns two databases annotated differently: sara in one,
// omar in the other, on shared documents and one each of their own.
func twoTeams(t *testing.T) (a, b *DB) {
	t.Helper()
	dir := t.TempDir()
	a = openAt(t, filepath.Join(dir, "a.db"))
	b = openAt(t, filepath.Join(dir, "b.db"))
	ia := addDocs(t, a, sampleTexts[0], sampleTexts[1], "وثيقة لم يعمل عليها أحد.")
	ib := addDocs(t, b, sampleTexts[1], sampleTexts[0], sampleTexts[2])
	annotateAs(t, a, ia[0], "sara", annotate.StatusDone, [2]string{"الرئيس", "PER"}, [2]string{"الولايات المتحدة", "LOC"})
	annotateAs(t, a, ia[1], "sara", annotate.StatusInProgress, [2]string{"Ghana", "LOC"})
	if err := a.AddActiveTime(context.Background(), ia[0], "sara", 42.5); err != nil {
		t.Fatal(err)
	}
	// A quote as evidence: a span of its own kind, which merging must
	// carry as evidence (NER exports leave it out, a merge must not).
	addEvidence(t, a, ia[0], "sara")
	annotateAs(t, b, ib[1], "omar", annotate.StatusDone, [2]string{"الرئيس", "PER"}, [2]string{"الحكومة", "ORG"})
	annotateAs(t, b, ib[0], "omar", "", [2]string{"UN", "ORG"}, [2]string{"Geneva", "LOC"})
	annotateAs(t, b, ib[2], "omar", annotate.StatusSkipped)
	return a, b
}

func countEvidence(t *testing.T, db *DB) int {
	t.Helper()
	var n int
	if err := db.r.QueryRowContext(context.Background(), "SELECT count(*) FROM spans WHERE kind = 'evidence'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// addEvidence attaches the document's first ten code points, as an
// evidence span, to annotator's first stance on it.
func addEvidence(t *testing.T, db *DB, docID int64, annotator string) {
	t.Helper()
	ctx := context.Background()
	a, err := db.Annotations(ctx, docID, annotator)
	if err != nil || len(a.Stances) == 0 {
		t.Fatalf("no stance to attach evidence to: %v", err)
	}
	doc, err := db.Document(ctx, docID)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimSpace(annotate.Slice(doc.Text, 0, 10))
	if _, _, err := db.AddEvidence(ctx, a.Stances[0].ID, annotate.Span{DocumentID: docID, Annotator: annotator, Kind: annotate.SpanEvidence, Start: 0, End: len([]rune(text))}); err != nil {
		t.Fatal(err)
	}
}

func merge(t *testing.T, into *DB, opts MergeOptions, from ...*DB) MergeStats {
	t.Helper()
	st, err := into.Merge(context.Background(), from, opts)
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	return st
}

// TestMergeBothWays merges two differently annotated databases into a
// new one in both orders, and each into the other: all four hold the same
// annotations. Merging again changes nothing.
func TestMergeBothWays(t *testing.T) {
	a, b := twoTeams(t)
	dir := t.TempDir()
	ab := openAt(t, filepath.Join(dir, "ab.db"))
	ba := openAt(t, filepath.Join(dir, "ba.db"))
	st := merge(t, ab, MergeOptions{}, a, b)
	if st.NewDocuments != 4 || st.Added != 5 || !slices.Equal(st.Annotators, []string{"omar", "sara"}) {
		t.Errorf("stats = %+v, want 4 new documents, 5 works of omar and sara", st)
	}
	merge(t, ba, MergeOptions{}, b, a)
	want := dump(t, ab)
	if got := dump(t, ba); got != want {
		t.Errorf("merged b then a:\n%s\nwant (a then b):\n%s", got, want)
	}
	for _, tc := range []struct {
		into, from *DB
	}{{a, b}, {b, a}} {
		merge(t, tc.into, MergeOptions{}, tc.from)
		if got := dump(t, tc.into); got != want {
			t.Errorf("merged into %s:\n%s\nwant:\n%s", tc.into.Path(), got, want)
		}
	}
	// Idempotent: every work is found identical and nothing changes.
	st = merge(t, ab, MergeOptions{}, a, b, ba)
	if st.Added != 0 || st.NewDocuments != 0 || st.Same == 0 {
		t.Errorf("second merge: %+v, want nothing added", st)
	}
	if got := dump(t, ab); got != want {
		t.Errorf("after merging again:\n%s\nwant:\n%s", got, want)
	}
	if !strings.Contains(want, "42.5") {
		t.Error("the active time did not come along")
	}
	if n := countEvidence(t, ab); n != 1 {
		t.Errorf("%d evidence spans after the merge, want 1", n)
	}
}

// TestMergeConflict refuses an annotator with different work on the same
// document, leaving the database as it was, and merges it renamed.
func TestMergeConflict(t *testing.T) {
	a, b := twoTeams(t)
	ctx := context.Background()
	// sara also worked in b, differently, on a document sara has in a.
	var shared int64
	b.EachDocument(ctx, func(d annotate.Document) error {
		if d.Text == annotate.FreezeText(sampleTexts[0]) {
			shared = d.ID
		}
		return nil
	})
	annotateAs(t, b, shared, "sara", annotate.StatusDone, [2]string{"الحكومة", "ORG"})
	before := dump(t, a)
	_, err := a.Merge(ctx, []*DB{b}, MergeOptions{})
	wantCode(t, err, annotate.ECodeDuplicate)
	if msg := annotate.ErrorMessage(err); !strings.Contains(msg, `Annotator "sara" has different work`) || !strings.Contains(msg, "--rename sara=NEW") {
		t.Errorf("message = %q", msg)
	}
	if got := dump(t, a); got != before {
		t.Errorf("a refused merge changed the database:\n%s\nwant:\n%s", got, before)
	}
	st := merge(t, a, MergeOptions{Rename: map[string]string{"sara": "sara-b"}}, b)
	if !slices.Contains(st.Annotators, "sara-b") || slices.Contains(st.Annotators, "sara") {
		t.Errorf("renamed merge brought in %v", st.Annotators)
	}
}

// TestMergeInterrupted stops a merge half-way, by an error and by a
// cancelled context: the database is as it was.
func TestMergeInterrupted(t *testing.T) {
	a, b := twoTeams(t)
	team := openTemp(t)
	merge(t, team, MergeOptions{}, a)
	before := dump(t, team)
	for stop := 1; stop <= 3; stop++ { // b has three works: three steps
		n := 0
		boom := errors.New("stop")
		_, err := team.Merge(context.Background(), []*DB{b}, MergeOptions{progress: func() error {
			if n++; n == stop {
				return boom
			}
			return nil
		}})
		if !errors.Is(err, boom) {
			t.Fatalf("stop at %d: err = %v", stop, err)
		}
		if got := dump(t, team); got != before {
			t.Fatalf("stop at %d: the database changed:\n%s\nwant:\n%s", stop, got, before)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	_, err := team.Merge(ctx, []*DB{b}, MergeOptions{progress: func() error {
		if n++; n == 3 {
			cancel()
		}
		return nil
	}})
	if err == nil || annotate.ErrorMessage(err) == "" {
		t.Fatalf("cancelled merge: err = %v", err)
	}
	if got := dump(t, team); got != before {
		t.Fatalf("a cancelled merge changed the database:\n%s\nwant:\n%s", got, before)
	}
}

func TestMergeBadInput(t *testing.T) {
	a, b := twoTeams(t)
	_, err := a.Merge(context.Background(), []*DB{a}, MergeOptions{})
	wantCode(t, err, annotate.ECodeInvalid)
	// A label the team's schema lacks stops the merge with a sentence.
	s, _ := b.Schema(context.Background())
	s.Entities = append(s.Entities, annotate.EntityLabel{Name: "EVENT", Color: "#123456", Hotkey: "9"})
	if err := b.SetSchema(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	annotateAs(t, b, 2, "omar2", "", [2]string{"الرئيس", "EVENT"})
	before := dump(t, a)
	_, err = a.Merge(context.Background(), []*DB{b}, MergeOptions{})
	wantCode(t, err, annotate.ECodeUnknownLabel)
	if got := dump(t, a); got != before {
		t.Error("a failed merge changed the database")
	}
}

// mergeKillEnv names the team database the kill child merges into.
const mergeKillEnv = "HASHIYA_MERGE_KILL_TEAM"

// TestMergeKilled kills a process in the middle of a merge: the team
// database opens afterwards as it was.
func TestMergeKilled(t *testing.T) {
	a, b := twoTeams(t)
	team := openTemp(t)
	merge(t, team, MergeOptions{}, a)
	before := dump(t, team)
	teamPath := team.Path()
	team.Close()
	for stop := 1; stop <= 3; stop++ { // b has three works: three steps
		cmd := exec.Command(os.Args[0], "-test.run=^TestMergeKilledChild$")
		cmd.Env = append(os.Environ(), mergeKillEnv+"="+teamPath, "HASHIYA_MERGE_KILL_FROM="+b.Path(),
			fmt.Sprintf("HASHIYA_MERGE_KILL_STOP=%d", stop))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil || strings.TrimSpace(line) != "merging" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("stop %d: child said %q, %v", stop, line, err)
		}
		cmd.Process.Kill()
		cmd.Wait()
		after := openAt(t, teamPath)
		if got := dump(t, after); got != before {
			t.Fatalf("stop %d: after a killed merge:\n%s\nwant:\n%s", stop, got, before)
		}
		after.Close()
	}
}

// TestMergeKilledChild merges until its stop-th step, says so and waits
// to be killed, its transaction open.
func TestMergeKilledChild(t *testing.T) {
	teamPath := os.Getenv(mergeKillEnv)
	if teamPath == "" {
		t.Skip("run by TestMergeKilled")
	}
	var stop int
	fmt.Sscan(os.Getenv("HASHIYA_MERGE_KILL_STOP"), &stop)
	team, err := Open(teamPath)
	if err != nil {
		t.Fatal(err)
	}
	from, err := Open(os.Getenv("HASHIYA_MERGE_KILL_FROM"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	team.Merge(context.Background(), []*DB{from}, MergeOptions{progress: func() error {
		if n++; n == stop {
			fmt.Println("merging")
			time.Sleep(time.Minute)
		}
		return nil
	}})
	fmt.Println("merging") // fewer steps than stop: killed after the commit would be a failure the parent sees
	time.Sleep(time.Minute)
}

// TestMergeProgress: Progress counts the other databases' documents up
// to all of them, ending on done == total.
func TestMergeProgress(t *testing.T) {
	a, b := twoTeams(t)
	into := openAt(t, filepath.Join(t.TempDir(), "team.db"))
	var calls [][2]int
	merge(t, into, MergeOptions{Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }}, a, b)
	if len(calls) == 0 {
		t.Fatal("Progress was never called")
	}
	last := calls[len(calls)-1]
	if last != [2]int{6, 6} {
		t.Errorf("last progress %v, want 6 of 6 (3 documents in each database): %v", last, calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] || calls[i][1] != last[1] {
			t.Errorf("progress went %v then %v", calls[i-1], calls[i])
		}
	}
}
