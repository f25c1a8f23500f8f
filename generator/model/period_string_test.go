package model

import "testing"

func TestPeriodStringMatchesFmt(t *testing.T) {
	for _, kind := range []string{"month", "quarter", "year"} {
		for _, i := range []int{-30, -13, -12, -5, -1, 0, 1, 11, 12, 99, 2025*12 + 11, 2026 * 4, 2026, 99999} {
			p := Period{Kind: kind, Index: i}
			if got, want := p.String(), p.slowString(); got != want {
				t.Errorf("%+v: String() = %q, want %q", p, got, want)
			}
		}
	}
	if got := (Period{Kind: "month", Index: 2025*12 + 9}).String(); got != "2025-10" {
		t.Errorf("got %q", got)
	}
}
