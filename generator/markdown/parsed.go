package markdown

import (
	"bytes"
	"slices"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Parsed is a body parsed once, to be rendered for one page or for the
// same document's page in each site. A body with staff blocks is parsed
// from its staff text; when cutting the staff blocks out of that tree
// gives exactly what parsing the public text would (PublicReady), the
// public page is rendered from it too, and the body is parsed only once.
//
// Rendering sets link destinations in the tree and keeps the rendering
// (last), so a Parsed must not be rendered by two goroutines at once.
type Parsed struct {
	src   []byte
	doc   ast.Node
	state *parseState
	// staff marks the body lines (from 1) inside staff blocks; nil when
	// the body has none.
	staff []bool
	// cut are the top-level blocks inside staff blocks.
	cut         []ast.Node
	publicReady bool
	// last is the latest rendering of a body with staff blocks, block by
	// block, so the other site's page copies the blocks it shares.
	last *rendering
}

// rendering is a body's HTML block by block, with the renderer and the
// link destinations it was rendered with. With the node renderers New
// sets up, a top-level block renders the same whatever its neighbours, so
// another rendering by the same renderer can copy a block's HTML whenever
// the links in it rewrite to the same destinations on its page.
type rendering struct {
	by     *Renderer
	html   string
	blocks map[ast.Node][2]int // a rendered top-level block's start and end in html
	dests  [][]byte            // each link's destination (p.state.links order)
}

// Parse parses a body. staff marks its staff-only lines (Split.StaffLines),
// or is nil for a body that reads the same in both sites.
func (r *Renderer) Parse(src string, staff []bool) *Parsed {
	source := []byte(src)
	st := &parseState{}
	ctx := parser.NewContext(parser.WithIDs(newIDs()))
	ctx.Set(parseKey, st)
	md := r.md
	if !needsLinkify(source) {
		md = r.plain
	}
	doc := md.Parser().Parse(text.NewReader(source), parser.WithContext(ctx))
	p := &Parsed{src: source, doc: doc, state: st, staff: staff}
	if staff != nil {
		p.publicReady = p.splitPublic(len(ctx.References()) > 0)
	}
	return p
}

// PublicReady reports whether RenderPublic gives the public page's body.
// When it is false, render the public text with Render instead.
func (p *Parsed) PublicReady() bool { return p.staff == nil || p.publicReady }

// splitPublic sorts the top-level blocks into public and staff-only ones,
// and reports whether rendering the public ones alone is exactly the
// rendering of the public text. It says no whenever it cannot be sure:
// a block with lines on both sides, a heading in a staff block (heading
// ids and levels count every heading), link reference definitions (one
// inside a staff block would resolve links outside it), code or raw HTML
// right before a staff block (see openEnded), and a list or indented code
// block before a staff block that the next public block could continue
// once the staff block is blanked out.
func (p *Parsed) splitPublic(hasReferences bool) bool {
	if hasReferences {
		return false
	}
	var before ast.Node // the last public block, while staff blocks follow it
	for n := p.doc.FirstChild(); n != nil; n = n.NextSibling() {
		first, last, ok := p.lineSpan(n)
		if !ok {
			return false
		}
		inStaff, inPublic := false, false
		for l := first; l <= last; l++ {
			if p.isStaffLine(l) {
				inStaff = true
			} else if !p.blankLine(l) {
				inPublic = true
			}
		}
		switch {
		case inStaff && inPublic:
			return false
		case inStaff:
			if hasHeading(n) {
				return false
			}
			if before != nil && before == n.PreviousSibling() && openEnded(before) {
				return false
			}
			p.cut = append(p.cut, n)
			continue
		}
		if before != nil && len(p.cut) > 0 && p.cut[len(p.cut)-1] == n.PreviousSibling() && mayContinue(before, p.lineText(first)) {
			return false
		}
		before = n
	}
	return true
}

// openEnded reports whether a block, or the last block inside a list,
// is code or raw HTML: blocks that take in the blank lines after them, so
// the blanked staff block could end up inside them in the public text.
// (The staff text may not agree: a fence in a list item is not one that
// SplitAudiences sees, so a "::: staff" after it still opens a block.)
func openEnded(block ast.Node) bool {
	if block.Kind() == ast.KindList {
		for c := block.LastChild(); c != nil && c.Type() == ast.TypeBlock; c = c.LastChild() {
			block = c
		}
	}
	switch block.Kind() {
	case ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindHTMLBlock:
		return true
	}
	return false
}

// mayContinue reports whether a public block starting with line could,
// after blank lines, continue block (a list or an indented code block).
func mayContinue(block ast.Node, line []byte) bool {
	switch block.Kind() {
	case ast.KindList, ast.KindCodeBlock:
	default:
		return false
	}
	if len(line) == 0 || line[0] == ' ' || line[0] == '\t' {
		return true
	}
	switch line[0] {
	case '-', '+', '*':
		return true
	}
	i := 0
	for i < len(line) && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	return i > 0 && i < len(line) && (line[i] == '.' || line[i] == ')')
}

func hasHeading(n ast.Node) bool {
	found := false
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := c.(*ast.Heading); ok && entering {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// lineSpan returns the first and last body lines a top-level block takes:
// from where it or any of its descendants starts to where the last of
// their lines and texts ends.
func (p *Parsed) lineSpan(n ast.Node) (first, last int, ok bool) {
	start, end := len(p.src), -1
	add := func(from, to int) {
		start, end = min(start, from), max(end, to)
	}
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if t, isText := c.(*ast.Text); isText {
			add(t.Segment.Start, max(t.Segment.Start, t.Segment.Stop-1))
			return ast.WalkContinue, nil
		}
		if c.Type() != ast.TypeBlock {
			return ast.WalkContinue, nil
		}
		if c.Pos() >= 0 {
			add(c.Pos(), c.Pos())
		}
		lines := c.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			add(seg.Start, max(seg.Start, seg.Stop-1))
		}
		if h, isHTML := c.(*ast.HTMLBlock); isHTML && h.HasClosure() {
			add(h.ClosureLine.Start, max(h.ClosureLine.Start, h.ClosureLine.Stop-1))
		}
		return ast.WalkContinue, nil
	})
	if end < 0 || start > end {
		return 0, 0, false
	}
	end = min(end, len(p.src)-1)
	return p.lineAt(start), p.lineAt(end), true
}

