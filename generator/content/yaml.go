package content

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/model"
	yaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// decoder turns a YAML syntax tree into typed fields, reporting every
// problem with the file position it came from. We walk the tree ourselves,
// instead of unmarshalling into structs, so that each field keeps its
// position and each mistake gets a message written for a charter author.
type decoder struct {
	file     string
	lineBase int // file line of YAML line 1, minus one
	lines    int // lines in the YAML source, to keep positions inside it
	diags    *diag.List
}

// at turns a YAML position into a file position. goccy/go-yaml sometimes
// counts a line too many (carriage returns in quoted text), so the line is
// kept inside the source.
func (d *decoder) at(line, col int) diag.Pos {
	if d.lines > 0 && line > d.lines {
		line, col = d.lines, 1
	}
	return diag.Pos{File: d.file, Line: d.lineBase + max(line, 1), Col: max(col, 1)}
}

// parseYAML parses src and returns its single document's root node (nil
// for an empty document). Syntax errors are reported and return ok=false.
func (d *decoder) parseYAML(src []byte) (root ast.Node, ok bool) {
	d.lines = bytes.Count(src, []byte("\n")) + 1
	if root, ok := fastYAML(src); ok {
		return root, true
	}
	f, err := parser.ParseBytes(src, 0)
	if err != nil {
		if !d.needsQuotes(src) {
			d.syntaxError(err)
		}
		return nil, false
	}
	if len(f.Docs) > 1 {
		d.diags.Errorf(d.pos(f.Docs[1]), "yaml-syntax", "only one YAML document is allowed here: remove the extra \"---\" line")
		return nil, false
	}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return nil, true
	}
	return f.Docs[0].Body, true
}

func (d *decoder) syntaxError(err error) {
	var yerr yaml.Error
	pos := diag.Pos{File: d.file, Line: d.lineBase + 1, Col: 1}
	msg := err.Error()
	if errors.As(err, &yerr) {
		msg = yerr.GetMessage()
		if tk := yerr.GetToken(); tk != nil && tk.Position != nil {
			pos = d.at(tk.Position.Line, tk.Position.Column)
		}
	}
	d.diags.Errorf(pos, "yaml-syntax", "invalid YAML: %s (a value that holds \": \" or starts with [, *, &, %% or # must be put in quotes)", msg)
}

// needsQuotes looks for the usual cause of a YAML error in front matter:
// an unquoted value that holds ": " or starts with a character YAML gives a
// meaning to. It reports each such value and says whether it found one.
func (d *decoder) needsQuotes(src []byte) bool {
	found := false
	for i, line := range strings.Split(string(src), "\n") {
		trimmed := strings.TrimLeft(line, " ")
		trimmed = strings.TrimPrefix(trimmed, "- ")
		key, value, ok := strings.Cut(trimmed, ": ")
		if !ok || strings.ContainsAny(key, " \"'#[{") || key == "" {
			continue
		}
		v := strings.TrimSpace(value)
		col := len(line) - len(strings.TrimLeft(value, " ")) + 1
		var why string
		switch {
		case v == "" || v[0] == '"' || v[0] == '\'' || v[0] == '|' || v[0] == '>':
			continue
		case (v[0] == '[' && !strings.HasSuffix(v, "]")) || (v[0] == '{' && !strings.HasSuffix(v, "}")):
			why = fmt.Sprintf("starts with %q, so YAML reads it as a list", v[:1])
		case strings.ContainsAny(v[:1], "*&%@`!"):
			why = fmt.Sprintf("starts with %q, which YAML gives a meaning to", v[:1])
		case strings.Contains(v, ": ") && v[0] != '[' && v[0] != '{':
			why = "holds \": \", so YAML reads it as another key"
		default:
			continue
		}
		found = true
		d.diags.Errorf(diag.Pos{File: d.file, Line: d.lineBase + i + 1, Col: col}, "yaml-syntax",
			"the value of %s %s: put the whole value in quotes, like %s: %q", key, why, key, v)
	}
	return found
}

