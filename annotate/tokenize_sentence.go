package annotate

import (
	"github.com/rivo/uniseg"
)

// SentenceBreaks returns where the sentences of text begin after the
// first, as code point offsets in ascending order (0 and the end of the
// text are never among them). The boundaries are UAX #29's sentence
// boundaries (uniseg), which know the Arabic question mark ؟ and the
// full stop ۔, with one rule of Hashiya's on top: a boundary that falls
// inside a token is no boundary. UAX #29 ends a sentence at any full stop
// followed by a letter of a script without case, so it cuts "جـ.رائم"
// and "الحـ.رب" (words written with a dot to get past censorship
// filters) after the dot; the word rules keep such a word whole, and so
// then does its sentence. tokens are text's tokens as Tokenize returns
// them.
func SentenceBreaks(text string, tokens []Token) []int {
	var breaks []int
	rest, state := text, -1
	at, k := 0, 0 // code point offset of rest; first token that may contain it
	for rest != "" {
		var sentence string
		sentence, rest, state = uniseg.FirstSentenceInString(rest, state)
		_, short := AdvanceCodePoints(sentence, 0, len(sentence))
		at += len(sentence) - short
		if rest == "" {
			break
		}
		for k < len(tokens) && tokens[k].End <= at {
			k++
		}
		if k < len(tokens) && tokens[k].Start < at {
			continue // inside a token
		}
		breaks = append(breaks, at)
	}
	return breaks
}
