package storage

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"hashiya/annotate"
	"hashiya/storage/storagetest"

	"github.com/jackc/pgx/v5/pgconn"
	sqlite3 "modernc.org/sqlite/lib"
)

// The load test (issue #15): 20 annotators, each with its own *DB as 20
// windows in 20 processes would have (each its own pool), adding,
// changing, deleting, undoing and redoing spans on one shared corpus,
// on SQLite (one file) and on PostgreSQL over loopback, with one server
// restart in the middle when the test may restart it. Every annotator
// keeps a model of its work replayed from the edits the database
// acknowledged; at the end the database must hold exactly that, and the
// edit log and undo history each acknowledged edit exactly once.
//
//	go test ./storage -run TestLoad -v                  # SQLite, 8 s
//	.ci/postgres go test ./storage -run TestLoad -v -load.for 60s
var (
	loadFor      = flag.Duration("load.for", envDuration("HASHIYA_LOAD_FOR", 8*time.Second), "how long TestLoad runs each backend ($HASHIYA_LOAD_FOR)")
	loadMaxEdits = flag.Int("load.edits", 200000, "most edits TestLoad makes on one backend, all annotators together")
)

const (
	loadAnnotators = 20
	loadDocuments  = 36
)

// loadForSet reports whether the run's length was chosen (for figures).
func loadForSet() bool {
	set := os.Getenv("HASHIYA_LOAD_FOR") != ""
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "load.for" })
	return set
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil && d > 0 {
		return d
	}
	return def
}

func TestLoad(t *testing.T) {
	d := *loadFor
	if testing.Short() {
		d = min(d, 2*time.Second)
	}
	t.Run("sqlite", func(t *testing.T) {
		if pgTestServer() != "" && !loadForSet() {
			// make test's PostgreSQL pass; its plain pass ran this.
			t.Skip("the SQLite run is the plain pass's (give -load.for to run both)")
		}
		runLoad(t, filepath.Join(t.TempDir(), "load.db"), d, "")
	})
	t.Run("postgres", func(t *testing.T) {
		if pgTestServer() == "" {
			t.Skip("HASHIYA_TEST_POSTGRES names no PostgreSQL server (.ci/postgres go test ./storage starts one)")
		}
		// Only the throwaway server of .ci/postgres is restarted, and
		// only when asked: other packages' tests may be using it.
		restart := ""
		if os.Getenv("HASHIYA_TEST_PG_RESTART") != "" {
			restart = os.Getenv("HASHIYA_TEST_PG_CTL")
		} else {
			t.Log("no server restart: set HASHIYA_TEST_PG_RESTART=1 when nothing else uses the server (make postgres does)")
		}
		runLoad(t, storagetest.Name(t, "load"), d, restart)
	})
}

// loadSpan is a span as the model knows it.
type loadSpan struct {
	ID, Doc    int64
	Start, End int
	Label      string
}

// modelEdit is an acknowledged span edit on an annotator's undo or redo
// stack: before and after are nil for no span.
type modelEdit struct {
	kind          string
	before, after *loadSpan
	log           int // index of its row in the annotator's log
}

// loadRow is a row the annotator's edit log must have, in order.
type loadRow struct {
	kind    string
	span    int64 // the span a span edit touched
	reverts int   // undo and redo: index of the edit's row; else -1
	edit    int64 // undo and redo: the edit's ID as Undo or Redo returned it
}

// loadModel is what one annotator's work must be, replayed from the
// database's acknowledgements.
type loadModel struct {
	name       string
	spans      map[int64]loadSpan
	undo, redo []modelEdit
	log        []loadRow
}

func (m *loadModel) apply(e modelEdit, forward bool) {
	from, to := e.before, e.after
	if !forward {
		from, to = to, from
	}
	if from != nil {
		delete(m.spans, from.ID)
	}
	if to != nil {
		m.spans[to.ID] = *to
	}
}

// edited records a new acknowledged edit: it starts a new branch of
// history, so nothing undone can be redone any more.
func (m *loadModel) edited(e modelEdit) {
	id := int64(0)
	if e.after != nil {
		id = e.after.ID
	} else {
		id = e.before.ID
	}
	e.log = len(m.log)
	m.log = append(m.log, loadRow{kind: e.kind, span: id, reverts: -1})
	m.undo = append(m.undo, e)
	m.redo = nil
	m.apply(e, true)
}

