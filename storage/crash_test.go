package storage

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var crashRounds = flag.Int("crash.rounds", 20, "how many times TestCrash kills a writing child")

// crashEnv names the database the crash child writes to.
const crashEnv = "HASHIYA_CRASH_DB"

// TestCrash kills a process in the middle of editing, over and over, and
// checks that every edit the process saw committed survived and that the
// file is sound. The child is this test binary running TestCrashChild.
func TestCrash(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crash.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	docs := addDocs(t, db, sampleTexts...)
	db.Close()

	total, reads := 0, 0
	for round := range *crashRounds {
		annotator := fmt.Sprintf("crash-%d", round)
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
		cmd.Env = append(os.Environ(), crashEnv+"="+path, "HASHIYA_CRASH_ANNOTATOR="+annotator,
			"HASHIYA_CRASH_DOC="+strconv.FormatInt(docs[round%len(docs)], 10))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill at a random moment once the child is editing: from right
		// after its first commit to well into its stream of edits.
		lines := make(chan string)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		var printed []int64
		first, ok := <-lines
		if !ok {
			cmd.Wait()
			t.Fatalf("round %d: the child printed nothing", round)
		}
		printed = append(printed, parseID(t, first))
		// While the child writes, this process reads through its own
		// handle: it must never see a change without its log row.
		reader, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		stop := make(chan struct{})
		readerDone := make(chan int)
		go func() {
			reads := 0
			defer func() { readerDone <- reads }()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := checkLogMatches(ctx, reader, annotator); err != nil {
					t.Errorf("round %d, concurrent reader: %v", round, err)
					return
				}
				reads++
				// Leave the CPU to the child: the machine may have 2 cores.
				time.Sleep(time.Millisecond)
			}
		}()
		time.AfterFunc(time.Duration(rand.IntN(120))*time.Millisecond, func() { cmd.Process.Kill() })
		for l := range lines {
			// The scanner yields only complete lines, i.e. IDs whose
			// commit had returned before the child wrote them.
			printed = append(printed, parseID(t, l))
		}
		if err := cmd.Wait(); cmd.ProcessState.ExitCode() != -1 {
			t.Fatalf("round %d: the child exited by itself (%v) instead of being killed", round, err)
		}
		close(stop)
		reads += <-readerDone
		reader.Close()
		total += len(printed)

		db, err := Open(path)
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		for _, id := range printed {
			var exists bool
			if err := db.r.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM edits WHERE id = ? AND annotator = ?)", id, annotator).Scan(&exists); err != nil {
				t.Fatal(err)
			}
			if !exists {
				t.Errorf("round %d: edit %d was reported committed but is gone", round, id)
			}
		}
		// Even the edit the kill interrupted left no change without its
		// log row, nor a row without its change.
		if err := checkLogMatches(ctx, db, annotator); err != nil {
			t.Errorf("round %d: %v", round, err)
		}
		var logged int
		db.r.QueryRowContext(ctx, "SELECT count(*) FROM edits WHERE annotator = ?", annotator).Scan(&logged)
		if logged < len(printed) {
			t.Errorf("round %d: %d edits logged, %d reported", round, logged, len(printed))
		}
		if ic, err := db.IntegrityCheck(ctx); err != nil || ic != "ok" {
			t.Errorf("round %d: integrity check %q, %v", round, ic, err)
		}
		db.Close()
	}
	t.Logf("%d rounds, %d committed edits checked, %d concurrent reads", *crashRounds, total, reads)
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if probs, err := db.Check(ctx); err != nil || len(probs) > 0 {
		t.Errorf("Check after the crashes: %v, %v", probs, err)
	}
}

// checkLogMatches checks, in one read transaction, that annotator's spans
// are exactly what their edit log says: additions minus undos plus redos
// (the crash child only adds spans, and undoes and redoes additions).
func checkLogMatches(ctx context.Context, db *DB, annotator string) error {
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var spans, adds, undos, redos int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM spans WHERE annotator = ?", annotator).Scan(&spans); err != nil {
		return err
	}
	err = tx.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE kind = 'span.add'), count(*) FILTER (WHERE kind = 'undo'),
		count(*) FILTER (WHERE kind = 'redo') FROM edits WHERE annotator = ?`, annotator).Scan(&adds, &undos, &redos)
	if err != nil {
		return err
	}
	if spans != adds-undos+redos {
		return fmt.Errorf("%d spans but the log has %d additions, %d undos, %d redos", spans, adds, undos, redos)
	}
	return nil
}

func parseID(t *testing.T, line string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimSpace(line), 10, 64)
	if err != nil {
		t.Fatalf("child printed %q", line)
	}
	return id
}

// TestCrashChild edits as fast as it can and prints each edit's ID once
// the edit has returned, until it is killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("run by TestCrash as a child process")
	}
	ctx := context.Background()
	db, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	doc, _ := strconv.ParseInt(os.Getenv("HASHIYA_CRASH_DOC"), 10, 64)
	d, err := db.Document(ctx, doc)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	annotator := os.Getenv("HASHIYA_CRASH_ANNOTATOR")
	// Only this process edits as annotator, so its newest log row is the
	// edit that just committed.
	printLast := func() {
		var id int64
		if err := db.r.QueryRowContext(ctx, "SELECT max(id) FROM edits WHERE annotator = ?", annotator).Scan(&id); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		// Unbuffered: the line leaves the process before the next edit.
		fmt.Fprintln(os.Stdout, id)
	}
	for i := 0; ; i++ {
		if _, err := db.AddSpan(ctx, spanAt(doc, d.Text, i, annotator)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		printLast()
		if i%10 == 9 {
			// Some edits of other kinds, so the kill also hits those.
			if _, err := db.Undo(ctx, annotator); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(3)
			}
			printLast()
			if _, err := db.Redo(ctx, annotator); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(3)
			}
			printLast()
		}
	}
}
