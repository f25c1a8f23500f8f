package model

import (
	"fmt"
	"sort"
	"strconv"
)

// Period is a results period: a month (2026-10), a quarter (2026-Q3) or a
// year (2026), counted as an index so that periods of one kind can be
// stepped through and compared.
type Period struct {
	Kind  string // month | quarter | year
	Index int    // months, quarters or years since year 0
}

// ParsePeriod reads YYYY-MM, YYYY-Qn or YYYY.
func ParsePeriod(s string) (Period, error) {
	if len(s) >= 4 {
		year, err := strconv.Atoi(s[:4])
		if err == nil {
			switch {
			case len(s) == 4:
				return Period{"year", year}, nil
			case len(s) == 7 && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' && s[6] <= '4':
				return Period{"quarter", year*4 + int(s[6]-'1')}, nil
			case len(s) == 7 && s[4] == '-':
				if m, err := strconv.Atoi(s[5:]); err == nil && m >= 1 && m <= 12 {
					return Period{"month", year*12 + m - 1}, nil
				}
			}
		}
	}
	return Period{}, fmt.Errorf("period %q is not YYYY-MM, YYYY-Qn or YYYY", s)
}

// String writes the period as the CSV does.
func (p Period) String() string {
	if p.Index < 0 {
		return p.slowString()
	}
	switch p.Kind {
	case "month":
		return pad(p.Index/12, 4) + "-" + pad(p.Index%12+1, 2)
	case "quarter":
		return pad(p.Index/4, 4) + "-Q" + strconv.Itoa(p.Index%4+1)
	}
	return pad(p.Index, 4)
}

// slowString is String by fmt, for the periods before year 0 that only
// stepping back from a tiny year can make.
func (p Period) slowString() string {
	switch p.Kind {
	case "month":
		return fmt.Sprintf("%04d-%02d", p.Index/12, p.Index%12+1)
	case "quarter":
		return fmt.Sprintf("%04d-Q%d", p.Index/4, p.Index%4+1)
	}
	return fmt.Sprintf("%04d", p.Index)
}

// pad writes a non-negative n with at least width digits.
func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// Add steps n periods forward (or back, for negative n).
func (p Period) Add(n int) Period { return Period{p.Kind, p.Index + n} }

// Point is one period of a trend; Result is nil where nothing was measured.
type Point struct {
	Period string
	Result *Result
}

// TrendLength is how many periods a trend shows.
const TrendLength = 12

// Trend returns a standard's last TrendLength periods of its own kind,
// ending at its latest result, with gaps (nil results) where a period has
// none: a new standard shows its short history against empty periods.
func (v *View) Trend(s *Standard) []Point {
	results := v.ResultsFor(s.ID)
	if len(results) == 0 {
		return nil
	}
	byPeriod := make(map[string]*Result, len(results))
	for i := range results {
		byPeriod[results[i].Period] = &results[i]
	}
	last, err := ParsePeriod(results[len(results)-1].Period)
	if err != nil {
		return nil
	}
	out := make([]Point, 0, TrendLength)
	for i := TrendLength - 1; i >= 0; i-- {
		p := last.Add(-i).String()
		out = append(out, Point{Period: p, Result: byPeriod[p]})
	}
	return out
}

// Summary counts how the standards did in their latest results.
type Summary struct {
	Measured, Met, NearMiss, Missed, NotMeasured int
	// Period is the latest period when every measured standard shares it,
	// else "".
	Period string
}

// Summary counts latest results across every standard (once per view).
func (v *View) Summary() Summary {
	v.summaryOnce.Do(func() { v.summary = v.countResults() })
	return v.summary
}

func (v *View) countResults() Summary {
	var s Summary
	for i, st := range v.Standards {
		r := v.Latest(st.ID)
		if r == nil {
			s.NotMeasured++
			continue
		}
		s.Measured++
		switch v.Status(st, r) {
		case Met:
			s.Met++
		case NearMiss:
			s.NearMiss++
		default:
			s.Missed++
		}
		if i == 0 || s.Measured == 1 {
			s.Period = r.Period
		} else if s.Period != r.Period {
			s.Period = ""
		}
	}
	return s
}

// Change is one entry of the public change history, newest first.
type Change struct {
	Promise  *Promise
	Date     string
	Text     string
	Standard *Standard
	// PreviousTarget and Weakened say whether the change lowered the bar:
	// a previous target stronger than the current one.
	PreviousTarget *float64
	Weakened       bool
	// N numbers the entry within its promise, oldest first, for stable IDs.
	N int
}

// Changes lists every promise's history, newest first, then by promise.
// It is worked out once per view: pages ask for it again and again.
func (v *View) Changes() []Change {
	v.changesOnce.Do(func() { v.changes = v.collectChanges() })
	return v.changes
}

func (v *View) collectChanges() []Change {
	var out []Change
	for _, p := range v.Promises {
		for i, h := range p.History {
			c := Change{Promise: p, Date: h.Date.Value, Text: h.Change, PreviousTarget: h.PreviousTarget, N: len(p.History) - i}
			if h.Standard.ID != "" {
				c.Standard = v.Standard(h.Standard.ID)
			} else if len(p.Standards) == 1 {
				c.Standard = p.Standards[0]
			}
			if c.Standard != nil && h.PreviousTarget != nil {
				if c.Standard.Direction == AtMost {
					c.Weakened = c.Standard.Target > *h.PreviousTarget
				} else {
					c.Weakened = c.Standard.Target < *h.PreviousTarget
				}
			}
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date > out[j].Date
		}
		return out[i].Promise.ID < out[j].Promise.ID
	})
	return out
}

// ChangesFor lists one promise's changes, newest first.
func (v *View) ChangesFor(promiseID string) []Change {
	p := v.Promise(promiseID)
	if p == nil || len(p.History) == 0 {
		return nil
	}
	var out []Change
	for _, c := range v.Changes() {
		if c.Promise.ID == promiseID {
			out = append(out, c)
		}
	}
	return out
}

// MissedLastPeriod lists standards whose latest result missed its target
// (worked out once per view).
func (v *View) MissedLastPeriod() []*Standard {
	v.missedOnce.Do(func() { v.missed = v.findMissed() })
	return v.missed
}

func (v *View) findMissed() []*Standard {
	var out []*Standard
	for _, s := range v.Standards {
		if r := v.Latest(s.ID); r != nil && v.Status(s, r) == Missed {
			out = append(out, s)
		}
	}
	return out
}