func (m *loadModel) undone(returned int64) {
	e := m.undo[len(m.undo)-1]
	m.undo = m.undo[:len(m.undo)-1]
	m.apply(e, false)
	m.redo = append(m.redo, e)
	m.log = append(m.log, loadRow{kind: kindUndo, reverts: e.log, edit: returned})
}

func (m *loadModel) redone(returned int64) {
	e := m.redo[len(m.redo)-1]
	m.redo = m.redo[:len(m.redo)-1]
	m.apply(e, true)
	m.undo = append(m.undo, e)
	m.log = append(m.log, loadRow{kind: kindRedo, reverts: e.log, edit: returned})
}

// duplicate reports whether the annotator has a span other than except
// with s's place and label (the database refuses a second one).
func (m *loadModel) duplicate(s loadSpan, except int64) bool {
	for id, o := range m.spans {
		if id != except && o.Doc == s.Doc && o.Start == s.Start && o.End == s.End && o.Label == s.Label {
			return true
		}
	}
	return false
}

// loadDoc is a corpus document and the ranges of one to three words a
// span may cover.
type loadDoc struct {
	id     int64
	ranges [][2]int
}

var loadWords = strings.Fields(`قال المتحدثُ باسم الحكومة إن الوفد سيصل إلى العاصمة خلال الأيام المقبلة
لبحث التطورات الميدانية والسياسية مع الأطراف المعنية وأكّد أن المفاوضات تسير في الاتجاه الصحيح
الأمم المتحدة دمشق بيروت القاهرة 😀 𝔘𝔫𝔦 وزير الخارجية`)

// loadCorpus makes n documents of about 80 words each (Arabic with
// harakat, a shadda, an emoji and a non-BMP letter), each unique.
func loadCorpus(n int) []string {
	r := rand.New(rand.NewPCG(15, 15))
	var texts []string
	for i := range n {
		words := []string{"خبر", strconv.Itoa(i)}
		for range 80 {
			words = append(words, loadWords[r.IntN(len(loadWords))])
		}
		texts = append(texts, strings.Join(words, " "))
	}
	return texts
}

func wordRanges(text string) [][2]int {
	var words [][2]int
	at := 0
	for _, w := range strings.Split(text, " ") {
		n := utf8.RuneCountInString(w)
		words = append(words, [2]int{at, at + n})
		at += n + 1
	}
	runes := []rune(text)
	var out [][2]int
	for i := range words {
		for j := i; j < min(i+3, len(words)); j++ {
			s, e := words[i][0], words[j][1]
			if !annotate.IsSpanEdgeJunk(runes[s]) && !annotate.IsSpanEdgeJunk(runes[e-1]) {
				out = append(out, [2]int{s, e})
			}
		}
	}
	return out
}

// loadStats is what one run measured.
type loadStats struct {
	sync.Mutex
	latencies  []time.Duration // acknowledged edits
	quiet      []time.Duration // of those, the ones outside the restart window
	errs       map[string]int  // error sentence → count
	ambiguous  int             // "may or may not have been saved"
	ambApplied int             // of those, how many had been saved
	failures   []string
}

func (st *loadStats) fail(format string, args ...any) {
	st.Lock()
	defer st.Unlock()
	if len(st.failures) < 50 {
		st.failures = append(st.failures, fmt.Sprintf(format, args...))
	}
}

// restartWindow is when a restart was under way (from its start to
// pgRetryFor after its end, the longest an edit waits for the server);
// errors are acceptable only then.
type restartWindow struct {
	mu         sync.Mutex
	start, end time.Time
}

func (w *restartWindow) set(start, end time.Time) {
	w.mu.Lock()
	w.start, w.end = start, end
	w.mu.Unlock()
}

func (w *restartWindow) covers(from, to time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return !w.start.IsZero() && !to.Before(w.start) && (w.end.IsZero() || from.Before(w.end.Add(pgRetryFor)))
}

