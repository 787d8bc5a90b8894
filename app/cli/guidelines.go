package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"hashiya/annotate"
)

// Guidelines runs "hashiya guidelines": it prints the database's
// annotation guidelines (Markdown), or replaces them with a file's
// (--set), or removes them (--clear). Either change is one transaction
// that leaves the labels alone; a file that is not UTF-8 text changes
// nothing.
func Guidelines(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCommand("guidelines", "[--set FILE.md | --clear] [flags]",
		"Prints the database's annotation guidelines (Markdown), or replaces them with a file's (--set)\nor removes them (--clear). Without guidelines of its own, the window (F1) shows the default\nones: the keys and the labels.", stdout, stderr)
	set := c.fs.String("set", "", "replace the guidelines with those in the Markdown `FILE`")
	clear := c.fs.Bool("clear", false, "remove the guidelines (the window then shows the default ones)")
	if code, done := c.parse(args); done {
		return code
	}
	if len(c.args) > 0 {
		return c.usageError("guidelines takes no arguments; name the file with --set.")
	}
	if *set != "" && *clear {
		return c.usageError("Use --set or --clear, not both.")
	}
	var md string
	if *set != "" {
		var err error
		if md, err = readGuidelines(*set); err != nil {
			return c.fail(err)
		}
	}
	db, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	switch {
	case *set != "" || *clear:
		if err := checkCtx(ctx); err != nil {
			return c.fail(err)
		}
		if err := db.SetGuidelines(ctx, md); err != nil {
			return c.fail(err)
		}
		if *clear {
			fmt.Fprintln(stdout, "guidelines removed; the window shows the default ones")
		} else {
			fmt.Fprintf(stdout, "guidelines set from %s (%s)\n", annotate.Printable(*set), plural(strings.Count(strings.TrimRight(md, "\n"), "\n")+1, "line", "lines"))
		}
	default:
		s, err := db.Schema(ctx)
		if err != nil {
			return c.fail(err)
		}
		if s.Guidelines == "" {
			fmt.Fprintln(stderr, "hashiya guidelines: this database has no guidelines of its own; the window (F1) shows the default ones.")
			return exitOK
		}
		if _, err := io.WriteString(stdout, printableLines(s.Guidelines)); err != nil {
			return c.fail(writeErr(err))
		}
	}
	return exitOK
}

// readGuidelines reads a Markdown file for --set. An empty file is
// refused: removing the guidelines is --clear, never a typo.
func readGuidelines(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", &annotate.Error{Code: annotate.ECodeIO, Message: fmt.Sprintf("Cannot read %s: %v.", path, errors.Unwrap(err)), Err: err}
	}
	md, err := annotate.ParseGuidelines(b)
	if err != nil {
		return "", &annotate.Error{Code: annotate.ErrorCode(err), Message: fmt.Sprintf("%s: %s Nothing was changed.", path, annotate.ErrorMessage(err)), Err: err}
	}
	if strings.TrimSpace(md) == "" {
		return "", annotate.Errorf(annotate.ECodeEmpty, "%s is empty; to remove the guidelines use --clear.", path)
	}
	return md, nil
}

// printableLines escapes each line of md for the terminal and ends it
// with a newline: guidelines stored by an older Hashiya were never
// checked for control characters. Tabs stay, as --set takes them, so
// what is printed can be set again as it is.
func printableLines(md string) string {
	lines := strings.Split(strings.TrimSuffix(md, "\n"), "\n")
	for i, l := range lines {
		parts := strings.Split(l, "\t")
		for j, p := range parts {
			parts[j] = annotate.Printable(p)
		}
		lines[i] = strings.Join(parts, "\t")
	}
	return strings.Join(lines, "\n") + "\n"
}
