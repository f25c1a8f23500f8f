package content

import (
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// fastYAML parses the front matter most documents have — block mappings
// and sequences of one-line scalars, quoted strings and flow lists of
// plain words — into the tree goccy/go-yaml makes of it, node for node
// with the same tokens and positions, in a fifth of the time and memory.
// It classifies scalars with goccy's own token.New, so a value is a
// number, true/false or null exactly when goccy says so. Anything else
// (comments, anchors, tags, block scalars, escapes, continuation lines,
// trailing spaces, tabs, duplicate keys, and every error) makes it give
// up, and goccy parses the source as before: ok is false then.
func fastYAML(src []byte) (root ast.Node, ok bool) {
	text := string(src)
	// Text that is not UTF-8 (content checks it first), tabs, carriage
	// returns, backslashes and the line breaks and spaces YAML knows beyond
	// ASCII are left to goccy.
	if !utf8.ValidString(text) || strings.ContainsAny(text, "\t\r\\\u0085\u00a0\u2028\u2029\u3000\ufeff") {
		return nil, false
	}
	p := fastParser{lines: strings.Split(text, "\n")}
	p.skipBlank()
	if p.done() || p.indent() != 0 || p.isItem() {
		return nil, false
	}
	m, ok := p.mapping(0)
	if !ok || !p.done() {
		return nil, false
	}
	return m, true
}

// fastParser walks the source line by line; at is the next line (from 0).
type fastParser struct {
	lines []string
	at    int
}

func (p *fastParser) done() bool { return p.at >= len(p.lines) }

func (p *fastParser) skipBlank() {
	for !p.done() && strings.TrimLeft(p.lines[p.at], " ") == "" {
		p.at++
	}
}

// indent is the number of spaces that start the current line.
func (p *fastParser) indent() int {
	l := p.lines[p.at]
	return len(l) - len(strings.TrimLeft(l, " "))
}

// isItem reports whether the current line is a sequence entry.
func (p *fastParser) isItem() bool {
	rest := p.lines[p.at][p.indent():]
	return rest == "-" || strings.HasPrefix(rest, "- ")
}

func (p *fastParser) pos(line, col int) *token.Position {
	return &token.Position{Line: line + 1, Column: col + 1}
}

// mapping reads the block mapping whose keys start at column indent.
func (p *fastParser) mapping(indent int) (*ast.MappingNode, bool) {
	return p.mappingFrom(indent, nil)
}

// mappingFrom reads a block mapping at indent whose first entry, if not
// nil, was read already (the first key of a sequence entry).
func (p *fastParser) mappingFrom(indent int, first *ast.MappingValueNode) (*ast.MappingNode, bool) {
	var values []*ast.MappingValueNode
	seen := map[string]bool{}
	add := func(mv *ast.MappingValueNode) bool {
		key := mv.Key.GetToken().Value
		if seen[key] {
			return false // goccy's error message is the one to show
		}
		seen[key] = true
		values = append(values, mv)
		return true
	}
	if first != nil {
		add(first)
	}
	for {
		p.skipBlank()
		if p.done() || p.indent() < indent {
			break
		}
		if p.indent() > indent || p.isItem() {
			return nil, false
		}
		line := p.at
		mv, ok := p.entry(line, indent)
		if !ok || !add(mv) {
			return nil, false
		}
	}
	if len(values) == 0 {
		return nil, false
	}
	return ast.Mapping(values[0].Start, false, values...), true
}

// entry reads the mapping entry whose key starts at column col of line,
// with its value, which may take the lines after it.
func (p *fastParser) entry(line, col int) (*ast.MappingValueNode, bool) {
	l := p.lines[line]
	key, ok := plainKey(l[col:])
	if !ok {
		return nil, false
	}
	colon := col + len(key)
	keyTk := scalarToken(key, key, p.pos(line, col))
	if keyTk.Type != token.StringType {
		return nil, false
	}
	colonTk := &token.Token{Type: token.MappingValueType, Value: ":", Origin: ":", Position: p.pos(line, colon)}
	p.at = line + 1
	var value ast.Node
	if rest := l[colon+1:]; rest != "" {
		value, ok = p.inline(line, colon+1, col)
	} else {
		value, ok = p.nested(line, colon, col)
	}
	if !ok {
		return nil, false
	}
	return ast.MappingValue(colonTk, ast.String(keyTk), value), true
}

// nested reads the value of a key that ends its line: a block mapping or
// sequence on the lines after it, or null.
func (p *fastParser) nested(line, colon, keyCol int) (ast.Node, bool) {
	p.skipBlank()
	switch {
	case !p.done() && p.indent() > keyCol && p.isItem():
		return p.sequence(p.indent())
	case !p.done() && p.indent() > keyCol:
		return p.mapping(p.indent())
	case !p.done() && p.indent() == keyCol && p.isItem():
		return p.sequence(keyCol) // "key:" then "- a" at the key's own column
	}
	// goccy puts an empty value's null one column further on when nothing
	// follows it. (The decoder skips nulls in mappings; the position is
	// kept only so the trees stay the same.)
	col := colon + 1
	if p.done() {
		col++
	}
	return ast.Null(token.New("null", "null", p.pos(line, col))), true
}

// sequence reads the block sequence whose dashes are at column indent.
func (p *fastParser) sequence(indent int) (*ast.SequenceNode, bool) {
	var seq *ast.SequenceNode
	for {
		p.skipBlank()
		if p.done() || p.indent() < indent {
			break
		}
		if p.indent() > indent || !p.isItem() {
			return nil, false
		}
		line := p.at
		l := p.lines[line]
		if seq == nil {
			dash := &token.Token{Type: token.SequenceEntryType, Value: "-", Origin: "-", Position: p.pos(line, indent)}
			seq = ast.Sequence(dash, false)
		}
		col := indent + 1
		for col < len(l) && l[col] == ' ' {
			col++
		}
		if col == len(l) {
			return nil, false // an empty entry
		}
		var item ast.Node
		var ok bool
		if _, isKey := plainKey(l[col:]); isKey {
			var first *ast.MappingValueNode
			if first, ok = p.entry(line, col); ok {
				item, ok = p.mappingFrom(col, first)
			}
		} else {
			p.at = line + 1
			item, ok = p.inline(line, col, indent)
		}
		if !ok {
			return nil, false
		}
		seq.Values = append(seq.Values, item)
	}
	return seq, seq != nil
}

// inline reads the value that starts after column from of line: a flow
// list, a quoted string or a plain scalar, which must end the line. The
// next line must not be a continuation of it, that is indented past
// owner, the column of the key or dash the value belongs to.
func (p *fastParser) inline(line, from, owner int) (ast.Node, bool) {
	l := p.lines[line]
	col := from
	for col < len(l) && l[col] == ' ' {
		col++
	}
	text := l[col:]
	if text == "" || strings.HasSuffix(text, " ") {
		return nil, false
	}
	next := p.at
	p.skipBlank()
	continued := !p.done() && p.indent() > owner
	p.at = next
	if continued {
		return nil, false
	}
	pos := p.pos(line, col)
	switch text[0] {
	case '[':
		return p.flowList(line, col, text)
	case '"', '\'':
		quote := text[:1]
		if len(text) < 2 || !strings.HasSuffix(text, quote) || strings.Contains(text[1:len(text)-1], quote) {
			return nil, false
		}
		if quote == `"` {
			return ast.String(token.DoubleQuote(text[1:len(text)-1], text, pos)), true
		}
		return ast.String(token.SingleQuote(text[1:len(text)-1], text, pos)), true
	}
	if !plainScalar(text) {
		return nil, false
	}
	return scalarNode(scalarToken(text, text, pos))
}

// flowList reads a one-line list of plain words, like [a, b-c, d].
func (p *fastParser) flowList(line, col int, text string) (ast.Node, bool) {
	if text[len(text)-1] != ']' || strings.ContainsAny(text[1:len(text)-1], "[]{}:#'\"") {
		return nil, false
	}
	for i := 0; i < len(p.lines[line]); i++ {
		if p.lines[line][i] >= 0x80 {
			return nil, false // goccy counts columns its own way past non-ASCII text
		}
	}
	open := &token.Token{Type: token.SequenceStartType, Value: "[", Origin: "[", Position: p.pos(line, col)}
	seq := ast.Sequence(open, true)
	inner := text[1 : len(text)-1]
	if inner == "" {
		return seq, true
	}
	start := col + 1
	for _, item := range strings.Split(inner, ",") {
		word := strings.TrimSpace(item)
		at := start + strings.Index(item, word)
		start += len(item) + 1
		if word == "" || strings.Contains(word, " ") || !plainScalar(word) {
			return nil, false
		}
		node, ok := scalarNode(scalarToken(word, word, p.pos(line, at)))
		if !ok {
			return nil, false
		}
		seq.Values = append(seq.Values, node)
	}
	return seq, true
}

// scalarToken is token.New, which goccy's scanner calls for each plain
// scalar, without its cost for most values: those that start with a
// letter, have no dot and are longer than five bytes are neither one of
// its keywords (null, true, false and the like are five bytes at most)
// nor a number (strconv reads none that starts with a letter).
func scalarToken(value, origin string, pos *token.Position) *token.Token {
	if len(value) > 5 && isLetter(value[0]) && !strings.Contains(value, ".") {
		return token.String(value, origin, pos)
	}
	return token.New(value, origin, pos)
}

// scalarNode makes the node goccy's parser makes of a scalar token.
func scalarNode(tk *token.Token) (ast.Node, bool) {
	switch tk.Type {
	case token.StringType, token.SingleQuoteType, token.DoubleQuoteType:
		return ast.String(tk), true
	case token.NullType:
		return ast.Null(tk), true
	case token.BoolType:
		return ast.Bool(tk), true
	case token.IntegerType, token.BinaryIntegerType, token.OctetIntegerType, token.HexIntegerType:
		return ast.Integer(tk), true
	case token.FloatType:
		return ast.Float(tk), true
	case token.InfinityType:
		return ast.Infinity(tk), true
	case token.NanType:
		return ast.Nan(tk), true
	}
	return nil, false
}

// plainKey returns the key that starts s, when s is "key:" or "key: …"
// with a key of letters, digits, '_' and '-' that starts with a letter.
func plainKey(s string) (string, bool) {
	i := 0
	for i < len(s) && (isLetter(s[i]) || i > 0 && (isDigit(s[i]) || s[i] == '_' || s[i] == '-')) {
		i++
	}
	if i == 0 || i == len(s) || s[i] != ':' || i+1 < len(s) && s[i+1] != ' ' {
		return "", false
	}
	return s[:i], true
}

// plainScalar reports whether s reads as one plain scalar in block
// context: it starts with no indicator and holds no ": " (a mapping) or
// " #" (a comment), nor ends in ':'.
func plainScalar(s string) bool {
	if s == "" || strings.ContainsRune("-?:,[]{}#&*!|>'\"%@` ", rune(s[0])) {
		return false
	}
	return !strings.Contains(s, ": ") && !strings.Contains(s, " #") && !strings.HasSuffix(s, ":")
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
