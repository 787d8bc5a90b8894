package agree

import (
	"math"
	"testing"
)

// unit is one annotator's unit in a DKPro fixture: rater, label, offset,
// length, as DKPro's addUnit takes them.
type unit struct {
	rater, label, offset, length int
}

// k1995 is Krippendorff's (1995: p. 57) example as DKPro's
// Krippendorff1995Test builds it, stretched: labels A, B, C, D.
func k1995(stretch float64) (int, []unit) {
	s := func(x int) int { return int(float64(x) * stretch) }
	raw := []unit{
		{0, 0, 2, 8}, {0, 0, 14, 6}, {1, 0, 4, 4}, {1, 0, 15, 2},
		{0, 1, 0, 18}, {1, 1, 0, 2}, {1, 1, 2, 1}, {1, 1, 3, 1}, {1, 1, 4, 1}, {1, 1, 5, 1}, {1, 1, 6, 3}, {1, 1, 9, 1},
		{0, 2, 2, 6}, {0, 2, 10, 2}, {0, 2, 14, 4}, {0, 2, 20, 2}, {1, 2, 0, 2}, {1, 2, 4, 4}, {1, 2, 10, 4}, {1, 2, 16, 2}, {1, 2, 20, 2},
		{0, 3, 0, 2}, {0, 3, 2, 8}, {0, 3, 10, 4}, {0, 3, 14, 6}, {0, 3, 20, 4}, {1, 3, 0, 4}, {1, 3, 4, 4}, {1, 3, 8, 7}, {1, 3, 15, 2}, {1, 3, 17, 7},
	}
	out := make([]unit, len(raw))
	for i, u := range raw {
		out[i] = unit{u.rater, u.label, s(u.offset), s(u.length)}
	}
	return s(24), out
}

func study(raters, labels, length int, units []unit) *unitizingAcc {
	acc := newUnitizingAcc(raters, labels)
	us := make([][][]section, raters)
	for r := range us {
		us[r] = make([][]section, labels)
	}
	for _, u := range units {
		us[u.rater][u.label] = append(us[u.rater][u.label], section{u.offset, u.offset + u.length})
	}
	acc.add(us, length)
	return &acc
}

func (u *unitizingAcc) observedOf(l int) float64 {
	R, L := float64(u.raters), float64(u.length)
	return 2 * u.observed[l] / (R * (R - 1) * L * L)
}

func (u *unitizingAcc) expectedOf(l int) float64 {
	gaps := append([]int(nil), u.gaps[l]...)
	for r := 0; r < u.raters; r++ {
		if g := u.open[r*u.labels+l]; g > 0 {
			gaps = append(gaps, g)
		}
	}
	return expected(u.lens[l], gaps, float64(u.raters), float64(u.length))
}

func near(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(want) != math.IsNaN(got) || !math.IsNaN(want) && math.Abs(got-want) > tol {
		t.Errorf("%s = %.5f, want %.5f ± %g", what, got, want, tol)
	}
}

