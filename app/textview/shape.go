package textview

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	xbidi "golang.org/x/text/unicode/bidi"
)

// fontSet picks a face for a rune the way Fyne's painter does for a
// canvas.Text: the first face, in order, that has a glyph for it, else the
// first face. Measuring with the same faces in the same order is what makes
// the positions computed here match what Fyne draws.
type fontSet struct {
	faces []*font.Face
}

// ResolveFace implements shaping.Fontmap.
func (f *fontSet) ResolveFace(r rune) *font.Face {
	for _, face := range f.faces {
		if _, ok := face.NominalGlyph(r); ok {
			return face
		}
	}
	return f.faces[0]
}

var (
	faceCacheMu sync.Mutex
	faceCache   = map[string]*font.Face{}
	setCache    = map[string]*fontSet{}
	shapers     = map[shaperKey]*shaper{}
)

type shaperKey struct {
	fonts *fontSet
	size  float32
}

// sharedShaper returns the shaper for fonts at size, shared by all views
// so that words shaped once, in any document, are not shaped again. Like
// the views, it must only be used from Fyne's goroutine.
func sharedShaper(fonts *fontSet, size float32) *shaper {
	faceCacheMu.Lock()
	defer faceCacheMu.Unlock()
	k := shaperKey{fonts, size}
	if s, ok := shapers[k]; ok {
		return s
	}
	s := newShaper(fonts, size)
	shapers[k] = s
	return s
}

// loadFaces parses font resources (cached by name, as fonts do not change
// while the app runs) and skips any that are nil or fail to parse. The
// same resources give the same *fontSet.
func loadFaces(res ...fyne.Resource) (*fontSet, error) {
	faceCacheMu.Lock()
	defer faceCacheMu.Unlock()
	key := ""
	for _, r := range res {
		if r != nil {
			key += r.Name() + "\x00"
		}
	}
	if set, ok := setCache[key]; ok {
		return set, nil
	}
	set := &fontSet{}
	for _, r := range res {
		if r == nil {
			continue
		}
		face, ok := faceCache[r.Name()]
		if !ok {
			var err error
			face, err = font.ParseTTF(bytes.NewReader(r.Content()))
			if err != nil {
				fyne.LogError("textview: parse font "+r.Name(), err)
				continue
			}
			faceCache[r.Name()] = face
		}
		set.faces = append(set.faces, face)
	}
	if len(set.faces) == 0 {
		return nil, fmt.Errorf("load text fonts: no usable font among %d resources", len(res))
	}
	setCache[key] = set
	return set, nil
}

// shapedRun is a single-direction run of text (one atom) shaped with
// HarfBuzz: its width, the horizontal extent of every code point and the
// single-font pieces Fyne must draw separately.
type shapedRun struct {
	width float32
	// ext holds, for the run's i-th code point, its extent ext[2i] to
	// ext[2i+1] in Fyne units from the run's left edge. Code points shaped
	// into one cluster (a lam-alef ligature) share its extent in equal
	// parts, in reading order.
	ext    []float32
	pieces []piece
	// one holds the piece of a run drawn in one font, which most are.
	one [1]piece
}

// piece is a part of a run drawn in one font by one canvas.Text.
type piece struct {
	// start and end are code point offsets into the run, end exclusive.
	start, end int
	// x is the piece's left edge from the run's left edge, in Fyne units.
	x, w float32
	// str is what the canvas.Text drawing the piece shows.
	str string
	// ascent is where Fyne will put str's baseline: at the ascent of the
	// font of its first shaped run. A piece whose is smaller than the
	// line's is moved down by the difference so all share one baseline.
	ascent float32
}

// drawString is the text given to the canvas.Text that draws a piece.
// Fyne shapes every canvas.Text as a left-to-right paragraph; RLMs around
// a right-to-left piece keep its edge punctuation right-to-left, so
// HarfBuzz mirrors brackets as it did when the piece was measured.
func drawString(text []rune, rtl bool) string {
	if !rtl {
		return string(text)
	}
	// Built in one allocation.
	var b strings.Builder
	b.Grow(2*len(text) + 2*len(rlm))
	b.WriteString(rlm)
	for _, r := range text {
		b.WriteRune(r)
	}
	b.WriteString(rlm)
	return b.String()
}

