package app

import (
	"fmt"
	"image/color"
	"testing"
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
