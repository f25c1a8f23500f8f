package model

import (
	"testing"
)

func standard(target float64, dir Direction, nearMiss *float64) *Standard {
	return &Standard{ID: "s", Measure: "M", Target: target, Unit: "percent", Direction: dir, Period: "month", NearMiss: nearMiss}
}

func TestStatusRespectsDirectionAndBand(t *testing.T) {
	v := &View{Config: Config{Checks: Checks{NearMiss: 2}}}
	one := 1.0
	tests := []struct {
		s     *Standard
		value float64
		want  string
	}{
		{standard(95, AtLeast, nil), 95, Met},
		{standard(95, AtLeast, nil), 99, Met},
		{standard(95, AtLeast, nil), 94.9, NearMiss},
		{standard(95, AtLeast, nil), 93, NearMiss},
		{standard(95, AtLeast, nil), 92.9, Missed},
		{standard(95, AtLeast, &one), 93.5, Missed},
		{standard(95, AtLeast, &one), 94, NearMiss},
		{standard(4, AtMost, nil), 4, Met},
		{standard(4, AtMost, nil), 1, Met},
		{standard(4, AtMost, nil), 5, NearMiss},
		{standard(4, AtMost, nil), 6, NearMiss},
		{standard(4, AtMost, nil), 6.1, Missed},
		{standard(4, AtMost, &one), 5.5, Missed},
	}
	for _, tt := range tests {
		r := &Result{Value: tt.value}
		if got := v.Status(tt.s, r); got != tt.want {
			t.Errorf("%s %g, value %g: got %s, want %s", tt.s.Direction, tt.s.Target, tt.value, got, tt.want)
		}
	}
}

func TestPeriods(t *testing.T) {
	tests := []struct {
		in, kind, next, prev12 string
	}{
		{"2026-10", "month", "2026-11", "2025-10"},
		{"2026-12", "month", "2027-01", "2025-12"},
		{"2026-01", "month", "2026-02", "2025-01"},
		{"2026-Q3", "quarter", "2026-Q4", "2023-Q3"},
		{"2026-Q4", "quarter", "2027-Q1", "2023-Q4"},
		{"2026", "year", "2027", "2014"},
	}
	for _, tt := range tests {
		p, err := ParsePeriod(tt.in)
		if err != nil || p.Kind != tt.kind || p.String() != tt.in {
			t.Errorf("ParsePeriod(%q) = %+v, %v", tt.in, p, err)
			continue
		}
		if got := p.Add(1).String(); got != tt.next {
			t.Errorf("%s + 1 = %s, want %s", tt.in, got, tt.next)
		}
		if got := p.Add(-12).String(); got != tt.prev12 {
			t.Errorf("%s - 12 = %s, want %s", tt.in, got, tt.prev12)
		}
	}
	for _, bad := range []string{"", "2026-13", "2026-00", "2026-Q5", "26-10", "2026/10", "2026-Q0", "abcd"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) should fail", bad)
		}
	}
}

func siteWithResults(period string, results ...Result) *View {
	p := &Promise{Doc: Doc{Kind: KindPromise, ID: "p", Title: "P"}}
	st := &Standard{ID: "s", Measure: "M", Target: 95, Unit: "percent", Direction: AtLeast, Period: period, Promise: p}
	p.Standards = []*Standard{st}
	for i := range results {
		results[i].Standard = Ref{ID: "s"}
	}
	site := &Site{Promises: []*Promise{p}, Results: results, Config: DefaultConfig()}
	site.Index()
	return site.View(Public)
}

func TestTrendShowsTwelvePeriodsWithGaps(t *testing.T) {
	var rs []Result
	for _, p := range []string{"2025-01", "2025-06", "2025-11", "2025-12", "2026-02"} {
		rs = append(rs, Result{Period: p, Value: 90})
	}
	v := siteWithResults("month", rs...)
	trend := v.Trend(v.Standards[0])
	if len(trend) != 12 || trend[0].Period != "2025-03" || trend[11].Period != "2026-02" {
		t.Fatalf("trend from %s to %s (%d points)", trend[0].Period, trend[len(trend)-1].Period, len(trend))
	}
	measured := 0
	for _, p := range trend {
		if p.Result != nil {
			measured++
		}
	}
	if measured != 4 || trend[10].Result != nil {
		t.Errorf("want 4 results and a gap in 2026-01, got %d", measured)
	}
}

func TestTrendByQuarterAndYearAndShortHistory(t *testing.T) {
	v := siteWithResults("quarter", Result{Period: "2025-Q4", Value: 1}, Result{Period: "2026-Q2", Value: 2})
	trend := v.Trend(v.Standards[0])
	if len(trend) != 12 || trend[0].Period != "2023-Q3" || trend[9].Result == nil || trend[10].Result != nil || trend[11].Period != "2026-Q2" {
		t.Errorf("quarters: %+v", trend)
	}
	v = siteWithResults("year", Result{Period: "2024", Value: 1}, Result{Period: "2025", Value: 2})
	if trend := v.Trend(v.Standards[0]); len(trend) != 12 || trend[0].Period != "2014" || trend[11].Period != "2025" {
		t.Errorf("years: %+v", trend)
	}
	if trend := siteWithResults("month").Trend(v.Standards[0]); trend != nil {
		t.Errorf("no results should give no trend: %+v", trend)
	}
}

func TestSummaryNamesTheSharedPeriod(t *testing.T) {
	v := siteWithResults("month", Result{Period: "2026-09", Value: 90}, Result{Period: "2026-10", Value: 96})
	s := v.Summary()
	if s.Met != 1 || s.Measured != 1 || s.Period != "2026-10" {
		t.Errorf("summary %+v", s)
	}
}

func TestChangesFlagWeakenedTargets(t *testing.T) {
	stronger, weaker := 97.0, 90.0
	for _, tt := range []struct {
		dir      Direction
		previous *float64
		want     bool
	}{
		{AtLeast, &stronger, true}, {AtLeast, &weaker, false}, {AtMost, &stronger, false}, {AtMost, &weaker, true}, {AtLeast, nil, false},
	} {
		v := siteWithResults("month")
		p := v.Promises[0]
		p.Standards[0].Direction = tt.dir
		p.History = []HistoryEntry{{Date: Text{Value: "2026-10-01"}, Change: "Changed.", PreviousTarget: tt.previous}}
		changes := v.Changes()
		if len(changes) != 1 || changes[0].Weakened != tt.want {
			t.Errorf("%s from %v to 95: weakened %v, want %v", tt.dir, tt.previous, changes[0].Weakened, tt.want)
		}
	}
}