// rlm is U+200F RIGHT-TO-LEFT MARK.
const rlm = "\u200f"

// reuse returns (*buf)[:n] cleared, growing *buf if it is too short.
func reuse[T any](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = make([]T, n, 2*n)
	}
	b := (*buf)[:n]
	clear(b)
	return b
}

// shaper measures text with go-text, as Fyne's painter does: Segmenter.Split
// by direction, script and face, then HarfBuzz.
type shaper struct {
	fonts *fontSet
	size  fixed.Int26_6
	// hb measures fonts' line bounds; words go through words, which
	// shapes them the same way with less around it.
	hb    shaping.HarfbuzzShaper
	words hbShaper
	seg   shaping.Segmenter
	// cache holds shaped words by direction (0: left to right) and text.
	cache [2]map[string]*shapedRun
	// single holds, by direction, atoms of one code point: every space
	// between words, found without hashing a string.
	single [2]map[rune]*shapedRun
	// pieces holds the glyphs of what Split cut words into, by input (see
	// pieceKey): the quotes, brackets and stops around words shape the
	// same each time.
	pieces map[string][]hbGlyph
	// keyBuf is where a word is encoded to look it up without making a
	// string of it.
	keyBuf []byte
	// pieceBuf is where a piece's key is encoded.
	pieceBuf []byte
	// What newRun carves runs and extents from.
	runs []shapedRun
	exts []float32
	// ascents caches each face's ascent at this size.
	ascents map[*font.Face]float32
	// lineHeight and ascent are those of a canvas.Text in these fonts.
	lineHeight, ascent float32
	// inkAscent and inkDescent are how far the tallest letters (with
	// their marks) rise above the baseline and the deepest fall below it,
	// once inkOK; they are what a line needs, where the fonts' own line
	// metrics leave room for rare stacks of marks.
	inkAscent, inkDescent float32
	inkOK                 bool

	// Scratch space of shapeString, kept to spare allocations.
	inputs     [1]shaping.Input
	clusterLen []int
	covered    []bool
	// infos[r] holds runeInfo(r) for r below infoCached once asked;
	// langs holds splitLanguage's answers.
	infos []runeFacts
	langs map[language.Script]language.Language
}

// maxShapeCache bounds the cache of shaped words; it is dropped when full,
// which only costs re-shaping.
const maxShapeCache = 1 << 16

func newShaper(fonts *fontSet, size float32) *shaper {
	// Sized for the distinct words of a long article, so that the first
	// one shaped does not spend its time growing the map.
	s := &shaper{fonts: fonts, size: toFixed(size), ascents: map[*font.Face]float32{}}
	s.cache[0] = make(map[string]*shapedRun, 1024)
	s.cache[1] = make(map[string]*shapedRun, 1024)
	s.single[0] = map[rune]*shapedRun{}
	s.single[1] = map[rune]*shapedRun{}
	s.pieces = map[string][]hbGlyph{}
	out := s.hb.Shape(shaping.Input{
		Text: []rune{' '}, RunEnd: 1, Direction: di.DirectionLTR,
		Face: fonts.ResolveFace(' '), Size: s.size,
	})
	s.lineHeight = fromFixed(out.LineBounds.LineThickness())
	s.ascent = fromFixed(out.LineBounds.Ascent)
	return s
}

// inkProbes are the letters that reach highest and lowest in Arabic and
// Latin text, with the marks news text puts on them.
var inkProbes = []string{"أإآلكطظّ لَّا ءٌ", "يجخعغقرزومِ ٍ", "ÀÉÅbdfhklţ", "gjpqyÇ|()[]{}"}

