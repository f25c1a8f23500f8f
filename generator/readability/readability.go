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
// list item, cell) given separately ends one too. It allocates nothing.
func Measure(blocks ...string) Stats {
	var s Stats
	for _, text := range blocks {
		words, ended := 0, false
		start := -1
		flush := func(end int) {
			if start < 0 {
				return
			}
			w := text[start:end]
			start = -1
			core := trimToLettersAndDigits(w)
			if core == "" {
				return
			}
			words++
			s.Syllables += syllables(core)
			switch w[len(w)-1] {
			case '.', '!', '?', ':', ';':
				ended = true
			default:
				ended = false
			}
			if ended {
				s.Sentences++
			}
		}
		for i := 0; i < len(text); {
			// Text is mostly ASCII: its bytes are read without decoding.
			r, size := rune(text[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(text[i:])
			}
			if r == ' ' || r == '/' || r >= '\t' && r <= '\r' || r >= utf8.RuneSelf && (unicode.IsSpace(r) || r == '—') {
				flush(i)
			} else if start < 0 {
				start = i
			}
			i += size
		}
		flush(len(text))
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

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 0x80 {
			return true
		}
	}
	return false
}

func lastRune(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[len(r)-1])
}

// syllables estimates the syllables of one English word: vowel groups,
// less a silent final e, at least one. Numbers count one per digit group.
func syllables(word string) int {
	w := word
	if w[0] >= '0' && w[0] <= '9' {
		return 1
	}
	if hasUpper(w) {
		w = strings.ToLower(w)
	}
	count, prevVowel := 0, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		vowel := c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'
		if vowel && !prevVowel {
			count++
		}
		prevVowel = vowel
	}
	if strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "le") && count > 1 {
		count--
	}
	if strings.HasSuffix(w, "es") || strings.HasSuffix(w, "ed") {
		if count > 1 && !strings.HasSuffix(w, "ted") && !strings.HasSuffix(w, "ded") && !strings.HasSuffix(w, "ses") && !strings.HasSuffix(w, "zes") && !strings.HasSuffix(w, "ces") {
			count--
		}
	}
	return max(count, 1)
}
