package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"

	"hashiya/annotate"
	"hashiya/annotate/agree"
	"hashiya/storage"
)

// agreeFormats are the outputs of hashiya agree.
var agreeFormats = []string{"text", "json", "csv"}

// Agree runs "hashiya agree": inter-annotator agreement on spans, tokens
// and stances (see hashiya/annotate/agree for every definition).
func Agree(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCommand("agree", "[flags]", "Measures how far annotators agree: span F1, token κ and α, unitizing αu, stances, and the documents they agree on least.\nOnly documents both annotators of a pair marked done count, unless --all.", stdout, stderr)
	annotators := c.fs.String("annotators", "", "compare only annotators `a,b,...` (default: everyone with work)")
	labels := c.fs.String("labels", "", "count only entity labels `L1,L2,...` (default: every entity label of the schema)")
	format := c.fs.String("format", "text", "output `FORMAT`: "+strings.Join(agreeFormats, "|"))
	all := c.fs.Bool("all", false, "count every document the annotators worked on, not only those marked done")
	clitics := c.fs.Bool("arabic-clitics", false, "also match spans that differ only by Arabic proclitics (و ف ب ل ك, لل, ال), harakat or tatweel, and report them apart")
	top := c.fs.Int("top", 20, "list the `N` documents with the lowest agreement (text output; json and csv list all)")
	if code, done := c.parse(args); done {
		return code
	}
	if len(c.args) > 0 {
		return c.usageError("agree takes no arguments.")
	}
	if !slices.Contains(agreeFormats, *format) {
		return c.usageError("Unknown format %q: use one of %s.", *format, strings.Join(agreeFormats, ", "))
	}
	if *top < 0 {
		return c.usageError("--top must be 0 or more.")
	}
	db, err := c.open()
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	rep, err := Agreement(ctx, db, AgreeRequest{Annotators: *annotators, Labels: *labels, All: *all, ArabicClitics: *clitics})
	if err != nil {
		return c.fail(err)
	}
	w := bufio.NewWriter(stdout)
	switch *format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(rep)
	case "csv":
		err = writeAgreementCSV(w, &rep)
	default:
		err = writeAgreementText(w, &rep, *top)
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return c.fail(outErr(err))
	}
	return exitOK
}

// AgreementSource is what agreement reads from a database;
// *storage.DB is one.
type AgreementSource interface {
	Annotators(ctx context.Context, doneOnly bool) ([]string, error)
	Schema(ctx context.Context) (annotate.Schema, error)
	EachWorkedDocument(ctx context.Context, annotators []string, fn func(storage.WorkedDocument) error) error
}

var _ AgreementSource = (*storage.DB)(nil)

// AgreeRequest is what hashiya agree's flags ask for.
type AgreeRequest struct {
	// Annotators and Labels are comma-separated lists; empty is
	// everyone with work and every entity label.
	Annotators, Labels string
	All, ArabicClitics bool
}

// Agreement computes the report hashiya agree prints, for the command
// and the window alike.
func Agreement(ctx context.Context, db AgreementSource, req AgreeRequest) (agree.Report, error) {
	opts, err := agreeOptions(ctx, db, req.Annotators, req.Labels, req.All)
	if err != nil {
		return agree.Report{}, err
	}
	opts.All, opts.ArabicClitics = req.All, req.ArabicClitics
	return runAgreement(ctx, db, opts)
}