func runLoad(t *testing.T, name string, d time.Duration, pgCtl string) {
	ctx := context.Background()
	setup := openAt(t, name)
	texts := loadCorpus(loadDocuments)
	ids := addDocs(t, setup, texts...)
	docs := make([]loadDoc, len(ids))
	for i, id := range ids {
		docs[i] = loadDoc{id: id, ranges: wordRanges(annotate.FreezeText(texts[i]))}
	}
	handles := make([]*DB, loadAnnotators)
	for i := range handles {
		// Open, not openAt: the real clock, as 20 processes would have.
		db, err := Open(name)
		if err != nil {
			t.Fatalf("open handle %d: %v", i, err)
		}
		t.Cleanup(func() { db.Close() })
		handles[i] = db
	}
	var commits0, rollbacks0 int64
	retries0 := pgRetries.Load()
	if setup.pg {
		commits0, rollbacks0 = pgXacts(t, setup)
	}

	st := &loadStats{errs: map[string]int{}}
	var window restartWindow
	var edits atomic.Int64
	begin := time.Now()
	deadline := begin.Add(d)
	models := make([]*loadModel, loadAnnotators)
	var wg sync.WaitGroup
	for i := range loadAnnotators {
		models[i] = &loadModel{name: fmt.Sprintf("annotator%02d", i), spans: map[int64]loadSpan{}}
		a := &loadAnnotator{db: handles[i], m: models[i], docs: docs, st: st, window: &window,
			r: rand.New(rand.NewPCG(uint64(i), 15))}
		wg.Go(func() {
			for time.Now().Before(deadline) && edits.Add(1) <= int64(*loadMaxEdits) {
				a.step(ctx)
			}
		})
	}
	var restart time.Duration
	if pgCtl != "" {
		wg.Go(func() {
			time.Sleep(d / 2)
			start := time.Now()
			window.set(start, time.Time{})
			out, err := exec.Command("sh", "-c", pgCtl+" restart -m fast").CombinedOutput()
			end := time.Now()
			window.set(start, end)
			restart = end.Sub(start)
			if err != nil {
				st.fail("restart the server: %v: %s", err, out)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(begin)

	for _, f := range st.failures {
		t.Error(f)
	}
	for i, m := range models {
		verifyLoad(t, handles[i], m)
	}
	var dups int
	if err := setup.r.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM spans
		GROUP BY document_id, annotator, start, "end", label HAVING count(*) > 1) AS d`).Scan(&dups); err != nil {
		t.Fatal(err)
	} else if dups != 0 {
		t.Errorf("%d spans are stored more than once", dups)
	}

	backend := "sqlite"
	if setup.pg {
		backend = "postgres"
	}
	n := len(st.latencies)
	if n == 0 {
		t.Fatal("no edit was acknowledged")
	}
	slices.Sort(st.latencies)
	slices.Sort(st.quiet)
	pct := func(ds []time.Duration, p int) float64 {
		if len(ds) == 0 {
			return 0
		}
		return float64(ds[min(len(ds)-1, len(ds)*p/100)]) / float64(time.Millisecond)
	}
	errCount := 0
	for msg, k := range st.errs {
		errCount += k
		t.Logf("error %d×: %s", k, msg)
	}
	t.Logf("%s: %d annotators, %d documents, %v: %d acknowledged edits (%.0f/s), %d errors, %d ambiguous commits (%d of them saved)",
		backend, loadAnnotators, loadDocuments, elapsed.Round(time.Millisecond), n, float64(n)/elapsed.Seconds(), errCount, st.ambiguous, st.ambApplied)
	if pgCtl != "" {
		t.Logf("server restart (pg_ctl restart -m fast) took %v", restart.Round(time.Millisecond))
	}
	if setup.pg {
		c, r := pgXacts(t, setup)
		t.Logf("server transactions: %d committed, %d rolled back; %d transactions run again (serialization failures, broken connections)",
			c-commits0, r-rollbacks0, pgRetries.Load()-retries0)
	}
	// A benchmark-like line, for the figures.
	t.Logf("BenchmarkLoad/%s\t%d\t%.2f p50-ms\t%.2f p99-ms\t%.2f quiet-p50-ms\t%.2f quiet-p99-ms\t%.0f edits/s",
		backend, n, pct(st.latencies, 50), pct(st.latencies, 99), pct(st.quiet, 50), pct(st.quiet, 99), float64(n)/elapsed.Seconds())
}

// pgXacts returns the server's counts of committed and rolled back
// transactions in the test database.
func pgXacts(t *testing.T, db *DB) (commits, rollbacks int64) {
	t.Helper()
	err := db.r.QueryRow("SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()").Scan(&commits, &rollbacks)
	if err != nil {
		t.Fatalf("read pg_stat_database: %v", err)
	}
	return commits, rollbacks
}

// loadAnnotator is one simulated annotator: its own handle, its model,
// its random choices.
type loadAnnotator struct {
	db     *DB
	m      *loadModel
	docs   []loadDoc
	st     *loadStats
	window *restartWindow
	r      *rand.Rand
}

// pick returns a random span of the annotator's, in a deterministic
// order.
func (a *loadAnnotator) pick() (loadSpan, bool) {
	if len(a.m.spans) == 0 {
		return loadSpan{}, false
	}
	ids := make([]int64, 0, len(a.m.spans))
	for id := range a.m.spans {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return a.m.spans[ids[a.r.IntN(len(ids))]], true
}

// place returns a random place and label on document d for a span.
func (a *loadAnnotator) place(d loadDoc) loadSpan {
	labels := []string{"PER", "ORG", "LOC", "MISC"}
	r := d.ranges[a.r.IntN(len(d.ranges))]
	return loadSpan{Doc: d.id, Start: r[0], End: r[1], Label: labels[a.r.IntN(len(labels))]}
}

func (a *loadAnnotator) span(s loadSpan) annotate.Span {
	return annotate.Span{ID: s.ID, DocumentID: s.Doc, Start: s.Start, End: s.End, Label: s.Label, Annotator: a.m.name}
}

// step makes one random edit and checks its outcome against the model.
func (a *loadAnnotator) step(ctx context.Context) {
	m := a.m
	var op string
	switch p := a.r.IntN(100); {
	case p < 40:
		op = kindSpanAdd
	case p < 60:
		op = kindSpanUpdate
	case p < 75:
		op = kindSpanDelete
	case p < 90:
		op = kindUndo
	default:
		op = kindRedo
	}
	if (op == kindSpanUpdate || op == kindSpanDelete) && len(m.spans) == 0 {
		op = kindSpanAdd
	}
	var (
		e   modelEdit // the edit op makes, if it is a new one
		err error
		got Edit // what Undo or Redo returned
	)
	t0 := time.Now()
	switch op {
	case kindSpanAdd:
		s := a.place(a.docs[a.r.IntN(len(a.docs))])
		if m.duplicate(s, 0) {
			return
		}
		var stored annotate.Span
		stored, err = a.db.AddSpan(ctx, a.span(s))
		s.ID = stored.ID
		e = modelEdit{kind: op, after: &s}
	case kindSpanUpdate:
		old, _ := a.pick()
		s := a.place(a.docs[slices.IndexFunc(a.docs, func(d loadDoc) bool { return d.id == old.Doc })])
		s.ID = old.ID
		if m.duplicate(s, s.ID) || s == old {
			return
		}
		_, err = a.db.UpdateSpan(ctx, a.span(s))
		e = modelEdit{kind: op, before: &old, after: &s}
	case kindSpanDelete:
		old, _ := a.pick()
		err = a.db.DeleteSpan(ctx, m.name, old.ID)
		e = modelEdit{kind: op, before: &old}
	case kindUndo:
		got, err = a.db.Undo(ctx, m.name)
	case kindRedo:
		got, err = a.db.Redo(ctx, m.name)
	}
	t1 := time.Now()
	if err == nil {
		a.acknowledged(op, e, got)
		a.st.Lock()
		a.st.latencies = append(a.st.latencies, t1.Sub(t0))
		if !a.window.covers(t0, t1) {
			a.st.quiet = append(a.st.quiet, t1.Sub(t0))
		}
		a.st.Unlock()
		return
	}

	// Nothing to undo or redo is an answer, not a failure, when the
	// model agrees.
	if op == kindUndo && errors.Is(err, ErrNothingToUndo) && len(m.undo) == 0 ||
		op == kindRedo && errors.Is(err, ErrNothingToRedo) && len(m.redo) == 0 {
		return
	}
	var ae *annotate.Error
	switch {
	case !errors.As(err, &ae):
		a.st.fail("%s %s: not an *annotate.Error: %v", m.name, op, err)
		return
	case ae.Message == "" || strings.ContainsAny(ae.Message, "\n") || !strings.HasSuffix(ae.Message, "."):
		a.st.fail("%s %s: not a sentence: %q", m.name, op, ae.Message)
	case ae.Code == annotate.ECodeInternal:
		// A driver's words are no sentence a user can act on.
		a.st.fail("%s %s: an internal error: %v (%v)", m.name, op, err, errors.Unwrap(err))
	case errors.Is(err, ErrNothingToUndo), errors.Is(err, ErrNothingToRedo), ae.Code == annotate.ECodeDuplicate, ae.Code == annotate.ECodeMismatch:
		a.st.fail("%s %s: %v (undo stack %d, redo stack %d)", m.name, op, err, len(m.undo), len(m.redo))
	case !a.window.covers(t0, t1) && !gaveUp(err):
		a.st.fail("%s %s failed outside a server restart: %v (%v)", m.name, op, err, errors.Unwrap(err))
	}
	ambiguous := strings.Contains(ae.Message, "may or may not have been saved")
	a.st.Lock()
	a.st.errs[ae.Message]++
	if ambiguous {
		a.st.ambiguous++
	}
	a.st.Unlock()

	// Look at what the database holds, as the sentence asks the user
	// to: the edit is either all there (only after an ambiguous
	// commit) or not at all.
	rows, err := a.waitLog(ctx)
	if err != nil {
		a.st.fail("%s: read the edit log after an error: %v", m.name, err)
		return
	}
	switch {
	case len(rows) == len(m.log):
	case len(rows) == len(m.log)+1 && ambiguous:
		last := rows[len(rows)-1]
		if last.kind != op {
			a.st.fail("%s %s: the edit log's new row is a %s", m.name, op, last.kind)
			return
		}
		if op == kindSpanAdd {
			e.after.ID = last.span
		}
		got.ID = last.revertsID
		switch {
		case op == kindUndo && len(m.undo) > 0:
			got.Kind = m.undo[len(m.undo)-1].kind
		case op == kindRedo && len(m.redo) > 0:
			got.Kind = m.redo[len(m.redo)-1].kind
		}
		a.acknowledged(op, e, got)
		a.st.Lock()
		a.st.ambApplied++
		a.st.Unlock()
	default:
		a.st.fail("%s %s failed (%v) but the edit log has %d rows where the model has %d: half-applied", m.name, op, ae, len(rows), len(m.log))
		return
	}
	if err := a.sameSpans(ctx); err != nil {
		a.st.fail("%s after a failed %s: %v", m.name, op, err)
	}
}

// gaveUp reports whether err is the backend's "try again; nothing was
// lost" after waiting its longest for the others: SQLite's busy timeout
// (its busy handler is not fair, and 20 writers on one file can starve
// one for 5 s), PostgreSQL's serialization failures for pgRetryFor. The
// issue allows them, reported in one sentence with nothing lost, which
// step checks; runLoad counts them.
func gaveUp(err error) bool {
	var sc sqliteCoder
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &sc):
		return sc.Code()&0xff == sqlite3.SQLITE_BUSY
	case errors.As(err, &pe):
		return pgCollision(err)
	}
	return false
}

// acknowledged replays an edit the database acknowledged on the model.
func (a *loadAnnotator) acknowledged(op string, e modelEdit, got Edit) {
	m := a.m
	switch op {
	case kindUndo:
		if len(m.undo) == 0 {
			a.st.fail("%s: undid edit %d with nothing on the undo stack", m.name, got.ID)
			return
		}
		if k := m.undo[len(m.undo)-1].kind; got.Kind != k {
			a.st.fail("%s: undid a %s, the model's undo stack has a %s on top", m.name, got.Kind, k)
		}
		m.undone(got.ID)
	case kindRedo:
		if len(m.redo) == 0 {
			a.st.fail("%s: redid edit %d with nothing on the redo stack", m.name, got.ID)
			return
		}
		if k := m.redo[len(m.redo)-1].kind; got.Kind != k {
			a.st.fail("%s: redid a %s, the model's redo stack has a %s on top", m.name, got.Kind, k)
		}
		m.redone(got.ID)
	default:
		m.edited(e)
	}
}

// logRow is a row of the edit log as verifyLoad compares it.
type logRow struct {
	id        int64
	kind      string
	span      int64 // the span a span edit touched
	revertsID int64
}

func readLog(ctx context.Context, db *DB, annotator string) ([]logRow, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT id, kind, reverts, before, after FROM edits WHERE annotator = ? ORDER BY id", annotator)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []logRow
	for rows.Next() {
		var r logRow
		var reverts *int64
		var before, after string
		if err := rows.Scan(&r.id, &r.kind, &reverts, &before, &after); err != nil {
			return nil, err
		}
		if reverts != nil {
			r.revertsID = *reverts
		}
		var b, a snapshot
		if err := json.Unmarshal([]byte(before), &b); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(after), &a); err != nil {
			return nil, err
		}
		for _, s := range append(a.Spans, b.Spans...) {
			r.span = s.ID
			break
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// waitLog reads the annotator's edit log, waiting for the server to come
// back if need be.
func (a *loadAnnotator) waitLog(ctx context.Context) ([]logRow, error) {
	deadline := time.Now().Add(2 * pgRetryFor)
	for {
		rows, err := readLog(ctx, a.db, a.m.name)
		if err == nil || time.Now().After(deadline) {
			return rows, err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func storedSpans(ctx context.Context, db *DB, annotator string) (map[int64]loadSpan, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, document_id, start, "end", label FROM spans WHERE annotator = ?`, annotator)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]loadSpan{}
	for rows.Next() {
		var s loadSpan
		if err := rows.Scan(&s.ID, &s.Doc, &s.Start, &s.End, &s.Label); err != nil {
			return nil, err
		}
		out[s.ID] = s
	}
	return out, rows.Err()
}

func (a *loadAnnotator) sameSpans(ctx context.Context) error {
	got, err := storedSpans(ctx, a.db, a.m.name)
	if err != nil {
		return err
	}
	return spansDiff(got, a.m.spans)
}

func spansDiff(got, want map[int64]loadSpan) error {
	var diffs []string
	for id, w := range want {
		if g, ok := got[id]; !ok {
			diffs = append(diffs, fmt.Sprintf("span %d %+v lost", id, w))
		} else if g != w {
			diffs = append(diffs, fmt.Sprintf("span %d is %+v, want %+v", id, g, w))
		}
	}
	for id, g := range got {
		if _, ok := want[id]; !ok {
			diffs = append(diffs, fmt.Sprintf("span %d %+v should not be there", id, g))
		}
	}
	if len(diffs) == 0 {
		return nil
	}
	slices.Sort(diffs)
	return fmt.Errorf("%d differences from the model: %s", len(diffs), strings.Join(diffs[:min(5, len(diffs))], "; "))
}

// verifyLoad checks an annotator's spans, edit log and undo history
// against the model.
func verifyLoad(t *testing.T, db *DB, m *loadModel) {
	t.Helper()
	ctx := context.Background()
	got, err := storedSpans(ctx, db, m.name)
	if err != nil {
		t.Fatal(err)
	}
	if err := spansDiff(got, m.spans); err != nil {
		t.Errorf("%s: %v", m.name, err)
	}
	rows, err := readLog(ctx, db, m.name)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(m.log) {
		t.Errorf("%s: the edit log has %d rows, %d edits were acknowledged", m.name, len(rows), len(m.log))
		return
	}
	for i, w := range m.log {
		g := rows[i]
		switch {
		case g.kind != w.kind:
			t.Errorf("%s: edit log row %d (%d) is a %s, want a %s", m.name, i, g.id, g.kind, w.kind)
		case w.reverts < 0 && g.span != w.span:
			t.Errorf("%s: edit log row %d (%d, %s) touched span %d, want %d", m.name, i, g.id, g.kind, g.span, w.span)
		case w.reverts >= 0 && (g.revertsID != rows[w.reverts].id || w.edit != g.revertsID):
			t.Errorf("%s: edit log row %d (%d, %s) reverts %d and returned %d, want edit %d", m.name, i, g.id, g.kind, g.revertsID, w.edit, rows[w.reverts].id)
		}
	}
	// The undo history: the undo stack bottom to top, then the redo
	// stack top to bottom (the next redo first), in edit order.
	var want, have []string
	for _, e := range m.undo {
		want = append(want, fmt.Sprintf("%d:0", rows[e.log].id))
	}
	for _, e := range slices.Backward(m.redo) {
		want = append(want, fmt.Sprintf("%d:1", rows[e.log].id))
	}
	hr, err := db.r.QueryContext(ctx, "SELECT edit_id, undone FROM history WHERE annotator = ? ORDER BY undone, edit_id", m.name)
	if err != nil {
		t.Fatal(err)
	}
	defer hr.Close()
	for hr.Next() {
		var id, undone int64
		if err := hr.Scan(&id, &undone); err != nil {
			t.Fatal(err)
		}
		have = append(have, fmt.Sprintf("%d:%d", id, undone))
	}
	if err := hr.Err(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(have, want) {
		t.Errorf("%s: undo history (edit:undone) is %v, want %v", m.name, clipList(have), clipList(want))
	}
}

func clipList(xs []string) string {
	if len(xs) > 12 {
		return fmt.Sprintf("%v … (%d)", xs[:12], len(xs))
	}
	return fmt.Sprint(xs)
}
