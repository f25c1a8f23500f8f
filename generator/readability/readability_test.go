package readability

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

func TestSyllables(t *testing.T) {
	for word, want := range map[string]int{
		"car": 1, "ready": 2, "collection": 3, "the": 1, "make": 1, "table": 2,
		"organisation": 5, "fixed": 1, "quoted": 2, "services": 3, "2026": 1, "we": 1,
	} {
		if got := syllables(word); got != want {
			t.Errorf("syllables(%q) = %d, want %d", word, got, want)
		}
	}
}

func TestGradeOfPlainAndDenseText(t *testing.T) {
	plain := Measure("We fix your car. We call you. You pay what we said.")
	if g := plain.Grade(); g > 2 {
		t.Errorf("plain text graded %.1f, want under 2 (%+v)", g, plain)
	}
	dense := Measure("Notwithstanding contractual obligations, organisational responsibilities concerning remediation necessitate comprehensive investigation and documentation.")
	if g := dense.Grade(); g < 16 {
		t.Errorf("dense text graded %.1f, want over 16 (%+v)", g, dense)
	}
	s := Measure("The cat sat on the mat.")
	want := 0.39*6 + 11.8*6.0/6 - 15.59
	if math.Abs(s.Grade()-want) > 1e-9 {
		t.Errorf("grade %.3f, want %.3f", s.Grade(), want)
	}
}

func TestBlocksWithoutFullStopsAreSentences(t *testing.T) {
	s := Measure("A heading", "A list item", "A sentence.")
	if s.Sentences != 3 || s.Words != 7 {
		t.Errorf("got %+v", s)
	}
}

// plainMeasure is Measure as first written, reading every rune through
// package unicode.
func plainMeasure(blocks ...string) Stats {
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
			core := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if core == "" {
				return
			}
			words++
			s.Syllables += syllables(core)
			ended = strings.ContainsAny(w[len(w)-1:], ".!?:;")
			if ended {
				s.Sentences++
			}
		}
		for i, r := range text {
			if unicode.IsSpace(r) || r == '/' || r == '—' {
				flush(i)
			} else if start < 0 {
				start = i
			}
		}
		flush(len(text))
		if words > 0 && !ended {
			s.Sentences++
		}
		s.Words += words
	}
	return s
}

func TestMeasureMatchesPlainVersion(t *testing.T) {
	r := rand.New(rand.NewPCG(31, 32))
	pieces := []string{"We", "fix", "cars", "organisation", " ", "  ", "\t", "\n", "\v", "\f", "\r", "/", "—", ".", "!", "?",
		":", ";", ",", "'s", "\"", "(", ")", "2026", "95%", "é", "Ünïcode", "日本", "\u00a0", "\u0085", "\u2003", "\xff", "\xe2\x80",
		"ǅ", "İ", "Ⅻ", "١٢", "-", "e", "le", "ted"}
	for range 20000 {
		var blocks []string
		for range 1 + r.IntN(3) {
			var b strings.Builder
			for range r.IntN(12) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			blocks = append(blocks, b.String())
		}
		if got, want := Measure(blocks...), plainMeasure(blocks...); got != want {
			t.Fatalf("Measure(%q) = %+v, want %+v", blocks, got, want)
		}
	}
}
