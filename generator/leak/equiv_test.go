package leak

import (
	"bytes"
	"html"
	"math/rand/v2"
	"net/url"
	"path"
	"strings"
	"testing"
)

// The scan's fast paths must see exactly what the plain versions below
// (the scanner's first implementation) see.

func plainText(b []byte) string {
	var out strings.Builder
	space := false
	write := func(chunk []byte) {
		for _, c := range chunk {
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
				space = out.Len() > 0
				continue
			}
			if space {
				out.WriteByte(' ')
				space = false
			}
			out.WriteByte(c)
		}
	}
	in := b
	for len(in) > 0 {
		i := bytes.IndexByte(in, '<')
		if i < 0 {
			write(in)
			break
		}
		write(in[:i])
		j := bytes.IndexByte(in[i:], '>')
		if j < 0 {
			break
		}
		tag := in[i : i+j+1]
		t := bytes.TrimLeft(tag[1:], "/")
		end := bytes.IndexAny(t, " \t\n/>")
		if end < 0 {
			end = len(t)
		}
		if plainBlockTags[string(t[:end])] {
			space = out.Len() > 0
		}
		if bytes.HasPrefix(tag, []byte("<script")) || bytes.HasPrefix(tag, []byte("<style")) {
			end := []byte("</script>")
			if tag[1] == 's' && tag[2] == 't' {
				end = []byte("</style>")
			}
			k := bytes.Index(in[i:], end)
			if k < 0 {
				break
			}
			in = in[i+k+len(end):]
			continue
		}
		in = in[i+j+1:]
	}
	text := out.String()
	if strings.IndexByte(text, '&') < 0 {
		return text
	}
	return Fold(html.UnescapeString(text))
}

var plainBlockTags = map[string]bool{
	"p": true, "li": true, "ul": true, "ol": true, "td": true, "th": true, "tr": true, "table": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "pre": true,
	"blockquote": true, "div": true, "section": true, "dd": true, "dt": true, "dl": true,
	"br": true, "hr": true, "caption": true, "header": true, "footer": true, "main": true, "nav": true,
	"article": true, "aside": true, "figure": true, "figcaption": true, "title": true, "option": true,
}

func plainResolve(pageURL, link string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" {
		return "", false
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join(path.Dir(pageURL+"x"), p)
		if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(p, "/") {
			p += "/"
		}
	}
	return p, true
}