// pos returns the file position of a node.
func (d *decoder) pos(n ast.Node) diag.Pos {
	if n == nil {
		return diag.Pos{File: d.file, Line: d.lineBase + 1, Col: 1}
	}
	if doc, ok := n.(*ast.DocumentNode); ok {
		// A document's token is its body's, and it may have no body.
		switch {
		case doc.Start != nil && doc.Start.Position != nil:
			return d.at(doc.Start.Position.Line, doc.Start.Position.Column)
		case doc.Body == nil:
			return diag.Pos{File: d.file, Line: d.lineBase + 1, Col: 1}
		}
		return d.pos(doc.Body)
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return diag.Pos{File: d.file, Line: d.lineBase + 1, Col: 1}
	}
	return d.at(tk.Position.Line, tk.Position.Column)
}

// unwrap strips anchors and tags so a value is read as written.
func unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		default:
			return n
		}
	}
}

func isNull(n ast.Node) bool {
	if n == nil {
		return true
	}
	_, ok := unwrap(n).(*ast.NullNode)
	return ok
}

// field is one key's handler in a mapping.
type field func(value ast.Node)

// mapping reads a YAML mapping whose keys must all be in fields. It reports
// unknown keys (with a suggestion), duplicate keys and a non-mapping value,
// and returns the set of keys present.
func (d *decoder) mapping(n ast.Node, what string, fields map[string]field) map[string]bool {
	seen := map[string]bool{}
	if n == nil || isNull(n) {
		return seen
	}
	m, ok := unwrap(n).(*ast.MappingNode)
	if !ok {
		if mv, isMV := unwrap(n).(*ast.MappingValueNode); isMV {
			m = &ast.MappingNode{Values: []*ast.MappingValueNode{mv}}
		} else {
			d.diags.Errorf(d.pos(n), "type", "%s must be a mapping of keys to values, not %s", what, describe(n))
			return seen
		}
	}
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, kv := range m.Values {
		key := kv.Key.GetToken().Value
		if _, isAlias := unwrap(kv.Value).(*ast.AliasNode); isAlias {
			d.diags.Errorf(d.pos(kv.Value), "yaml-alias", "YAML aliases (*name) are not supported here: write the value out")
			continue
		}
		handler, known := fields[key]
		if !known {
			d.diags.Errorf(d.pos(kv.Key), "unknown-key", "unknown key %q in %s%s", key, what, diag.DidYouMean(key, names))
			continue
		}
		if seen[key] {
			d.diags.Errorf(d.pos(kv.Key), "duplicate-key", "key %q appears twice in %s: keep one", key, what)
			continue
		}
		seen[key] = true
		if isNull(kv.Value) {
			continue // an empty value is the same as leaving the key out
		}
		handler(kv.Value)
	}
	return seen
}

func describe(n ast.Node) string {
	switch unwrap(n).(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "a number"
	case *ast.BoolNode:
		return "true/false"
	case *ast.NullNode:
		return "nothing"
	}
	return "text"
}

// scalarText returns a scalar exactly as written (so id: 0123 is "0123").
func scalarText(n ast.Node) (string, bool) {
	switch v := unwrap(n).(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		return v.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return v.GetToken().Value, true
	}
	return "", false
}

// text reads a text field; any scalar is taken as written.
func (d *decoder) text(n ast.Node, key string) model.Text {
	s, ok := scalarText(n)
	if !ok {
		d.diags.Errorf(d.pos(n), "type", "%s must be text, not %s", key, describe(n))
		return model.Text{Pos: d.pos(n)}
	}
	return model.Text{Value: strings.TrimSpace(s), Pos: d.pos(n)}
}

func (d *decoder) str(n ast.Node, key string) string { return d.text(n, key).Value }

