package annotate

// OffsetMap says where the code point offsets of a text went when the text
// was rewritten (frozen, stripped of lines), so that spans made on the old
// text can be moved onto the new one. Offsets on both sides are code
// points from 0; the old text's offsets run from 0 to Len() inclusive.
//
// A rewrite keeps some characters, merges some sequences into others (CR
// LF into LF, "e" + U+0301 into "é") and removes some (stripped lines).
// An offset between kept characters maps exactly. An offset strictly
// inside a merged sequence has no exact image: Map rounds it down to the
// start of the merged result and MapEnd rounds it up to its end, so a span
// mapped with MapSpan encloses everything it covered. An offset strictly
// inside removed text has no image at all (ok=false).
//
// An OffsetMap is immutable and safe for concurrent use.
type OffsetMap struct {
	n, out int
	// lo[o] and hi[o] are where old offset o goes when rounded down and
	// up; nil when the rewrite kept every character (identity).
	lo, hi []int32
	// gone[o] counts the old code points before offset o that were
	// removed; nil when none were.
	gone []int32
}

func identityMap(n int) *OffsetMap { return &OffsetMap{n: n, out: n} }

// Len returns the length of the old text in code points.
func (m *OffsetMap) Len() int { return m.n }

// OutLen returns the length of the new text in code points.
func (m *OffsetMap) OutLen() int { return m.out }

// Identity reports whether every offset maps to itself.
func (m *OffsetMap) Identity() bool { return m.lo == nil && m.gone == nil && m.n == m.out }

func (m *OffsetMap) down(o int) int {
	if m.lo == nil {
		return o
	}
	return int(m.lo[o])
}

func (m *OffsetMap) up(o int) int {
	if m.hi == nil {
		return o
	}
	return int(m.hi[o])
}

// removed reports whether old code point c (the one between offsets c and
// c+1) was removed.
func (m *OffsetMap) removed(c int) bool {
	return m.gone != nil && m.gone[c+1] != m.gone[c]
}

// inside reports whether offset o lies strictly inside removed text: both
// of its neighbours were removed.
func (m *OffsetMap) inside(o int) bool {
	return o > 0 && o < m.n && m.removed(o-1) && m.removed(o)
}

// Map returns the new offset of old offset cp, rounding down inside a
// merged sequence (use it for a span's start). ok is false when cp is
// outside [0, Len()] or strictly inside removed text.
func (m *OffsetMap) Map(cp int) (int, bool) {
	if cp < 0 || cp > m.n || m.inside(cp) {
		return 0, false
	}
	return m.down(cp), true
}

// MapEnd is Map rounding up inside a merged sequence (use it for a span's
// end).
func (m *OffsetMap) MapEnd(cp int) (int, bool) {
	if cp < 0 || cp > m.n || m.inside(cp) {
		return 0, false
	}
	return m.up(cp), true
}

// MapSpan moves the old range [start, end) onto the new text: the start
// rounds down and the end rounds up, so the result encloses the same
// characters. ok is false when the range is invalid or covers any removed
// character, since the span's text would then change.
func (m *OffsetMap) MapSpan(start, end int) (newStart, newEnd int, ok bool) {
	if start < 0 || end < start || end > m.n {
		return 0, 0, false
	}
	if m.gone != nil && m.gone[end] != m.gone[start] {
		return 0, 0, false
	}
	return m.down(start), m.up(end), true
}

// Then returns the map of m followed by next, for a text rewritten twice
// (frozen, then stripped). next must map m's new text: next.Len() must
// equal m.OutLen(), or Then returns nil.
func (m *OffsetMap) Then(next *OffsetMap) *OffsetMap {
	if next.n != m.out {
		return nil
	}
	if m.Identity() {
		return next
	}
	if next.Identity() {
		return m
	}
	c := &OffsetMap{n: m.n, out: next.out,
		lo: make([]int32, m.n+1), hi: make([]int32, m.n+1)}
	anyGone := false
	flags := make([]bool, m.n)
	for o := 0; o <= m.n; o++ {
		c.lo[o] = int32(next.down(m.down(o)))
		c.hi[o] = int32(next.up(m.up(o)))
		if o == m.n {
			break
		}
		// Old code point o became the block [x, y) of m's output; it is
		// gone if m removed it or next removed that whole block.
		x, y := m.down(o), m.up(o+1)
		g := m.removed(o) || (y > x && next.gone != nil && int(next.gone[y]-next.gone[x]) == y-x)
		flags[o] = g
		anyGone = anyGone || g
	}
	if anyGone {
		c.gone = prefixCounts(flags)
	}
	return c
}

func prefixCounts(flags []bool) []int32 {
	p := make([]int32, len(flags)+1)
	for i, f := range flags {
		p[i+1] = p[i]
		if f {
			p[i+1]++
		}
	}
	return p
}

// mapBuilder builds an OffsetMap from a left-to-right walk of the old
// text, one operation per run of characters.
type mapBuilder struct {
	lo, hi  []int32
	flags   []bool
	out     int
	changed bool
}

// keep records k characters copied unchanged.
func (b *mapBuilder) keep(k int) {
	for range k {
		b.lo = append(b.lo, int32(b.out))
		b.hi = append(b.hi, int32(b.out))
		b.flags = append(b.flags, false)
		b.out++
	}
}

// merge records in old characters replaced by out new ones as a block.
func (b *mapBuilder) merge(in, out int) {
	switch {
	case in == 0 && out == 0:
		return
	case out == 0:
		b.drop(in)
		return
	}
	b.changed = true
	for t := range in {
		b.lo = append(b.lo, int32(b.out))
		if t == 0 {
			b.hi = append(b.hi, int32(b.out))
		} else {
			b.hi = append(b.hi, int32(b.out+out))
		}
		b.flags = append(b.flags, false)
	}
	b.out += out
}

// drop records k old characters removed.
func (b *mapBuilder) drop(k int) {
	if k > 0 {
		b.changed = true
	}
	for range k {
		b.lo = append(b.lo, int32(b.out))
		b.hi = append(b.hi, int32(b.out))
		b.flags = append(b.flags, true)
	}
}

func (b *mapBuilder) build() *OffsetMap {
	n := len(b.flags)
	if !b.changed {
		return identityMap(n)
	}
	m := &OffsetMap{n: n, out: b.out,
		lo: append(b.lo, int32(b.out)), hi: append(b.hi, int32(b.out))}
	for _, f := range b.flags {
		if f {
			m.gone = prefixCounts(b.flags)
			break
		}
	}
	return m
}
