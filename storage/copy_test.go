package storage

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"hashiya/annotate"
	"hashiya/storage/storagetest"
)

// copyEnds are the backends a copy test can run between: SQLite always,
// PostgreSQL when HASHIYA_TEST_POSTGRES names a server.
var copyEnds = []string{"sqlite", "postgres"}

// openEnd opens a new, empty database on backend end, skipping the test
// when that backend is not at hand.
func openEnd(t testing.TB, end string) *DB {
	t.Helper()
	if end == "postgres" {
		pgOnly(t)
		return openAt(t, storagetest.Name(t, "copy"))
	}
	return openAt(t, filepath.Join(t.TempDir(), "hashiya.db"))
}

// copyProject fills db with some of everything a project holds: two
// annotators' spans, targets (one a topic), stances with evidence,
// statuses with active time, guidelines, an undone and a redone edit, a
// deleted span (an ID no table holds but the edit log does) and a
// deleted document (in the trash). amal's last edit is the span deletion.
func copyProject(t testing.TB, db *DB) (deleted annotate.Span) {
	t.Helper()
	ctx := context.Background()
	docs := addDocs(t, db, sampleTexts...)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.SetGuidelines(ctx, "# الإرشادات\n\nعلّم الأشخاص\tوالأماكن."))
	var spans []annotate.Span
	for _, s := range []annotate.Span{
		{DocumentID: docs[0], Start: 4, End: 10, Label: "PER", Annotator: amal},
		{DocumentID: docs[0], Start: 14, End: 30, Label: "LOC", Annotator: amal},
		{DocumentID: docs[0], Start: 4, End: 10, Label: "PER", Annotator: "noor"},
		{DocumentID: docs[2], Start: 0, End: 6, Label: "PER", Annotator: amal},
		{DocumentID: docs[1], Start: 4, End: 12, Label: "PER", Annotator: amal},
	} {
		got, err := db.AddSpan(ctx, s)
		must(err)
		spans = append(spans, got)
	}
	t0, err := db.AddTarget(ctx, annotate.Target{DocumentID: docs[0], Name: "الولايات المتحدة", Mentions: []int64{spans[1].ID, spans[0].ID}, Annotator: amal})
	must(err)
	t1, err := db.AddTarget(ctx, annotate.Target{DocumentID: docs[0], Name: "الاتفاق", Topic: true, Annotator: amal})
	must(err)
	_, err = db.AddStance(ctx, annotate.Stance{DocumentID: docs[0], TargetID: t1.ID, Holder: t0.ID, Label: "FAVOR",
		Evidence: []int64{spans[1].ID}, Note: "يدعم", Annotator: amal})
	must(err)
	must(db.SetStatus(ctx, docs[0], amal, annotate.StatusDone))
	must(db.AddActiveTime(ctx, docs[0], amal, 12.5))
	must(db.SetStatus(ctx, docs[0], "noor", annotate.StatusInProgress))
	must(db.AddActiveTime(ctx, docs[0], "noor", 3))
	// noor undoes her status and redoes it; her span stays.
	_, err = db.Undo(ctx, "noor")
	must(err)
	_, err = db.Redo(ctx, "noor")
	must(err)
	// Each document in two queues; document 2 goes to the trash with
	// amal's span and its queue places on it.
	_, err = db.Assign(ctx, AssignOptions{Annotators: []string{amal, "noor", "badr"}, PerDocument: 2})
	must(err)
	must(db.DeleteDocument(ctx, "noor", docs[1]))
	must(db.DeleteSpan(ctx, amal, spans[3].ID))
	return spans[3]
}

