package render

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/charter-ssg/charter/generator/model"
)

// Chart geometry, in SVG user units; the stylesheet scales it to fit.
const (
	chartW, chartH                       = 640, 220
	padLeft, padRight, padTop, padBottom = 64, 24, 20, 44
	plotW, plotH                         = chartW - padLeft - padRight, chartH - padTop - padBottom
	markerSize                           = 5
)

// Chart draws a standard's trend as an inline SVG: its results over the
// last periods, the target as a dashed line, and a marker per result whose
// shape says its status (circle met, triangle near miss, square missed),
// so colour is never the only cue. It needs no JavaScript and carries a
// <title> and <desc>; the page puts a data table beside it.
func Chart(v *model.View, s *model.Standard) template.HTML {
	points := v.Trend(s)
	if len(points) == 0 {
		return ""
	}
	lo, hi := s.Target, s.Target
	for _, p := range points {
		if p.Result != nil {
			lo, hi = math.Min(lo, p.Result.Value), math.Max(hi, p.Result.Value)
		}
	}
	span := hi - lo
	if span == 0 {
		span = math.Max(math.Abs(hi), 1)
	}
	lo, hi = lo-span*0.15, hi+span*0.15
	if s.Unit == "percent" {
		lo, hi = math.Max(lo, 0), math.Min(hi, 100)
		if hi <= lo {
			hi = lo + 1
		}
	} else if lo < 0 && s.Target >= 0 {
		lo = 0
	}
	x := func(i int) float64 {
		if len(points) == 1 {
			return padLeft + plotW/2
		}
		return padLeft + float64(i)*plotW/float64(len(points)-1)
	}
	y := func(val float64) float64 { return padTop + (hi-val)/(hi-lo)*plotH }

	id := "chart-" + s.ID
	var b strings.Builder
	b.Grow(4096) // about the size of one; growing by doubling cost more than the rest
	// Written piece by piece: fmt's formatting cost more than the rest.
	write := func(parts ...string) {
		for _, p := range parts {
			b.WriteString(p)
		}
	}
	write(`<svg class="chart" viewBox="0 0 `, itoa(chartW), " ", itoa(chartH), `" role="img" aria-labelledby="`, id, "-title ", id, `-desc" focusable="false">`)
	write("\n<title id=\"", id, "-title\">", esc(s.Measure), "</title>\n<desc id=\"", id, "-desc\">", esc(chartDesc(v, s, points)), "</desc>\n")
	// Axes: the value range on the left, first and last period below.
	write(`<line class="chart-axis" x1="`, itoa(padLeft), `" y1="`, itoa(padTop+plotH), `" x2="`, itoa(padLeft+plotW), `" y2="`, itoa(padTop+plotH), "\"/>\n")
	for _, val := range []float64{hi, lo} {
		write(`<text class="chart-label" x="`, itoa(padLeft-8), `" y="`, num(y(val)+5), `" text-anchor="end">`, esc(FormatValue(round1(val), s.Unit)), "</text>\n")
	}
	write(`<text class="chart-label" x="`, num(x(0)), `" y="`, itoa(chartH-14), `" text-anchor="`, anchor(len(points)), `">`, esc(shortPeriod(points[0].Period)), "</text>\n")
	if len(points) > 1 {
		write(`<text class="chart-label" x="`, num(x(len(points)-1)), `" y="`, itoa(chartH-14), `" text-anchor="end">`, esc(shortPeriod(points[len(points)-1].Period)), "</text>\n")
	}
	// The target.
	ty := y(s.Target)
	write(`<line class="chart-target" x1="`, itoa(padLeft), `" y1="`, num(ty), `" x2="`, itoa(padLeft+plotW), `" y2="`, num(ty), "\"/>\n")
	// The results, as lines broken at gaps.
	var seg []string
	flush := func() {
		if len(seg) > 1 {
			write(`<polyline class="chart-line" points="`, strings.Join(seg, " "), "\"/>\n")
		}
		seg = seg[:0]
	}
	for i, p := range points {
		if p.Result == nil {
			flush()
			continue
		}
		seg = append(seg, num(x(i))+","+num(y(p.Result.Value)))
	}
	flush()
	for i, p := range points {
		if p.Result == nil {
			continue
		}
		cx, cy := x(i), y(p.Result.Value)
		status := v.Status(s, p.Result)
		label := esc(FormatPeriod(p.Period) + ": " + FormatValue(p.Result.Value, s.Unit) + ", " + statusWord(status))
		switch status {
		case model.Met:
			write(`<circle class="chart-point status-met" cx="`, num(cx), `" cy="`, num(cy), `" r="`, itoa(markerSize), `"><title>`, label, "</title></circle>")
		case model.NearMiss:
			write(`<polygon class="chart-point status-near-miss" points="`, num(cx), ",", num(cy-markerSize-1), " ", num(cx-markerSize-1), ",", num(cy+markerSize), " ",
				num(cx+markerSize+1), ",", num(cy+markerSize), `"><title>`, label, "</title></polygon>")
		default:
			write(`<rect class="chart-point status-missed" x="`, num(cx-markerSize), `" y="`, num(cy-markerSize), `" width="`, itoa(2*markerSize), `" height="`, itoa(2*markerSize),
				`"><title>`, label, "</title></rect>")
		}
		b.WriteByte('\n')
	}
	// The target's label last, so results never paint over it.
	write(`<text class="chart-target-label" x="`, itoa(padLeft+plotW), `" y="`, num(ty-6), `" text-anchor="end">Target `, esc(FormatValue(s.Target, s.Unit)), "</text>\n")
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

func itoa(n int) string { return strconv.Itoa(n) }

func chartDesc(v *model.View, s *model.Standard, points []model.Point) string {
	met, measured := 0, 0
	var last *model.Result
	for _, p := range points {
		if p.Result != nil {
			measured++
			last = p.Result
			if v.Status(s, p.Result) == model.Met {
				met++
			}
		}
	}
	return fmt.Sprintf("Results for the last %d %ss. Latest: %s in %s, against a target of %s. The target was met in %d of %d measured %ss.",
		len(points), s.Period, FormatValue(last.Value, s.Unit), FormatPeriod(last.Period), FormatTarget(s), met, measured, s.Period)
}

// anchor centres the only label of a one-point chart.
func anchor(n int) string {
	if n == 1 {
		return "middle"
	}
	return "start"
}

// shortPeriod writes "Oct 2026", "Q3 2026" or "2026" for axis labels.
func shortPeriod(p string) string {
	period, err := model.ParsePeriod(p)
	if err != nil {
		return p
	}
	switch period.Kind {
	case "month":
		return FormatPeriod(p)[:3] + " " + p[:4]
	case "quarter":
		return p[5:] + " " + p[:4]
	}
	return p
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// num writes a coordinate with at most one decimal, so output is stable.
func num(f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64) // as fmt's %.1f, without its cost
	return strings.TrimSuffix(s, ".0")
}

func esc(s string) string { return html.EscapeString(s) }

func statusWord(s string) string {
	switch s {
	case model.Met:
		return "Met"
	case model.NearMiss:
		return "Near miss"
	case model.Missed:
		return "Missed"
	}
	return "Not yet measured"
}

// TrendTable is the chart's data as a table, for screen readers and for
// anyone who wants the figures. It is built in Go, like the chart, because
// it repeats for every standard on several pages.
func TrendTable(v *model.View, s *model.Standard) template.HTML {
	points := v.Trend(s)
	if len(points) == 0 {
		return ""
	}
	heading := map[string]string{"month": "Month", "quarter": "Quarter", "year": "Year"}[s.Period]
	var b strings.Builder
	b.Grow(2048) // about the size of one; growing by doubling cost more than the rest
	for _, p := range []string{"<table class=\"data-table\">\n<caption>", esc(s.Measure), ", each ", esc(s.Period), " (target ", esc(FormatTarget(s)), ")</caption>\n",
		"<thead><tr><th scope=\"col\">", heading, "</th><th scope=\"col\">Result</th><th scope=\"col\">Status</th><th scope=\"col\">Sample</th></tr></thead>\n<tbody>\n"} {
		b.WriteString(p)
	}
	for _, p := range points {
		b.WriteString("<tr><th scope=\"row\">" + esc(FormatPeriod(p.Period)) + "</th>")
		if r := p.Result; r != nil {
			sample := "—"
			if r.HasSample {
				sample = strconv.Itoa(r.Sample)
			}
			b.WriteString("<td>" + esc(FormatValue(r.Value, s.Unit)) + "</td><td>" + statusWord(v.Status(s, r)) + "</td><td>" + sample + "</td></tr>\n")
		} else {
			b.WriteString("<td>—</td><td>Not measured</td><td>—</td></tr>\n")
		}
	}
	b.WriteString("</tbody>\n</table>")
	return template.HTML(b.String())
}

// Result writes a standard's latest result: the status as a word (the
// stylesheet adds a shape and a colour), the value, the period and the
// sample size where given.
func Result(v *model.View, s *model.Standard) template.HTML {
	r := v.Latest(s.ID)
	if r == nil {
		return `<span class="status status-none"><span class="status-word">Not yet measured</span></span>`
	}
	status := v.Status(s, r)
	out := `<span class="status status-` + status + `"><span class="status-word">` + statusWord(status) + `</span></span> ` +
		esc(FormatValue(r.Value, s.Unit)) + " in " + esc(FormatPeriod(r.Period))
	if r.HasSample {
		out += ` <span class="sample">(from ` + strconv.Itoa(r.Sample) + `)</span>`
	}
	return template.HTML(out)
}