// ink returns inkAscent and inkDescent, measuring them on first use.
func (s *shaper) ink() (ascent, descent float32) {
	if s.inkOK {
		return s.inkAscent, s.inkDescent
	}
	for _, str := range inkProbes {
		text := []rune(str)
		dir := di.DirectionLTR
		if text[0] >= 0x600 {
			dir = di.DirectionRTL
		}
		for i := 0; i < len(text); {
			face := s.fonts.ResolveFace(text[i])
			j := i + 1
			for j < len(text) && s.fonts.ResolveFace(text[j]) == face {
				j++
			}
			out := s.hb.Shape(shaping.Input{Text: text, RunStart: i, RunEnd: j, Direction: dir, Face: face, Size: s.size})
			for _, g := range out.Glyphs {
				s.inkAscent = max(s.inkAscent, fromFixed(g.YBearing))
				s.inkDescent = max(s.inkDescent, -fromFixed(g.YBearing+g.Height))
			}
			i = j
		}
	}
	if s.inkAscent <= 0 || s.inkDescent <= 0 || s.inkAscent+s.inkDescent > s.lineHeight {
		// A font without these letters: its own metrics.
		s.inkAscent, s.inkDescent = s.ascent, s.lineHeight-s.ascent
	}
	s.inkOK = true
	return s.inkAscent, s.inkDescent
}

func toFixed(f float32) fixed.Int26_6   { return fixed.Int26_6(float64(f) * 64) }
func fromFixed(i fixed.Int26_6) float32 { return float32(float64(i) / 64) }

// drawAscent returns where Fyne puts the baseline of a canvas.Text
// showing a piece in face: at the ascent of the face of the first run its
// Segmenter.Split gives. For a left-to-right piece that is the piece's
// face; a right-to-left piece starts with an RLM, which no font draws and
// which is resolved to its own face (TestDrawAscent checks both against
// Split).
func (s *shaper) drawAscent(face *font.Face, rtl bool) float32 {
	if rtl {
		face = s.fonts.ResolveFace('\u200f')
	}
	if a, ok := s.ascents[face]; ok {
		return a
	}
	out := s.hb.Shape(shaping.Input{Text: []rune{' '}, RunEnd: 1, Direction: di.DirectionLTR, Face: face, Size: s.size})
	a := fromFixed(out.LineBounds.Ascent)
	s.ascents[face] = a
	return a
}

// shape shapes text as one run in the given direction. Results are cached
// by text: news text repeats its words and spaces a lot.
func (s *shaper) shape(text []rune, rtl bool) *shapedRun {
	d := 0
	if rtl {
		d = 1
	}
	if len(text) == 1 {
		r, ok := s.single[d][text[0]]
		if !ok {
			if s.cached() >= maxShapeCache {
				s.forgetWords()
			}
			r = s.shapeString(text, "", rtl)
			s.single[d][text[0]] = r
		}
		return r
	}
	cache := s.cache[d]
	s.keyBuf = s.keyBuf[:0]
	for _, c := range text {
		s.keyBuf = utf8.AppendRune(s.keyBuf, c)
	}
	// m[string(b)] does not allocate: only words not seen yet do.
	if r, ok := cache[string(s.keyBuf)]; ok {
		return r
	}
	if s.cached() >= maxShapeCache {
		s.forgetWords()
	}
	// The key is the string a canvas.Text draws the word with when it
	// is drawn in one piece, or the middle of it: one allocation for both.
	var key, str string
	if rtl {
		str = rlm + string(s.keyBuf) + rlm
		key = str[len(rlm) : len(str)-len(rlm)]
	} else {
		key = string(s.keyBuf)
		str = key
	}
	r := s.shapeString(text, str, rtl)
	cache[key] = r
	return r
}

// forgetWords empties the cache of shaped words but keeps what HarfBuzz
// holds per face (fonts, shaping plans), which lives as long as the shaper.
// Spaces and punctuation marks shaped alone are kept too: like the plans
// they depend on the fonts, not on what a text says, every text has them,
// and there are few of them (unless a text is all symbols, in which case
// they go as well).
func (s *shaper) forgetWords() {
	clear(s.cache[0])
	clear(s.cache[1])
	for _, m := range s.single {
		for r := range m {
			if !fontData(r) {
				delete(m, r)
			}
		}
	}
	for k := range s.pieces {
		text := k[pieceKeyLen(k):]
		if r, n := utf8.DecodeRuneInString(text); n != len(text) || !fontData(r) {
			delete(s.pieces, k)
		}
	}
	if len(s.single[0])+len(s.single[1])+len(s.pieces) > maxKeptMarks {
		clear(s.single[0])
		clear(s.single[1])
		clear(s.pieces)
	}
}

