package app

import (
	"context"
	"maps"
	"slices"
	"strings"

	"hashiya/annotate"
	"hashiya/app/cli"
	"hashiya/storage"
)

// File › Statistics and File › Check database run the commands' use
// cases (cli.DatabaseStats, cli.CheckDatabase) on the database the
// window has open, under the same progress dialog as an import, and word
// their typed results in the UI's language: the window counts and
// checks exactly what hashiya stats and hashiya check do.

func statsTitles() transferTitles {
	return transferTitles{tr("Counting…"), tr("Statistics"), tr("Counting failed")}
}

func checkTitles() transferTitles {
	return transferTitles{tr("Checking…"), tr("Check finished"), tr("Check failed")}
}

func (sh *shell) onStats() {
	sh.transfer(statsTitles(), func(ctx context.Context, progress cli.ProgressFunc) (string, []string, error) {
		db, err := sh.database()
		if err != nil {
			return "", nil, err
		}
		st, err := cli.DatabaseStats(ctx, db, cli.StatsRequest{Progress: progress})
		if err != nil {
			return "", nil, err
		}
		return tr("Documents: {{.N}}", map[string]any{"N": st.Documents}), statsLines(st), nil
	}, false)
}

// statsLines are the counts below the document count, in the order
// hashiya stats prints them.
func statsLines(st cli.StatsResult) []string {
	var lines []string
	for _, a := range slices.Sorted(maps.Keys(st.ByAnnotator)) {
		m := st.ByAnnotator[a]
		lines = append(lines, tr("“{{.Name}}”: to do {{.Todo}}, in progress {{.Progress}}, done {{.Done}}, skipped {{.Skipped}}", map[string]any{
			"Name": a, "Todo": m[annotate.StatusTodo], "Progress": m[annotate.StatusInProgress], "Done": m[annotate.StatusDone], "Skipped": m[annotate.StatusSkipped]}))
	}
	for _, a := range slices.Sorted(maps.Keys(st.Queues)) {
		q := st.Queues[a]
		lines = append(lines, tr("“{{.Name}}”'s queue: {{.Assigned}} assigned, done {{.Done}}, skipped {{.Skipped}}, left {{.Left}}", map[string]any{
			"Name": a, "Assigned": q.Assigned, "Done": q.Done, "Skipped": q.Skipped, "Left": q.Assigned - q.Done - q.Skipped}))
	}
	for _, l := range slices.Sorted(maps.Keys(st.SpansByLabel)) {
		if l == storage.EvidenceLabel {
			lines = append(lines, tr("Evidence spans: {{.N}}", map[string]any{"N": st.SpansByLabel[l]}))
			continue
		}
		lines = append(lines, tr("Spans labelled {{.Label}}: {{.N}}", map[string]any{"Label": l, "N": st.SpansByLabel[l]}))
	}
	lines = append(lines, tr("Targets: {{.N}}", map[string]any{"N": st.Targets}))
	for _, l := range slices.Sorted(maps.Keys(st.StancesByLabel)) {
		lines = append(lines, tr("Stances labelled {{.Label}}: {{.N}}", map[string]any{"Label": l, "N": st.StancesByLabel[l]}))
	}
	return lines
}

func (sh *shell) onCheck() {
	sh.transfer(checkTitles(), func(ctx context.Context, progress cli.ProgressFunc) (string, []string, error) {
		db, err := sh.database()
		if err != nil {
			return "", nil, err
		}
		res, err := cli.CheckDatabase(ctx, db, cli.CheckRequest{Progress: progress})
		if err != nil {
			return "", nil, err
		}
		if res.Count() == 0 {
			return tr("No problems found in {{.N}} document(s).", map[string]any{"N": res.Documents}), nil, nil
		}
		return tr("{{.N}} problem(s) found, listed below. Checking changes nothing.", map[string]any{"N": res.Count()}), checkLines(res), nil
	}, false)
}

// checkLines are the problems a check found, each with its document and
// span; the sentences themselves are storage's, in English, as an
// import's problems are.
func checkLines(res cli.CheckResult) []string {
	var lines []string
	if res.Integrity != "ok" {
		for _, l := range strings.Split(res.Integrity, "\n") {
			lines = append(lines, tr("Database file: {{.What}}", map[string]any{"What": l}))
		}
	}
	for _, p := range res.Problems {
		switch {
		case p.SpanID != 0:
			lines = append(lines, tr("Document {{.Doc}}, span {{.Span}}: {{.What}}", map[string]any{"Doc": p.DocumentID, "Span": p.SpanID, "What": p.Message}))
		case p.DocumentID != 0:
			lines = append(lines, tr("Document {{.Doc}}: {{.What}}", map[string]any{"Doc": p.DocumentID, "What": p.Message}))
		default:
			lines = append(lines, p.Message)
		}
	}
	return lines
}
