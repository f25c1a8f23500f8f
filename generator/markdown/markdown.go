// Package markdown owns turning a document body into HTML: one goldmark
// instance per site with GFM, GitHub-style heading IDs, headings shifted
// one level down (the page title is the only h1), links checked and
// rewritten relative to the page, raw HTML escaped unless the site opts
// in, and task lists rendered as marks rather than unlabelled inputs. It
// also splits bodies by audience (`::: staff` blocks) before parsing. It
// never reads the disk.
package markdown

import (
	"bytes"
	"html"
	"sort"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// LinkResolver checks a link written in a document and says where it
// points. dest is the link as written. It returns the target as a
// site-absolute URL (with any #fragment), or a message saying what is wrong.
type LinkResolver func(dest string) (target string, problem string)

// Page is what the renderer needs to know about the page a body is on.
type Page struct {
	// URL is the site-absolute URL of the page, like /promises/x/.
	URL string
	// Resolve checks and maps internal links; nil leaves links as written.
	Resolve LinkResolver
}

// Heading is a section heading of a rendered body.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Link is an internal link that a body holds, resolved.
type Link struct {
	Dest      string // as written
	Target    string // site-absolute, with any #fragment
	Line, Col int    // in the body
}

// Result is a rendered body.
type Result struct {
	// HTML is the body's HTML; a Parsed keeps it, to copy blocks from
	// into the next rendering of the same body.
	HTML     string
	Headings []Heading
	Problems []Problem
	// Links lists every internal link that resolved, for anchor checks.
	Links []Link
}

// Renderer renders markdown for one site. It is safe for concurrent use.
type Renderer struct {
	md goldmark.Markdown
	// plain is md without Linkify, for the bodies in which it can find
	// nothing: it tries every space of a body (see needsLinkify).
	plain goldmark.Markdown
	bufs  sync.Pool // of *output, reused between renderings
}

// needsLinkify reports whether src must be parsed with Linkify to parse as
// it does with it: when Linkify could find a link (it links only text that
// starts with http:, https:, ftp: or www., and addresses with an @), and
// when a line ends in whitespace, whose trimming before a line break
// Linkify's splitting of text at spaces changes.
func needsLinkify(src []byte) bool {
	if bytes.Contains(src, []byte("http")) || bytes.Contains(src, []byte("ftp:")) ||
		bytes.Contains(src, []byte("www.")) || bytes.IndexByte(src, '@') >= 0 {
		return true
	}
	for line := range bytes.Lines(src) {
		line = bytes.TrimRight(line, "\r\n")
		if n := len(line); n > 0 && (line[n-1] == ' ' || line[n-1] == '\t' || line[n-1] == '\f' || line[n-1] == '\v') {
			return true
		}
	}
	return false
}

var parseKey = parser.NewContextKey()

// parseState is what the transformer records while a body is parsed.
type parseState struct {
	headings []lineHeading
	links    []linkNode
	problems []Problem
	starts   lineStarts // made when first needed
}

func (st *parseState) lines(src []byte) lineStarts {
	if st.starts == nil {
		st.starts = newLineStarts(src)
	}
	return st.starts
}

type lineHeading struct {
	Heading
	line int
}

// linkNode is a link or image, with its destination as written; the
// destination is checked and rewritten for each page it is rendered on.
type linkNode struct {
	node      ast.Node
	dest      []byte
	line, col int
}

// New returns a renderer; unsafeHTML lets raw HTML in markdown through.
//
// renderBlocks relies on each node renderer set up here (goldmark's own,
// tables, strikethrough, task lists and overrides) rendering a top-level
// block without looking at the blocks beside it, and on nothing rendering
// the document node itself. Check that again before adding an extension
// (footnotes, for one, render a list after the last block).
func New(unsafeHTML bool) *Renderer {
	opts := []renderer.Option{}
	if unsafeHTML {
		opts = append(opts, ghtml.WithUnsafe())
	}
	build := func(extensions ...goldmark.Extender) goldmark.Markdown {
		return goldmark.New(
			goldmark.WithExtensions(extensions...),
			goldmark.WithParserOptions(
				parser.WithAutoHeadingID(),
				parser.WithASTTransformers(util.Prioritized(transformer{}, 100)),
			),
			goldmark.WithRendererOptions(append(opts,
				renderer.WithNodeRenderers(util.Prioritized(&overrides{unsafe: unsafeHTML}, 10)))...),
		)
	}
	md := build(extension.Table, extension.Strikethrough, extension.Linkify, extension.TaskList)
	plain := build(extension.Table, extension.Strikethrough, extension.TaskList)
	return &Renderer{md: md, plain: plain, bufs: sync.Pool{New: func() any {
		o := &output{}
		o.Grow(8 << 10) // a long body's HTML, so it is not grown by doubling
		return o
	}}}
}

// output is a rendering buffer that is itself the buffered writer goldmark
// wants (util.BufWriter): it writes straight into the buffer, where a
// bufio.Writer would copy every byte once more, and has nothing to flush.
type output struct {
	bytes.Buffer
}

// Flush has nothing to do: every write is already in the buffer.
func (*output) Flush() error { return nil }

// Buffered is what is written but not flushed: nothing.
func (*output) Buffered() int { return 0 }

// Render turns markdown into HTML for one page.
func (r *Renderer) Render(src string, page Page) Result {
	return r.render(r.Parse(src, nil), page, false)
}

// transformer shifts headings, records them and the links, and marks up
// tables.
type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(parseKey).(*parseState)
	if st == nil {
		return
	}
	src := reader.Source()
	levels := headingLevels(doc)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			line := 1
			if n.Lines().Len() > 0 {
				line = st.lines(src).line(n.Lines().At(0).Start)
			}
			st.headings = append(st.headings, lineHeading{Heading{Level: n.Level, ID: string(idb), Text: plainText(n, src)}, line})
			n.Level = levels[n.Level]
		case *ast.Link:
			line, col := nodePos(n, st.lines(src))
			st.links = append(st.links, linkNode{n, n.Destination, line, col})
		case *ast.Image:
			line, col := nodePos(n, st.lines(src))
			st.links = append(st.links, linkNode{n, n.Destination, line, col})
			if strings.TrimSpace(plainText(n, src)) == "" {
				st.problems = append(st.problems, Problem{Line: line, Col: col, Code: "image-alt", Warning: true,
					Message: "image has no alt text: describe it between the brackets, like ![A technician checking tyre pressure](photo.jpg), for people who cannot see it"})
			}
		case *east.Table:
			stackTable(n, src)
		case *east.TableCell:
			if n.Alignment != east.AlignNone {
				n.SetAttributeString("class", []byte("align-"+n.Alignment.String()))
				n.Alignment = east.AlignNone
			}
			if n.Parent() != nil && n.Parent().Kind() == east.KindTableHeader {
				n.SetAttributeString("scope", []byte("col"))
			}
		}
		return ast.WalkContinue, nil
	})
}

