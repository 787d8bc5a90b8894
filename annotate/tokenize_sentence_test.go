package annotate

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sentenceTests give each text's sentences, separated by "|".
var sentenceTests = []struct{ name, text string }{
	{"english", "Hi there. |Bye."},
	{"arabic question mark", "هل جاء الوفد؟ |نعم جاء."},
	{"tatweel dot words", "وثقت المنظمة جـ.رائم الحـ.رب في المدينة. |وطالبت بـ التصـ.دي لها."},
	{"dot between letters without tatweel", "قال.وأضاف إن الوفد وصل."},
	{"newline ends a paragraph", "العنوان\n|النص هنا."},
	{"no text", ""},
}

func TestSentenceBreaks(t *testing.T) {
	for _, c := range sentenceTests {
		t.Run(c.name, func(t *testing.T) {
			text := strings.ReplaceAll(c.text, "|", "")
			var want []int
			for at, part := 0, c.text; ; {
				i := strings.Index(part, "|")
				if i < 0 {
					break
				}
				at += RuneLen(part[:i])
				want = append(want, at)
				part = part[i+1:]
			}
			got := SentenceBreaks(text, Tokenize(text))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("SentenceBreaks(%q) = %v, want %v", text, got, want)
			}
		})
	}
}

// TestSentenceBreaksNeverInsideToken runs the rule over the sample
// corpus and the real article, where present.
func TestSentenceBreaksNeverInsideToken(t *testing.T) {
	texts := map[string]string{}
	files, _ := filepath.Glob("../assets/corpus/*.txt")
	if len(files) == 0 {
		t.Fatal("no sample corpus in ../assets/corpus")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts[filepath.Base(f)] = FreezeText(string(b))
	}
	if b, err := os.ReadFile(corpusPath); err == nil {
		texts["shared article"] = FreezeText(string(b))
	} else if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	for name, text := range texts {
		toks := Tokenize(text)
		breaks := SentenceBreaks(text, toks)
		if len(breaks) == 0 {
			t.Errorf("%s: no sentence boundary at all", name)
		}
		for _, b := range breaks {
			if i, ok := TokenAt(toks, b); ok && toks[i].Start != b {
				t.Errorf("%s: sentence boundary %d inside token %q", name, b, Slice(text, toks[i].Start, toks[i].End))
			}
		}
	}
}
