package files

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestPromiseJSONMatchesEncodingJSON writes random promises, with text and
// numbers of every awkward kind, both ways.
func TestPromiseJSONMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "Z", " ", "é", "日本", "\"", "\\", "/", "<", ">", "&", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f",
		"\u2028", "\u2029", "\xff", "\xe2\x80", "😀", "\ufffd", "'"}
	text := func() string {
		var b strings.Builder
		for n := r.IntN(6); n > 0; n-- {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		return b.String()
	}
	floats := []float64{0, 1, -1, 95, 99.5, 0.1, 1e-7, -1e-7, 1e-6, 1e20, 1e21, 1.5e300, 5e-324, 123456789.125, -0.0, 1.0 / 3}
	num := func() float64 {
		if r.IntN(2) == 0 {
			return floats[r.IntN(len(floats))]
		}
		return (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(40)-20))
	}
	var enc bytes.Buffer
	encoder := json.NewEncoder(&enc)
	encoder.SetEscapeHTML(false)
	for range 3000 {
		p := jsonPromise{ID: text(), Title: text(), Summary: text(), URL: text(), Owner: text(), Updated: text(),
			Segments: []string{}, Channels: nil, Standards: []jsonStandard{}, History: []jsonChange{}}
		if r.IntN(2) == 0 {
			p.Channels = []string{text(), text()}
		}
		for range r.IntN(3) {
			s := jsonStandard{ID: text(), Measure: text(), Target: num(), Unit: text(), Direction: text(), Within: text(),
				Period: text(), Remedy: text(), NearMiss: num(), Results: []jsonResult{}}
			for range r.IntN(4) {
				res := jsonResult{Period: text(), Value: num(), Status: text()}
				if r.IntN(2) == 0 {
					n := r.IntN(2000) - 10
					res.Sample = &n
				}
				s.Results = append(s.Results, res)
			}
			if len(s.Results) > 0 {
				s.Latest = &s.Results[0]
			}
			p.Standards = append(p.Standards, s)
		}
		for range r.IntN(2) {
			c := jsonChange{Date: text(), Change: text(), Standard: text(), Weakened: r.IntN(2) == 0}
			if r.IntN(2) == 0 {
				f := num()
				c.PreviousTarget = &f
			}
			p.History = append(p.History, c)
		}
		enc.Reset()
		if err := encoder.Encode(p); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(enc.String(), "\n")
		if got := string(appendPromise(nil, &p)); got != want {
			t.Fatalf("appendPromise:\n got %s\nwant %s", got, want)
		}
		if !finite(&p) {
			t.Fatalf("finite numbers reported as not")
		}
	}
	p := jsonPromise{Standards: []jsonStandard{{Target: math.Inf(1)}}}
	if finite(&p) {
		t.Error("an infinite target is reported finite")
	}
}
