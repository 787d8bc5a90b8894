package agree

// fleissAcc gathers Fleiss' κ over tokens every annotator rated.
type fleissAcc struct {
	raters int
	docs   int
	items  int
	// sumSq is Σ over tokens of Σ over labels of n_ij², totals[j] Σ n_ij.
	sumSq  float64
	totals []float64
}

func (f *fleissAcc) add(labels [][]int32) {
	f.docs++
	if len(labels) == 0 || labels[0] == nil {
		return
	}
	n := len(labels[0])
	counts := make([]int, len(f.totals))
	R := len(labels)
	for t := 0; t < n; t++ {
		// Most tokens have one label from everyone (O, mostly): the same
		// sums as below, without the counting.
		if c := labels[0][t]; unanimous(labels, t, c) {
			f.sumSq += float64(R * R)
			f.totals[c] += float64(R)
			continue
		}
		for _, l := range labels {
			counts[l[t]]++
		}
		for j, c := range counts {
			if c != 0 {
				f.sumSq += float64(c * c)
				f.totals[j] += float64(c)
				counts[j] = 0
			}
		}
	}
	f.items += n
}

// unanimous reports whether every row has label c at token t.
func unanimous(rows [][]int32, t int, c int32) bool {
	for _, l := range rows[1:] {
		if l[t] != c {
			return false
		}
	}
	return true
}

// kappa is Fleiss' κ = (P̄ − P̄e) / (1 − P̄e), with P̄ the mean over
// tokens of (Σj n_ij² − n) / (n(n − 1)) and P̄e = Σj p_j², p_j the share
// of all ratings that are label j.
func (f *fleissAcc) kappa() Score {
	N, n := float64(f.items), float64(f.raters)
	if N == 0 || n < 2 {
		return ratio(0, 0)
	}
	pBar := (f.sumSq - N*n) / (N * n * (n - 1))
	pe := 0.0
	for _, t := range f.totals {
		p := t / (N * n)
		pe += p * p
	}
	return ratio(pBar-pe, 1-pe)
}

// alphaAcc gathers Krippendorff's α (nominal) over tokens: its
// coincidence matrix o (k×k).
type alphaAcc struct {
	k     int
	o     []float64
	docs  int
	items int
}

// add adds a document's tokens, each with the values of the annotators
// present.
func (a *alphaAcc) add(labels [][]int32, present []bool) {
	var rows [][]int32
	for r, p := range present {
		if p && labels[r] != nil {
			rows = append(rows, labels[r])
		}
	}
	if len(rows) < 2 {
		return
	}
	a.docs++
	m := float64(len(rows))
	counts := make([]float64, a.k)
	var seen []int
	// A token everyone gave label c adds m(m−1)/(m−1) to o_cc, as below.
	same := float64(len(rows)) * (float64(len(rows)) - 1) / (m - 1)
	for t := range rows[0] {
		if c := rows[0][t]; unanimous(rows, t, c) {
			a.o[int(c)*a.k+int(c)] += same
			continue
		}
		seen = seen[:0]
		for _, l := range rows {
			if counts[l[t]] == 0 {
				seen = append(seen, int(l[t]))
			}
			counts[l[t]]++
		}
		// o_ck += n_uc·n_uk/(m−1) for c ≠ k, n_uc(n_uc−1)/(m−1) for c = k.
		for _, c := range seen {
			for _, k := range seen {
				v := counts[c] * counts[k]
				if c == k {
					v = counts[c] * (counts[c] - 1)
				}
				a.o[c*a.k+k] += v / (m - 1)
			}
		}
		for _, c := range seen {
			counts[c] = 0
		}
	}
	a.items += len(rows[0])
}

// value is α = 1 − (n − 1)·Σc≠k o_ck / Σc≠k n_c·n_k.
func (a *alphaAcc) value() Score {
	nc := make([]float64, a.k)
	var n, dis float64
	for c := 0; c < a.k; c++ {
		for k := 0; k < a.k; k++ {
			v := a.o[c*a.k+k]
			nc[c] += v
			n += v
			if c != k {
				dis += v
			}
		}
	}
	var exp float64
	for c := 0; c < a.k; c++ {
		for k := 0; k < a.k; k++ {
			if c != k {
				exp += nc[c] * nc[k]
			}
		}
	}
	if exp == 0 {
		return ratio(0, 0)
	}
	return Score(1 - (n-1)*dis/exp)
}
