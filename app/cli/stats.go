package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"hashiya/annotate"
	"hashiya/storage"
)

// Stats runs "hashiya stats": documents by status per annotator, spans
// per label, targets, stances per label and, when documents are
// assigned, each annotator's progress through their queue.
func Stats(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCommand("stats", "[flags]", "Counts documents per annotator and status, spans and stances per label, targets, and each\nannotator's progress through their queue (hashiya assign).", stdout, stderr)
	if code, done := c.parse(args); done {
		return code
	}
	if len(c.args) > 0 {
		return c.usageError("stats takes no arguments.")
	}
	db, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	st, err := DatabaseStats(ctx, db, StatsRequest{})
	if err != nil {
		return c.fail(err)
	}
	if err := writeStats(stdout, st); err != nil {
		return c.fail(writeErr(err))
	}
	return exitOK
}

// writeStats writes st as stats prints it.
func writeStats(w io.Writer, st storage.Stats) error {
	// Names and labels come from files and --as; escaped, one with a tab
	// or an ESC sequence can neither break the table nor drive the
	// terminal.
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "documents\t%d\n", st.Documents)
	if len(st.ByAnnotator) > 0 {
		fmt.Fprintf(tw, "\nannotator\ttodo\tin progress\tdone\tskipped\n")
		for _, a := range sortedKeys(st.ByAnnotator) {
			m := st.ByAnnotator[a]
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", annotate.Printable(a), m[annotate.StatusTodo], m[annotate.StatusInProgress], m[annotate.StatusDone], m[annotate.StatusSkipped])
		}
	}
	if len(st.SpansByLabel) > 0 {
		fmt.Fprintf(tw, "\nspan label\tspans\n")
		for _, l := range sortedKeys(st.SpansByLabel) {
			fmt.Fprintf(tw, "%s\t%d\n", annotate.Printable(l), st.SpansByLabel[l])
		}
	}
	if len(st.Queues) > 0 {
		// left is what the window's queue still offers: neither done
		// nor skipped.
		fmt.Fprintf(tw, "\nqueue of\tassigned\tdone\tskipped\tleft\n")
		for _, a := range sortedKeys(st.Queues) {
			q := st.Queues[a]
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", annotate.Printable(a), q.Assigned, q.Done, q.Skipped, q.Assigned-q.Done-q.Skipped)
		}
	}
	fmt.Fprintf(tw, "\ntargets\t%d\n", st.Targets)
	if len(st.StancesByLabel) > 0 {
		fmt.Fprintf(tw, "\nstance label\tstances\n")
		for _, l := range sortedKeys(st.StancesByLabel) {
			fmt.Fprintf(tw, "%s\t%d\n", annotate.Printable(l), st.StancesByLabel[l])
		}
	}
	return tw.Flush()
}

// Check runs "hashiya check": SQLite's integrity check, every span's text
// against its document and every document's input hash. Problems are
// listed on stdout, one per line, and the command fails.
func Check(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCommand("check", "[flags]", "Checks the database file, every span's text against its document, and every input hash.", stdout, stderr)
	if code, done := c.parse(args); done {
		return code
	}
	if len(c.args) > 0 {
		return c.usageError("check takes no arguments.")
	}
	db, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	res, err := CheckDatabase(ctx, db, CheckRequest{Progress: c.bar("checking")})
	if err != nil {
		return c.fail(err)
	}
	if err := writeCheck(stdout, res); err != nil {
		return c.fail(writeErr(err))
	}
	if bad := res.Count(); bad > 0 {
		fmt.Fprintf(stderr, "hashiya check: %s; see the list above.\n", plural(bad, "problem found", "problems found"))
		return exitFail
	}
	return exitOK
}

// writeCheck writes res as check prints it: the problems one a line,
// else "ok".
func writeCheck(w io.Writer, res CheckResult) error {
	bw := bufio.NewWriter(w)
	if res.Integrity != "ok" {
		for _, l := range strings.Split(res.Integrity, "\n") {
			fmt.Fprintf(bw, "database file: %s\n", l)
		}
	}
	for _, p := range res.Problems {
		fmt.Fprintln(bw, p)
	}
	if res.Count() == 0 {
		fmt.Fprintln(bw, "ok")
	}
	return bw.Flush()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
