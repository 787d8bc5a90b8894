package app

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"hashiya/annotate"
	"hashiya/storage"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
)

// uiStrings returns every string literal passed to tr in the package's
// non-test sources.
func uiStrings(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "tr" {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok {
				t.Errorf("%s: tr called with a non-literal: the translation files cannot list it", fset.Position(call.Pos()))
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			out[s] = true
			return true
		})
	}
	return out
}

// TestArabicTranslationIsComplete: every UI string has an Arabic
// translation that keeps its placeholders, and none is left over.
func TestArabicTranslationIsComplete(t *testing.T) {
	b, err := os.ReadFile("translations/ar.json")
	if err != nil {
		t.Fatal(err)
	}
	var ar map[string]string
	if err := json.Unmarshal(b, &ar); err != nil {
		t.Fatalf("ar.json: %v", err)
	}
	used := uiStrings(t)
	for _, k := range fyneKeys {
		used[k] = true
	}
	for _, k := range storage.Sentences() { // shown through errorText
		used[k] = true
	}
	for s := range used {
		tr, ok := ar[s]
		if !ok || strings.TrimSpace(tr) == "" {
			t.Errorf("no Arabic for %q", s)
			continue
		}
		for _, ph := range []string{"{{.Name}}", "{{.N}}", "{{.Total}}", "{{.Done}}", "{{.Time}}", "{{.Label}}", "{{.What}}", "{{.Keys}}", "{{.Key}}"} {
			if strings.Contains(s, ph) != strings.Contains(tr, ph) {
				t.Errorf("%q: the Arabic %q does not keep %s", s, tr, ph)
			}
		}
	}
	for s := range ar {
		if !used[s] {
			t.Errorf("ar.json translates %q, which the UI no longer uses", s)
		}
	}
}

// TestLanguageSetting: the language chosen in the settings wins over the
// system's, and the UI's strings follow it.
func TestLanguageSetting(t *testing.T) {
	t.Cleanup(func() { lang.AddTranslationsFS(translations, "translations") }) // runs after the env is restored
	t.Setenv("LANGUAGE", "en")
	t.Setenv("LC_ALL", "en_GB.UTF-8")
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefLanguage, "ar")
	setupLanguage(a.Preferences())
	if got := tr("File"); got != "ملف" {
		t.Fatalf("File reads %q", got)
	}
	if got := tr("done {{.Done}} / {{.Total}}", map[string]any{"Done": 3, "Total": 7}); got != "أُنجز 3 / 7" {
		t.Fatalf("progress reads %q", got)
	}
	// Undo's message is put together from two translated pieces.
	if got := undoneMessage("span.add"); got != "تم التراجع عن المقطع الجديد." {
		t.Fatalf("undo reads %q", got)
	}
	// Storage's fixed sentences are translated; one with a name in it,
	// or a "{{" quoted from a text, is shown as it is.
	for _, tc := range []struct {
		err  error
		want string
	}{
		{storage.ErrNothingToUndo, "لا شيء للتراجع عنه."},
		{annotate.Errorf(annotate.ECodeIO, "Could not save: the disk is full. Free some space; nothing was lost."), "تعذّر الحفظ: القرص ممتلئ. أفرغ بعض المساحة؛ لم يضع شيء."},
		{annotate.Errorf(annotate.ECodeNotFound, "Span 7 does not exist (or is another annotator's)."), "Span 7 does not exist (or is another annotator's)."},
		{annotate.Errorf(annotate.ECodeInvalid, "Line 3 says {{.X}}."), "Line 3 says {{.X}}."},
	} {
		if got := errorText(tc.err); got != tc.want {
			t.Errorf("errorText(%q) = %q, want %q", tc.err, got, tc.want)
		}
	}
	a.Preferences().SetString(prefLanguage, "")
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "en_GB.UTF-8")
	setupLanguage(a.Preferences())
	if got := tr("File"); got != "File" {
		t.Fatalf("with an English system File reads %q", got)
	}
}
