package agree

import (
	"slices"
	"sort"
)

// section is a unit of one annotator and label: code points [start, end)
// of its document.
type section struct{ start, end int }

// mergedUnits returns, per label, an annotator's units: their spans of
// that label in order, overlapping ones joined into their union (DKPro
// assumes one annotator's units of a label never overlap). spans are
// sorted by label, then start.
func mergedUnits(spans []entity, nl int) [][]section {
	out := make([][]section, nl)
	for _, s := range spans {
		l := s.label
		u := out[l]
		if n := len(u); n > 0 && s.start < u[n-1].end {
			u[n-1].end = max(u[n-1].end, s.end)
			continue
		}
		out[l] = append(u, section{s.start, s.end})
	}
	return out
}

// unitizingAcc gathers Krippendorff's αu over a continuum of documents
// laid end to end.
type unitizingAcc struct {
	raters, labels int
	length         int
	// observed[l] is Σ over annotator pairs and overlapping sections of
	// their distance.
	observed []float64
	// lens[l] are the lengths of every unit, gaps[l] of every gap between
	// one annotator's units (a gap may run across documents).
	lens, gaps [][]int
	// open[r*labels+l] is the gap annotator r has open at the end of the
	// continuum so far.
	open []int
}

func newUnitizingAcc(raters, labels int) unitizingAcc {
	return unitizingAcc{raters: raters, labels: labels, observed: make([]float64, labels),
		lens: make([][]int, labels), gaps: make([][]int, labels), open: make([]int, raters*labels)}
}

// add appends a document of n code points; units[r][l] are annotator r's
// units of label l on it.
func (u *unitizingAcc) add(units [][][]section, n int) {
	u.addObserved(units, n, observed(units, n, u.labels))
}

// observed is, per label, the sum of pairDistance over every pair of
// annotators' units on a document of n code points.
func observed(units [][][]section, n, labels int) []float64 {
	out := make([]float64, labels)
	for l := range out {
		for r1 := range units {
			for r2 := r1 + 1; r2 < len(units); r2++ {
				out[l] += pairDistance(units[r1][l], units[r2][l], n)
			}
		}
	}
	return out
}

// addObserved is add given the document's observed distances, which
// Analyze has computed already for the document's own αu.
func (u *unitizingAcc) addObserved(units [][][]section, n int, obs []float64) {
	for l := 0; l < u.labels; l++ {
		u.observed[l] += obs[l]
		for r := 0; r < u.raters; r++ {
			gap, pos := u.open[r*u.labels+l], 0
			for _, s := range units[r][l] {
				gap += s.start - pos
				if gap > 0 {
					u.gaps[l] = append(u.gaps[l], gap)
				}
				gap = 0
				u.lens[l] = append(u.lens[l], s.end-s.start)
				pos = s.end
			}
			u.open[r*u.labels+l] = gap + n - pos
		}
	}
	u.length += n
}

// pairDistance sums DKPro's distance over every pair of overlapping
// sections (units and the gaps between them) of two annotators on a
// document of n code points.
func pairDistance(a, b []section, n int) float64 {
	sa, sb := withGaps(a, n), withGaps(b, n)
	var sum float64
	i, j := 0, 0
	for i < len(sa) && j < len(sb) {
		x, y := sa[i], sb[j]
		if x.start < y.end && y.start < x.end {
			sum += distance(x, y)
		}
		switch {
		case x.end < y.end:
			i++
		case y.end < x.end:
			j++
		default:
			i++
			j++
		}
	}
	return sum
}

// cut is a section of a continuum, a unit or a gap.
type cut struct {
	start, end int
	unit       bool
}

func withGaps(units []section, n int) []cut {
	out := make([]cut, 0, 2*len(units)+1)
	pos := 0
	for _, s := range units {
		if s.start > pos {
			out = append(out, cut{pos, s.start, false})
		}
		out = append(out, cut{s.start, s.end, true})
		pos = s.end
	}
	if pos < n {
		out = append(out, cut{pos, n, false})
	}
	return out
}

