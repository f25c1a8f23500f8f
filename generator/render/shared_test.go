package render

import (
	"bytes"
	"testing"
	"testing/fstest"

	"github.com/charter-ssg/charter/generator/model"
)

// A theme whose shared partial shows which site rendered it: a staff page
// must take its public twin's output, and a public page must never take
// anything.
func TestSharedPartialGoesFromPublicToStaffOnly(t *testing.T) {
	files := fstest.MapFS{
		"themes/t/templates/baseof.html":        {Data: []byte(`{{block "main" .}}{{end}}`)},
		"themes/t/templates/partials/part.html": {Data: []byte(`{{define "part"}}{{.Page.Site.Audience}} {{.Page.Rel "/x/"}} {{.Key}}{{end}}`)},
	}
	ts, public, staff := testTheme(t, files, `{{define "main"}}{{shared "part" $ (dict "Page" $ "Key" .Title) .Title}}{{end}}`, nil)
	render := func(v *model.View, shared *Shared, url, title string) string {
		var b bytes.Buffer
		if err := ts.Render(&b, &Page{Site: v, Kind: "promise", URL: url, Title: title, Shared: shared}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, c := range []struct {
		name  string
		pages func(*Shared) []string
		want  []string
	}{
		{"staff takes its twin's", func(s *Shared) []string {
			return []string{render(public, s, "/promises/a/", "A"), render(staff, s, "/promises/a/", "A")}
		}, []string{"public ../../x/ A", "public ../../x/ A"}},
		{"only once", func(s *Shared) []string {
			return []string{render(public, s, "/promises/a/", "A"), render(staff, s, "/promises/a/", "A"), render(staff, s, "/promises/a/", "A")}
		}, []string{"public ../../x/ A", "public ../../x/ A", "staff ../../x/ A"}},
		{"public never takes", func(s *Shared) []string {
			return []string{render(staff, s, "/promises/a/", "A"), render(public, s, "/promises/a/", "A")}
		}, []string{"staff ../../x/ A", "public ../../x/ A"}},
		{"not another page's", func(s *Shared) []string {
			return []string{render(public, s, "/promises/a/", "A"), render(staff, s, "/promises/a/b/", "A")}
		}, []string{"public ../../x/ A", "staff ../../../x/ A"}},
		{"not other keys", func(s *Shared) []string {
			return []string{render(public, s, "/promises/a/", "A"), render(staff, s, "/promises/a/", "B")}
		}, []string{"public ../../x/ A", "staff ../../x/ B"}},
	} {
		got := c.pages(NewShared())
		for i := range c.want {
			if got[i] != c.want[i] {
				t.Errorf("%s: page %d is %q, want %q", c.name, i+1, got[i], c.want[i])
			}
		}
	}
	// Each of the two guards alone keeps staff output off the public site:
	// a staff page stores nothing, and a public page takes nothing.
	s := NewShared()
	render(staff, s, "/promises/a/", "A")
	if len(s.m) != 0 {
		t.Errorf("a staff page stored its output: %v", s.m)
	}
	s.m[cacheKey("/promises/a/", "promise", "part", []any{"A"})] = "planted"
	if got := render(public, s, "/promises/a/", "A"); got == "planted" {
		t.Error("a public page took a stored output")
	}
	// Without a hand-over each page renders its own.
	if got := render(staff, nil, "/promises/a/", "A"); got != "staff ../../x/ A" {
		t.Errorf("no sharing: %q", got)
	}
}
