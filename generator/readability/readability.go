// Package readability owns the reading-grade check: the Flesch–Kincaid
// grade level of plain text, the US school grade a reader needs to follow
// it. Public service writing guides ask for grade 9 or lower.
package readability

import (
	"strings"
	"unicode"
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
// ends at ".", "!", "?" or ":" followed by a space or the end, and a line
// break or list item ends one too when the text is given block by block.
func Measure(blocks ...string) Stats {
	var s Stats
	for _, text := range blocks {
		words := 0
		for _, w := range strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == '/' || r == '—' }) {
			core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if core == "" {
				continue
			}
			words++
			s.Syllables += syllables(core)
			if strings.ContainsAny(w[len(w)-1:], ".!?:;") {
				s.Sentences++
			}
		}
		if words > 0 && !strings.ContainsAny(lastRune(strings.TrimSpace(text)), ".!?:;") {
			s.Sentences++ // a heading, list item or cell is a sentence of its own
		}
		s.Words += words
	}
	return s
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
	w := strings.ToLower(word)
	if w[0] >= '0' && w[0] <= '9' {
		return 1
	}
	count, prevVowel := 0, false
	for _, r := range w {
		vowel := strings.ContainsRune("aeiouy", r)
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