// TestAlphaUDKPro checks αu against the figures DKPro Statistics' own
// tests assert (Krippendorff1995Test, UnitizingAgreementTest,
// Krippendorff2004 example), with DKPro's tolerances.
func TestAlphaUDKPro(t *testing.T) {
	t.Run("1995 observed", func(t *testing.T) {
		L, units := k1995(1)
		u := study(2, 4, L, units)
		for l, want := range []float64{0.03125, 2.26736, 0.02777, 0.38715} {
			near(t, "D_o "+string(rune('A'+l)), u.observedOf(l), want, 0.00001)
		}
	})
	t.Run("1995 half length", func(t *testing.T) {
		L, units := k1995(12 / 24.0)
		u := study(2, 4, L, units)
		near(t, "D_o C", u.observedOf(2), 0.02777, 0.00001)
		near(t, "D_e C", u.expectedOf(2), 0.05494, 0.00001)
		_, by := u.alphaU()
		near(t, "αu C", float64(by[2]), 0.494, 0.02)
	})
	t.Run("1995 long continuum", func(t *testing.T) {
		L, units := k1995(1200000 / 24)
		u := study(2, 4, L, units)
		_, by := u.alphaU()
		for l, want := range []float64{0.06990, 1.17731, 0.08642, 0.41445} {
			near(t, "D_e "+string(rune('A'+l)), u.expectedOf(l), want, 0.005)
		}
		for l, want := range []float64{0.553, -0.926, 0.679, 0.066} {
			near(t, "αu "+string(rune('A'+l)), float64(by[l]), want, 0.02)
		}
	})
	t.Run("one long unit against three short", func(t *testing.T) {
		// r0: -11111111-   r1: --1-1-1---   (L = 10)
		// D_o: the long unit against each short one: (1−2)²+(9−3)² = 37,
		// (1−4)²+(9−5)² = 25, (1−6)²+(9−7)² = 29; 2·91/(2·1·10²) = 0.91.
		u := study(2, 1, 10, []unit{{0, 0, 1, 8}, {1, 0, 2, 1}, {1, 0, 4, 1}, {1, 0, 6, 1}})
		near(t, "D_o", u.observedOf(0), 0.9100, 0.0001)
		near(t, "D_e", u.expectedOf(0), 0.5351, 0.0001)
		a, _ := u.alphaU()
		near(t, "αu", float64(a), -0.7003, 0.0001)
	})
	t.Run("2004", func(t *testing.T) {
		// Krippendorff (2004: p. 254), continuum 150–450 moved to 0–300.
		u := study(2, 2, 300, []unit{
			{0, 0, 75, 70}, {0, 0, 220, 30}, {1, 0, 70, 80}, {1, 0, 205, 20}, {1, 0, 250, 20},
			{0, 1, 30, 60}, {0, 1, 150, 50}, {1, 1, 30, 60}, {1, 1, 150, 50},
		})
		near(t, "D_o c", u.observedOf(0), 0.0144, 0.0001)
		near(t, "D_e c", u.expectedOf(0), 0.0532, 0.0001)
		near(t, "D_o k", u.observedOf(1), 0, 0.0001)
		near(t, "D_e k", u.expectedOf(1), 0.0490, 0.0001)
		a, by := u.alphaU()
		near(t, "αu c", float64(by[0]), 0.7286, 0.0001)
		near(t, "αu k", float64(by[1]), 1, 0.0001)
		near(t, "αu", float64(a), 0.8591, 0.0005)
	})
	t.Run("single unit", func(t *testing.T) {
		a, _ := study(3, 1, 20, []unit{{0, 0, 0, 1}}).alphaU()
		near(t, "αu", float64(a), 0, 0)
	})
	t.Run("no units", func(t *testing.T) {
		a, _ := study(3, 1, 20, nil).alphaU()
		near(t, "αu", float64(a), math.NaN(), 0)
	})
}

// TestAlphaUContinuum checks that documents added one by one give the
// figure of one study over their concatenation.
func TestAlphaUContinuum(t *testing.T) {
	L, units := k1995(1)
	whole := study(2, 4, L, units)
	// Cut at 12: no unit of the example crosses it except B's [0,18) and
	// D's [8,15), so cut at 20 instead for A and C only.
	var first, second []unit
	for _, u := range units {
		if u.label == 1 || u.label == 3 {
			continue
		}
		if u.offset+u.length <= 20 {
			first = append(first, u)
		} else {
			second = append(second, unit{u.rater, u.label, u.offset - 20, u.length})
		}
	}
	var onlyAC []unit
	for _, u := range units {
		if u.label == 0 || u.label == 2 {
			onlyAC = append(onlyAC, u)
		}
	}
	whole = study(2, 4, L, onlyAC)
	acc := newUnitizingAcc(2, 4)
	for _, part := range []struct {
		n     int
		units []unit
	}{{20, first}, {L - 20, second}} {
		us := [][][]section{make([][]section, 4), make([][]section, 4)}
		for _, u := range part.units {
			us[u.rater][u.label] = append(us[u.rater][u.label], section{u.offset, u.offset + u.length})
		}
		acc.add(us, part.n)
	}
	a1, by1 := whole.alphaU()
	a2, by2 := acc.alphaU()
	near(t, "αu", float64(a2), float64(a1), 1e-12)
	for l := range by1 {
		near(t, "αu by label", float64(by2[l]), float64(by1[l]), 1e-12)
	}
}
