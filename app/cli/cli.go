// Package cli runs Hashiya's subcommands: import, export, stats, check,
// agree, merge, copy, delete, assign and guidelines.
//
// Each command takes its arguments, stdout and stderr, and returns the
// process exit code: 0 on success; 1 on a failure, with one sentence on
// stderr and nothing half-done; 2 on a usage error, with the usage on
// stderr. -h and --help print the usage on stderr and return 0.
//
// The commands wire the dataset formats (hashiya/annotate/dataset) to the
// database (hashiya/storage); they hold no format or storage logic of
// their own.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"hashiya/annotate"
	"hashiya/storage"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// command is what every subcommand shares: its flags, its output streams
// and the database flag.
type command struct {
	name   string
	fs     *flag.FlagSet
	stdout io.Writer
	stderr io.Writer
	db     string
	args   []string // the arguments that are not flags
}

func newCommand(name, synopsis, about string, stdout, stderr io.Writer) *command {
	c := newBareCommand(name, synopsis, about, stdout, stderr)
	c.fs.StringVar(&c.db, "db", "", "the database `FILE` (default: $HASHIYA_DB, else the per-user data directory)")
	return c
}

// newBareCommand is newCommand without --db, for a command that names
// its databases itself (copy).
func newBareCommand(name, synopsis, about string, stdout, stderr io.Writer) *command {
	c := &command{name: name, stdout: stdout, stderr: stderr}
	c.fs = flag.NewFlagSet(name, flag.ContinueOnError)
	c.fs.SetOutput(stderr)
	c.fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: hashiya %s %s\n\n%s\n\n", name, synopsis, about)
		c.fs.PrintDefaults()
	}
	return c
}

// parse parses args, flags and paths in any order ("import a.jsonl --as
// x" works; after "--" everything is a path). done is true when the
// command must stop with code.
func (c *command) parse(args []string) (code int, done bool) {
	var tail []string
	for i, a := range args {
		if a == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	for {
		if err := c.fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK, true
			}
			return exitUsage, true // flag has printed the problem and the usage
		}
		if c.fs.NArg() == 0 {
			break
		}
		c.args = append(c.args, c.fs.Arg(0))
		args = c.fs.Args()[1:]
	}
	c.args = append(c.args, tail...)
	return exitOK, false
}

// usageError reports a bad argument the flag package cannot see. The
// sentence may quote arguments, so its control characters are escaped.
func (c *command) usageError(format string, args ...any) int {
	fmt.Fprintf(c.stderr, "hashiya %s: %s\n\n", c.name, annotate.Printable(fmt.Sprintf(format, args...)))
	c.fs.Usage()
	return exitUsage
}

// fail prints err as one sentence and returns the failure code. The
// sentence may name files, labels and annotators, from arguments or the
// database: its control characters are escaped so that none reaches the
// terminal.
func (c *command) fail(err error) int {
	fmt.Fprintf(c.stderr, "hashiya %s: %s\n", c.name, annotate.Printable(annotate.ErrorMessage(err)))
	return exitFail
}

// open opens the database named by --db, as the window does.
func (c *command) open() (*storage.DB, error) { return storage.OpenExisting(c.db) }

// openOrCreate opens the database, creating it when it does not exist
// (only import may), and says so on stderr: a new database where the user
// expected an old one is a typo they should see.
func (c *command) openOrCreate() (*storage.DB, error) {
	db, err := storage.OpenNamed(c.db)
	if err == nil && db.Created() {
		fmt.Fprintf(c.stderr, "hashiya: created a new database at %s\n", annotate.Printable(db.Path()))
	}
	return db, err
}

// oneOf returns the allowed values of a flag for its help text.
func oneOf[T ~string](vals []T) string {
	s := make([]string, len(vals))
	for i, v := range vals {
		s[i] = string(v)
	}
	return strings.Join(s, "|")
}

// checkCtx turns a cancelled context into a sentence.
func checkCtx(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return &annotate.Error{Code: annotate.ECodeInternal, Message: "Interrupted; nothing was changed.", Err: err}
	}
	return nil
}