// agreeOptions checks the annotator and label lists against the
// database. Without all, only annotators who marked a document done can
// be compared, and only they are listed.
func agreeOptions(ctx context.Context, db AgreementSource, annotators, labels string, all bool) (agree.Options, error) {
	var opts agree.Options
	have, err := db.Annotators(ctx, !all)
	if err != nil {
		return opts, err
	}
	what := "has no work in this database; it has work by"
	if !all {
		what = "has marked no document done (--all counts unfinished work too); documents are marked done by"
	}
	if annotators == "" {
		opts.Annotators = have
	} else {
		for _, a := range strings.Split(annotators, ",") {
			a = strings.TrimSpace(a)
			if a != "" && !slices.Contains(have, a) {
				return opts, annotate.Errorf(annotate.ECodeNotFound, "Annotator %q %s %s.", a, what, listOr(have))
			}
			opts.Annotators = append(opts.Annotators, a)
		}
	}
	schema, err := db.Schema(ctx)
	if err != nil {
		return opts, err
	}
	var entities []string
	for _, l := range schema.Entities {
		entities = append(entities, l.Name)
	}
	if labels == "" {
		opts.Labels = entities
	} else {
		for _, l := range strings.Split(labels, ",") {
			l = strings.TrimSpace(l)
			if !slices.Contains(entities, l) {
				return opts, annotate.Errorf(annotate.ECodeUnknownLabel, "%q is not an entity label of this database; its labels are %s.", l, listOr(entities))
			}
			if !slices.Contains(opts.Labels, l) {
				opts.Labels = append(opts.Labels, l)
			}
		}
	}
	return opts, nil
}

func listOr(xs []string) string {
	if len(xs) == 0 {
		return "nobody"
	}
	return strings.Join(xs, ", ")
}

// runAgreement reads the documents from storage on this goroutine while
// workers analyse them, and adds the analyses to the study in document
// order (the order of the αu continuum).
func runAgreement(ctx context.Context, db AgreementSource, opts agree.Options) (agree.Report, error) {
	study, err := agree.NewStudy(opts)
	if err != nil {
		return agree.Report{}, err
	}
	type job struct {
		seq int
		doc *agree.Doc
	}
	type result struct {
		seq int
		an  *agree.Analysis
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan job, 4*workers)
	results := make(chan result, 4*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				results <- result{j.seq, study.Analyze(j.doc)}
			}
		}()
	}
	// The collector adds analyses in order, holding early arrivals.
	collected := make(chan struct{})
	go func() {
		pending := map[int]*agree.Analysis{}
		next := 0
		for r := range results {
			pending[r.seq] = r.an
			for an, ok := pending[next]; ok; an, ok = pending[next] {
				study.AddAnalysis(an)
				delete(pending, next)
				next++
			}
		}
		close(collected)
	}()
	seq := 0
	readErr := db.EachWorkedDocument(ctx, opts.Annotators, func(wd storage.WorkedDocument) error {
		if err := checkCtx(ctx); err != nil {
			return err
		}
		// Only entity spans count: agree ignores spans whose label is not
		// in opts.Labels (the schema's entity labels), which today is how
		// an evidence span is told apart. Once spans carry their kind,
		// leave out evidence spans here by kind.
		d := &agree.Doc{ID: wd.Doc.ID, Title: annotate.Title(wd.Doc.Text), Text: wd.Doc.Text, Length: wd.Length}
		for _, it := range wd.Work {
			d.Work = append(d.Work, agree.Work{Annotator: it.Annotator, Done: it.Status.Status == annotate.StatusDone,
				Spans: it.Annotations.Spans, Targets: it.Annotations.Targets, Stances: it.Annotations.Stances})
		}
		jobs <- job{seq, d}
		seq++
		return nil
	})
	close(jobs)
	wg.Wait()
	close(results)
	<-collected
	if readErr != nil {
		if ctx.Err() != nil {
			return agree.Report{}, checkCtx(ctx)
		}
		return agree.Report{}, readErr
	}
	return study.Report(), nil
}

// outErr gives a failing output (a full disk, a closed pipe) a sentence.
func outErr(err error) error {
	var ae *annotate.Error
	if errors.As(err, &ae) {
		return err
	}
	return &annotate.Error{Code: annotate.ECodeIO, Message: fmt.Sprintf("Could not write the report: %v.", err), Err: err}
}

