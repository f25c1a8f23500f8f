package render

import (
	"flag"
	"os"
	"testing"

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
