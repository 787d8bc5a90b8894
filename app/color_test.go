package app

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"hashiya/annotate"
	"hashiya/app/textview"
)

var hexColorCases = []struct {
	in   string
	want color.NRGBA
}{
	{"#e4572e", color.NRGBA{0xe4, 0x57, 0x2e, 0xff}},
	{"#000000", color.NRGBA{0, 0, 0, 0xff}},
	{"#FFFFFF", color.NRGBA{0xff, 0xff, 0xff, 0xff}},
	{"", grey},
	{"e4572e", grey},
	{"#e4572", grey},
	{"#e4572e0", grey},
	{"#gggggg", grey},
	{"#12 456", grey},
	{"#+1+2+3", grey},
}

var grey = color.NRGBA{0x80, 0x80, 0x80, 0xff}

func TestParseHexColor(t *testing.T) {
	for _, c := range hexColorCases {
		if got := parseHexColor(c.in); got != c.want {
			t.Errorf("parseHexColor(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// FuzzParseHexColor: any string gives an opaque colour, and a colour
// written as #rrggbb reads back as itself.
func FuzzParseHexColor(f *testing.F) {
	for _, c := range hexColorCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := parseHexColor(s).(color.NRGBA)
		if !ok || c.A != 0xff {
			t.Fatalf("parseHexColor(%q) = %v", s, parseHexColor(s))
		}
		if c != grey {
			back := fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
			if parseHexColor(back) != c {
				t.Fatalf("%q → %v → %q does not round-trip", s, c, back)
			}
		}
	})
}

// over composites c (with its alpha) over the opaque colour bg.
func over(c, bg color.Color) color.NRGBA {
	f := color.NRGBAModel.Convert(c).(color.NRGBA)
	b := color.NRGBAModel.Convert(bg).(color.NRGBA)
	a := float64(f.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(a*float64(x) + (1-a)*float64(y))) }
	return color.NRGBA{mix(f.R, b.R), mix(f.G, b.G), mix(f.B, b.B), 0xff}
}

// luminance is WCAG 2's relative luminance of an opaque colour.
func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// contrast is WCAG 2's contrast ratio of two opaque colours.
func contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// hue returns c's hue in degrees.
func hue(c color.NRGBA) float64 {
	r, g, b := float64(c.R)/255, float64(c.G)/255, float64(c.B)/255
	mx, mn := max(r, g, b), min(r, g, b)
	if mx == mn {
		return 0
	}
	var h float64
	switch mx {
	case r:
		h = math.Mod((g-b)/(mx-mn), 6)
	case g:
		h = (b-r)/(mx-mn) + 2
	default:
		h = (r-g)/(mx-mn) + 4
	}
	return math.Mod(h*60+360, 360)
}

// TestPaletteContrast: on the page of either theme, every entity fill of
// the default schema, as the text view paints it, has a contrast of at
// least 3:1 with the selection, so a span never looks selected; the text
// stays readable on the selection (3:1 too); and the fills differ from
// each other in hue by 40° or more.
func TestPaletteContrast(t *testing.T) {
	th := Theme()
	labels := annotate.DefaultSchema().Entities
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		page := over(th.Color(theme.ColorNameBackground, v), color.White)
		sel := over(textview.SelectionColor(th, v), page)
		text := over(th.Color(theme.ColorNameForeground, v), page)
		if r := contrast(text, sel); r < 3 {
			t.Errorf("variant %v: text on the selection has contrast %.2f", v, r)
		}
		for i, l := range labels {
			fill := over(withAlphaTest(parseHexColor(l.Color), textview.FillAlpha), page)
			t.Logf("variant %v: %s fill %v, selection %v: contrast %.2f", v, l.Name, fill, sel, contrast(fill, sel))
			if r := contrast(fill, sel); r < 3 {
				t.Errorf("variant %v: %s fill %v against the selection %v: contrast %.2f, want ≥ 3", v, l.Name, fill, sel, r)
			}
			for _, o := range labels[i+1:] {
				d := math.Abs(hue(opaqueTest(parseHexColor(l.Color))) - hue(opaqueTest(parseHexColor(o.Color))))
				if d = min(d, 360-d); d < 40 {
					t.Errorf("%s and %s differ in hue by %.0f°", l.Name, o.Name, d)
				}
			}
		}
	}
}

func withAlphaTest(c color.Color, a uint8) color.NRGBA {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

func opaqueTest(c color.Color) color.NRGBA { return withAlphaTest(c, 0xff) }