// dumpDB renders every row of every table CopyTo copies, in key order,
// values as the backends agree on them, and the search index's answer
// to a query.
func dumpDB(t testing.TB, db *DB) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	c := copier{}
	for _, tb := range copyTables {
		names := make([]string, len(tb.cols))
		for i, col := range tb.cols {
			names[i] = col.name
		}
		rows, err := db.r.QueryContext(ctx, "SELECT "+strings.Join(names, ", ")+" FROM "+tb.name+" ORDER BY "+tb.order)
		if err != nil {
			t.Fatal(err)
		}
		vals := make([]any, len(names))
		ptrs := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		fmt.Fprintf(&b, "%s:\n", tb.name)
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, col := range tb.cols {
				fmt.Fprintf(&b, " %q", fmt.Sprint(c.convert(col.kind, vals[i])))
			}
			b.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	for _, q := range []string{"الحكومة", "the", "Geneva"} {
		ids, err := db.SearchDocuments(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "search %q: %v\n", q, ids)
	}
	return b.String()
}

func TestCopyRoundTrip(t *testing.T) {
	for _, mid := range copyEnds {
		for _, last := range copyEnds {
			t.Run("sqlite→"+mid+"→"+last, func(t *testing.T) {
				ctx := context.Background()
				src := openEnd(t, "sqlite")
				b := openEnd(t, mid)
				c := openEnd(t, last)
				copyProject(t, src)
				want := dumpDB(t, src)
				var calls int
				var lastDone, lastTotal int64
				st, err := src.CopyTo(ctx, b, func(done, total int64) { calls, lastDone, lastTotal = calls+1, done, total })
				if err != nil {
					t.Fatal(err)
				}
				if st.Documents != 2 || st.Spans != 3 || st.Edits == 0 || st.Rows != lastTotal || lastDone != lastTotal || calls < 2 {
					t.Errorf("copy stats %+v, progress %d calls ending %d of %d", st, calls, lastDone, lastTotal)
				}
				if _, err := b.CopyTo(ctx, c, nil); err != nil {
					t.Fatal(err)
				}
				for _, end := range []struct {
					name string
					db   *DB
				}{{"copy on " + mid, b}, {"copy of the copy on " + last, c}} {
					name, db := end.name, end.db
					if got := dumpDB(t, db); got != want {
						t.Errorf("%s differs from the source:\n got %s\nwant %s", name, got, want)
					}
					probs, err := db.Check(ctx)
					if err != nil || len(probs) > 0 {
						t.Errorf("check %s: %v %v", name, probs, err)
					}
					s, err := db.Schema(ctx)
					if err != nil || !strings.Contains(s.Guidelines, "الإرشادات") {
						t.Errorf("%s schema %+v, %v: want the source's guidelines", name, s, err)
					}
				}
			})
		}
	}
}

