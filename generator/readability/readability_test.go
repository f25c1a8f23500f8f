package readability

import (
	"math"
	"testing"
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
