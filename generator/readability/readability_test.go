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

// plainSyllables is syllables as first written, word for word, the
// reference for the version that lowers nothing for ASCII words.
func plainSyllables(word string) int {
	w := word
	if w[0] >= '0' && w[0] <= '9' {
		return 1
	}
	if plainHasUpper(w) {
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

// plainHasUpper is the first version's test for a word to lower.
func plainHasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 0x80 {
			return true
		}
	}
	return false
}

func TestSyllablesMatchesPlainVersion(t *testing.T) {
	pieces := []string{"a", "E", "i", "O", "u", "Y", "l", "L", "e", "s", "S", "d", "D", "t", "T", "z", "c", "C", "r", "9",
		"é", "É", "İ", "ß", "K", "ǅ", "\xff"}
	r := rand.New(rand.NewPCG(4, 9))
	for range 100000 {
		var b strings.Builder
		for range 1 + r.IntN(7) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		if w := b.String(); syllables(w) != plainSyllables(w) {
			t.Fatalf("syllables(%q) = %d, want %d", w, syllables(w), plainSyllables(w))
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
			s.Syllables += plainSyllables(core)
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

// BenchmarkMeasure measures a promise's worth of ordinary prose: 600 words
// in blocks of a sentence or a paragraph.
func BenchmarkMeasure(b *testing.B) {
	words := strings.Fields("We fix cars on time and tell you the price before we start. Your booking is confirmed by email within one working day. If we miss a date, we refund the delivery charge. Technicians check every repair before collection.")
	r := rand.New(rand.NewPCG(1, 2))
	var blocks []string
	size := 0
	for n := 0; n < 600; {
		var sb strings.Builder
		for k := 5 + r.IntN(40); k > 0; k-- {
			sb.WriteString(words[r.IntN(len(words))] + " ")
			n++
		}
		blocks = append(blocks, sb.String())
		size += sb.Len()
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		Measure(blocks...)
	}
}
