package render

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/charter-ssg/charter/generator/model"
)

// A theme whose header counts how often it is really rendered: "cached"
// must render it once per site and key, and never hand one site's output
// to the other.
func TestCachedPartialRendersOncePerSiteAndKey(t *testing.T) {
	files := fstest.MapFS{
		"themes/t/templates/baseof.html":          {Data: []byte(`{{cached "partials/head.html" . (.Rel "/")}}|{{block "main" .}}{{end}}`)},
		"themes/t/templates/partials/head.html":   {Data: []byte(`{{.Site.Audience}} {{.Rel "/"}} {{.Title}}`)},
		"themes/t/templates/partials/broken.html": {Data: []byte(`{{cached "partials/head.html" "not the page"}}`)},
	}
	ts, public, staff := testTheme(t, files, `{{define "main"}}{{.Title}}{{end}}`,
		map[string]string{"search": `{{define "main"}}{{template "partials/broken.html" .}}{{end}}`})
	frags := NewFragments()
	render := func(v *model.View, url, title string) string {
		var b bytes.Buffer
		if err := ts.Render(&b, &Page{Site: v, Kind: "promise", URL: url, Title: title, Fragments: frags}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	// The head shows the title of the first page rendered with its key.
	for _, c := range []struct {
		v                *model.View
		url, title, want string
	}{
		{public, "/promises/a/", "A", "public ../../ A|A"},
		{public, "/promises/b/", "B", "public ../../ A|B"},
		{staff, "/promises/b/", "B", "staff ../../ B|B"},
		{public, "/pages/x/y/", "C", "public ../../../ C|C"},
	} {
		if got := render(c.v, c.url, c.title); got != c.want {
			t.Errorf("%s %s: got %q, want %q", c.v.Audience, c.url, got, c.want)
		}
	}
	var b bytes.Buffer
	err := ts.Render(&b, &Page{Site: public, Kind: "search", URL: "/search/", Fragments: frags})
	if err == nil || !strings.Contains(err.Error(), "pass the page") {
		t.Errorf("cached without the page: %v", err)
	}
}

// testTheme loads a theme of files in which every page kind's template is
// main, unless kinds gives it another, and returns its templates and an
// empty site's public and staff views.
func testTheme(t *testing.T, files fstest.MapFS, main string, kinds map[string]string) (*Templates, *model.View, *model.View) {
	t.Helper()
	for _, k := range Kinds {
		src, ok := kinds[k]
		if !ok {
			src = main
		}
		files["themes/t/templates/"+k+".html"] = &fstest.MapFile{Data: []byte(src)}
	}
	theme, err := NewTheme(files, fstest.MapFS{}, "t")
	if err != nil {
		t.Fatal(err)
	}
	ts, err := Load(theme)
	if err != nil {
		t.Fatal(err)
	}
	site := &model.Site{Config: model.DefaultConfig()}
	site.Index()
	return ts, site.View(model.Public), site.View(model.Staff)
}