// lineStarts holds where each line of a source starts (the first is 0),
// to turn offsets into lines and columns without rescanning the source.
type lineStarts []int

func newLineStarts(src []byte) lineStarts {
	starts := lineStarts{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// line returns the line (from 1) that holds byte offset.
func (ls lineStarts) line(offset int) int { return sort.SearchInts(ls, offset+1) }

// pos returns the line and column (both from 1) of byte offset.
func (ls lineStarts) pos(offset int) (int, int) {
	l := ls.line(offset)
	return l, offset - ls[l-1] + 1
}

// stackTable marks a markdown table so that on a phone its rows stack as
// blocks (the theme's "data-table stack" style) instead of making the page
// scroll sideways: each cell carries its column's heading as data-label.
func stackTable(t *east.Table, src []byte) {
	t.SetAttributeString("class", []byte("data-table stack"))
	var labels []string
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		col := 0
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			if row.Kind() == east.KindTableHeader {
				labels = append(labels, strings.TrimSpace(plainText(cell, src)))
			} else if col < len(labels) && labels[col] != "" {
				cell.SetAttributeString("data-label", []byte(labels[col]))
			}
			col++
		}
	}
}

// headingLevels maps the heading levels a body uses onto consecutive
// levels from h2 (the page title is the only h1), so a body that starts
// at "##" or skips from "#" to "###" still gives headings in order.
func headingLevels(doc ast.Node) map[int]int {
	var used [7]bool
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			used[h.Level] = true
		}
		return ast.WalkContinue, nil
	})
	levels := map[int]int{}
	next := 2
	for l := 1; l <= 6; l++ {
		if used[l] {
			levels[l] = min(next, 6)
			next++
		}
	}
	return levels
}

// rewrite checks one link and returns its destination on the page, or
// nil when the check failed (a link that failed is never published).
func (out *Result) rewrite(l linkNode, page Page) []byte {
	d := string(l.dest)
	if page.Resolve == nil || d == "" || IsExternal(d) {
		return l.dest
	}
	if strings.HasPrefix(d, "#") {
		out.Links = append(out.Links, Link{Dest: d, Target: page.URL + d, Line: l.line, Col: l.col})
		return l.dest
	}
	target, problem := page.Resolve(d)
	if problem != "" {
		out.Problems = append(out.Problems, Problem{Line: l.line, Col: l.col, Code: "broken-link", Message: problem})
		return nil
	}
	out.Links = append(out.Links, Link{Dest: d, Target: target, Line: l.line, Col: l.col})
	return []byte(Relative(page.URL, target))
}

