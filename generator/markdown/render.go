package markdown

import (
	"unicode"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// overrides replaces goldmark's output for raw HTML (escaped, so the
// author sees what they wrote, unless the site opts into raw HTML) and for
// task-list checkboxes (a mark with words for screen readers instead of an
// unlabelled, disabled input).
type overrides struct {
	unsafe bool
}

func (o *overrides) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	if !o.unsafe {
		reg.Register(ast.KindHTMLBlock, o.htmlBlock)
		reg.Register(ast.KindRawHTML, o.rawHTML)
	}
	reg.Register(east.KindTaskCheckBox, o.taskCheckBox)
}

func (o *overrides) htmlBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if !entering {
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<pre class=\"raw-html\"><code>")
	for i := 0; i < n.Lines().Len(); i++ {
		line := n.Lines().At(i)
		_, _ = w.Write(util.EscapeHTML(line.Value(src)))
	}
	if n.HasClosure() {
		_, _ = w.Write(util.EscapeHTML(n.ClosureLine.Value(src)))
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

func (o *overrides) rawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
	}
	return ast.WalkSkipChildren, nil
}

func (o *overrides) taskCheckBox(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if node.(*east.TaskCheckBox).IsChecked {
		_, _ = w.WriteString(`<span class="task task-done"><span class="visually-hidden">Done: </span></span>`)
	} else {
		_, _ = w.WriteString(`<span class="task task-todo"><span class="visually-hidden">To do: </span></span>`)
	}
	return ast.WalkContinue, nil
}