// lineAt returns the line (from 1) that holds byte offset.
func (p *Parsed) lineAt(offset int) int { return p.state.lines(p.src).line(offset) }

// rewrites reports whether a rendering for the public page or the staff
// page keeps (and so rewrites the links of) body line l.
func (p *Parsed) rewrites(public bool, l int) bool { return !public || !p.isStaffLine(l) }

func (p *Parsed) isStaffLine(l int) bool { return l < len(p.staff) && p.staff[l] }

// lineText returns body line l (from 1) without its line ending.
func (p *Parsed) lineText(l int) []byte {
	starts := p.state.lines(p.src)
	if l < 1 || l > len(starts) {
		return nil
	}
	line := p.src[starts[l-1]:]
	if j := bytes.IndexByte(line, '\n'); j >= 0 {
		line = line[:j]
	}
	return bytes.TrimRight(line, "\r")
}

// blankLine reports whether line l is blank as markdown says it: nothing
// but spaces and tabs (a form feed is text).
func (p *Parsed) blankLine(l int) bool {
	return len(bytes.Trim(p.lineText(l), " \t")) == 0
}

// RenderStaff renders the whole body: the staff page's, or the only one
// of a body without staff blocks.
func (r *Renderer) RenderStaff(p *Parsed, page Page) Result { return r.render(p, page, false) }

// RenderPublic renders the body without its staff blocks; only for a
// Parsed that is PublicReady.
func (r *Renderer) RenderPublic(p *Parsed, page Page) Result {
	if !p.PublicReady() {
		panic("markdown: RenderPublic on a body whose public text must be parsed on its own")
	}
	return r.render(p, page, true)
}

func (r *Renderer) render(p *Parsed, page Page, public bool) Result {
	var out Result
	keep := func(line int) bool { return p.rewrites(public, line) }
	for _, h := range p.state.headings {
		if keep(h.line) {
			out.Headings = append(out.Headings, h.Heading)
		}
	}
	for _, pr := range p.state.problems {
		if keep(pr.Line) {
			out.Problems = append(out.Problems, pr)
		}
	}
	// The destinations are kept only for a body rendered block by block.
	var dests [][]byte
	if p.staff != nil {
		dests = make([][]byte, len(p.state.links))
	}
	for i, l := range p.state.links {
		if !keep(l.line) {
			continue
		}
		dest := out.rewrite(l, page)
		switch n := l.node.(type) {
		case *ast.Link:
			n.Destination = dest
		case *ast.Image:
			n.Destination = dest
		}
		if p.staff != nil {
			dests[i] = dest
		}
	}
	o := r.bufs.Get().(*output)
	o.Reset()
	var err error
	if p.staff == nil {
		err = r.md.Renderer().Render(o, p.src, p.doc)
	} else {
		p.last, err = r.renderBlocks(o, p, public, dests)
	}
	if err != nil {
		out.Problems = append(out.Problems, Problem{Line: 1, Col: 1, Code: "markdown", Message: err.Error()})
	}
	out.HTML = o.String()
	if p.last != nil {
		p.last.html = out.HTML
	}
	r.bufs.Put(o)
	return out
}

// renderBlocks renders a body with staff blocks one top-level block at a
// time (leaving out the staff blocks for the public page), copying each
// block the last rendering by this renderer made with the same link
// destinations.
func (r *Renderer) renderBlocks(o *output, p *Parsed, public bool, dests [][]byte) (*rendering, error) {
	prev := p.last
	if prev != nil && prev.by != r {
		prev = nil // another renderer may escape raw HTML otherwise
	}
	var stale map[ast.Node]bool // blocks whose links now go elsewhere
	if prev != nil {
		for i, l := range p.state.links {
			// A link the last rendering skipped is in a staff block it
			// did not render, so only the destinations need comparing.
			if p.rewrites(public, l.line) && !bytes.Equal(prev.dests[i], dests[i]) {
				if stale == nil {
					stale = map[ast.Node]bool{}
				}
				stale[topBlock(p.doc, l.node)] = true
			}
		}
	}
	cur := &rendering{by: r, blocks: map[ast.Node][2]int{}, dests: dests}
	for n := p.doc.FirstChild(); n != nil; n = n.NextSibling() {
		if public && slices.Contains(p.cut, n) {
			continue
		}
		start := o.Len()
		if span, ok := prev.block(n); ok && !stale[n] {
			o.WriteString(prev.html[span[0]:span[1]])
		} else if err := r.md.Renderer().Render(o, p.src, n); err != nil {
			return nil, err
		}
		cur.blocks[n] = [2]int{start, o.Len()}
	}
	return cur, nil
}

// block returns where a block's HTML is in a rendering, if it has it.
func (rd *rendering) block(n ast.Node) ([2]int, bool) {
	if rd == nil {
		return [2]int{}, false
	}
	span, ok := rd.blocks[n]
	return span, ok
}

// topBlock returns the top-level block of doc that holds n.
func topBlock(doc, n ast.Node) ast.Node {
	for n.Parent() != nil && n.Parent() != doc {
		n = n.Parent()
	}
	return n
}