// maxKeptMarks bounds the spaces and marks forgetWords keeps.
const maxKeptMarks = 4096

// cached is how many shaped words and pieces the shaper holds.
func (s *shaper) cached() int {
	return len(s.cache[0]) + len(s.cache[1]) + len(s.single[0]) + len(s.single[1]) + len(s.pieces)
}

// fontData reports whether r, shaped alone, is a space, a mark of
// punctuation or a symbol rather than part of a word.
func fontData(r rune) bool {
	return !unicode.In(r, unicode.L, unicode.M, unicode.N)
}

// pieceKey encodes a piece's input into s.pieceBuf: the index of its
// face, its direction and script (4 bytes), its language and a NUL, then
// its text.
func (s *shaper) pieceKey(in shaping.Input) {
	b := s.pieceBuf[:0]
	face := 0
	for i, f := range s.fonts.faces {
		if f == in.Face {
			face = i
		}
	}
	sc := uint32(in.Script)
	b = append(b, byte(face), byte(in.Direction), byte(sc>>24), byte(sc>>16), byte(sc>>8), byte(sc))
	b = append(b, in.Language...)
	b = append(b, 0)
	for _, c := range in.Text[in.RunStart:in.RunEnd] {
		b = utf8.AppendRune(b, c)
	}
	s.pieceBuf = b
}

// pieceKeyLen returns the length of what comes before the text in a key
// pieceKey made.
func pieceKeyLen(k string) int {
	return 6 + strings.IndexByte(k[6:], 0) + 1
}

// shapePiece returns the glyphs of a piece Split cut a word into, from
// s.pieces if that piece was shaped before with the same face, direction,
// script and language, which give the same glyphs.
func (s *shaper) shapePiece(in shaping.Input) []hbGlyph {
	s.pieceKey(in)
	if g, ok := s.pieces[string(s.pieceBuf)]; ok {
		return g
	}
	g := slices.Clone(s.words.shape(in))
	s.pieces[string(s.pieceBuf)] = g
	return g
}

// runSlab is how many runs, and extents of code points, newRun carves
// from one allocation.
const runSlab = 256

// newRun returns a run for n code points, its extents zero. Runs and
// their extents are carved from arrays shared by a few hundred, since an
// article makes one of each per distinct word: one allocation instead of
// hundreds, and a few hundred objects fewer for the collector to trace.
// An array lives as long as any of its runs does.
func (s *shaper) newRun(n int) *shapedRun {
	if len(s.runs) == 0 {
		s.runs = make([]shapedRun, runSlab)
	}
	r := &s.runs[0]
	s.runs = s.runs[1:]
	if len(s.exts) < 2*n {
		s.exts = make([]float32, max(2*n, 16*runSlab))
	}
	r.ext = s.exts[: 2*n : 2*n]
	s.exts = s.exts[2*n:]
	return r
}

func (s *shaper) shapeUncached(text []rune, rtl bool) *shapedRun {
	return s.shapeString(text, "", rtl)
}

