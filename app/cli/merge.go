package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"hashiya/annotate"
	"hashiya/storage"
)

// Merge runs "hashiya merge": every annotator's work from other Hashiya
// databases into the one named by --db, in one transaction.
func Merge(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCommand("merge", "--db TEAM.db [flags] OTHER.db...",
		"Brings every document and every annotator's spans, targets, stances and statuses from other Hashiya databases into TEAM.db,\nmatching documents by input hash. Merging again changes nothing; nothing is stored unless all of it is.", stdout, stderr)
	rename := map[string]string{}
	c.fs.Func("rename", "bring annotator `OLD=NEW`'s work in under the name NEW, from every OTHER.db (repeat for more annotators)", func(v string) error {
		old, nw, ok := strings.Cut(v, "=")
		old, nw = strings.TrimSpace(old), strings.TrimSpace(nw)
		if !ok || old == "" || nw == "" {
			return fmt.Errorf("write --rename OLD=NEW, e.g. --rename sara=sara2")
		}
		if _, dup := rename[old]; dup {
			return fmt.Errorf("annotator %q is renamed twice", old)
		}
		if err := annotate.ValidateAnnotator(nw); err != nil {
			return errors.New(annotate.ErrorMessage(err))
		}
		rename[old] = nw
		return nil
	})
	if code, done := c.parse(args); done {
		return code
	}
	if len(c.args) == 0 {
		return c.usageError("Name at least one database to merge into %s.", orDefault(c.db))
	}
	// The team database may be new: merging into it is how a team
	// starts one. openOrCreate says so on stderr.
	team, err := c.openOrCreate()
	if err != nil {
		return c.fail(err)
	}
	defer team.Close()
	var others []*storage.DB
	defer func() {
		for _, o := range others {
			o.Close()
		}
	}()
	for _, p := range c.args {
		// A source is opened, never created: a typo must not merge nothing.
		o, err := storage.OpenExisting(p)
		if err != nil {
			return c.fail(err)
		}
		others = append(others, o)
	}
	st, err := team.Merge(ctx, others, storage.MergeOptions{Rename: rename})
	if err != nil {
		return c.fail(err)
	}
	who := "nobody's"
	if len(st.Annotators) > 0 {
		who = strings.Join(st.Annotators, ", ") + "'s"
	}
	// Annotator names come from the other databases, which may predate
	// the rule against control characters in names.
	fmt.Fprintln(stdout, annotate.Printable(fmt.Sprintf("Merged %s into %s: %s read, %s new; %s work brought in (%s), %s already there.",
		plural(len(others), "database", "databases"), team.Path(), plural(st.Documents, "document", "documents"),
		plural(st.NewDocuments, "document", "documents"), who, plural(st.Added, "document", "documents"),
		plural(st.Same, "identical one", "identical ones"))))
	return exitOK
}

func orDefault(db string) string {
	if db == "" {
		return "the database"
	}
	return db
}
