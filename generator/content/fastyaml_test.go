package content

import (
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/bench/corpus"
	"github.com/charter-ssg/charter/generator/diag"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// dumpYAML writes out everything the decoder reads of a tree: each node's
// type, its token's value and position, and its typed value.
func dumpYAML(n ast.Node, b *strings.Builder, indent string) {
	if n == nil {
		b.WriteString(indent + "nil\n")
		return
	}
	tk := n.GetToken()
	fmt.Fprintf(b, "%s%T %q %d:%d", indent, n, tk.Value, tk.Position.Line, tk.Position.Column)
	switch v := n.(type) {
	case *ast.StringNode:
		fmt.Fprintf(b, " %q\n", v.Value)
	case *ast.BoolNode:
		fmt.Fprintf(b, " %t\n", v.Value)
	case *ast.FloatNode:
		fmt.Fprintf(b, " %v\n", v.Value)
	case *ast.IntegerNode:
		fmt.Fprintf(b, " %v\n", v.Value)
	case *ast.InfinityNode:
		fmt.Fprintf(b, " %v\n", v.Value)
	case *ast.MappingNode:
		b.WriteString("\n")
		for _, mv := range v.Values {
			dumpYAML(mv, b, indent+"  ")
		}
	case *ast.MappingValueNode:
		b.WriteString("\n")
		dumpYAML(v.Key, b, indent+"  key ")
		dumpYAML(v.Value, b, indent+"  value ")
	case *ast.SequenceNode:
		b.WriteString("\n")
		for _, x := range v.Values {
			dumpYAML(x, b, indent+"  - ")
		}
	default:
		b.WriteString("\n")
	}
}

func dumped(n ast.Node) string {
	var b strings.Builder
	dumpYAML(n, &b, "")
	return b.String()
}

// sameAsGoccy checks the fast parser against goccy/go-yaml on src: when
// it takes src at all, goccy must parse src without error into the same
// tree. It reports whether the fast parser took it.
func sameAsGoccy(t *testing.T, src string) bool {
	t.Helper()
	fast, ok := fastYAML([]byte(src))
	if !ok {
		return false
	}
	f, err := parser.ParseBytes([]byte(src), 0)
	if err != nil {
		t.Fatalf("the fast parser took YAML that goccy refuses (%v):\n%s", err, src)
	}
	if len(f.Docs) != 1 || f.Docs[0].Body == nil {
		t.Fatalf("the fast parser made a tree of YAML that goccy reads as %d documents:\n%s", len(f.Docs), src)
	}
	if got, want := dumped(fast), dumped(f.Docs[0].Body); got != want {
		t.Fatalf("the fast parser's tree differs from goccy's for:\n%s\nfast:\n%s\ngoccy:\n%s", src, got, want)
	}
	return true
}

// frontMatters returns the front matter of every markdown file under dir.
func frontMatters(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	var out []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if yamlSrc, _, _, ok := frontMatter(p, trimBOM(src), &diag.List{}); ok {
			out = append(out, string(loneCR(yamlSrc)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFastYAMLTakesTheUsualFrontMatterAsGoccyReadsIt(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 60); err != nil {
		t.Fatal(err)
	}
	usual := frontMatters(t, os.DirFS(dir))
	usual = append(usual, frontMatters(t, os.DirFS(filepath.Join("..", "..", "content")))...)
	for _, src := range usual {
		if !sameAsGoccy(t, src) {
			t.Errorf("the fast parser gave up on usual front matter:\n%s", src)
		}
	}
	// The test sites hold mistakes on purpose: whatever is taken must match.
	sites, _ := filepath.Glob(filepath.Join("..", "build", "testdata", "sites", "*"))
	for _, site := range sites {
		for _, src := range frontMatters(t, os.DirFS(site)) {
			sameAsGoccy(t, src)
		}
	}
}

func TestFastYAMLOnEdgeCases(t *testing.T) {
	for _, src := range fastYAMLSeeds {
		sameAsGoccy(t, src)
	}
}

var fastYAMLSeeds = []string{
	"a: x\na: y\n", "a:  two spaces\n", "a: v # c\n", "a: x, [y] {z}\n", "a: b: c\n",
	"a: ~\nb: .inf\nc: 0x1F\nd: 1_000\ne: 1e3\nf: +1\ng: -2\nh: .5\ni: 08\nj: yes\nk: on\nl: Null\nm: -.INF\nn: .NaN\no: 0o17\np: 0b101\n",
	"a: x\n  continued\n", "a:\n  b: c\n  d: e\n", "a:\n  - x\n  - y\nb: z", "a: [x,y , z ]\n",
	"a: \"q\" \n", "a: x\n\nb: y\n", "a: 'it''s'\n", "- a\n- b\n", "a: -x\nb: x-\nc: 'x'y\n",
	"a: x:y\nb: http://x.y/z\n", "a: é\nb: [é, x]\n", "a: x\n   \nb: y\n", "a: 50%\nb: 5 %\n",
	"a: @x\n", "a: `x\n", "a: x\"y\n", "a: x 'y'\n", "a: !x\n", "a: %x\n", "a: x #y\n", "a: x#y\n",
	"a: |\n  lit\n", "a:\n- b: c\n  d: e\n- f\n", "a:\n  -   x\n", "a: [ ]\n", "a: []\n", "a: [x, 'y']\n",
	"a: [x]  \n", "a: \"\"\n", "a: ''\n", "? a\n", "a : b\n", "after: 30m  \n", "nul:\nb: 1\n",
	"a:\n    b: 1\n  c: 2\n", "a: \"x\n", "a: '\n", "a: \"\n", "a: [\n", "a: [x,]\n", "a: [,]\n",
	"true: x\n", "null: x\n", "a-b_c: d\n", "a:\n- x\n-\n", "a:\n  - - x\n", "a: x\n# comment\n",
	"a: x\n  # comment\n", "a:\n\n\n  b: c\n", "a:\n  b:\n    c: d\n  e: f\n", "a: Fish & chips!\n",
	"a: 'x' # c\n", "a: \"x\" y\n", "a: [x] y\n", "  a: b\n", "a: b\n  c: d\n", "a:\n  -  b: c\n     d: e\n",
	"a: x - y\nb: - z\n", "a: 2026-10-01\nb: 10:30\nc: 1:2:3\n", "a: Mon–Fri 08:00–18:00\n",
	"a: {x: y}\n", "a: x,\nb: ,x\n", "a: x\nb:\n", "a:\n", "", "\n\n", "a: x\n\n",
}

// FuzzFastYAML: whatever the fast parser takes, goccy reads the same.
func FuzzFastYAML(f *testing.F) {
	for _, s := range fastYAMLSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) { sameAsGoccy(t, src) })
}

// Random front matter from the pieces YAML gives meaning to.
func TestFastYAMLOnRandomFrontMatter(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	risky := []string{"x", "Yes", "null", "~", "12", "1.5", "-3", ".inf", "0x1f", "a b", "a: b", "a:b", "#", " #c", "x#", "'q'", "\"q\"",
		"it's", "\"", "'", "[a, b]", "[a,b ]", "[]", "[a]", "{a}", "é", "–", ",", "&a", "*a", "!t", "|", ">", "%", "@", "`", "-", "- x", "?", ":", " ", "  "}
	plain := []string{"word", "two words", "Fish & chips!", "x, y", "50%", "08:00", "http://a.b/c", "a-b", "2026-10-01", "95", "Mon–Fri", "it's", "x\"y", "[a, b]", "\"quoted\"", "'single'"}
	keys := []string{"a", "b", "title", "id", "x-y", "true", "n"}
	piece := func() string {
		var b strings.Builder
		for range 1 + rng.Intn(3) {
			if rng.Intn(3) == 0 {
				b.WriteString(risky[rng.Intn(len(risky))])
			} else {
				b.WriteString(plain[rng.Intn(len(plain))])
			}
		}
		return b.String()
	}
	n := 20000
	if testing.Short() {
		n = 5000
	}
	taken := 0
	for range n {
		var b strings.Builder
		indent := ""
		for range 1 + rng.Intn(6) {
			switch rng.Intn(6) {
			case 0:
				indent = strings.Repeat(" ", []int{0, 0, 2, 4}[rng.Intn(4)])
			case 1:
				fmt.Fprintf(&b, "%s%s:\n", indent, keys[rng.Intn(len(keys))])
				indent += "  "
			case 2:
				fmt.Fprintf(&b, "%s- %s\n", indent, piece())
			case 3:
				fmt.Fprintf(&b, "%s- %s: %s\n", indent, keys[rng.Intn(len(keys))], piece())
				indent += "  "
			default:
				fmt.Fprintf(&b, "%s%s: %s\n", indent, keys[rng.Intn(len(keys))], piece())
			}
			if rng.Intn(8) == 0 {
				b.WriteString("\n")
			}
		}
		if sameAsGoccy(t, b.String()) {
			taken++
		}
	}
	// The generator must reach the fast path often enough to test it.
	if taken < n/20 {
		t.Fatalf("the fast parser took only %d of %d random front matters", taken, n)
	}
	t.Logf("fast parser took %d of %d", taken, n)
}

// scalarToken skips token.New only where token.New would find a string.
func TestScalarTokenClassifiesAsTokenNew(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	values := []string{"Falsehood", "FALSE", "false", "Nullable", "nulled", "Truest", "infinity", "Infinity", "NaNNaN", "nan", "yes", "on"}
	alphabet := "aefilnrstuyFINTx0123456789._-+eE"
	for range 20000 {
		b := make([]byte, 1+rng.Intn(9))
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		values = append(values, string(b))
	}
	for _, v := range values {
		if got, want := scalarToken(v, v, nil).Type, token.New(v, v, nil).Type; got != want {
			t.Fatalf("%q: scalarToken gives %v, token.New %v", v, got, want)
		}
	}
}