// randomHTML strings together pieces that exercise tags, whitespace,
// entities, scripts and attributes.
func randomHTML(r *rand.Rand) []byte {
	pieces := []string{"<p>", "</p>", "<li class=\"x\">", "</li>", "<em>", "</em>", "<br/>", "<hr>", "<a href=\"../x/\">",
		"</a>", " ", "\n", "\t\t", "word", "Staff", "&amp;", "&nbsp;", "&#34;", "<script>var a = 1;</script>",
		"<style>p{}</style>", "&#10;", "&#32;", "<div\n>", "</div>", "<//p>", "<!-- c -->", "<", ">", "x", "é", "<title>T</title>", "<td>"}
	var b bytes.Buffer
	for range r.IntN(40) {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	return b.Bytes()
}

func TestTextMatchesPlainVersion(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		in := randomHTML(r)
		if got, want := Text(in), plainText(in); got != want {
			t.Fatalf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResolveMatchesURLParse(t *testing.T) {
	links := []string{"../x/", "/playbooks/a/", "x", "./y/", "../../", "../../standards/#s", "?q=1", "#top", "",
		"//other.example/teams/", "https://a.example/b", "mailto:a@b.example", "../pl%61ybooks/x/", "a b/",
		"..", "/", "../../../../../x/", "tel:123", "x?y#z", "/a//b/", "../../promises/a/", "../../../x", "a/./b/",
		"a/../b/", "../x", "x/", "a//b", "../", "../..", "../../", "./", ".", "a/b/c", "../a/../b/", "a/.", "a/..", "../.x/"}
	for _, page := range []string{"/", "/promises/x/", "/a/b/c/", "/404.html", "/a/b/c/d/", "/a/b.html", "/a/"} {
		for _, l := range links {
			got, ok := resolve(page, l)
			want, wantOK := plainResolve(page, l)
			if got != want || ok != wantOK {
				t.Errorf("resolve(%q, %q) = %q, %v; want %q, %v", page, l, got, ok, want, wantOK)
			}
		}
	}
}

func TestLinksFindsEveryLinkAttribute(t *testing.T) {
	page := []byte(`<a href="/a/" title="t"><img src="b.png" alt="x"><form action="/c/"><meta content="/d/" name="n"><p data-href="/no/">x="/no/"</p><link rel=x href="&#47;e/">`)
	got := strings.Join(links(page), "|")
	if want := "/a/|b.png|/c/|/d/|/e/"; got != want {
		t.Errorf("links = %q, want %q", got, want)
	}
}

func TestFoldedMatchesFold(t *testing.T) {
	for _, s := range []string{"", "a", " a", "a ", "a  b", "a b", "a\nb", "a\u00a0b", "\t", "a\vb", "x y z"} {
		if got, want := folded(s), Fold(s) == s; got != want {
			t.Errorf("folded(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestFoldBytesMatchesFold(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		in := randomHTML(r)
		if got, want := FoldBytes(in), Fold(string(in)); got != want {
			t.Fatalf("FoldBytes(%q) = %q, want %q", in, got, want)
		}
	}
}

// plainScan finds every needle at every position, the way the scanner
// did before it probed every fourth position only.
func plainScan(s *Scanner, file, text string) []Finding {
	var out []Finding
	for i := range len(text) {
		for _, n := range s.needles {
			if strings.HasPrefix(text[i:], n.Text) {
				out = append(out, Finding{File: file, What: n.Text, Origin: n.Origin})
			}
		}
	}
	return out
}

// sentences returns a maker of folded text of n words drawn from words.
func sentences(r *rand.Rand, words []string) func(n int) string {
	return func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		return Fold(b.String())
	}
}

func TestScanTextMatchesScanningEveryPosition(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	sentence := sentences(r, []string{"call", "the", "duty", "manager", "now", "a", "valve", "map", " ", "  ", "x"})
	for range 300 {
		var needles []Needle
		for range 1 + r.IntN(8) {
			needles = append(needles, Needle{Text: sentence(4 + r.IntN(8)), Origin: "o"})
		}
		s := NewScanner(needles, nil, nil)
		for range 20 {
			text := sentence(r.IntN(60))
			// Plant needles at every offset modulo the stride, overlapping.
			for _, n := range s.needles {
				if r.IntN(2) == 0 {
					cut := r.IntN(len(text) + 1)
					text = text[:cut] + n.Text + text[cut:]
				}
			}
			got, want := s.ScanText("f", text), plainScan(s, "f", text)
			if len(got) != len(want) {
				t.Fatalf("ScanText(%q) found %d, want %d", text, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("ScanText(%q)[%d] = %+v, want %+v", text, i, got[i], want[i])
				}
			}
		}
	}
}

// BenchmarkScanText scans 1 MB of text made of the same words as 20,000
// needles, so many windows pass the filter as they do on a real charter.
func BenchmarkScanText(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	var words []string
	for i := range 300 {
		words = append(words, strings.Repeat(string(rune('a'+i%26)), 1+i%7)+string(rune('a'+i/26)))
	}
	sentence := sentences(r, words)
	var needles []Needle
	for range 20000 {
		needles = append(needles, Needle{Text: sentence(6 + r.IntN(15)), Origin: "o"})
	}
	s := NewScanner(needles, nil, nil)
	text := sentence(200000)[:1<<20]
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		s.ScanText("f", text)
	}
}

// plainBlocks is Blocks as first written: each block's raw text, entities
// decoded, then folded.
func plainBlocks(b []byte) []string {
	var out []string
	var cur bytes.Buffer
	flush := func() {
		if t := Fold(html.UnescapeString(cur.String())); t != "" {
			out = append(out, t)
		}
		cur.Reset()
	}
	in := b
	for len(in) > 0 {
		i := bytes.IndexByte(in, '<')
		if i < 0 {
			cur.Write(in)
			break
		}
		cur.Write(in[:i])
		j := bytes.IndexByte(in[i:], '>')
		if j < 0 {
			break
		}
		if isBlockTag(in[i : i+j+1]) {
			flush()
		}
		in = in[i+j+1:]
	}
	flush()
	return out
}

func TestBlocksMatchesPlainVersion(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		page := randomHTML(r)
		got, want := Blocks(string(page)), plainBlocks(page)
		if strings.Join(got, "\x01") != strings.Join(want, "\x01") {
			t.Fatalf("Blocks(%q)\n got %q\nwant %q", page, got, want)
		}
	}
}
