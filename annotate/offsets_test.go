package annotate

import (
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// offsetTexts are texts whose three units disagree: Arabic (2 bytes a
// letter), harakat (combining marks, separate code points), emoji outside
// the BMP (4 bytes, 2 UTF-16 units), a ZWJ family (5 code points, one
// grapheme) and an RLM (3 bytes, 1 unit).
var offsetTexts = []string{
	"",
	"abc",
	"الأسد",
	"مُحَمَّد",
	"a👍🏽b",
	"👨‍👩‍👧 عائلة",
	"\u200fإدلب\u200f",
	"جـ.رائم ١٢٣ 😀",
}

// offsetPoints pin a few conversions by hand, independently of the
// reference functions below.
var offsetPoints = []struct {
	s                 string
	cp, utf16, byteOf int
}{
	{"abc", 2, 2, 2},
	{"الأسد", 2, 2, 4},
	{"a👍🏽b", 1, 1, 1},
	{"a👍🏽b", 2, 3, 5},
	{"a👍🏽b", 3, 5, 9},
	{"a👍🏽b", 4, 6, 10},
	{"👨‍👩‍👧", 2, 3, 7},
	{"👨‍👩‍👧", 5, 8, 18},
	{"\u200fإ", 1, 1, 3},
	{"مُحَمَّد", 2, 2, 4},
}

// refUTF16 and refByte compute offsets the slow, obvious way.
func refUTF16(s string, cp int) int { return len(utf16.Encode([]rune(s)[:cp])) }
func refByte(s string, cp int) int  { return len(string([]rune(s)[:cp])) }

func TestOffsetPoints(t *testing.T) {
	for _, p := range offsetPoints {
		ix := NewOffsetIndex(p.s)
		if got := CodePointToUTF16(p.s, p.cp); got != p.utf16 {
			t.Errorf("CodePointToUTF16(%q, %d) = %d, want %d", p.s, p.cp, got, p.utf16)
		}
		if got := ix.CodePointToUTF16(p.cp); got != p.utf16 {
			t.Errorf("index CodePointToUTF16(%q, %d) = %d, want %d", p.s, p.cp, got, p.utf16)
		}
		if got := CodePointToByte(p.s, p.cp); got != p.byteOf {
			t.Errorf("CodePointToByte(%q, %d) = %d, want %d", p.s, p.cp, got, p.byteOf)
		}
		if got, err := UTF16ToCodePoint(p.s, p.utf16); err != nil || got != p.cp {
			t.Errorf("UTF16ToCodePoint(%q, %d) = %d, %v; want %d", p.s, p.utf16, got, err, p.cp)
		}
		if got, err := ix.ByteToCodePoint(p.byteOf); err != nil || got != p.cp {
			t.Errorf("index ByteToCodePoint(%q, %d) = %d, %v; want %d", p.s, p.byteOf, got, err, p.cp)
		}
	}
}

func TestOffsetsAgainstReference(t *testing.T) {
	for _, s := range offsetTexts {
		checkOffsets(t, s)
	}
}

// checkOffsets compares every conversion on s with the reference and the
// index with the plain functions, and checks that offsets inside a
// character are refused.
func checkOffsets(t *testing.T, s string) {
	t.Helper()
	ix := NewOffsetIndex(s)
	n := RuneLen(s)
	if want := utf8.RuneCountInString(s); n != want {
		t.Fatalf("%q: RuneLen = %d, want %d", s, n, want)
	}
	if ix.Len() != n {
		t.Fatalf("%q: index Len = %d, want %d", s, ix.Len(), n)
	}
	valid := utf8.ValidString(s)
	if valid && ix.UTF16Len() != len(utf16.Encode([]rune(s))) {
		t.Errorf("%q: UTF16Len = %d", s, ix.UTF16Len())
	}
	isU16 := map[int]bool{}
	isByte := map[int]bool{}
	for cp := 0; cp <= n; cp++ {
		u, b := CodePointToUTF16(s, cp), CodePointToByte(s, cp)
		isU16[u], isByte[b] = true, true
		if valid {
			if u != refUTF16(s, cp) || b != refByte(s, cp) {
				t.Errorf("%q cp %d: utf16 %d byte %d, want %d %d", s, cp, u, b, refUTF16(s, cp), refByte(s, cp))
			}
		}
		if iu, ib := ix.CodePointToUTF16(cp), ix.CodePointToByte(cp); iu != u || ib != b {
			t.Errorf("%q cp %d: index gives utf16 %d byte %d, plain %d %d", s, cp, iu, ib, u, b)
		}
		if got, err := UTF16ToCodePoint(s, u); err != nil || got != cp {
			t.Errorf("%q: UTF16ToCodePoint(%d) = %d, %v; want %d", s, u, got, err, cp)
		}
		if got, err := ix.UTF16ToCodePoint(u); err != nil || got != cp {
			t.Errorf("%q: index UTF16ToCodePoint(%d) = %d, %v; want %d", s, u, got, err, cp)
		}
		if got, err := ByteToCodePoint(s, b); err != nil || got != cp {
			t.Errorf("%q: ByteToCodePoint(%d) = %d, %v; want %d", s, b, got, err, cp)
		}
		if got, err := ix.ByteToCodePoint(b); err != nil || got != cp {
			t.Errorf("%q: index ByteToCodePoint(%d) = %d, %v; want %d", s, b, got, err, cp)
		}
	}
	// Walking forward one code point at a time from where the last step
	// stopped reaches every offset the index gives, then runs short.
	for cp, b := 0, 0; cp <= n+1; cp++ {
		want, wantShort := len(s), 1
		if cp <= n {
			want, wantShort = ix.CodePointToByte(cp), 0
		}
		step := 1
		if cp == 0 {
			step = 0
		}
		next, short := AdvanceCodePoints(s, b, step)
		if next != want || short != wantShort {
			t.Fatalf("%q: AdvanceCodePoints to code point %d = %d, %d short; want %d, %d", s, cp, next, short, want, wantShort)
		}
		b = next
	}
	var ranges [][2]int
	var wants []string
	for a := 0; a <= n; a++ {
		for _, b := range []int{a - 1, a, a + 1, a + 3, n, n + 2} {
			want := ""
			if b > a {
				want = s[ix.CodePointToByte(a):ix.CodePointToByte(b)]
			}
			if got := Slice(s, a, b); got != want {
				t.Errorf("%q: Slice(%d, %d) = %q, want %q", s, a, b, got, want)
			}
			ranges, wants = append(ranges, [2]int{a, b}), append(wants, want)
		}
	}
	// SliceAll gives what Slice gives, whatever the order of the ranges
	// (here: by start, mixed ends, some reversed or past the end).
	ranges, wants = append(ranges, [2]int{-2, 1}), append(wants, Slice(s, -2, 1))
	for i, got := range SliceAll(s, ranges) {
		if got != wants[i] {
			t.Errorf("%q: SliceAll range %v = %q, want %q", s, ranges[i], got, wants[i])
		}
	}
	// Every other offset, and one past each end, lies inside a character
	// or outside the text and must be refused.
	u16len := CodePointToUTF16(s, n)
	for u := -1; u <= u16len+1; u++ {
		if isU16[u] {
			continue
		}
		if _, err := UTF16ToCodePoint(s, u); ErrorCode(err) != ECodeOutOfRange {
			t.Errorf("%q: UTF16ToCodePoint(%d) error %v, want out_of_range", s, u, err)
		}
		if _, err := ix.UTF16ToCodePoint(u); ErrorCode(err) != ECodeOutOfRange {
			t.Errorf("%q: index UTF16ToCodePoint(%d) error %v, want out_of_range", s, u, err)
		}
	}
	for b := -1; b <= len(s)+1; b++ {
		if isByte[b] {
			continue
		}
		if _, err := ByteToCodePoint(s, b); ErrorCode(err) != ECodeOutOfRange {
			t.Errorf("%q: ByteToCodePoint(%d) error %v, want out_of_range", s, b, err)
		}
		if _, err := ix.ByteToCodePoint(b); ErrorCode(err) != ECodeOutOfRange {
			t.Errorf("%q: index ByteToCodePoint(%d) error %v, want out_of_range", s, b, err)
		}
	}
	// Clamping: the plain and indexed conversions agree outside the text.
	if CodePointToByte(s, n+3) != len(s) || ix.CodePointToByte(-2) != 0 || CodePointToUTF16(s, -1) != 0 {
		t.Errorf("%q: out-of-range code points are not clamped", s)
	}
}

func TestSurrogatePairRefused(t *testing.T) {
	_, err := UTF16ToCodePoint("👍", 1)
	if ErrorCode(err) != ECodeOutOfRange {
		t.Fatalf("offset inside a surrogate pair: got %v, want out_of_range", err)
	}
	if ErrorMessage(err) == "" {
		t.Fatal("no message")
	}
}

func TestSlice(t *testing.T) {
	tests := []struct {
		s          string
		start, end int
		want       string
		code       Code
	}{
		{"الأسد", 2, 5, "أسد", ""},
		{"a👍🏽b", 1, 3, "👍🏽", ""},
		{"a👍🏽b", 3, 3, "", ""},
		{"abc", -1, 2, "", ECodeOutOfRange},
		{"abc", 2, 1, "", ECodeEndBefore},
		{"abc", 1, 4, "", ECodeOutOfRange},
	}
	for _, tt := range tests {
		got, err := SliceChecked(tt.s, tt.start, tt.end)
		if ErrorCode(err) != tt.code || got != tt.want {
			t.Errorf("SliceChecked(%q, %d, %d) = %q, %v; want %q, %q", tt.s, tt.start, tt.end, got, err, tt.want, tt.code)
		}
		got2, err2 := NewOffsetIndex(tt.s).SliceChecked(tt.start, tt.end)
		if got2 != got || ErrorCode(err2) != ErrorCode(err) {
			t.Errorf("index SliceChecked(%q, %d, %d) = %q, %v; plain gives %q, %v", tt.s, tt.start, tt.end, got2, err2, got, err)
		}
		// Slice never panics, whatever the range.
		_ = Slice(tt.s, tt.start, tt.end)
		_ = NewOffsetIndex(tt.s).Slice(tt.start, tt.end)
	}
}

func FuzzOffsets(f *testing.F) {
	for _, s := range offsetTexts {
		f.Add(s)
	}
	for _, p := range offsetPoints {
		f.Add(p.s)
	}
	f.Add("\xff\xfe a\xe2\x80") // invalid UTF-8 counts byte by byte
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 256 {
			return // checkOffsets is quadratic
		}
		checkOffsets(t, s)
	})
}