// TestCopyThenEdit: the copy's ID counters stand where the source's did,
// so an edit made after the copy gets a new ID, and undo and redo go on
// with the history made before it.
func TestCopyThenEdit(t *testing.T) {
	for _, to := range copyEnds {
		t.Run(to, func(t *testing.T) {
			ctx := context.Background()
			src := openEnd(t, "sqlite")
			dst := openEnd(t, to)
			deleted := copyProject(t, src)
			if _, err := src.CopyTo(ctx, dst, nil); err != nil {
				t.Fatal(err)
			}
			// The deleted span had the highest span ID: only the edit log
			// remembers it.
			s, err := dst.AddSpan(ctx, annotate.Span{DocumentID: deleted.DocumentID, Start: 7, End: 11, Label: "LOC", Annotator: "noor"})
			if err != nil {
				t.Fatal(err)
			}
			if s.ID <= deleted.ID {
				t.Errorf("a span added after the copy got ID %d, not past %d (deleted before the copy, restorable by undo)", s.ID, deleted.ID)
			}
			e, err := dst.Undo(ctx, amal)
			if err != nil {
				t.Fatalf("amal's undo of her deletion made before the copy: %v", err)
			}
			if e.Kind != kindSpanDelete {
				t.Errorf("undid %q, want amal's %s", e.Kind, kindSpanDelete)
			}
			a, err := dst.Annotations(ctx, deleted.DocumentID, amal)
			if err != nil || len(a.Spans) != 1 || a.Spans[0].ID != deleted.ID {
				t.Fatalf("after undo amal has %+v (%v), want span %d back", a.Spans, err, deleted.ID)
			}
			n, err := dst.Annotations(ctx, deleted.DocumentID, "noor")
			if err != nil || len(n.Spans) != 1 || n.Spans[0].ID != s.ID {
				t.Fatalf("after amal's undo noor has %+v (%v), want her span %d", n.Spans, err, s.ID)
			}
			if _, err := dst.Redo(ctx, amal); err != nil {
				t.Fatal(err)
			}
			if a, _ := dst.Annotations(ctx, deleted.DocumentID, amal); len(a.Spans) != 0 {
				t.Errorf("after redo amal has %+v, want none", a.Spans)
			}
			// noor's deletion of a document, made before the copy, is undone
			// from the copied trash.
			e, err = dst.Undo(ctx, "noor")
			if err != nil || e.Kind != kindSpanAdd {
				t.Fatalf("noor's first undo = %q, %v; want her new span", e.Kind, err)
			}
			if e, err = dst.Undo(ctx, "noor"); err != nil || e.Kind != kindDocDelete {
				t.Fatalf("noor's second undo = %q, %v; want the document deletion", e.Kind, err)
			}
			if n, err := dst.DocumentCount(ctx); err != nil || n != 3 {
				t.Errorf("after undoing the deletion: %d documents (%v), want 3", n, err)
			}
			if ids, err := dst.SearchDocuments(ctx, "minister"); err != nil || len(ids) != 1 {
				t.Errorf("restored document in the search index: %v, %v", ids, err)
			}
			doc, err := addDocsErr(dst, "نص جديد بعد النسخ.")
			if err != nil {
				t.Fatal(err)
			}
			if doc <= 3 {
				t.Errorf("a document imported after the copy got ID %d", doc)
			}
			if probs, err := dst.Check(ctx); err != nil || len(probs) > 0 {
				t.Errorf("check: %v %v", probs, err)
			}
		})
	}
}

// addDocsErr imports one text and returns its ID.
func addDocsErr(db *DB, text string) (int64, error) {
	im, err := db.BeginImport(context.Background())
	if err != nil {
		return 0, err
	}
	defer im.Rollback()
	id, _, err := im.AddDocument(annotate.Document{Text: annotate.FreezeText(text), Source: "test"})
	if err != nil {
		return 0, err
	}
	return id, im.Commit()
}

func TestCopyRefusesNonEmpty(t *testing.T) {
	for _, to := range copyEnds {
		t.Run(to, func(t *testing.T) {
			if to == "postgres" {
				pgOnly(t)
			}
			ctx := context.Background()
			src := openEnd(t, "sqlite")
			copyProject(t, src)
			for name, fill := range map[string]func(dst *DB){
				"a document": func(dst *DB) { addDocs(t, dst, "وثيقة موجودة.") },
				"a document in the trash": func(dst *DB) {
					id := addDocs(t, dst, "وثيقة محذوفة.")
					if err := dst.DeleteDocument(ctx, amal, id[0]); err != nil {
						t.Fatal(err)
					}
				},
			} {
				t.Run(name, func(t *testing.T) {
					dst := openEnd(t, to)
					fill(dst)
					before := dumpDB(t, dst)
					_, err := src.CopyTo(ctx, dst, nil)
					wantCode(t, err, annotate.ECodeDuplicate)
					if msg := annotate.ErrorMessage(err); !strings.Contains(msg, "is not empty") || !strings.Contains(msg, "1 document") {
						t.Errorf("message %q", msg)
					}
					if after := dumpDB(t, dst); after != before {
						t.Errorf("refused copy changed the destination:\n%s\nwas\n%s", after, before)
					}
				})
			}
			wantCode(t, func() error { _, err := src.CopyTo(ctx, src, nil); return err }(), annotate.ECodeInvalid)
		})
	}
}

