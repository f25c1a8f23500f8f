package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Duration is a span of time as people write it in a charter: "20s", "30m",
// "2h", "1 working day", "10 working days", "5 days". Text keeps the
// author's words for display; Seconds and WorkingDays hold its meaning
// (working days are not converted to clock time).
type Duration struct {
	Text        string
	Seconds     int64
	WorkingDays int
}

var durationUnits = map[string]int64{
	"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
	"m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
	"h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
	"d": 86400, "day": 86400, "days": 86400,
	"w": 604800, "week": 604800, "weeks": 604800,
}

// ParseDuration reads a duration written as a whole number and a unit,
// with or without a space between them.
func ParseDuration(s string) (Duration, error) {
	text := strings.Join(strings.Fields(s), " ")
	lower := strings.ToLower(text)
	i := 0
	for i < len(lower) && lower[i] >= '0' && lower[i] <= '9' {
		i++
	}
	if i == 0 || i > 9 {
		return Duration{}, fmt.Errorf("cannot read duration %q: write a whole number and a unit, like 30m, 2h, 5 days or 10 working days", s)
	}
	n, _ := strconv.Atoi(lower[:i])
	unit := strings.TrimSpace(lower[i:])
	if unit == "working day" || unit == "working days" {
		return Duration{Text: text, WorkingDays: n}, nil
	}
	mult, ok := durationUnits[unit]
	if !ok {
		return Duration{}, fmt.Errorf("cannot read duration %q: unknown unit %q (use s, m, h, days, weeks or working days)", s, unit)
	}
	return Duration{Text: text, Seconds: int64(n) * mult}, nil
}
