package app

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hashiya/annotate"
	"hashiya/annotate/agree"
	"hashiya/app/cli"
)

// View > Agreement shows, for the open database, the figures hashiya
// agree prints (cli.Agreement computes both, and the figures are
// formatted by agree.Score as the text output formats them): each pair's
// span F1 and token κ, Fleiss' κ, Krippendorff's α and αu, every table
// of the text output (spans with precision and recall, by label,
// tokens, stances, confusion matrices), and the documents with the
// lowest agreement first, each opening on a click.

// agreementView is the agreement dialog.
type agreementView struct {
	w       *workspace
	src     cli.AgreementSource
	all     *widget.Check
	clitics *widget.Check
	body    *fyne.Container // the figures, replaced on each computation
	docs    *widget.List
	figures *container.Scroll // every table but the documents
	rep     agree.Report
	d       *dialog.CustomDialog
	// seq numbers computations: only the latest one's report is shown;
	// cancel stops the running one.
	seq    int
	cancel context.CancelFunc
}

func (w *workspace) onAgreement() { w.openAgreement() }

// openAgreement shows the dialog and computes the report off the UI
// goroutine.
func (w *workspace) openAgreement() *agreementView {
	src, ok := w.store.(cli.AgreementSource)
	if !ok {
		w.status.fail(userErr(annotate.ECodeInternal, tr("Agreement cannot be computed on this database; this is a bug in Hashiya.")))
		return nil
	}
	v := &agreementView{w: w, src: src}
	v.all = &widget.Check{Text: tr("Count documents not marked done"), OnChanged: func(bool) { v.compute() }}
	v.clitics = &widget.Check{Text: tr("Match Arabic proclitics and harakat"), OnChanged: func(bool) { v.compute() }}
	v.body = container.NewStack()
	content := container.NewBorder(hbox(v.all, v.clitics), nil, nil, nil, v.body)
	v.d = uiDialog(tr("Agreement"), tr("Close"), content, w.win)
	v.d.Resize(fyne.NewSize(960, 720))
	v.d.SetOnClosed(func() {
		if v.cancel != nil {
			v.cancel() // nobody is left to read its answer
		}
	})
	v.d.Show()
	v.compute()
	return v
}

// compute runs cli.Agreement with the options ticked, as a long read
// apart from the queue of edits (it reads every annotated document).
func (v *agreementView) compute() {
	v.seq++
	seq := v.seq
	if v.cancel != nil {
		v.cancel() // an older run's answer would be dropped anyway
	}
	ctx, cancel := context.WithCancel(v.w.ctx)
	v.cancel = cancel
	req := cli.AgreeRequest{All: v.all.Checked, ArabicClitics: v.clitics.Checked}
	v.setBody(uiLabel(tr("Computing agreement…")))
	v.w.scan(func() {
		rep, err := cli.Agreement(ctx, v.src, req)
		fyne.Do(func() {
			if seq == v.seq {
				v.show(rep, err)
			}
		})
	})
}

func (v *agreementView) setBody(o fyne.CanvasObject) {
	v.body.Objects = []fyne.CanvasObject{o}
	v.body.Refresh()
}