// distance is DKPro's measureDistance: for two overlapping units the
// squared differences of their starts and of their ends; for a unit
// inside a gap of the other annotator its squared length; else 0.
func distance(x, y cut) float64 {
	switch {
	case x.unit && y.unit:
		ds, de := float64(x.start-y.start), float64(x.end-y.end)
		return ds*ds + de*de
	case x.unit && !y.unit && y.start <= x.start && x.end <= y.end:
		l := float64(x.end - x.start)
		return l * l
	case !x.unit && y.unit && x.start <= y.start && y.end <= x.end:
		l := float64(y.end - y.start)
		return l * l
	}
	return 0
}

// alphaU returns the overall αu and each label's (NaN for labels without
// units).
func (u *unitizingAcc) alphaU() (Score, []Score) {
	by := make([]Score, u.labels)
	var dO, dE float64
	cats := 0
	L, R := float64(u.length), float64(u.raters)
	for l := 0; l < u.labels; l++ {
		by[l] = ratio(0, 0)
		if len(u.lens[l]) == 0 || L == 0 {
			continue
		}
		gaps := slices.Clone(u.gaps[l])
		for r := 0; r < u.raters; r++ {
			if g := u.open[r*u.labels+l]; g > 0 {
				gaps = append(gaps, g)
			}
		}
		o := 2 * u.observed[l] / (R * (R - 1) * L * L)
		e := expected(u.lens[l], gaps, R, L)
		by[l] = alphaOf(o, e)
		dO += o
		dE += e
		cats++
	}
	if cats == 0 {
		return ratio(0, 0), by
	}
	return alphaOf(dO/float64(cats), dE/float64(cats)), by
}

// alphaOf is 1 − D_o/D_e, 0 when they are equal (as DKPro has it).
func alphaOf(o, e float64) Score {
	if o == e {
		return 0
	}
	return Score(1 - o/e)
}

// expected is DKPro's expected disagreement of one label:
//
//	D_e = 2/L · Σu [ (N−1)(2l³ − 3l² + l)/3 + l²·Σ_{g ≥ l} (g − l + 1) ]
//	      / (R·L·(R·L − 1) − Σu l(l − 1))
//
// over the units u (length l, N of them) and gaps g of every annotator.
// The inner sum over gaps uses sorted gaps and suffix sums.
func expected(lens, gaps []int, R, L float64) float64 {
	sort.Ints(gaps)
	suffix := make([]float64, len(gaps)+1)
	for i := len(gaps) - 1; i >= 0; i-- {
		suffix[i] = suffix[i+1] + float64(gaps[i])
	}
	N := float64(len(lens))
	var sum, sq float64
	for _, n := range lens {
		l := float64(n)
		sq += l * (l - 1)
		i := sort.SearchInts(gaps, n) // first gap >= l
		cnt := float64(len(gaps) - i)
		g := suffix[i] - (l-1)*cnt
		sum += (N-1)*(2*l*l*l-3*l*l+l)/3 + l*l*g
	}
	den := R*L*(R*L-1) - sq
	if den == 0 {
		return 0
	}
	return sum * 2 / L / den
}

// alphaUOfDoc is αu on one document over the annotators present on it,
// and the observed distances it summed (nil when it has none), which
// are the study's share of the document when everyone is present.
func alphaUOfDoc(units [][][]section, n, nl int) (Score, []float64) {
	var present [][][]section
	for _, u := range units {
		if u != nil {
			present = append(present, u)
		}
	}
	if len(present) < 2 || n == 0 {
		return ratio(0, 0), nil
	}
	acc := newUnitizingAcc(len(present), nl)
	obs := observed(present, n, nl)
	acc.addObserved(present, n, obs)
	a, _ := acc.alphaU()
	return a, obs
}
