package render

import (
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/charter-ssg/charter/generator/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*.svg")

func TestChartGolden(t *testing.T) {
	p := &model.Promise{Doc: model.Doc{Kind: model.KindPromise, ID: "p", Title: "P"}}
	st := &model.Standard{ID: "ready-on-time", Measure: "Cars ready on time", Target: 95, Unit: "percent", Direction: model.AtLeast, Period: "month", Promise: p}
	p.Standards = []*model.Standard{st}
	var results []model.Result
	for i, v := range []float64{96, 97.5, 94, 92, 0, 95.5, 96.1, 93.9, 95, 98, 91.2, 95.4} {
		if v == 0 {
			continue // a gap
		}
		results = append(results, model.Result{Standard: model.Ref{ID: "ready-on-time"}, Period: model.Period{Kind: "month", Index: 2025*12 + 11 + i}.String(), Value: v, Sample: 300 + i, HasSample: true})
	}
	site := &model.Site{Promises: []*model.Promise{p}, Results: results, Config: model.DefaultConfig()}
	site.Index()
	got := string(Chart(site.View(model.Public), st))
	golden := "testdata/chart-ready-on-time.svg"
	if *update {
		os.WriteFile(golden, []byte(got), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./generator/render -update)", err)
	}
	if got != string(want) {
		t.Errorf("chart differs from %s (run with -update and review):\n%s", golden, got)
	}
	for _, must := range []string{"<title id=", "<desc id=", `class="chart-target"`, `class="chart-point status-met"`, `class="chart-point status-near-miss"`, `class="chart-point status-missed"`} {
		if !contains(got, must) {
			t.Errorf("chart lacks %s", must)
		}
	}
	if contains(got, "style=") {
		t.Error("chart uses a style attribute, which the CSP forbids")
	}
}

func contains(s, sub string) bool { return len(s) >= len(sub) && (s == sub || indexOf(s, sub) >= 0) }

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestFormatPeriodReadsMonthsAsTimeDoes(t *testing.T) {
	inputs := []string{"2026-00", "2026-13", "20a6-01", "2026-1", "+026-01", "2026-1a", "2026/01", "0000-01", "9999-12", "2026-Q3", "2026", ""}
	for y := 1999; y <= 2031; y++ {
		for m := 0; m <= 13; m++ {
			inputs = append(inputs, fmt.Sprintf("%04d-%02d", y, m))
		}
	}
	for _, p := range inputs {
		want := p
		if tm, err := time.Parse("2006-01", p); err == nil {
			want = tm.Format("January 2006")
		} else if len(p) == 7 && p[5] == 'Q' {
			continue // quarters have their own words
		}
		if got := FormatPeriod(p); got != want {
			t.Errorf("FormatPeriod(%q) = %q, want %q", p, got, want)
		}
	}
}
