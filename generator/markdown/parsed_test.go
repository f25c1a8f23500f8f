package markdown

import (
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// blocks are markdown pieces that meet around staff blocks in the ways
// that matter: lists and indented code that could run on, headings,
// reference links, raw HTML, tables, fences and lazy lines.
var blocks = []string{
	"A paragraph with a [link](../pages/help.md) and *emphasis*.\n",
	"Second paragraph\nwith a lazy line.\n",
	"- one\n- two\n",
	"- loose\n\n- list\n",
	"1. first\n2. second\n",
	"3) third\n",
	"  indented continuation\n",
	"    indented code\n",
	"## A heading\n",
	"## A heading\n",
	"### Deeper\n",
	"# Top\n",
	"Setext\n---\n",
	"---\n",
	"> quoted\n> text\n",
	"| A | B |\n|---|---|\n| 1 | 2 |\n",
	"```\ncode ::: staff\n```\n",
	"<div>\nraw\n</div>\n",
	"<!--\ncomment\n",
	"-->\n",
	"See [the guide][guide].\n",
	"[guide]: ../pages/guide.md\n",
	"![](photo.jpg)\n",
	"[broken](../nowhere.md) and [anchor](#a-heading)\n",
	"* star item\n",
	"Text https://example.com/auto link.\n",
	"- item\n  more\n",
	"  - nested\n",
	"<custom-tag>\n",
	"<pre>\nx\n",
	"</pre>\n",
	"     deep\n",
	"\\- escaped\n",
	"Term\n===\n",
	"[x]: /a/ \"t\"\n",
	"2. two\n",
	"+ plus\n",
	"> - q\n",
	"* ```\n",
	"- <div>\n",
	"1. ~~~ go\n",
	"- a\n\n      indented code in an item\n",
	"> ```\n",
	"\f\n",
	"<!A\n",
	" \t \n",
}

func randomBody(r *rand.Rand) string {
	var b strings.Builder
	open := false
	for range 1 + r.IntN(9) {
		switch r.IntN(5) {
		case 0:
			if open {
				b.WriteString(":::\n")
			} else {
				b.WriteString("::: staff\n")
			}
			open = !open
		default:
			b.WriteString(blocks[r.IntN(len(blocks))])
		}
		if r.IntN(3) > 0 {
			b.WriteString("\n")
		}
	}
	if open {
		b.WriteString(":::\n")
	}
	return b.String()
}

// TestRenderingCopiesOnlyMatchingBlocks marks the last rendering's HTML
// and checks that the next rendering copies a block whose link goes to
// the same place, and renders again the block whose link does not.
func TestRenderingCopiesOnlyMatchingBlocks(t *testing.T) {
	md := New(false)
	body := "First paragraph with [help](../pages/help.md).\n\n::: staff\nSecret.\n:::\n\nSecond paragraph with [the promise](other.md).\n"
	split, _ := SplitAudiences(body)
	p := md.Parse(split.Staff, split.StaffLines)
	if !p.PublicReady() {
		t.Fatal("the body should share one parse")
	}
	md.RenderPublic(p, Page{URL: "/promises/x/", Resolve: resolveForTest})
	p.last.html = strings.ReplaceAll(p.last.html, "<p>", "<P>") // "<P>" can only come from the copy
	// help.md resolves alike on both pages; other.md goes elsewhere on the second.
	elsewhere := func(dest string) (string, string) {
		if strings.Contains(dest, "other") {
			return "/elsewhere/", ""
		}
		return resolveForTest(dest)
	}
	staff := string(md.RenderStaff(p, Page{URL: "/promises/x/", Resolve: elsewhere}).HTML)
	first, rest, _ := strings.Cut(staff, "Secret")
	if !strings.Contains(first, "<P>First") {
		t.Errorf("the block whose link is the same was not copied:\n%s", staff)
	}
	if !strings.Contains(rest, "<p>Second") {
		t.Errorf("the block whose link changed was copied:\n%s", staff)
	}
	if !strings.Contains(staff, "<p>Secret.</p>") {
		t.Errorf("the staff block was not rendered:\n%s", staff)
	}
}

// TestRenderingIsNotCopiedAcrossRenderers renders one parse with a
// renderer that escapes raw HTML and then with one that lets it through:
// each must give its own rendering, never the other's blocks.
func TestRenderingIsNotCopiedAcrossRenderers(t *testing.T) {
	escaping, raw := New(false), New(true)
	split, _ := SplitAudiences("Some <b>bold</b> text.\n\n::: staff\nSecret.\n:::\n")
	page := Page{URL: "/promises/x/"}
	p := escaping.Parse(split.Staff, split.StaffLines)
	for _, md := range []*Renderer{escaping, raw, escaping} {
		got, want := md.RenderStaff(p, page), md.Render(split.Staff, page)
		if !sameResult(got, want) {
			t.Errorf("got %q, want %q", got.HTML, want.HTML)
		}
	}
}

// caseCount is how many random cases a test runs: a fifth in -short mode.
func caseCount(full int) int {
	if testing.Short() {
		return full / 5
	}
	return full
}

func resolveForTest(dest string) (string, string) {
	if strings.Contains(dest, "nowhere") {
		return "", "broken link"
	}
	return "/" + strings.TrimPrefix(strings.TrimSuffix(dest, ".md"), "../") + "/", ""
}

// TestParseOnceMatchesParsingEachText checks the promise of Parsed: the
// staff rendering is the rendering of the staff text, and whenever the
// public rendering is taken from the same tree it is byte for byte the
// rendering of the public text on its own.
func TestParseOnceMatchesParsingEachText(t *testing.T) {
	md := New(false)
	page := Page{URL: "/promises/x/", Resolve: resolveForTest}
	r := rand.New(rand.NewPCG(7, 11))
	n := caseCount(20000)
	ready := 0
	for i := range n {
		body := randomBody(r)
		split, problems := SplitAudiences(body)
		if len(problems) > 0 {
			continue
		}
		p := md.Parse(split.Staff, split.StaffLines)
		if p.PublicReady() {
			ready++
			got, want := md.RenderPublic(p, page), md.Render(split.Public(), page)
			if !sameResult(got, want) {
				t.Fatalf("case %d: public rendering differs\nbody:\n%s\ngot:  %#v\nwant: %#v", i, body, got, want)
			}
		}
		got, want := md.RenderStaff(p, page), md.Render(split.Staff, page)
		if !sameResult(got, want) {
			t.Fatalf("case %d: staff rendering differs\nbody:\n%s\ngot:  %q\nwant: %q", i, body, got.HTML, want.HTML)
		}
	}
	// The check must not pass by refusing everything.
	if ready < n/4 {
		t.Errorf("only %d of %d bodies could share one parse", ready, n)
	}
}

// TestRenderingsCopyOnlyTheBlocksThatMatch renders one parse on pages
// whose links go to different places, in every order, and checks each
// rendering against a fresh parse: a block copied from the last
// rendering must be the block this page would render.
func TestRenderingsCopyOnlyTheBlocksThatMatch(t *testing.T) {
	md := New(false)
	elsewhere := func(dest string) (string, string) {
		if strings.Contains(dest, "help") {
			return "", "not on this site"
		}
		return resolveForTest(dest)
	}
	pages := []Page{
		{URL: "/promises/x/", Resolve: resolveForTest},
		{URL: "/promises/deeper/y/", Resolve: resolveForTest},
		{URL: "/promises/x/", Resolve: elsewhere},
		{URL: "/promises/x/"},
	}
	r := rand.New(rand.NewPCG(3, 5))
	n := caseCount(5000)
	copied := 0
	for i := range n {
		body := randomBody(r) + "See [the link](../pages/help.md).\n"
		split, problems := SplitAudiences(body)
		if len(problems) > 0 || split.StaffLines == nil {
			continue
		}
		p := md.Parse(split.Staff, split.StaffLines)
		for k := range 6 {
			page := pages[r.IntN(len(pages))]
			public := p.PublicReady() && r.IntN(2) == 0
			if p.last != nil && len(p.last.blocks) > 0 {
				copied++
			}
			var got, want Result
			if public {
				got, want = md.RenderPublic(p, page), md.Render(split.Public(), page)
			} else {
				got, want = md.RenderStaff(p, page), md.Render(split.Staff, page)
			}
			if !sameResult(got, want) {
				t.Fatalf("case %d, rendering %d (public %v, page %s): differs\nbody:\n%s\ngot:  %q\nwant: %q", i, k, public, page.URL, body, got.HTML, want.HTML)
			}
		}
	}
	if copied < n {
		t.Errorf("only %d renderings had a last rendering to copy from", copied)
	}
}

func TestStaffLines(t *testing.T) {
	split, _ := SplitAudiences("Public\n::: staff\nSecret\n\nMore\n:::\nAfter\n")
	want := []bool{false, false, false, true, false, true, false, false, false}
	if !reflect.DeepEqual(split.StaffLines, want) {
		t.Errorf("StaffLines = %v, want %v", split.StaffLines, want)
	}
	if split, _ := SplitAudiences("Only public text.\n"); split.StaffLines != nil {
		t.Error("a body without staff blocks has no staff lines")
	}
}

// sameResult compares two renderings: their HTML and what they found.
func sameResult(a, b Result) bool {
	return a.HTML == b.HTML && reflect.DeepEqual(a.Headings, b.Headings) &&
		reflect.DeepEqual(a.Problems, b.Problems) && reflect.DeepEqual(a.Links, b.Links)
}

// plainRelative is Relative as first written, with slices.
func plainRelative(from, target string) string {
	frag := ""
	if i := strings.IndexByte(target, '#'); i >= 0 {
		target, frag = target[:i], target[i:]
	}
	if target == "" {
		return frag
	}
	fromDir := from[:strings.LastIndexByte(from, '/')+1]
	fromParts := strings.Split(strings.Trim(fromDir, "/"), "/")
	if fromDir == "/" {
		fromParts = nil
	}
	targetParts := strings.Split(strings.TrimPrefix(target, "/"), "/")
	i := 0
	for i < len(fromParts) && i < len(targetParts)-1 && fromParts[i] == targetParts[i] {
		i++
	}
	rel := strings.Repeat("../", len(fromParts)-i) + strings.Join(targetParts[i:], "/")
	if rel == "" {
		rel = "./"
	}
	return rel + frag
}

func TestRelativeMatchesPlainVersion(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	segs := []string{"", "a", "b", "promises", "x", "a"}
	path := func() string {
		p := "/"
		for range r.IntN(4) {
			p += segs[r.IntN(len(segs))] + "/"
		}
		switch r.IntN(4) {
		case 0:
			p += "index.html"
		case 1:
			p += "#frag"
		case 2:
			p = strings.TrimSuffix(p, "/")
		}
		return p
	}
	for range 50000 {
		from, to := path(), path()
		if from == "" || !strings.Contains(from, "/") {
			continue
		}
		if got, want := Relative(from, to), plainRelative(from, to); got != want {
			t.Fatalf("Relative(%q, %q) = %q, want %q", from, to, got, want)
		}
	}
}

// A long body with many staff blocks and links must not take time that
// grows with the square of its length.
func TestParseLongBodyWithStaffBlocks(t *testing.T) {
	var b strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&b, "Paragraph %d, [a link](#p%d).\n\n::: staff\nNote %d.\n:::\n\n", i, i, i)
	}
	split, _ := SplitAudiences(b.String())
	done := make(chan bool)
	go func() {
		p := New(false).Parse(split.Staff, split.StaffLines)
		done <- p.PublicReady()
	}()
	select {
	case ready := <-done:
		if !ready {
			t.Error("a body of plain paragraphs and staff blocks should share one parse")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("parsing a 120,000-line body with staff blocks took over 10 s")
	}
}