// show lays the report out: the pairs, the figures across everyone,
// and the documents, lowest agreement first.
func (v *agreementView) show(rep agree.Report, err error) {
	v.rep = rep
	if err != nil {
		l := uiLabel(errorText(err))
		l.Color = dangerColor()
		v.setBody(container.NewVBox(l))
		return
	}
	who := make([]string, len(rep.Annotators))
	for i, a := range rep.Annotators {
		who[i] = annotate.Printable(a)
	}
	head := tr("Agreement of {{.Who}} on {{.N}} document(s) marked done by both annotators of a pair.", map[string]any{"Who": strings.Join(who, listSep()), "N": rep.Documents})
	if rep.All {
		head = tr("Agreement of {{.Who}} on {{.N}} document(s) both annotators of a pair worked on.", map[string]any{"Who": strings.Join(who, listSep()), "N": rep.Documents})
	}
	if rep.Documents == 0 {
		v.setBody(container.NewVBox(uiTitle(head), uiLabel(tr("No document counts yet: agreement needs documents two annotators marked done."))))
		return
	}
	cols := []string{tr("Pair"), tr("Documents"), tr("Exact F1"), tr("Overlap F1"), tr("Cohen's κ")}
	if rep.ArabicClitics {
		cols = append(cols, tr("Clitic F1"), tr("Boundary matches"))
	}
	var cells []fyne.CanvasObject
	for _, c := range cols {
		cells = append(cells, uiTitle(c))
	}
	for i := range rep.Pairs {
		p := &rep.Pairs[i]
		row := cliticCells(&rep, []string{pairName(p), itoa(p.Documents),
			p.Spans.Exact.F1.String(), p.Spans.Overlap.F1.String(), p.Tokens.Kappa.String()}, &p.Spans)
		for _, c := range row {
			cells = append(cells, uiLabel(c))
		}
	}
	o := rep.Overall
	// One line, so the documents list keeps its room.
	overall := uiLabel(strings.Join([]string{
		tr("Fleiss' κ") + " " + o.FleissKappa.String(),
		tr("Krippendorff's α (nominal)") + " " + o.KrippendorffAlpha.String(),
		tr("Krippendorff's αu") + " " + o.AlphaU.String(),
	}, "   ·   "))
	overall.TextStyle = fyne.TextStyle{Bold: true}
	docCols := []string{tr("Document"), tr("Exact F1"), tr("Overlap F1"), tr("Cohen's κ"), tr("Title")}
	var docHead []fyne.CanvasObject
	for _, c := range docCols {
		docHead = append(docHead, uiTitle(c))
	}
	v.docs = &widget.List{
		Length:     func() int { return len(v.rep.ByDocument) },
		CreateItem: newAgreementRow,
		UpdateItem: func(i widget.ListItemID, o fyne.CanvasObject) { setAgreementRow(o, &v.rep.ByDocument[i]) },
		OnSelected: v.onDocSelected,
	}
	// Every table of hashiya agree is here, more than the dialog holds:
	// the figures scroll above, the documents below, and the split
	// between them moves, so either can have the room.
	top := container.NewVBox(append([]fyne.CanvasObject{uiTitle(head), grid(len(cols), cells...), overall}, agreementTables(&rep)...)...)
	scroll, figures := readingScroll(top, fyne.NewSize(0, min(top.MinSize().Height, 200)))
	v.figures = scroll
	docs := container.NewBorder(container.NewVBox(uiTitle(tr("Lowest agreement first: click a document to open it")), grid(len(docCols), docHead...)),
		nil, nil, nil, atLeast(v.docs, fyne.NewSize(0, 120)))
	split := container.NewVSplit(figures, docs)
	split.Offset = 0.6
	v.setBody(split)
}