// TestCopyCancelled: a copy stopped midway leaves the destination as it
// was, and a second copy then succeeds.
func TestCopyCancelled(t *testing.T) {
	for _, to := range copyEnds {
		t.Run(to, func(t *testing.T) {
			src := openEnd(t, "sqlite")
			dst := openEnd(t, to)
			copyProject(t, src)
			// Enough rows that a progress report comes before the end.
			texts := make([]string, 1200)
			for i := range texts {
				texts[i] = fmt.Sprintf("وثيقة رقم %d.", i)
			}
			addDocs(t, src, texts...)
			empty := dumpDB(t, dst)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var stopped int64
			_, err := src.CopyTo(ctx, dst, func(done, total int64) {
				if done > 0 && done < total && stopped == 0 {
					stopped = done
					cancel()
				}
			})
			if err == nil || stopped == 0 {
				t.Fatalf("cancelled copy: %v (cancelled at row %d)", err, stopped)
			}
			if got := dumpDB(t, dst); got != empty {
				t.Errorf("a cancelled copy left rows behind:\n%s", got)
			}
			if _, err := src.CopyTo(context.Background(), dst, nil); err != nil {
				t.Fatalf("copy after a cancelled one: %v", err)
			}
			if got, want := dumpDB(t, dst), dumpDB(t, src); got != want {
				t.Errorf("copy after a cancelled one differs from the source")
			}
		})
	}
}

// BenchmarkCopy copies a project of 20,000 articles of about 3 KB, ten
// spans each, from SQLite to each backend (a PostgreSQL one only with
// HASHIYA_TEST_POSTGRES):
//
//	.ci/postgres go test ./storage -run '^$' -bench Copy -benchtime 2x
func BenchmarkCopy(b *testing.B) {
	const docs, spansPer = 20000, 10
	src := openEnd(b, "sqlite")
	base := annotate.FreezeText(strings.Repeat(sampleTexts[0]+"\n", 20))
	im := beginImport(b, src)
	for i := range docs {
		id, _, err := im.AddDocument(annotate.Document{Text: annotate.FreezeText(fmt.Sprintf("%s\nرقم %d", base, i)), Source: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		for j := range spansPer {
			if _, err := im.AddSpan(spanAt(id, base, j, "bench")); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := im.Commit(); err != nil {
		b.Fatal(err)
	}
	for _, to := range copyEnds {
		b.Run("sqlite→"+to, func(b *testing.B) {
			var st CopyStats
			for range b.N {
				b.StopTimer()
				dst := openEnd(b, to)
				b.StartTimer()
				var err error
				if st, err = src.CopyTo(context.Background(), dst, nil); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				dst.Close()
				b.StartTimer()
			}
			if st.Documents != docs || st.Spans != docs*spansPer {
				b.Fatalf("copied %+v", st)
			}
			b.ReportMetric(float64(st.Documents)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
			b.ReportMetric(float64(st.Rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// TestOpenExistingPostgres: a command that reads a database (copy's
// source, export, check) opens a PostgreSQL one by its address, and
// refuses one with no Hashiya tables without creating them.
func TestOpenExistingPostgres(t *testing.T) {
	pgOnly(t)
	url := storagetest.Name(t, "copy")
	_, err := OpenExisting(url)
	wantCode(t, err, annotate.ECodeNotFound)
	if !strings.Contains(annotate.ErrorMessage(err), "There is no Hashiya database at") {
		t.Errorf("message %q", annotate.ErrorMessage(err))
	}
	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var tables int
	if err := raw.QueryRow("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()").Scan(&tables); err != nil || tables != 0 {
		t.Fatalf("the refused opening left %d tables (%v)", tables, err)
	}
	openAt(t, url) // creates the tables
	again, err := OpenExisting(url)
	if err != nil {
		t.Fatal(err)
	}
	again.Close()
}
