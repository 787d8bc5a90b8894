package agree

import (
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// python returns a Python interpreter with scikit-learn, or skips.
func python(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if err := exec.Command(p, "-c", "import sklearn.metrics").Run(); err == nil {
			return p
		}
	}
	t.Skip("no python3 with scikit-learn (Debian: apt-get install python3-sklearn); Cohen's κ is not compared with sklearn.metrics.cohen_kappa_score")
	return ""
}

// TestKappaSklearn compares Cohen's κ on random token labels with
// sklearn.metrics.cohen_kappa_score on the same labels.
func TestKappaSklearn(t *testing.T) {
	py := python(t)
	rng := rand.New(rand.NewPCG(1, 14))
	// One Python run for every trial: importing scikit-learn takes a second.
	var input strings.Builder
	var got []Score
	for trial := 0; trial < 8; trial++ {
		k := 2 + rng.IntN(5)
		n := 20 + rng.IntN(400)
		a, b := make([]int32, n), make([]int32, n)
		for i := range a {
			a[i] = int32(rng.IntN(k))
			if rng.IntN(3) == 0 {
				b[i] = int32(rng.IntN(k))
			} else {
				b[i] = a[i] // mostly agreeing, as annotators do
			}
		}
		got = append(got, kappaOf(confusion(a, b, k), k, -1))
		input.WriteString(join(a) + " " + join(b) + "\n")
	}
	script := "import sys\nfrom sklearn.metrics import cohen_kappa_score\n" +
		"for line in sys.stdin:\n" +
		"    a, b = ([int(x) for x in f.split(',')] for f in line.split())\n" +
		"    print(repr(float(cohen_kappa_score(a, b))))\n"
	cmd := exec.Command(py, "-c", script)
	cmd.Stdin = strings.NewReader(input.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python: %v", err)
	}
	lines := strings.Fields(string(out))
	if len(lines) != len(got) {
		t.Fatalf("python printed %q", out)
	}
	for i, l := range lines {
		want, err := strconv.ParseFloat(l, 64)
		if err != nil {
			t.Fatalf("python printed %q", out)
		}
		near(t, "κ against sklearn", float64(got[i]), want, 1e-12)
	}
}

func join(xs []int32) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(int(x))
	}
	return strings.Join(s, ",")
}
