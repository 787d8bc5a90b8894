package textview

import (
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// hbShaper runs HarfBuzz the way shaping.HarfbuzzShaper does (the shaper
// Fyne draws with) but hands back only what a layout reads: each glyph's
// advance and cluster. shaping.HarfbuzzShaper also builds a fresh Glyph
// slice, font extents and run bounds for every call, a tenth of the time
// of shaping an article's words. TestHBMatchesShaping and FuzzHBShape hold
// the two together glyph by glyph.
type hbShaper struct {
	buf   *harfbuzz.Buffer
	fonts map[*font.Face]*harfbuzz.Font
	out   []hbGlyph
}

// hbGlyph is one shaped glyph, in visual order.
type hbGlyph struct {
	// adv is the glyph's horizontal advance, in 26.6 fixed-point pixels.
	adv fixed.Int26_6
	// cluster is the code point offset, into the shaped input, of the
	// first code point of the glyph's cluster; runes is how many code
	// points that cluster covers, counted as shaping.Glyph.RuneCount is.
	cluster, runes int
}

// scaleShift is shaping.HarfbuzzShaper's: HarfBuzz works at 64 times the
// size in whole pixels, and results are divided back.
const scaleShift = 6

// shape shapes in.Text[in.RunStart:in.RunEnd] with no context, as
// HarfbuzzShaper.ShapeNoExtents does. The result is valid until the
// next call.
func (h *hbShaper) shape(in shaping.Input) []hbGlyph {
	if h.buf == nil {
		h.buf = harfbuzz.NewBuffer()
		h.fonts = map[*font.Face]*harfbuzz.Font{}
	}
	// HarfbuzzShaper clears its buffer before every use but the first, and
	// a new buffer differs from a cleared one in its cluster level only
	// by name (MonotoneGraphemes is 0): Clear leaves the same state.
	h.buf.Clear()
	h.buf.AddRunes(in.Text, in.RunStart, in.RunEnd-in.RunStart)
	h.buf.Props.Direction = in.Direction.Harfbuzz()
	h.buf.Props.Language = in.Language
	h.buf.Props.Script = in.Script
	f, ok := h.fonts[in.Face]
	if !ok {
		f = harfbuzz.NewFont(in.Face)
		h.fonts[in.Face] = f
	}
	f.XScale = int32(in.Size.Ceil()) << scaleShift
	f.YScale = f.XScale
	h.buf.Shape(f, nil)

	info, pos := h.buf.Info, h.buf.Pos
	out := reuse(&h.out, len(info))
	for i := range info {
		out[i] = hbGlyph{
			adv:     fixed.I(int(pos[i].XAdvance)) >> scaleShift,
			cluster: info[i].Cluster,
		}
	}
	countRunes(out, in.RunEnd, in.Direction.Progression())
	return out
}

// countRunes sets how many code points each glyph's cluster covers, as
// shaping's countClusters does: up to the next cluster in text order,
// which follows the glyph's cluster in left-to-right output and precedes
// it in right-to-left output.
func countRunes(glyphs []hbGlyph, textLen int, dir di.Progression) {
	current, runes, previous := -1, 0, textLen
	for i := range glyphs {
		c := glyphs[i].cluster
		if c != current {
			current = c
			next := textLen
			for k := i + 1; k < len(glyphs); k++ {
				if glyphs[k].cluster != c {
					next = glyphs[k].cluster
					break
				}
			}
			switch dir {
			case di.FromTopLeft:
				runes = next - c
			case di.TowardTopLeft:
				runes = previous - c
			}
			previous = c
		}
		glyphs[i].runes = runes
	}
}
