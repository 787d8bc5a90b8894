package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"hashiya/annotate"
)

// Assign runs "hashiya assign": it puts each document in the queues of
// --per-document annotators, balanced and the same on every run, in one
// transaction. In the window an annotator with a queue sees only it, in
// its order. Run again after an import, it routes only the documents
// with too few annotators; --replace routes them all afresh.
func Assign(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCommand("assign", "--per-document N [--annotators a,b,c] [--replace] [flags]",
		"Gives each document to N annotators (Prodigy's annotations_per_task), spreading the documents\nevenly, in one transaction. Each annotator's window then lists only their queue, in its order.\nRun again, it gives out only documents with fewer than N annotators (new imports) and keeps the\nrest; --replace gives out every document again.", stdout, stderr)
	per := c.fs.Int("per-document", 0, "how many annotators get each document (`N`, 1 or more)")
	annotators := c.fs.String("annotators", "", "the annotators `a,b,...` to share the documents (default: those with a queue, else everyone with work)")
	replace := c.fs.Bool("replace", false, "drop every assignment and give out all documents again")
	if code, done := c.parse(args); done {
		return code
	}
	if len(c.args) > 0 {
		return c.usageError("assign takes no arguments; name the annotators with --annotators a,b,c.")
	}
	if *per < 1 {
		return c.usageError("Say how many annotators get each document with --per-document N (1 or more).")
	}
	var names []string
	for _, a := range strings.Split(*annotators, ",") {
		if a = strings.TrimSpace(a); a != "" {
			if err := annotate.ValidateAnnotator(a); err != nil {
				return c.usageError("--annotators: %s", annotate.ErrorMessage(err))
			}
			names = append(names, a)
		}
	}
	if *annotators != "" && len(names) == 0 {
		return c.usageError("--annotators names nobody; list them as a,b,c.")
	}
	db, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	res, err := AssignDocuments(ctx, db, AssignRequest{Annotators: names, PerDocument: *per, Replace: *replace})
	if annotate.ErrorCode(err) == annotate.ECodeEmpty {
		return c.usageError("%s", annotate.ErrorMessage(err))
	}
	if err != nil {
		return c.fail(err)
	}
	if err := writeAssign(stdout, res, *per); err != nil {
		return c.fail(writeErr(err))
	}
	return exitOK
}

// writeAssign writes the summary: what was given out, then each
// annotator's new documents and whole queue.
func writeAssign(w io.Writer, res AssignResult, per int) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	added := 0
	for _, n := range res.Added {
		added += n
	}
	switch {
	case res.Total == 0:
		fmt.Fprintf(tw, "There are no documents to assign yet: import some first.\n")
	case res.Documents == 0:
		fmt.Fprintf(tw, "Every document has %s already; nothing was assigned (--replace gives them all out again).\n", plural(per, "annotator", "annotators"))
	default:
		fmt.Fprintf(tw, "Assigned %s to %s (%s).\n", plural(res.Documents, "document", "documents"),
			plural(per, "annotator each", "annotators each"), plural(added, "assignment", "assignments"))
	}
	fmt.Fprintf(tw, "\nannotator\tnew\tqueue\n")
	// Everyone named, with a queue or not, and everyone with a queue:
	// a re-run keeps the queues of those it no longer names.
	who := map[string]bool{}
	for _, a := range res.Annotators {
		who[a] = true
	}
	for a := range res.Queued {
		who[a] = true
	}
	for _, a := range sortedKeys(who) {
		fmt.Fprintf(tw, "%s\t%d\t%d\n", annotate.Printable(a), res.Added[a], res.Queued[a])
	}
	return tw.Flush()
}
