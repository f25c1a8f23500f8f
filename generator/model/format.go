package model

import (
	"math"
	"strconv"
	"strings"
)

// FormatValue writes a measured value in a standard's unit: "93.5%",
// "4 hours", "2 working days".
func FormatValue(v float64, unit string) string {
	n := formatNumber(v)
	switch unit {
	case "percent":
		return n + "%"
	case "count", "score", "currency", "":
		return n
	}
	name := UnitName(unit)
	if v == 1 {
		name = strings.TrimSuffix(name, "s")
	}
	return n + " " + name
}

func UnitName(unit string) string {
	if unit == "working-days" {
		return "working days"
	}
	return unit
}

func formatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// FormatTarget writes a standard's target as a reader says it: "at least
// 95%", "at most 4 hours".
func FormatTarget(s *Standard) string {
	word := "at least"
	if s.Direction == AtMost {
		word = "at most"
	}
	return word + " " + FormatValue(s.Target, s.Unit)
}