// writeAgreementText writes the report as tables for people, its names,
// labels and titles printable (see printableReport).
func writeAgreementText(w io.Writer, report *agree.Report, top int) error {
	rep := printableReport(report)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	which := "marked done by both annotators of a pair"
	if rep.All {
		which = "worked on by both annotators of a pair"
	}
	fmt.Fprintf(tw, "Agreement of %s on %s %s.\n", strings.Join(rep.Annotators, ", "), plural(rep.Documents, "document", "documents"), which)
	fmt.Fprintf(tw, "Entity labels: %s.\n", strings.Join(rep.Labels, ", "))
	if rep.Documents == 0 {
		fmt.Fprintf(tw, "No document counts yet: agreement needs documents two annotators marked done (or --all).\n")
		return tw.Flush()
	}

	fmt.Fprintf(tw, "\nSpans, all labels (precision and recall of the first against the second)\n")
	head := "pair\tdocuments\ta spans\tb spans\texact P\texact R\texact F1\toverlap P\toverlap R\toverlap F1"
	if rep.ArabicClitics {
		head += "\tclitic F1\tboundary matches"
	}
	fmt.Fprintln(tw, head)
	for _, p := range rep.Pairs {
		s := p.Spans
		fmt.Fprintf(tw, "%s–%s\t%d\t%d\t%d\t%v\t%v\t%v\t%v\t%v\t%v", p.A, p.B, p.Documents, s.Exact.A, s.Exact.B,
			s.Exact.Precision, s.Exact.Recall, s.Exact.F1, s.Overlap.Precision, s.Overlap.Recall, s.Overlap.F1)
		if s.Clitic != nil {
			fmt.Fprintf(tw, "\t%v\t%d", s.Clitic.F1, s.Boundary)
		}
		fmt.Fprintln(tw)
	}

	fmt.Fprintf(tw, "\nSpans by label\n")
	head = "pair\tlabel\ta spans\tb spans\texact F1\toverlap F1"
	if rep.ArabicClitics {
		head += "\tclitic F1\tboundary matches"
	}
	fmt.Fprintln(tw, head)
	for _, p := range rep.Pairs {
		for _, s := range p.ByLabel {
			fmt.Fprintf(tw, "%s–%s\t%s\t%d\t%d\t%v\t%v", p.A, p.B, s.Label, s.Exact.A, s.Exact.B, s.Exact.F1, s.Overlap.F1)
			if s.Clitic != nil {
				fmt.Fprintf(tw, "\t%v\t%d", s.Clitic.F1, s.Boundary)
			}
			fmt.Fprintln(tw)
		}
	}

	fmt.Fprintf(tw, "\nTokens (a token takes the label of a span touching it; O where none does)\n")
	fmt.Fprintln(tw, "pair\ttokens\tobserved\tCohen's κ\tlabelled tokens\tκ on labelled tokens")
	for _, p := range rep.Pairs {
		t := p.Tokens
		fmt.Fprintf(tw, "%s–%s\t%d\t%v\t%v\t%d\t%v\n", p.A, p.B, t.Tokens, t.Observed, t.Kappa, t.AnnotatedTokens, t.KappaAnnotated)
	}

	o := rep.Overall
	fmt.Fprintf(tw, "\nAll annotators\n")
	fmt.Fprintf(tw, "Fleiss' κ\t%v\tover %d tokens of %s every annotator counts on\n", o.FleissKappa, o.Tokens, plural(o.Documents, "document", "documents"))
	fmt.Fprintf(tw, "Krippendorff's α (nominal)\t%v\tover %d tokens of %s at least two count on\n", o.KrippendorffAlpha, o.AlphaTokens, plural(o.AlphaDocuments, "document", "documents"))
	fmt.Fprintf(tw, "Krippendorff's αu\t%v\tover %d characters of %s every annotator counts on\n", o.AlphaU, o.ContinuumLength, plural(o.Documents, "document", "documents"))
	for _, l := range o.AlphaUByLabel {
		fmt.Fprintf(tw, "  αu %s\t%v\t\n", l.Label, l.Score)
	}

	fmt.Fprintf(tw, "\nStances (targets matched by overlapping mentions or equal names)\n")
	fmt.Fprintln(tw, "pair\ttargets a\ttargets b\tmatched\tcompared\tsame stance\tCohen's κ\tsame holder")
	for _, p := range rep.Pairs {
		s := p.Stances
		fmt.Fprintf(tw, "%s–%s\t%d\t%d\t%d\t%d\t%d\t%v\t%d of %d\n", p.A, p.B, s.TargetsA, s.TargetsB, s.Matched, s.Compared, s.Agreed, s.Kappa, s.HolderAgreed, s.HolderCompared)
	}

	for _, p := range rep.Pairs {
		fmt.Fprintf(tw, "\nToken labels: %s (rows) against %s (columns)\n", p.A, p.B)
		fmt.Fprintln(tw, "\t"+strings.Join(p.Confusion.Labels, "\t"))
		for i, row := range p.Confusion.Counts {
			cells := make([]string, len(row))
			for j, v := range row {
				cells[j] = strconv.Itoa(v)
			}
			fmt.Fprintf(tw, "%s\t%s\n", p.Confusion.Labels[i], strings.Join(cells, "\t"))
		}
	}

	n := min(top, len(rep.ByDocument))
	if n > 0 {
		fmt.Fprintf(tw, "\nLowest agreement first (%d of %d documents; --top sets how many)\n", n, len(rep.ByDocument))
		fmt.Fprintln(tw, "document\texact F1\toverlap F1\tκ\tαu\tunmatched spans\ttitle")
		for _, d := range rep.ByDocument[:n] {
			fmt.Fprintf(tw, "%d\t%v\t%v\t%v\t%v\t%d\t%s\n", d.ID, d.ExactF1, d.OverlapF1, d.Kappa, d.AlphaU, d.Unmatched, d.Title)
		}
	}
	return tw.Flush()
}

