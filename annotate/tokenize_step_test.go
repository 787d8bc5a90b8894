package annotate

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/rivo/uniseg"
)

// tokenizeStep is Tokenize as first written, on uniseg.StepString, which
// finds cluster and word boundaries in one pass (with the sentence and
// line rules, which made it slow). Tokenize must give the same tokens.
func tokenizeStep(text string) []Token {
	var t tokenizer
	var word []cluster
	state := -1
	cp := 0
	for rest := text; len(rest) > 0; {
		var g string
		var bounds int
		g, rest, bounds, state = uniseg.StepString(rest, state)
		c := newCluster(g, cp, kinds())
		cp = c.end
		word = append(word, c)
		if bounds&uniseg.MaskWord != 0 || len(rest) == 0 {
			t.appendWord(word)
			word = word[:0]
		}
	}
	return t.tokens
}

// stepTests are texts where cluster and word boundaries disagree or
// where plain and non-plain code points meet.
var stepTests = []string{
	"\u0602١٢ \u0600٣", // prepended marks before digits
	"a\r\nb\r\rc\n\r",  // CR LF is one cluster
	"🇸🇾🇱🇧🇯", "x🇸🇾y",    // regional indicator pairs
	"👨‍👩‍👧 a‍b ‍ ‍‍",          // ZWJ sequences and lone ZWJs
	"한국어 각ᄀᄀ가ᅡᆨ",              // Hangul syllables and jamo
	"क्षत्रिय किं",            // Devanagari with virama and spacing marks
	" \u064e\u064eب \u0301",   // marks after spaces and at the start
	"e\u0301\u0302 ̈x",        // combining marks after Latin
	"\u200fإدلب\u200f\u200d،", // format characters
	"ﷺ ﷽ ٱلْحَمْدُ",           // Arabic presentation forms, wasla
	strings.Repeat("بِسْمِ ", 3) + "\u0600",
	"ب\u0600 ب \u0600ب  \u0600",   // a prepended mark before a space
	" \u064eب \u00adب ب\u00ad ",   // words starting with a mark or soft hyphen
	"a_b 12 ab12 ١٢ب 1.5 a:b x'y", // connectors, digits, mid-word punctuation
	"עִבְרִית א'ב \u05f3 ב\"ג",    // Hebrew letters and quotes
	// Punctuation around words, where Tokenize skips uniseg.
	"قال، إن (الوفد) «سيصل» “غداً”؛ هل؟ نعم!\n\nخبر.\nآخر… – ٣٪",
	"a.b a. b a.\nb 1,5 1, 5 ١،٢ ١، ٢ ١٫٥ x:y x: y x'y x' y 'x' \"x\"",
	"a.\u00adb a.\u064eb 1.\u064e2 ،\u064e .\u0301 \u064e \n\u064eب",
	"__ _a a_ _ ـ ـب بـ __.",
	"مُحَمَّدٌ. وَالعِراقُ، بِالمَلَفِّ ٢٠٢٠.",
	"إدلب\u200f، \u200fحلب\u200e. ‘x’ ‚y‛ a\u2019b 1\u20182",
	"क्ष, क्षत्रिय. ﻻ ﷲ",
	"© ®\u200d👍 ©\u200d®",
	"א. א, א' א\" \"א\"ב",
	"ب\x80ت \xd8 \xe2\x80 a\xc0\x80b",
}

func TestTokenizeMatchesStep(t *testing.T) {
	texts := slices.Clone(stepTests)
	for _, tt := range tokenizeTests {
		texts = append(texts, tt.text)
	}
	texts = append(texts, strings.Repeat(tokenizeTests[14].text+" "+tokenizeTests[18].text+"\n", 20))
	for _, text := range texts {
		if got, want := Tokenize(text), tokenizeStep(text); !sameTokens(got, want) {
			t.Errorf("Tokenize(%q)\n got %v\nwant %v", text, got, want)
		}
	}
}

func FuzzTokenizeMatchesStep(f *testing.F) {
	for _, s := range stepTests {
		f.Add(s)
	}
	for _, tt := range tokenizeTests {
		f.Add(tt.text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := Tokenize(text), tokenizeStep(text); !sameTokens(got, want) {
			t.Fatalf("Tokenize(%q)\n got %v\nwant %v", text, got, want)
		}
		checkTokenBytes(t, text)
	})
}

// checkTokenBytes checks that AppendTokenBytes finds Tokenize's tokens and
// gives their byte offsets.
func checkTokenBytes(t *testing.T, text string) {
	t.Helper()
	toks, offs := AppendTokenBytes(nil, []int{-1}, text)
	if want := Tokenize(text); !sameTokens(toks, want) {
		t.Fatalf("AppendTokenBytes(%q) tokens\n got %v\nwant %v", text, toks, want)
	}
	if len(offs) != 1+2*len(toks) || offs[0] != -1 {
		t.Fatalf("AppendTokenBytes(%q): %d offsets for %d tokens, or the first was overwritten", text, len(offs), len(toks))
	}
	for i, tok := range toks {
		if b0, b1 := offs[1+2*i], offs[2+2*i]; b0 != CodePointToByte(text, tok.Start) || b1 != CodePointToByte(text, tok.End) {
			t.Fatalf("AppendTokenBytes(%q): token %d [%d, %d) at bytes [%d, %d), want [%d, %d)", text, i, tok.Start, tok.End,
				b0, b1, CodePointToByte(text, tok.Start), CodePointToByte(text, tok.End))
		}
	}
}

func TestAppendTokenBytes(t *testing.T) {
	texts := slices.Clone(stepTests)
	for _, tt := range tokenizeTests {
		texts = append(texts, tt.text)
	}
	for _, text := range texts {
		checkTokenBytes(t, text)
	}
}

func sameTokens(a, b []Token) bool {
	return slices.EqualFunc(a, b, func(x, y Token) bool {
		return x.Start == y.Start && x.End == y.End && slices.Equal(x.Breaks, y.Breaks)
	})
}

// TestTokenizeMatchesStepRandom compares the two on many short texts
// drawn from code points whose rules interact: spaces, letters, marks,
// prepended marks, connectors, digits, joiners, quotes and emoji.
func TestTokenizeMatchesStepRandom(t *testing.T) {
	alphabet := []rune(" ب ال\u064e\u0651\u0600\u0601_1١.,:'\"\u00ad\u200d\u200f\u05d0\u05f3a\nX\r👍\U0001F3FD\U0001F1F8\u0903क्،؛«)ـ٫“…\u2019©")
	r := rand.New(rand.NewPCG(4, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(16) {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		text := b.String()
		if got, want := Tokenize(text), tokenizeStep(text); !sameTokens(got, want) {
			t.Fatalf("Tokenize(%+q)\n got %v\nwant %v", text, got, want)
		}
		checkTokenBytes(t, text)
	}
}
