// Package readability owns the reading-grade check: the Flesch–Kincaid
// grade level of plain text, the US school grade a reader needs to follow
// it. Public service writing guides ask for grade 9 or lower.
package readability

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Stats counts what the grade is made of.
type Stats struct {
	Words, Sentences, Syllables int
}

// Grade is the Flesch–Kincaid grade level:
// 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
func (s Stats) Grade() float64 {
	if s.Words == 0 || s.Sentences == 0 {
		return 0
	}
	return 0.39*float64(s.Words)/float64(s.Sentences) + 11.8*float64(s.Syllables)/float64(s.Words) - 15.59
}

// Measure counts words, sentences and syllables in plain text. A sentence
// ends at ".", "!", "?", ":" or ";" after a word, and each block (heading,
// list item, cell) given separately ends one too. It allocates nothing for
// ASCII text, and reads ASCII bytes without decoding them.
func Measure(blocks ...string) Stats {
	var s Stats
	for _, text := range blocks {
		words, ended := 0, false
		start := -1 // where the current word starts, or -1 between words
		for i := 0; ; {
			space, size := i == len(text), 1
			if !space {
				if c := text[i]; c < utf8.RuneSelf {
					space = c == ' ' || c == '/' || c >= '\t' && c <= '\r'
				} else {
					var r rune
					r, size = utf8.DecodeRuneInString(text[i:])
					space = unicode.IsSpace(r) || r == '—'
				}
			}
			if !space {
				if start < 0 {
					start = i
				}
				i += size
				continue
			}
			if start >= 0 {
				w := text[start:i]
				start = -1
				if core := trimToLettersAndDigits(w); core != "" {
					words++
					s.Syllables += syllables(core)
					switch w[len(w)-1] {
					case '.', '!', '?', ':', ';':
						ended = true
						s.Sentences++
					default:
						ended = false
					}
				}
			}
			if i == len(text) {
				break
			}
			i += size
		}
		if words > 0 && !ended {
			s.Sentences++ // a heading, list item or cell is a sentence of its own
		}
		s.Words += words
	}
	return s
}

// trimToLettersAndDigits cuts from w's ends everything but letters and
// digits, as strings.TrimFunc would, looking at ASCII bytes directly.
func trimToLettersAndDigits(w string) string {
	keep := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for len(w) > 0 {
		if c := w[0]; c < utf8.RuneSelf {
			if !asciiLetterOrDigit(c) {
				w = w[1:]
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(w)
		if keep(r) {
			break
		}
		w = w[size:]
	}
	for len(w) > 0 {
		if c := w[len(w)-1]; c < utf8.RuneSelf {
			if !asciiLetterOrDigit(c) {
				w = w[:len(w)-1]
				continue
			}
			break
		}
		r, size := utf8.DecodeLastRuneInString(w)
		if keep(r) {
			break
		}
		w = w[:len(w)-size]
	}
	return w
}

func asciiLetterOrDigit(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lowerASCII is c in lower case, if it is an ASCII capital.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c | 0x20
	}
	return c
}

// isVowel marks the vowels (y among them) in both cases.
var isVowel = [256]bool{'a': true, 'e': true, 'i': true, 'o': true, 'u': true, 'y': true,
	'A': true, 'E': true, 'I': true, 'O': true, 'U': true, 'Y': true}

// syllables estimates the syllables of one English word: vowel groups,
// less a silent final e, at least one. Numbers count one per digit group.
// An ASCII word is read in either case as it is; any other is lowered
// first, as its letters may change in length.
func syllables(word string) int {
	w := word
	if w[0] >= '0' && w[0] <= '9' {
		return 1
	}
	if !isASCII(w) {
		w = strings.ToLower(w)
	}
	count, prevVowel := 0, false
	for i := 0; i < len(w); i++ {
		vowel := isVowel[w[i]]
		if vowel && !prevVowel {
			count++
		}
		prevVowel = vowel
	}
	// The last three bytes in lower case, 0 where the word is shorter.
	var last, second, third byte
	if n := len(w); n >= 1 {
		last = lowerASCII(w[n-1])
		if n >= 2 {
			second = lowerASCII(w[n-2])
			if n >= 3 {
				third = lowerASCII(w[n-3])
			}
		}
	}
	if last == 'e' && second != 'l' && count > 1 {
		count-- // a silent e, but not in -le
	}
	if second == 'e' && (last == 's' || last == 'd') && count > 1 {
		// -es and -ed, unless -ted, -ded, -ses, -zes or -ces
		if !(last == 'd' && (third == 't' || third == 'd')) && !(last == 's' && (third == 's' || third == 'z' || third == 'c')) {
			count--
		}
	}
	return max(count, 1)
}
