package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

func TestStaffBlockNeverReachesPublicSource(t *testing.T) {
	body := "Public one.\n\n::: staff\nSecret [ref].\n\n[ref]: https://intranet.example/secret\n:::\n\nPublic two [ref].\n"
	split, problems := SplitAudiences(body)
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	if !split.HasStaff {
		t.Fatal("HasStaff is false")
	}
	if strings.Contains(split.Public(), "Secret") || strings.Contains(split.Public(), "intranet") {
		t.Fatalf("public source holds staff text:\n%s", split.Public())
	}
	if !strings.Contains(split.Staff, "Secret") || strings.Contains(split.Staff, ":::") {
		t.Fatalf("staff source wrong:\n%s", split.Staff)
	}
	if strings.Count(split.Public(), "\n") != strings.Count(body, "\n") {
		t.Fatal("public source lost lines, so positions would shift")
	}
	html := string(New(false).Render(split.Public(), Page{URL: "/"}).HTML)
	if strings.Contains(html, "intranet") || strings.Contains(html, "Secret") {
		t.Fatalf("a reference defined in a staff block resolved in public:\n%s", html)
	}
}

func TestStaffFenceInsideCodeIsText(t *testing.T) {
	body := "```\n::: staff\n```\nAfter.\n"
	split, problems := SplitAudiences(body)
	if len(problems) != 0 || split.HasStaff || split.Public() != body {
		t.Fatalf("a fence inside code was treated as a staff block: %+v %v", split, problems)
	}
}

func TestStaffBlockProblems(t *testing.T) {
	tests := map[string]string{
		"::: staff\nopen\n":                    "staff block is never closed",
		":::\n":                                "closes nothing",
		"::: staff\n::: staff\n:::\n":          "cannot be nested",
		"::: warning\nhidden\n:::\nVisible.\n": "unknown container",
	}
	for body, want := range tests {
		split, problems := SplitAudiences(body)
		if len(problems) != 1 || !strings.Contains(problems[0].Message, want) {
			t.Errorf("%q: want one problem with %q, got %v", body, want, problems)
		}
		if strings.Contains(split.Public(), "open") || strings.Contains(split.Public(), "hidden") {
			t.Errorf("%q: text of a broken block reached the public source", body)
		}
	}
}

func TestRelativeLinks(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"/", "/promises/", "promises/"},
		{"/promises/x/", "/pages/c/", "../../pages/c/"},
		{"/promises/x/", "/", "../../"},
		{"/promises/x/", "/promises/y/#standard-a", "../y/#standard-a"},
		{"/promises/x/", "/promises/x/", "./"},
		{"/404.html", "/promises/", "promises/"},
		{"/promises/", "/assets/charter.css", "../assets/charter.css"},
	}
	for _, tt := range tests {
		if got := Relative(tt.from, tt.to); got != tt.want {
			t.Errorf("Relative(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestRenderShiftsHeadingsChecksLinksAndEscapesHTML(t *testing.T) {
	src := "# Title here\n\nSee [c](../pages/c.md#how-to) and [gone](/nowhere/).\n\n<script>alert(1)</script>\n\n- [ ] call back\n\n| a |\n|:-:|\n| 1 |\n"
	res := New(false).Render(src, Page{URL: "/promises/x/", Resolve: func(d string) (string, string) {
		if strings.HasPrefix(d, "../pages/c.md") {
			return "/pages/c/#how-to", ""
		}
		return "", "broken link " + d
	}})
	html := string(res.HTML)
	for _, want := range []string{
		`<h2 id="title-here">Title here</h2>`,
		`<a href="../../pages/c/#how-to">c</a>`,
		`&lt;script&gt;alert(1)&lt;/script&gt;`,
		`<span class="visually-hidden">To do: </span>`,
		`<th class="align-center" scope="col">a</th>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	if strings.Contains(html, "<script>") || strings.Contains(html, "<input") || strings.Contains(html, "style=") {
		t.Errorf("unsafe or unlabelled output:\n%s", html)
	}
	if len(res.Problems) != 1 || res.Problems[0].Line != 3 || res.Problems[0].Col != 35 {
		t.Errorf("want one broken-link problem at 3:35, got %+v", res.Problems)
	}
}

func TestUnsafeHTMLIsAnOptIn(t *testing.T) {
	html := string(New(true).Render("<div class=\"x\">hi</div>\n", Page{URL: "/"}).HTML)
	if !strings.Contains(html, `<div class="x">hi</div>`) {
		t.Fatalf("raw HTML not passed through with unsafe_html: %s", html)
	}
}

func TestHeadingIDsFollowGitHub(t *testing.T) {
	for in, want := range map[string]string{
		"Hello World":         "hello-world",
		"What's new? (2026)":  "whats-new-2026",
		"  Spaces  ":          "spaces",
		"Ünïcode stays":       "ünïcode-stays",
		"snake_case and-dash": "snake_case-and-dash",
	} {
		if got := HeadingID(in); got != want {
			t.Errorf("HeadingID(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHeadingsAreCompressedBelowThePageTitle(t *testing.T) {
	html := string(New(false).Render("## Start\n\n#### Deep\n\n## Again\n", Page{URL: "/"}).HTML)
	for _, want := range []string{`<h2 id="start">`, `<h3 id="deep">`, `<h2 id="again">`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
}

func TestHeadingsNeverTakeTheThemesIDs(t *testing.T) {
	html := string(New(false).Render("# Main\n\n# Main\n", Page{URL: "/"}).HTML)
	if !strings.Contains(html, `id="main-1"`) || !strings.Contains(html, `id="main-2"`) || strings.Contains(html, `id="main"`) {
		t.Errorf("a heading took the theme's id:\n%s", html)
	}
}

func TestTablesStackOnPhones(t *testing.T) {
	html := string(New(false).Render("| Service | Price |\n|---|---|\n| Oil change | £90 |\n", Page{URL: "/"}).HTML)
	for _, want := range []string{`<table class="data-table stack">`, `<td data-label="Service">Oil change</td>`, `<td data-label="Price">£90</td>`} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
}

// plainIDs is the id generator as first written: the reserved ids put in
// each page's map before its first heading.
func plainIDs() *githubIDs {
	g := &githubIDs{seen: map[string]int{}}
	for _, id := range ReservedIDs {
		g.seen[id] = 0
	}
	return g
}

func TestHeadingIDsMatchPlainVersion(t *testing.T) {
	names := append([]string{"Start", "main 1", "Main-2", "missed", "Missed 1", "x"}, ReservedIDs...)
	r := rand.New(rand.NewPCG(2, 3))
	for range 5000 {
		got, want := newIDs(), plainIDs()
		for range 1 + r.IntN(8) {
			name := []byte(names[r.IntN(len(names))])
			if r.IntN(6) == 0 {
				got.Put(name)
				want.Put(name)
				continue
			}
			if g, w := string(got.Generate(name, ast.KindHeading)), string(want.Generate(name, ast.KindHeading)); g != w {
				t.Fatalf("heading %q: id %q, want %q", name, g, w)
			}
		}
	}
}