// shapeString is shapeUncached for a text whose drawString, if str is
// not empty, was already made: a run drawn as one piece shows it.
func (s *shaper) shapeString(text []rune, str string, rtl bool) *shapedRun {
	run := s.newRun(len(text))
	if len(text) == 0 {
		return run
	}
	dir := di.DirectionLTR
	if rtl {
		dir = di.DirectionRTL
	}
	var order []shaping.Input
	direct := false
	if in, ok := s.directInput(text, rtl); ok {
		direct = true
		s.inputs[0] = in
		order = s.inputs[:1]
	} else {
		// Split returns the pieces in logical order; a right-to-left
		// run shows its first piece at the right.
		order = s.seg.Split(shaping.Input{
			Text: text, RunEnd: len(text), Direction: dir,
			Face: s.fonts.ResolveFace(text[0]), Size: s.size,
		}, s.fonts)
		if rtl {
			for a, b := 0, len(order)-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
		}
	}
	if len(order) == 1 {
		run.pieces = run.one[:0]
	} else {
		run.pieces = make([]piece, 0, len(order))
	}
	// clusterLen[i] > 0 marks the first code point of a cluster of that
	// many code points; its extent is collected in ext[2i:2i+2]. Both
	// scratch slices are the shaper's, reused from word to word.
	clusterLen := reuse(&s.clusterLen, len(text))
	covered := reuse(&s.covered, len(text))
	x := float32(0)
	for _, in := range order {
		off := in.RunStart
		// Shape each piece on its own, with no surrounding context,
		// because that is how the canvas.Text drawing it will shape it.
		in.Text = text[in.RunStart:in.RunEnd]
		in.RunStart, in.RunEnd = 0, len(in.Text)
		// Only advances and clusters are needed. A word shaped whole is
		// cached as a word; the pieces of others may recur in other words.
		var glyphs []hbGlyph
		if direct {
			glyphs = s.words.shape(in)
		} else {
			glyphs = s.shapePiece(in)
		}
		p := piece{start: off, end: off + len(in.Text), x: x}
		if str != "" && len(in.Text) == len(text) {
			p.str = str
		} else {
			p.str = drawString(in.Text, rtl)
		}
		p.ascent = s.drawAscent(in.Face, rtl)
		for _, g := range glyphs {
			adv := fromFixed(g.adv)
			c := off + g.cluster
			n := max(g.runes, 1)
			if c+n > p.end {
				n = p.end - c
			}
			if c < 0 || n <= 0 {
				x += adv
				continue
			}
			if clusterLen[c] == 0 {
				clusterLen[c] = n
				run.ext[2*c], run.ext[2*c+1] = x, x+adv
			} else {
				run.ext[2*c] = min(run.ext[2*c], x)
				run.ext[2*c+1] = max(run.ext[2*c+1], x+adv)
			}
			for k := c; k < c+n; k++ {
				covered[k] = true
			}
			x += adv
		}
		p.w = x - p.x
		run.pieces = append(run.pieces, p)
	}
	run.width = x
	splitClusters(text, run.ext, clusterLen, covered, rtl, x)
	return run
}

// directInput returns the one input Segmenter.Split would return for a
// word, when that is plain to see: one font, at most one strong script,
// and no character bidi would move to a run of another direction. Most
// words are like that, and Split's own bidi pass is a seventh of the cost
// of laying out an article. TestDirectInputMatchesSplit holds the two
// together.
func (s *shaper) directInput(text []rune, rtl bool) (shaping.Input, bool) {
	face := -1
	script := language.Common
	for _, r := range text {
		ri := s.runeInfo(r)
		if ri.flags&riSplit != 0 {
			return shaping.Input{}, false
		}
		if face < 0 {
			face = int(ri.face)
		} else if int(ri.face) != face {
			return shaping.Input{}, false
		}
		if (rtl && ri.flags&riLTR != 0) || (!rtl && ri.flags&riRTL != 0) {
			return shaping.Input{}, false
		}
		if ri.flags&riStrongScript != 0 {
			if script == language.Common {
				script = ri.script
			} else if ri.script != script {
				return shaping.Input{}, false
			}
		}
	}
	dir := di.DirectionLTR
	if rtl {
		dir = di.DirectionRTL
	}
	if s.langs == nil {
		s.langs = map[language.Script]language.Language{}
	}
	lang, ok := s.langs[script]
	if !ok {
		lang = splitLanguage(script)
		s.langs[script] = lang
	}
	return shaping.Input{
		Text: text, RunEnd: len(text), Direction: dir, Face: s.fonts.faces[face], Size: s.size,
		Script: script, Language: lang,
	}, true
}

// runeFacts is what directInput asks about a code point.
type runeFacts struct {
	script language.Script
	face   uint8 // index into fonts.faces
	flags  uint8
}

const (
	riKnown        = 1 << iota // the entry is filled
	riSplit                    // only Split knows what to do with the code point
	riRTL                      // strong right-to-left (R, AL)
	riLTR                      // strong left-to-right (L) or a European digit
	riStrongScript             // script is a strong one
)

