package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"hashiya/annotate"
)

// Delete runs "hashiya delete": it deletes documents, named by ID or by
// input hash (or a prefix of 8 hex digits or more), with every
// annotator's work on them. It asks nothing: each deletion is one step
// on the --as annotator's undo stack, so Ctrl+Z in the window, working
// as that annotator, brings the document back. Every name is resolved
// before anything is deleted, so a typo deletes nothing.
func Delete(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCommand("delete", "[flags] DOC...",
		"Deletes documents with every annotator's work on them. DOC is a document ID or its input hash\n(8 hex digits or more). Each deletion is one undo step of the --as annotator: Ctrl+Z in the\nwindow, working as them, brings the document back.", stdout, stderr)
	as := c.fs.String("as", os.Getenv("HASHIYA_ANNOTATOR"), "the annotator `NAME` whose undo stack gets the deletions (default: $HASHIYA_ANNOTATOR)")
	if code, done := c.parse(args); done {
		return code
	}
	if len(c.args) == 0 {
		return c.usageError("Name at least one document to delete, by ID or input hash.")
	}
	who := strings.TrimSpace(*as)
	if who == "" {
		return c.usageError("Name the annotator who can undo the deletion with --as or $HASHIYA_ANNOTATOR.")
	}
	if err := annotate.ValidateAnnotator(who); err != nil {
		return c.usageError("--as: %s", annotate.ErrorMessage(err))
	}
	db, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	var ids []int64
	for _, ref := range c.args {
		id, err := db.FindDocument(ctx, ref)
		if err != nil {
			return c.fail(deletedSoFar(err, 0))
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for i, id := range ids {
		if err := checkCtx(ctx); err != nil {
			return c.fail(deletedSoFar(err, i))
		}
		doc, err := db.Document(ctx, id)
		if err == nil {
			err = db.DeleteDocument(ctx, who, id)
		}
		if err != nil {
			return c.fail(deletedSoFar(err, i))
		}
		fmt.Fprintf(stdout, "deleted document %d %q (input hash %s)\n", id, annotate.Title(doc.Text), short(doc.InputHash))
	}
	fmt.Fprintf(stdout, "%q can undo this in the window: each Ctrl+Z brings back one document, the last deleted first.\n", who)
	return exitOK
}

// deletedSoFar words a failure after n deletions, which stay deleted
// (each was its own transaction, and is undoable).
func deletedSoFar(err error, n int) error {
	if n == 0 {
		return &annotate.Error{Code: annotate.ErrorCode(err), Message: annotate.ErrorMessage(err) + " Nothing was deleted.", Err: err}
	}
	return &annotate.Error{Code: annotate.ErrorCode(err), Message: fmt.Sprintf("%s Deleted before it: %s, listed above (Ctrl+Z in the window brings them back).", annotate.ErrorMessage(err), plural(n, "document", "documents")), Err: err}
}

// short is the first 12 hex digits of an input hash: enough to name a
// document to delete again or to find.
func short(hash string) string {
	if len(hash) > 12 {
		return hash[:12]
	}
	return hash
}