// printableReport returns a copy of rep whose annotator names, labels
// and document titles have their control characters escaped: they come
// from files, --as and document texts, and the text report goes to a
// terminal. JSON escapes them itself; CSV is data, written as it is.
func printableReport(rep *agree.Report) *agree.Report {
	out := *rep
	each := func(xs []string) []string {
		ys := make([]string, len(xs))
		for i, x := range xs {
			ys[i] = annotate.Printable(x)
		}
		return ys
	}
	out.Annotators, out.Labels = each(rep.Annotators), each(rep.Labels)
	out.Pairs = slices.Clone(rep.Pairs)
	for i := range out.Pairs {
		p := &out.Pairs[i]
		p.A, p.B = annotate.Printable(p.A), annotate.Printable(p.B)
		p.Spans.Label = annotate.Printable(p.Spans.Label)
		p.ByLabel = slices.Clone(p.ByLabel)
		for j := range p.ByLabel {
			p.ByLabel[j].Label = annotate.Printable(p.ByLabel[j].Label)
		}
		p.Confusion.Labels = each(p.Confusion.Labels)
	}
	out.Overall.AlphaUByLabel = slices.Clone(rep.Overall.AlphaUByLabel)
	for i := range out.Overall.AlphaUByLabel {
		l := &out.Overall.AlphaUByLabel[i]
		l.Label = annotate.Printable(l.Label)
	}
	out.ByDocument = slices.Clone(rep.ByDocument)
	for i := range out.ByDocument {
		d := &out.ByDocument[i]
		d.Title, d.Annotators = annotate.Printable(d.Title), each(d.Annotators)
	}
	return &out
}