// infoCached bounds the code points whose facts are kept in an array:
// Latin, Greek, Cyrillic, Hebrew and Arabic, most of any news text.
const infoCached = 0x800

// runeInfo returns the facts about r, looked up once per shaper for
// the code points most texts are made of: finding them is a fifth of the
// time spent outside HarfBuzz when shaping words.
func (s *shaper) runeInfo(r rune) runeFacts {
	if r >= 0 && r < infoCached {
		if s.infos == nil {
			s.infos = make([]runeFacts, infoCached)
		}
		if ri := s.infos[r]; ri.flags&riKnown != 0 {
			return ri
		}
	}
	ri := runeFacts{flags: riKnown}
	if unicode.In(r, unicode.Cc, unicode.Cs, unicode.Zl, unicode.Zp, unicode.Zs) || harfbuzz.IsDefaultIgnorable(r) {
		ri.flags |= riSplit // Split keeps these in any font
	}
	f := s.fonts.ResolveFace(r)
	for i, face := range s.fonts.faces {
		if face == f {
			ri.face = uint8(i)
			break
		}
	}
	switch bidiClass(r) {
	case xbidi.R, xbidi.AL:
		ri.flags |= riRTL
	case xbidi.L, xbidi.EN:
		ri.flags |= riLTR
	case xbidi.AN, xbidi.LRE, xbidi.RLE, xbidi.LRO, xbidi.RLO, xbidi.PDF,
		xbidi.LRI, xbidi.RLI, xbidi.FSI, xbidi.PDI, xbidi.B, xbidi.S:
		ri.flags |= riSplit
	}
	if sc := language.LookupScript(r); sc.Strong() {
		ri.script = sc
		ri.flags |= riStrongScript
	}
	if r >= 0 && r < infoCached {
		s.infos[r] = ri
	}
	return ri
}

// splitLanguage is the language Split gives a run of script when the input
// names none: English if English is written in it, else the script's
// usual language.
func splitLanguage(script language.Script) language.Language {
	id, ok := language.NewLangID("en")
	if !ok {
		return ""
	}
	if !id.UseScript(script) {
		if l := language.ScriptToLang[script]; l != 0 {
			id = l
		}
	}
	return id.Language()
}

// splitClusters shares each cluster's extent among its code points in
// reading order: equally among the spacing ones (a lam-alef ligature),
// while combining marks and format characters (harakat, ZWNJ) that
// HarfBuzz merged into a cluster get an empty extent after the code point
// before them. Code points no glyph covers (HarfBuzz may drop
// default-ignorables) get an empty extent at the end of the one before.
func splitClusters(text []rune, ext []float32, clusterLen []int, covered []bool, rtl bool, width float32) {
	for c, n := range clusterLen {
		if n <= 1 {
			continue
		}
		x0, x1 := ext[2*c], ext[2*c+1]
		spacing := 0
		for k := c; k < c+n; k++ {
			if !nonSpacing(text[k]) {
				spacing++
			}
		}
		if spacing == 0 {
			spacing = n
		}
		w := (x1 - x0) / float32(spacing)
		pos := float32(0) // logical advance into the cluster
		for k := c; k < c+n; k++ {
			adv := w
			if nonSpacing(text[k]) && spacing != n {
				adv = 0
			}
			if rtl {
				ext[2*k], ext[2*k+1] = x1-pos-adv, x1-pos
			} else {
				ext[2*k], ext[2*k+1] = x0+pos, x0+pos+adv
			}
			pos += adv
		}
	}
	for i := range covered {
		if covered[i] {
			continue
		}
		// The logical end of the previous code point; at the very start,
		// the reading start of the run.
		var e float32
		switch {
		case i > 0 && rtl:
			e = ext[2*(i-1)]
		case i > 0:
			e = ext[2*(i-1)+1]
		case rtl:
			e = width
		}
		ext[2*i], ext[2*i+1] = e, e
	}
}

// nonSpacing reports whether r takes no room of its own: a combining mark
// or a format character.
func nonSpacing(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf)
}
