package app

import (
	"strings"
	"testing"

	"hashiya/storage/storagetest"

	"fyne.io/fyne/v2/lang"
)

// TestStatsAndCheckInWindow: File › Statistics and File › Check database
// show what the use cases found, counts and problems with their document
// and span, in the UI's language, in a dialog titled as finished.
func TestStatsAndCheckInWindow(t *testing.T) {
	tests := []struct {
		name   string
		arabic bool
		damage string // SQL run behind storage's back, "" for none
		open   func(sh *shell)
		want   []string
	}{
		{name: "stats", open: (*shell).onStats,
			want: []string{"Statistics", "Documents: 3", "“amal”: to do 2, in progress 1, done 0, skipped 0", "Spans labelled PER: 1", "Targets: 0"}},
		{name: "stats in Arabic", arabic: true, open: (*shell).onStats,
			want: []string{"الإحصاءات", "الوثائق: 3", "مقاطع الوسم PER: 1", "الأهداف: 0"}},
		{name: "check, healthy", open: (*shell).onCheck,
			want: []string{"Check finished", "No problems found in 3 document(s)."}},
		{name: "check, a span changed", damage: `UPDATE spans SET text = 'Barack' WHERE id = 1`, open: (*shell).onCheck,
			want: []string{"Check finished", "1 problem(s) found, listed below.", `Document 1, span 1: Span 1 says "Barack" but document 1 has "Barack Obama" at 0–12.`}},
		{name: "check in Arabic", arabic: true, damage: `UPDATE spans SET text = 'Barack' WHERE id = 1`, open: (*shell).onCheck,
			want: []string{"اكتمل الفحص", "المشكلات المكتشفة: 1", "الوثيقة 1، المقطع 1: Span 1 says"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.arabic {
				t.Cleanup(func() { lang.AddTranslationsFS(translations, "translations") })
				t.Setenv("LANGUAGE", "ar")
				t.Setenv("LC_ALL", "ar")
			}
			sh, a := newTestShell(t, Options{Annotator: "amal"})
			setupLanguage(a.Preferences())
			sh.begin()
			sh.ws.text.SetSelection(0, 12)
			sh.ws.applyLabel("PER")
			if tc.damage != "" {
				storagetest.Exec(t, sh.store.Path(), tc.damage)
			}
			tc.open(sh)
			got := overlayText(sh.win)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("the dialog lacks %q:\n%s", w, got)
				}
			}
		})
	}
}
