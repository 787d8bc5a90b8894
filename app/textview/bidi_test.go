package textview

import (
	"bufio"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-text/typesetting/bidi"
	xbidi "golang.org/x/text/unicode/bidi"
)

const bidiCharacterTest = "/usr/share/unicode/BidiCharacterTest.txt"

// TestGoTextInternals guards the two unexported go-text fields the level
// resolver reads; if an upgrade renames them, the fallback would silently
// mis-order nested levels.
func TestGoTextInternals(t *testing.T) {
	var p bidi.Paragraph
	runs := p.Segment([]rune("abc \u05d0\u05d1 123"), bidi.Neutral)
	if _, ok := runLevels(runs, nil); !ok {
		t.Fatal("go-text bidi.Runs has no 'levels' slice any more")
	}
	if !reflect.ValueOf(&p).Elem().FieldByName("embeddingLevel").IsValid() {
		t.Fatal("go-text bidi.Paragraph has no 'embeddingLevel' field any more")
	}
}

// TestBidiConformance checks the visual order produced by rules L1–L2 on
// go-text's levels against every case of Unicode's BidiCharacterTest.txt.
func TestBidiConformance(t *testing.T) {
	f, err := os.Open(bidiCharacterTest)
	if err != nil {
		t.Skipf("Unicode's BidiCharacterTest.txt is not installed (Debian package unicode-data): %v", err)
	}
	defer f.Close()

	var (
		lr     levelResolver
		levels []bidi.Level
		order  []int
		total  int
		passed int
		shown  int
	)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		c, err := parseBidiCase(line)
		if err != nil {
			t.Fatalf("%s:%d: %v", bidiCharacterTest, lineNo, err)
		}
		total++
		var base bidi.Level
		levels, base = lr.resolve(c.text, c.dir, levels)
		applyL1(levels, func(i int) xbidi.Class { return bidiClass(c.text[i]) }, base)
		order = visualOrder(levels, order)
		got := make([]int, 0, len(order))
		for _, i := range order {
			if !removedByX9(bidiClass(c.text[i])) {
				got = append(got, i)
			}
		}
		if slices.Equal(got, c.order) && int(base) == c.paraLevel {
			passed++
			continue
		}
		if shown < 10 {
			shown++
			t.Errorf("%s:%d: %q dir %v: order %v level %d, want %v level %d",
				bidiCharacterTest, lineNo, string(c.text), c.dir, got, base, c.order, c.paraLevel)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(os.Stdout, "bidi conformance: %d/%d\n", passed, total)
	if total == 0 {
		t.Fatal("no test cases read")
	}
}

type bidiCase struct {
	text      []rune
	dir       bidi.Direction
	paraLevel int
	order     []int
}

func parseBidiCase(line string) (bidiCase, error) {
	var c bidiCase
	fields := strings.Split(line, ";")
	if len(fields) != 5 {
		return c, fmt.Errorf("want 5 fields, got %d", len(fields))
	}
	for _, h := range strings.Fields(fields[0]) {
		v, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			return c, fmt.Errorf("code point %q: %w", h, err)
		}
		c.text = append(c.text, rune(v))
	}
	switch fields[1] {
	case "0":
		c.dir = bidi.LeftToRight
	case "1":
		c.dir = bidi.RightToLeft
	case "2":
		c.dir = bidi.Neutral
	default:
		return c, fmt.Errorf("paragraph direction %q", fields[1])
	}
	var err error
	if c.paraLevel, err = strconv.Atoi(fields[2]); err != nil {
		return c, fmt.Errorf("paragraph level: %w", err)
	}
	c.order = []int{}
	for _, s := range strings.Fields(fields[4]) {
		v, err := strconv.Atoi(s)
		if err != nil {
			return c, fmt.Errorf("order: %w", err)
		}
		c.order = append(c.order, v)
	}
	return c, nil
}