// TestBodiesWithoutLinksParseAsWithLinkify checks that parsing without
// Linkify, as Parse does for bodies in which it could find nothing, gives
// the same result: random bodies with the text Linkify looks at (spaces,
// emphasis, strikethrough, parentheses, dots) but no address.
func TestBodiesWithoutLinksParseAsWithLinkify(t *testing.T) {
	md := New(false)
	always := New(false)
	always.plain = always.md // Linkify on every body
	page := Page{URL: "/promises/x/", Resolve: resolveForTest}
	seed := uint64(13)
	if s := os.Getenv("LINKIFY_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	r := rand.New(rand.NewPCG(seed, 17))
	words := []string{"call", " ", "  ", "   \n", "\t", "\r\n", "\\\n", "\f", "\v", "&amp;", "<b>", "\\*", "'", "\"", "!", "?", ".", ",", "*em*", "_u_", "~~s~~", "~", "(", ")", "(a)", "example.com", "x.y", "w w w.", "mail",
		"h t t p", "ftp", ":", "//", "\n", "- ", "**b**", "[l](../pages/help.md)", "`c`", "a_b", "ht", "www", "at"}
	compared := 0
	n := 50000
	if testing.Short() {
		n = 5000
	}
	for i := range n {
		var b strings.Builder
		b.WriteString(randomBody(r))
		for range r.IntN(30) {
			b.WriteString(words[r.IntN(len(words))])
		}
		body := b.String()
		if needsLinkify([]byte(body)) {
			continue
		}
		compared++
		if got, want := md.Render(body, page), always.Render(body, page); !sameResult(got, want) {
			t.Fatalf("case %d: without Linkify\nbody:\n%s\ngot:  %q\nwant: %q", i, body, got.HTML, want.HTML)
		}
	}
	if compared < n/10 {
		t.Errorf("only %d bodies compared", compared)
	}
	if !needsLinkify([]byte("see https://x.example")) || !needsLinkify([]byte("www.x.example")) || !needsLinkify([]byte("a@b.example")) || !needsLinkify([]byte("ftp://x")) {
		t.Error("needsLinkify misses an address")
	}
}

// FuzzBodiesWithoutLinks holds fuzzed bodies to the same rule.
func FuzzBodiesWithoutLinks(f *testing.F) {
	for _, b := range blocks {
		f.Add(b + "call *em* (x) _u_ ~~s~~\nnext line\\\nthird")
	}
	md := New(false)
	always := New(false)
	always.plain = always.md
	page := Page{URL: "/promises/x/", Resolve: resolveForTest}
	f.Fuzz(func(t *testing.T, body string) {
		if needsLinkify([]byte(body)) {
			return
		}
		if got, want := md.Render(body, page), always.Render(body, page); !sameResult(got, want) {
			t.Fatalf("without Linkify\nbody: %q\ngot:  %q\nwant: %q", body, got.HTML, want.HTML)
		}
	})
}
