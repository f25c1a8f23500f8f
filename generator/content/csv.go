package content

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/model"
)

// PeriodKind says which kind of period a CSV period string is: month,
// quarter or year, or "" when it is none of them.
func PeriodKind(p string) string {
	period, err := model.ParsePeriod(p)
	if err != nil {
		return ""
	}
	return period.Kind
}

// parseResults reads one performance CSV file. Checks that need the
// standards (known IDs, matching periods, duplicates) happen in validation.
func parseResults(file string, src []byte, diags *diag.List) []model.Result {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !checkText(file, src, diags) {
		return nil
	}
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err == io.EOF {
		diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "csv-header", "results file is empty: start it with the header line standard,period,value,sample")
		return nil
	}
	if err != nil {
		csvError(file, err, diags)
		return nil
	}
	col := map[string]int{}
	known := 0
	for _, h := range header {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "standard", "period", "value", "sample":
			known++
		}
	}
	if known == 0 {
		diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "csv-header", "the first line must be the header standard,period,value,sample: add it above the first row")
		return nil
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		switch name {
		case "standard", "period", "value", "sample":
			col[name] = i
		default:
			_, c := r.FieldPos(i)
			diags.Errorf(diag.Pos{File: file, Line: 1, Col: c}, "csv-header", "unknown column %q: the columns are standard, period, value and sample%s", h, diag.DidYouMean(name, []string{"standard", "period", "value", "sample"}))
		}
	}
	for _, need := range []string{"standard", "period", "value"} {
		if _, ok := col[need]; !ok {
			diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "csv-header", "results file needs a header line with the columns standard,period,value (and optionally sample); column %q is missing", need)
			return nil
		}
	}
	// A row a line: sized once, not grown by doubling through 240,000
	// rows. A row takes at least 8 bytes, which bounds a file of blank lines.
	out := make([]model.Result, 0, min(bytes.Count(src, []byte{'\n'})+1, len(src)/8+1))
	names := interned{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			csvError(file, err, diags)
			return out
		}
		line, _ := r.FieldPos(0)
		pos := diag.Pos{File: file, Line: line, Col: 1}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(header) {
			diags.Errorf(pos, "csv-columns", "row has %d columns but the header has %d", len(rec), len(header))
			continue
		}
		field := func(name string) (string, diag.Pos) {
			i := col[name]
			l, c := r.FieldPos(i)
			return strings.TrimSpace(rec[i]), diag.Pos{File: file, Line: l, Col: c}
		}
		std, stdPos := field("standard")
		period, periodPos := field("period")
		value, valuePos := field("value")
		res := model.Result{Standard: model.Ref{ID: names.of(std), Pos: stdPos}, Period: names.of(period)}
		if line != stdPos.Line {
			res.Line = int32(line)
		}
		ok := true
		if std == "" {
			diags.Errorf(stdPos, "csv-value", "standard is empty: write the standard's ID")
			ok = false
		}
		if PeriodKind(period) == "" {
			diags.Errorf(periodPos, "csv-period", "period %q is not YYYY-MM, YYYY-Qn or YYYY", period)
			ok = false
		}
		v, err := strconv.ParseFloat(strings.TrimSuffix(value, "%"), 64)
		if err != nil || strings.HasSuffix(value, "%") || math.IsNaN(v) || math.IsInf(v, 0) {
			diags.Errorf(valuePos, "csv-value", "value %q is not a number: write digits only, like 93.5", value)
			ok = false
		}
		res.Value = v
		if _, has := col["sample"]; has {
			if s, sPos := field("sample"); s != "" {
				n, err := strconv.Atoi(s)
				if err != nil || n < 0 {
					diags.Errorf(sPos, "csv-value", "sample %q is not a whole number", s)
					ok = false
				}
				res.Sample, res.HasSample = n, true
			}
		}
		if ok {
			out = append(out, res)
		}
	}
	return out
}

func csvError(file string, err error, diags *diag.List) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		diags.Errorf(diag.Pos{File: file, Line: pe.Line, Col: pe.Column}, "csv-syntax", "cannot read CSV: %v", pe.Err)
		return
	}
	diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "csv-syntax", "cannot read CSV: %v", err)
}

// interned keeps one copy of each distinct string, so a few hundred
// thousand results share their standard IDs and periods instead of each
// holding on to the whole line the CSV reader read it from.
type interned map[string]string

func (m interned) of(s string) string {
	if v, ok := m[s]; ok {
		return v
	}
	s = strings.Clone(s)
	m[s] = s
	return s
}
