package content

import (
	"strings"
	"testing"
	"time"

	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/model"
)

// positionsInside checks that every diagnostic points inside src.
func positionsInside(t *testing.T, src string, diags *diag.List) {
	t.Helper()
	lines := strings.Count(src, "\n") + 1
	for _, d := range diags.Items() {
		if d.Pos.Line < 0 || d.Pos.Line > lines || d.Pos.Col < 0 {
			t.Fatalf("position %s outside the input (%d lines): %s", d.Pos, lines, d)
		}
		if d.Message == "" || d.Code == "" {
			t.Fatalf("diagnostic without message or code: %+v", d)
		}
	}
}

func FuzzFrontMatter(f *testing.F) {
	for _, seed := range []string{
		okPromise, okTeam, okPlaybook, okCharter,
		"---\ntitle: [x\n---\n", "---\n", "", "---\ntitle: a\n---\n::: staff\nx\n",
		"---\nstandards:\n  - id: a\n    target: 95%\n---\n", "---\n\xff\n---\n", "---\ntitle: &a x\nsummary: *a\n---\n",
		"---\ntitle: !!str 0123\nhistory:\n  - date: 2026-13-45\n---\n", "\xef\xbb\xbf---\ntitle: bom\n---\n",
	} {
		f.Add(seed, 1)
	}
	kinds := []model.Kind{model.KindCharter, model.KindPromise, model.KindPlaybook, model.KindTeam, model.KindPage}
	f.Fuzz(func(t *testing.T, src string, kind int) {
		k := kinds[(kind%len(kinds)+len(kinds))%len(kinds)]
		diags := &diag.List{}
		var doc any
		done := make(chan struct{})
		go func() { doc = parseDocument(k, "content/"+k.Folder()+"/x.md", []byte(src), diags); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			t.Fatalf("parsing hangs on %q", src)
		}
		positionsInside(t, src, diags)
		if d := docOf(doc); d != nil && !diags.HasErrors() {
			if d.Title == "" {
				t.Fatal("a document without a title passed")
			}
			if strings.Contains(d.Body.Public(), "\x00STAFF") {
				t.Fatal("impossible")
			}
		}
	})
}

func FuzzResultsCSV(f *testing.F) {
	for _, seed := range []string{
		"standard,period,value,sample\nready,2026-10,93.5,412\n", "standard,period,value\n", "",
		"a,b\n\"unterminated\n", "standard,period,value\nx,2026-Q5,1\nx,2026,1e309\n", "\xff\xfe",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		diags := &diag.List{}
		results := parseResults("content/performance/r.csv", []byte(src), diags)
		positionsInside(t, src, diags)
		for _, r := range results {
			if PeriodKind(r.Period) == "" || r.Standard.ID == "" {
				t.Fatalf("invalid row accepted: %+v", r)
			}
		}
	})
}

func FuzzDuration(f *testing.F) {
	for _, seed := range []string{"20s", "30m", "2h", "1 working day", "10 working days", "5 days", "", "9999999999h", "-1h", "1.5h"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := model.ParseDuration(s)
		if err != nil {
			return
		}
		if d.Seconds < 0 || d.WorkingDays < 0 || (d.Seconds > 0 && d.WorkingDays > 0) {
			t.Fatalf("%q gave %+v", s, d)
		}
		again, err := model.ParseDuration(d.Text)
		if err != nil || again != d {
			t.Fatalf("%q does not read back: %+v, %v", d.Text, again, err)
		}
	})
}
