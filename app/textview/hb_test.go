package textview

import (
	"fmt"
	"os"
	"testing"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/shaping"
)

// hbCases are words and pieces that take HarfBuzz through its harder
// paths: ligatures (lam-alef), harakat and shadda, ZWNJ and ZWJ, Arabic
// punctuation in a Latin font, mirrored brackets, digits of both kinds,
// a space, emoji, and text no font covers.
var hbCases = []struct {
	text string
	rtl  bool
}{
	{"قال", true},
	{"الاتفاق", true},
	{"لا", true},
	{"سيُوقَّع", true},
	{"مصدر\u200cمطلع", true},
	{"ب\u200dـ", true},
	{"«الاتفاق»", true},
	{"(باسم", true},
	{"قريباً،", true},
	{"\"لا", true},
	{"٢٠٢٥", false},
	{"٢٫٣", false},
	{"3.5%", false},
	{"Siemens", false},
	{"office", false},
	{"AV", false},
	{" ", true},
	{" ", false},
	{"\u00a0", true},
	{"😀👍🏽", false},
	{"\u0e01\u0e34", false},
	{"\U0010fffd", false},
	{"", false},
}

// TestHBMatchesShaping checks hbShaper against shaping.HarfbuzzShaper,
// which Fyne draws with, glyph by glyph: for the table, and for every
// word of the samples and the article, whole and cut by Split.
func TestHBMatchesShaping(t *testing.T) {
	sh := testShaper(t, 14)
	for _, tc := range hbCases {
		if err := matchHB(sh, []rune(tc.text), tc.rtl); err != nil {
			t.Error(err)
		}
	}
	text := arabicSample + "\n" + englishSample + "\n" + mixedSample
	if b, err := os.ReadFile(corpusArticle); err == nil {
		text += "\n" + string(b)
	}
	text += "\n" + arabicCorpus(t)
	l := testLayout(t, text, 800)
	words := 0
	for pi := range l.paras {
		for _, a := range l.para(pi).atoms {
			if a.kind != kindText && a.kind != kindSpace {
				continue
			}
			words++
			// Both directions: a word's direction is its level's, and
			// either can occur.
			for _, rtl := range []bool{false, true} {
				if err := matchHB(sh, l.text[a.start:a.end], rtl); err != nil {
					t.Error(err)
				}
			}
		}
	}
	if words < 1000 {
		t.Errorf("only %d words compared", words)
	}
}

// FuzzHBShape compares hbShaper with shaping.HarfbuzzShaper on any text.
func FuzzHBShape(f *testing.F) {
	for _, tc := range hbCases {
		f.Add(tc.text, tc.rtl)
	}
	sh := testShaper(f, 14)
	f.Fuzz(func(t *testing.T, text string, rtl bool) {
		if err := matchHB(sh, []rune(text), rtl); err != nil {
			t.Fatal(err)
		}
	})
}

// matchHB shapes text as shapeString does (one input, or Split's pieces
// each on its own), with both shapers, and reports the first difference.
func matchHB(sh *shaper, text []rune, rtl bool) error {
	if len(text) == 0 {
		return nil
	}
	dir := di.DirectionLTR
	if rtl {
		dir = di.DirectionRTL
	}
	ins := []shaping.Input{}
	if in, ok := sh.directInput(text, rtl); ok {
		ins = append(ins, in)
	}
	ins = append(ins, sh.seg.Split(shaping.Input{
		Text: text, RunEnd: len(text), Direction: dir,
		Face: sh.fonts.ResolveFace(text[0]), Size: sh.size,
	}, sh.fonts)...)
	for _, in := range ins {
		piece := text[in.RunStart:in.RunEnd]
		// Whole, as shapeString shapes it, and inside the text, which
		// exercises the context HarfBuzz is given.
		for _, in := range []shaping.Input{
			{Text: piece, RunStart: 0, RunEnd: len(piece), Direction: in.Direction, Face: in.Face, Size: in.Size, Script: in.Script, Language: in.Language},
			in,
		} {
			want := sh.hb.ShapeNoExtents(in).Glyphs
			got := sh.words.shape(in)
			if len(got) != len(want) {
				return fmt.Errorf("%q [%d,%d) rtl %v: %d glyphs, shaping gives %d", string(text), in.RunStart, in.RunEnd, rtl, len(got), len(want))
			}
			for i, g := range got {
				w := want[i]
				if g.adv != w.XAdvance || g.cluster != w.ClusterIndex || g.runes != w.RuneCount {
					return fmt.Errorf("%q [%d,%d) rtl %v glyph %d: advance %v cluster %d runes %d, shaping gives %v %d %d",
						string(text), in.RunStart, in.RunEnd, rtl, i, g.adv, g.cluster, g.runes, w.XAdvance, w.ClusterIndex, w.RuneCount)
				}
			}
		}
	}
	return nil
}