// agreementTables are the tables hashiya agree prints after its
// summary, row for row with writeAgreementText: spans with precision and
// recall, spans by label, tokens, αu by label, stances, and each pair's
// confusion matrix of token labels. The figures are the report's,
// formatted by agree.Score as the command formats them.
func agreementTables(rep *agree.Report) []fyne.CanvasObject {
	pair := pairName
	var out []fyne.CanvasObject
	section := func(title string, heads []string, rows [][]string) {
		cells := make([]fyne.CanvasObject, 0, len(heads)*(len(rows)+1))
		for _, h := range heads {
			cells = append(cells, uiTitle(h))
		}
		for _, r := range rows {
			for _, c := range r {
				cells = append(cells, uiLabel(c))
			}
		}
		out = append(out, widget.NewSeparator(), uiTitle(title), columns(len(heads), cells...))
	}
	clitic := func(heads []string) []string {
		if rep.ArabicClitics {
			return append(heads, tr("Clitic F1"), tr("Boundary matches"))
		}
		return heads
	}
	cliticCells := func(row []string, s *agree.SpanAgreement) []string { return cliticCells(rep, row, s) }

	var rows [][]string
	for i := range rep.Pairs {
		p := &rep.Pairs[i]
		s := &p.Spans
		rows = append(rows, cliticCells([]string{pair(p), itoa(p.Documents), itoa(s.Exact.A), itoa(s.Exact.B),
			s.Exact.Precision.String(), s.Exact.Recall.String(), s.Exact.F1.String(),
			s.Overlap.Precision.String(), s.Overlap.Recall.String(), s.Overlap.F1.String()}, s))
	}
	section(tr("Spans, all labels: precision and recall of the first annotator against the second"),
		clitic([]string{tr("Pair"), tr("Documents"), tr("Spans of the first"), tr("Spans of the second"),
			tr("Exact P"), tr("Exact R"), tr("Exact F1"), tr("Overlap P"), tr("Overlap R"), tr("Overlap F1")}), rows)

	rows = nil
	for i := range rep.Pairs {
		p := &rep.Pairs[i]
		for j := range p.ByLabel {
			s := &p.ByLabel[j]
			rows = append(rows, cliticCells([]string{pair(p), annotate.Printable(s.Label), itoa(s.Exact.A), itoa(s.Exact.B),
				s.Exact.F1.String(), s.Overlap.F1.String()}, s))
		}
	}
	section(tr("Spans by label"), clitic([]string{tr("Pair"), tr("Label"), tr("Spans of the first"), tr("Spans of the second"),
		tr("Exact F1"), tr("Overlap F1")}), rows)

	rows = nil
	for i := range rep.Pairs {
		p := &rep.Pairs[i]
		t := &p.Tokens
		rows = append(rows, []string{pair(p), itoa(t.Tokens), t.Observed.String(), t.Kappa.String(), itoa(t.AnnotatedTokens), t.KappaAnnotated.String()})
	}
	section(tr("Tokens: a token takes the label of a span touching it, O where none does"),
		[]string{tr("Pair"), tr("Tokens"), tr("Observed agreement"), tr("Cohen's κ"), tr("Labelled tokens"), tr("κ on labelled tokens")}, rows)

	if len(rep.Overall.AlphaUByLabel) > 0 {
		rows = nil
		for _, l := range rep.Overall.AlphaUByLabel {
			rows = append(rows, []string{annotate.Printable(l.Label), l.Score.String()})
		}
		section(tr("Krippendorff's αu by label"), []string{tr("Label"), tr("Krippendorff's αu")}, rows)
	}

	rows = nil
	for i := range rep.Pairs {
		p := &rep.Pairs[i]
		s := &p.Stances
		rows = append(rows, []string{pair(p), itoa(s.TargetsA), itoa(s.TargetsB), itoa(s.Matched), itoa(s.Compared), itoa(s.Agreed), s.Kappa.String(),
			tr("{{.Agreed}} of {{.Compared}}", map[string]any{"Agreed": s.HolderAgreed, "Compared": s.HolderCompared})})
	}
	section(tr("Stances: targets matched by overlapping mentions or equal names"),
		[]string{tr("Pair"), tr("Targets of the first"), tr("Targets of the second"), tr("Matched targets"), tr("Stances compared"),
			tr("Same stance"), tr("Cohen's κ"), tr("Same holder")}, rows)

	for i := range rep.Pairs {
		p := &rep.Pairs[i]
		c := &p.Confusion
		heads := []string{""}
		for _, l := range c.Labels {
			heads = append(heads, annotate.Printable(l))
		}
		rows = nil
		for r, counts := range c.Counts {
			row := []string{annotate.Printable(c.Labels[r])}
			for _, n := range counts {
				row = append(row, itoa(n))
			}
			rows = append(rows, row)
		}
		section(tr("Token labels: {{.A}} (rows) against {{.B}} (columns)", map[string]any{"A": annotate.Printable(p.A), "B": annotate.Printable(p.B)}), heads, rows)
	}
	return out
}

