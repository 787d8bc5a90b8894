// Command hashiya is a desktop tool for annotating news articles (Arabic
// first) with entity spans and stances, saved to SQLite as they are made
// and exported as JSONL datasets.
//
// Usage:
//
//	hashiya [--db FILE] [--annotator NAME]   open the annotation window
//	hashiya import|export|stats|check ...     work on a database from the shell
//	hashiya help                              list the subcommands
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"hashiya/annotate"
	"hashiya/app"
	"hashiya/app/cli"
	_ "hashiya/app/posixlocale" // before Fyne's init: see its doc
	"hashiya/storage"
)

const usage = `Usage:
  hashiya [--db FILE] [--annotator NAME]   open the annotation window
  hashiya import [flags] PATH...           import documents and annotations
  hashiya export [flags]                   export a dataset as JSONL or CoNLL
  hashiya stats  [--db FILE]               count documents, spans and stances
  hashiya check  [--db FILE]               check the database and every span
  hashiya agree  [flags]                   measure inter-annotator agreement
  hashiya merge  --db TEAM.db OTHER.db...  bring other databases' work into one
  hashiya copy   --from SRC --to DST       copy a whole project to a new database (file or postgres://)
  hashiya delete --as NAME DOC...          delete documents (undoable in the window)
  hashiya assign --per-document N [flags]  give each document to N annotators' queues
  hashiya guidelines [--set FILE|--clear]  print or replace the guidelines (Markdown)
  hashiya help                             show this help

--db takes a file or a PostgreSQL address, postgres://USER@HOST:PORT/DB
(the password goes in a password file: PGPASSFILE or ~/.pgpass).
The database defaults to $HASHIYA_DB, else hashiya.db in your data folder.
The annotator defaults to $HASHIYA_ANNOTATOR. Run a subcommand with -h for its flags.
`

type command func(ctx context.Context, args []string, stdout, stderr io.Writer) int

var commands = map[string]command{
	"import":     cli.Import,
	"export":     cli.Export,
	"stats":      cli.Stats,
	"check":      cli.Check,
	"agree":      cli.Agree,
	"merge":      cli.Merge,
	"copy":       cli.Copy,
	"delete":     cli.Delete,
	"assign":     cli.Assign,
	"guidelines": cli.Guidelines,
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name := args[0]
		if name == "help" {
			fmt.Fprint(stdout, usage)
			return 0
		}
		cmd, ok := commands[name]
		if !ok {
			fmt.Fprintf(stderr, "hashiya: unknown subcommand %q\n\n%s", name, usage)
			return 2
		}
		// Ctrl+C cancels the command: an import rolls back, an export
		// removes its temporary file.
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return cmd(ctx, args[1:], stdout, stderr)
	}

	fs := flag.NewFlagSet("hashiya", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	dbPath := fs.String("db", "", "database `FILE` (default $HASHIYA_DB, else hashiya.db in your data folder)")
	annotator := fs.String("annotator", os.Getenv("HASHIYA_ANNOTATOR"), "annotator `NAME` to work as")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "hashiya: unexpected argument %q\n\n%s", fs.Arg(0), usage)
		return 2
	}

	db, err := storage.OpenNamed(*dbPath)
	if err != nil {
		fmt.Fprintln(stderr, "hashiya: "+annotate.ErrorMessage(err))
		return 1
	}
	defer db.Close()
	if db.Created() {
		fmt.Fprintf(stderr, "hashiya: created a new database at %s\n", annotate.Printable(db.Path()))
		if _, err := app.Seed(context.Background(), db); err != nil {
			fmt.Fprintln(stderr, "hashiya: "+annotate.ErrorMessage(err))
			return 1
		}
	}
	app.Run(db, app.Options{Annotator: *annotator})
	return 0
}