// IsExternal reports whether a link leaves the site (it has a scheme or is
// protocol-relative).
func IsExternal(d string) bool {
	if strings.HasPrefix(d, "//") {
		return true
	}
	i := strings.IndexAny(d, ":/?#")
	return i > 0 && d[i] == ':'
}

// Relative returns the URL of target as seen from the page at from; both
// are site-absolute and folder-style (ending in "/") or file paths.
func Relative(from, target string) string {
	frag := ""
	if i := strings.IndexByte(target, '#'); i >= 0 {
		target, frag = target[:i], target[i:]
	}
	if target == "" {
		return frag
	}
	// Walk the page's folders and the target's alongside, without
	// splitting either: this runs for every link of every page.
	fromDir := from[:strings.LastIndexByte(from, '/')+1]
	dirs := strings.Trim(fromDir, "/")
	depth := 0 // how many folders the page is in
	if fromDir != "/" {
		depth = strings.Count(dirs, "/") + 1
	}
	rest := strings.TrimPrefix(target, "/")
	shared := 0
	for shared < depth {
		seg, more, _ := strings.Cut(dirs, "/")
		j := strings.IndexByte(rest, '/')
		if j < 0 || rest[:j] != seg {
			break // the target's last part is never shared
		}
		rest, dirs = rest[j+1:], more
		shared++
	}
	rel := strings.Repeat("../", depth-shared) + rest
	if rel == "" {
		rel = "./"
	}
	return rel + frag
}

// nodePos finds the body line and column of a node from its first text.
func nodePos(n ast.Node, starts lineStarts) (int, int) {
	offset := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			offset = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if offset < 0 {
		for p := n.Parent(); p != nil && offset < 0; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				offset = p.Lines().At(0).Start
			}
		}
	}
	if offset < 0 {
		return 1, 1
	}
	line, col := starts.pos(offset)
	if n.Kind() == ast.KindLink && col > 1 {
		col-- // point at the "[" that starts the link
	}
	return line, col
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// ReservedIDs are element ids the default theme uses on every page kind;
// a body heading that would take one gets a suffix instead, so ids stay
// unique on the page.
var ReservedIDs = []string{
	"main", "footer-contact", "all-pages", "all-promises", "charters-heading", "escalation-heading",
	"escalations-heading", "handoffs-heading", "history-heading", "missed", "missed-heading", "no-playbook",
	"no-results", "overdue", "ownership-caption", "owns-heading", "promised-heading", "promises-heading",
	"search-all", "search-q", "search-results", "standards-heading", "steps-heading",
}

func newIDs() *githubIDs { return &githubIDs{seen: map[string]int{}} }

// reservedIDs is ReservedIDs as a set, read by every parse.
var reservedIDs = func() map[string]bool {
	m := map[string]bool{}
	for _, id := range ReservedIDs {
		m[id] = true
	}
	return m
}()

// githubIDs makes heading IDs the way GitHub does, so "file.md#heading"
// links work both here and in a repository preview. The reserved ids
// count as taken once, as if the page had a heading of each already.
type githubIDs struct {
	seen map[string]int
}

// taken returns how many times id was taken after its first use, and
// whether it was taken at all.
func (g *githubIDs) taken(id string) (int, bool) {
	if n, ok := g.seen[id]; ok {
		return n, true
	}
	return 0, reservedIDs[id]
}

func (g *githubIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := HeadingID(string(value))
	id := base
	if n, dup := g.taken(base); dup {
		for {
			n++
			id = base + "-" + itoa(n)
			if _, taken := g.taken(id); !taken {
				break
			}
		}
		g.seen[base] = n
	}
	g.seen[id] = 0
	return []byte(id)
}

func (g *githubIDs) Put(value []byte) { g.seen[string(value)] = 0 }

// HeadingID is GitHub's heading slug: lowercase, punctuation dropped,
// spaces turned into hyphens.
func HeadingID(s string) string {
	s = html.UnescapeString(s)
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_':
			b.WriteRune(r)
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r > 127 && isLetterOrDigit(r):
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "section"
	}
	return b.String()
}

func itoa(n int) string {
	var buf [20]byte
	i := len(buf)
	for n > 0 || i == len(buf) {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}