// number reads a YAML number, explaining the usual ways to get it wrong.
func (d *decoder) number(n ast.Node, key string) (float64, bool) {
	switch v := unwrap(n).(type) {
	case *ast.IntegerNode:
		f, err := strconv.ParseFloat(strings.ReplaceAll(v.GetToken().Value, "_", ""), 64)
		if err == nil {
			return f, true
		}
	case *ast.FloatNode:
		if !math.IsInf(v.Value, 0) && !math.IsNaN(v.Value) {
			return v.Value, true
		}
	case *ast.StringNode:
		s := strings.TrimSpace(v.Value)
		if strings.HasSuffix(s, "%") {
			if _, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(s, "%")), 64); err == nil {
				d.diags.Errorf(d.pos(n), "type", "%s must be a number: write %s with unit: percent", key, strings.TrimSpace(strings.TrimSuffix(s, "%")))
				return 0, false
			}
		}
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			d.diags.Errorf(d.pos(n), "type", "%s must be a number, not quoted text: write %s without quotes", key, s)
			return 0, false
		}
	}
	d.diags.Errorf(d.pos(n), "type", "%s must be a number, not %s", key, describe(n))
	return 0, false
}

func (d *decoder) boolean(n ast.Node, key string) (bool, bool) {
	if b, ok := unwrap(n).(*ast.BoolNode); ok {
		return b.Value, true
	}
	d.diags.Errorf(d.pos(n), "type", "%s must be true or false, not %s", key, describe(n))
	return false, false
}

// list reads a sequence, calling item for each entry.
func (d *decoder) list(n ast.Node, key string, item func(ast.Node)) {
	seq, ok := unwrap(n).(*ast.SequenceNode)
	if !ok {
		d.diags.Errorf(d.pos(n), "type", "%s must be a list, like [a, b] or lines starting with \"- \", not %s", key, describe(n))
		return
	}
	for _, v := range seq.Values {
		if isNull(v) {
			d.diags.Errorf(d.pos(v), "type", "%s has an empty entry: remove it", key)
			continue
		}
		item(v)
	}
}

// textList reads a list of text values.
func (d *decoder) textList(n ast.Node, key string) []model.Text {
	var out []model.Text
	d.list(n, key, func(v ast.Node) {
		t := d.text(v, key+" entry")
		if t.Value != "" {
			out = append(out, t)
		}
	})
	return out
}

// refList reads a list of IDs.
func (d *decoder) refList(n ast.Node, key string) []model.Ref {
	var out []model.Ref
	for _, t := range d.textList(n, key) {
		out = append(out, model.Ref{ID: t.Value, Pos: t.Pos})
	}
	return out
}

func (d *decoder) ref(n ast.Node, key string) model.Ref {
	t := d.text(n, key)
	return model.Ref{ID: t.Value, Pos: t.Pos}
}

// date reads a YYYY-MM-DD date.
func (d *decoder) date(n ast.Node, key string) model.Text {
	t := d.text(n, key)
	if _, err := time.Parse("2006-01-02", t.Value); err != nil {
		d.diags.Errorf(t.Pos, "bad-date", "%s must be a date written YYYY-MM-DD, not %q", key, t.Value)
		return model.Text{Pos: t.Pos}
	}
	return t
}

// duration reads a duration such as "2h" or "10 working days".
func (d *decoder) duration(n ast.Node, key string) *model.Duration {
	t := d.text(n, key)
	dur, err := model.ParseDuration(t.Value)
	if err != nil {
		d.diags.Errorf(t.Pos, "bad-duration", "%s: %v", key, err)
		return nil
	}
	return &dur
}

// require reports each required key that the mapping lacks, at pos.
func (d *decoder) require(seen map[string]bool, pos diag.Pos, what string, keys ...string) {
	for _, k := range keys {
		if !seen[k] {
			d.diags.Errorf(pos, "missing-field", "%s needs %s: add \"%s: …\"", what, k, k)
		}
	}
}

func (d *decoder) errorf(n ast.Node, code, format string, args ...any) {
	d.diags.Errorf(d.pos(n), code, format, args...)
}

var _ = fmt.Sprintf