// writeAgreementCSV writes the report as one figure a row, for scripts:
// section, a, b, label, document_id, metric, value (empty: undefined).
func writeAgreementCSV(w io.Writer, rep *agree.Report) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"section", "a", "b", "label", "document_id", "metric", "value"})
	num := func(s agree.Score) string {
		if s.Undefined() {
			return ""
		}
		return strconv.FormatFloat(float64(s), 'g', -1, 64)
	}
	row := func(section, a, b, label, doc, metric, value string) {
		cw.Write([]string{section, a, b, label, doc, metric, value})
	}
	match := func(p *agree.Pair, label, kind string, m agree.Match) {
		row("spans", p.A, p.B, label, "", kind+"_matches", strconv.Itoa(m.Matches))
		row("spans", p.A, p.B, label, "", "a_spans", strconv.Itoa(m.A))
		row("spans", p.A, p.B, label, "", "b_spans", strconv.Itoa(m.B))
		row("spans", p.A, p.B, label, "", kind+"_precision", num(m.Precision))
		row("spans", p.A, p.B, label, "", kind+"_recall", num(m.Recall))
		row("spans", p.A, p.B, label, "", kind+"_f1", num(m.F1))
	}
	spans := func(p *agree.Pair, s agree.SpanAgreement) {
		match(p, s.Label, "exact", s.Exact)
		match(p, s.Label, "overlap", s.Overlap)
		if s.Clitic != nil {
			match(p, s.Label, "clitic", *s.Clitic)
			row("spans", p.A, p.B, s.Label, "", "boundary_matches", strconv.Itoa(s.Boundary))
		}
	}
	for i := range rep.Pairs {
		p := &rep.Pairs[i]
		row("pair", p.A, p.B, "", "", "documents", strconv.Itoa(p.Documents))
		spans(p, p.Spans)
		for _, s := range p.ByLabel {
			spans(p, s)
		}
		t := p.Tokens
		row("tokens", p.A, p.B, "", "", "tokens", strconv.Itoa(t.Tokens))
		row("tokens", p.A, p.B, "", "", "observed", num(t.Observed))
		row("tokens", p.A, p.B, "", "", "kappa", num(t.Kappa))
		row("tokens", p.A, p.B, "", "", "annotated_tokens", strconv.Itoa(t.AnnotatedTokens))
		row("tokens", p.A, p.B, "", "", "kappa_annotated", num(t.KappaAnnotated))
		for r, counts := range p.Confusion.Counts {
			for c, v := range counts {
				row("confusion", p.A, p.B, p.Confusion.Labels[r], "", p.Confusion.Labels[c], strconv.Itoa(v))
			}
		}
		s := p.Stances
		for _, kv := range []struct {
			k string
			v string
		}{{"targets_a", strconv.Itoa(s.TargetsA)}, {"targets_b", strconv.Itoa(s.TargetsB)}, {"matched_targets", strconv.Itoa(s.Matched)},
			{"compared", strconv.Itoa(s.Compared)}, {"agreed", strconv.Itoa(s.Agreed)}, {"kappa", num(s.Kappa)},
			{"holder_compared", strconv.Itoa(s.HolderCompared)}, {"holder_agreed", strconv.Itoa(s.HolderAgreed)},
			{"holder_agreement", num(s.HolderAgreement)}} {
			row("stances", p.A, p.B, "", "", kv.k, kv.v)
		}
	}
	o := rep.Overall
	row("overall", "", "", "", "", "documents", strconv.Itoa(o.Documents))
	row("overall", "", "", "", "", "tokens", strconv.Itoa(o.Tokens))
	row("overall", "", "", "", "", "fleiss_kappa", num(o.FleissKappa))
	row("overall", "", "", "", "", "alpha_documents", strconv.Itoa(o.AlphaDocuments))
	row("overall", "", "", "", "", "alpha_tokens", strconv.Itoa(o.AlphaTokens))
	row("overall", "", "", "", "", "krippendorff_alpha", num(o.KrippendorffAlpha))
	row("overall", "", "", "", "", "continuum_length", strconv.Itoa(o.ContinuumLength))
	row("overall", "", "", "", "", "alpha_u", num(o.AlphaU))
	for _, l := range o.AlphaUByLabel {
		row("overall", "", "", l.Label, "", "alpha_u", num(l.Score))
	}
	for _, d := range rep.ByDocument {
		id := strconv.FormatInt(d.ID, 10)
		row("document", "", "", "", id, "exact_f1", num(d.ExactF1))
		row("document", "", "", "", id, "overlap_f1", num(d.OverlapF1))
		row("document", "", "", "", id, "unmatched_spans", strconv.Itoa(d.Unmatched))
		row("document", "", "", "", id, "kappa", num(d.Kappa))
		row("document", "", "", "", id, "alpha_u", num(d.AlphaU))
	}
	cw.Flush()
	return cw.Error()
}
