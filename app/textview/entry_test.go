package textview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

// entryFixture is an Entry in a window, focused, 300 wide.
func entryFixture(t *testing.T) (*Entry, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	e := NewEntry()
	w := test.NewTempWindow(t, e)
	w.Resize(fyne.NewSize(300, 60))
	e.Resize(fyne.NewSize(300, 40))
	w.Canvas().Focus(e)
	return e, w
}

// drawn returns the entry's text pieces and its caret, as painted.
func drawn(t *testing.T, e *Entry) (pieces []*canvas.Text, caret *canvas.Rectangle) {
	t.Helper()
	r := test.WidgetRenderer(e).(*entryRenderer)
	for _, o := range r.Objects() {
		switch o := o.(type) {
		case *canvas.Text:
			pieces = append(pieces, o)
		case *canvas.Rectangle:
			if o == r.caret {
				caret = o
			}
		}
	}
	return pieces, caret
}

// TestEntryArabicCaret: typing Arabic, the caret stands where the next
// letter goes, left of what was typed, and the words read right to left.
func TestEntryArabicCaret(t *testing.T) {
	e, _ := entryFixture(t)
	test.Type(e, "قال الوزير")
	if e.Text != "قال الوزير" || e.CursorPosition() != 10 {
		t.Fatalf("text %q, caret %d", e.Text, e.CursorPosition())
	}
	pieces, caret := drawn(t, e)
	if caret == nil || len(pieces) != 2 {
		t.Fatalf("caret %v, %d pieces", caret, len(pieces))
	}
	// Right to left: قال on the right, الوزير on its left, the caret
	// left of both, and the line against the right edge.
	first, second := pieces[0], pieces[1]
	if pieceText(first) != "الوزير" || pieceText(second) != "قال" {
		t.Errorf("pieces left to right %q, %q", pieceText(first), pieceText(second))
	}
	if caret.Position().X > first.Position().X+1 {
		t.Errorf("caret at x %.0f, right of the text's left end %.0f", caret.Position().X, first.Position().X)
	}
	if right := second.Position().X + second.Size().Width; right < 250 {
		t.Errorf("the line ends at x %.0f: not against the right edge", right)
	}
}

func pieceText(o *canvas.Text) string {
	out := []rune{}
	for _, r := range o.Text {
		if r != '\u200f' {
			out = append(out, r)
		}
	}
	return string(out)
}

// TestEntryEditing: keys, selection and the clipboard, table-driven.
func TestEntryEditing(t *testing.T) {
	key := func(n fyne.KeyName) func(*Entry) { return func(e *Entry) { e.TypedKey(&fyne.KeyEvent{Name: n}) } }
	typ := func(s string) func(*Entry) { return func(e *Entry) { test.Type(e, s) } }
	selectAll := func(e *Entry) { e.TypedShortcut(&fyne.ShortcutSelectAll{}) }
	for _, c := range []struct {
		name  string
		steps []func(*Entry)
		text  string
		caret int
	}{
		{"type", []func(*Entry){typ("حلب")}, "حلب", 3},
		{"backspace takes a letter with its harakat", []func(*Entry){typ("كتبَ"), key(fyne.KeyBackspace)}, "كت", 2},
		{"left moves forward in Arabic", []func(*Entry){typ("حلب"), key(fyne.KeyHome), key(fyne.KeyLeft)}, "حلب", 1},
		{"right moves back in Arabic", []func(*Entry){typ("حلب"), key(fyne.KeyRight)}, "حلب", 2},
		{"right moves forward in English", []func(*Entry){typ("abc"), key(fyne.KeyHome), key(fyne.KeyRight)}, "abc", 1},
		{"insert in the middle", []func(*Entry){typ("حب"), key(fyne.KeyRight), typ("ل")}, "حلب", 2},
		{"delete", []func(*Entry){typ("حلب"), key(fyne.KeyHome), key(fyne.KeyDelete)}, "لب", 0},
		{"select all and type replaces", []func(*Entry){typ("حلب"), selectAll, typ("دمشق")}, "دمشق", 4},
		{"select all and backspace empties", []func(*Entry){typ("حلب"), selectAll, key(fyne.KeyBackspace)}, "", 0},
		{"end", []func(*Entry){typ("حلب 2020"), key(fyne.KeyHome), key(fyne.KeyEnd)}, "حلب 2020", 8},
	} {
		t.Run(c.name, func(t *testing.T) {
			e, _ := entryFixture(t)
			for _, s := range c.steps {
				s(e)
			}
			if e.Text != c.text || e.CursorPosition() != c.caret {
				t.Errorf("text %q caret %d, want %q caret %d", e.Text, e.CursorPosition(), c.text, c.caret)
			}
		})
	}
}

// TestEntryCallbacksAndClipboard: OnChanged on every edit, OnSubmitted
// on Enter, paste turns line breaks into spaces, copy takes the selection.
func TestEntryCallbacksAndClipboard(t *testing.T) {
	e, w := entryFixture(t)
	var changed, submitted []string
	e.OnChanged = func(s string) { changed = append(changed, s) }
	e.OnSubmitted = func(s string) { submitted = append(submitted, s) }
	clip := w.Clipboard()
	clip.SetContent("سطر\nثانٍ")
	e.TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if e.Text != "سطر ثانٍ" || len(changed) != 1 || len(submitted) != 1 || submitted[0] != "سطر ثانٍ" {
		t.Fatalf("text %q, changed %q, submitted %q", e.Text, changed, submitted)
	}
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	clip.SetContent("")
	e.TypedShortcut(&fyne.ShortcutCopy{Clipboard: clip})
	if clip.Content() != "سطر ثانٍ" {
		t.Errorf("copied %q", clip.Content())
	}
	e.SetText("x")
	e.SetText("x")
	if len(changed) != 2 || changed[1] != "x" {
		t.Errorf("SetText: changed %q, want one call for the one change", changed)
	}
}

// TestEntryPlaceholderKeepsItsStart: a long Arabic placeholder is cut at
// its end (on the left) with "…", never at its beginning.
func TestEntryPlaceholderKeepsItsStart(t *testing.T) {
	e, _ := entryFixture(t)
	e.Resize(fyne.NewSize(140, 40))
	e.PlaceHolder = "سمِّ هدفًا غير مذكور في النص"
	e.Refresh()
	pieces, _ := drawn(t, e)
	if len(pieces) == 0 {
		t.Fatal("no placeholder drawn")
	}
	right := pieces[len(pieces)-1]
	if pieceText(right) != "سمِّ" {
		t.Errorf("rightmost piece %q, want the first word", pieceText(right))
	}
	if left := pieceText(pieces[0]); []rune(left)[0] != '…' && []rune(left)[len([]rune(left))-1] != '…' {
		t.Errorf("leftmost piece %q does not carry the ellipsis", left)
	}
}

// TestEntryValidation: the validation hook hears when the verdict changes.
func TestEntryValidation(t *testing.T) {
	e, _ := entryFixture(t)
	var got []bool
	e.Validator = func(s string) error {
		if s == "" {
			return errEmpty
		}
		return nil
	}
	e.SetOnValidationChanged(func(err error) { got = append(got, err == nil) })
	test.Type(e, "ن")
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	test.Type(e, "م")
	if len(got) != 2 || got[0] != false || got[1] != true || e.Validate() != nil {
		t.Errorf("validation changes %v, Validate %v", got, e.Validate())
	}
}

type emptyErr struct{}

func (emptyErr) Error() string { return "empty" }

var errEmpty error = emptyErr{}