// columns is grid with each column as wide as its widest cell (and the
// room left shared among them): the tables have up to a dozen columns
// of short figures under long heads, which equal columns would make
// wider than the dialog.
func columns(cols int, objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(columnsLayout(cols), mirrorRows(cols, objs)...)
}

type columnsLayout int

var _ fyne.Layout = columnsLayout(0)

// sizes gives the width of each column and the height of each row.
func (l columnsLayout) sizes(objs []fyne.CanvasObject) (widths, heights []float32) {
	cols := int(l)
	widths = make([]float32, cols)
	heights = make([]float32, (len(objs)+cols-1)/cols)
	for i, o := range objs {
		m := o.MinSize()
		widths[i%cols] = max(widths[i%cols], m.Width)
		heights[i/cols] = max(heights[i/cols], m.Height)
	}
	return widths, heights
}

func (l columnsLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if l <= 0 || len(objs) == 0 {
		return fyne.Size{}
	}
	widths, heights := l.sizes(objs)
	pad := theme.Padding()
	s := fyne.NewSize(pad*float32(len(widths)-1), pad*float32(len(heights)-1))
	for _, w := range widths {
		s.Width += w
	}
	for _, h := range heights {
		s.Height += h
	}
	return s
}

func (l columnsLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if l <= 0 || len(objs) == 0 {
		return
	}
	widths, heights := l.sizes(objs)
	extra := max(0, (size.Width-l.MinSize(objs).Width)/float32(len(widths)))
	pad := theme.Padding()
	var y float32
	for r, h := range heights {
		var x float32
		for c, w := range widths {
			if i := r*len(widths) + c; i < len(objs) {
				objs[i].Move(fyne.NewPos(x, y))
				objs[i].Resize(fyne.NewSize(w+extra, h))
			}
			x += w + extra + pad
		}
		y += h + pad
	}
}

// newAgreementRow is a row of the documents list: its ID, F1s, κ and
// title, in reading order. The template has text, as the list takes its
// rows' height from it.
func newAgreementRow() fyne.CanvasObject {
	return grid(5, uiLabel("0"), uiLabel("0"), uiLabel("0"), uiLabel("0"), uiTruncating("0"))
}

func setAgreementRow(o fyne.CanvasObject, d *agree.DocAgreement) {
	texts := []string{itoa64(d.ID), d.ExactF1.String(), d.OverlapF1.String(), d.Kappa.String(), annotate.Printable(d.Title)}
	objs := o.(*fyne.Container).Objects
	if uiRTL() { // grid mirrored the row
		objs = slices.Clone(objs)
		slices.Reverse(objs)
	}
	for i, t := range texts {
		objs[i].(interface{ SetText(string) }).SetText(t)
	}
}

// onDocSelected closes the dialog and opens the document.
func (v *agreementView) onDocSelected(i widget.ListItemID) {
	if i < 0 || i >= len(v.rep.ByDocument) {
		return
	}
	id := v.rep.ByDocument[i].ID
	v.docs.UnselectAll()
	if v.w.openByID(id) {
		v.d.Hide()
	}
}

// listSep joins names in a sentence: the Arabic comma in Arabic.
func listSep() string {
	if uiRTL() {
		return "، "
	}
	return ", "
}

func itoa(n int) string     { return strconv.Itoa(n) }
func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// pairName names a pair of annotators as the tables do.
func pairName(p *agree.Pair) string { return annotate.Printable(p.A) + "–" + annotate.Printable(p.B) }

// cliticCells adds a pair's clitic figures to its row when the report
// has them, two empty cells when that pair has none, so the rows of a
// table stay as long as its head.
func cliticCells(rep *agree.Report, row []string, s *agree.SpanAgreement) []string {
	if !rep.ArabicClitics {
		return row
	}
	if s.Clitic == nil {
		return append(row, "", "")
	}
	return append(row, s.Clitic.F1.String(), itoa(s.Boundary))
}
