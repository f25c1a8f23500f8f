package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"math/rand"
	"reflect"
	"strings"
	"testing"
)

// The fixtures: data of every shape templates meet, with methods on values
// and pointers, embedding, maps, typed content and nil pointers.

type inner struct {
	Name  string
	Count int
	Tags  []string
}

func (i inner) Upper() string          { return strings.ToUpper(i.Name) }
func (i *inner) PtrName() string       { return "ptr:" + i.Name }
func (i inner) Join(sep string) string { return strings.Join(i.Tags, sep) }

type Embedded struct{ Shared string }

func (Embedded) Promoted() string { return "promoted" }

type stringer int

func (s stringer) String() string { return fmt.Sprintf("S<%d>", int(s)) }

type fixture struct {
	Embedded
	Title   string
	HTML    template.HTML
	URL     template.URL
	Attr    template.HTMLAttr
	JS      template.JS
	Num     int
	Uint    uint8
	Float   float64
	Bool    bool
	Items   []inner
	Ptrs    []*inner
	Nil     *inner
	Inner   inner
	InnerP  *inner
	Map     map[string]any
	IntMap  map[int]string
	Strs    []string
	Empty   []string
	Any     any
	Str     stringer
	private string
}

func (f *fixture) Greet(name string, n int) string { return fmt.Sprintf("hi %s x%d", name, n) }
func (f fixture) Pair() (string, error)            { return "pair", nil }
func (f fixture) Fails() (string, error)           { return "", errors.New("it failed") }
func (f fixture) Panics() string                   { panic("boom") }
func (f fixture) Self() *fixture                   { return &f }
func (f fixture) Safe() template.HTML              { return "<b>bold</b> & more" }
func (f fixture) Var(parts ...string) string       { return strings.Join(parts, "+") }

func newFixture(title string) *fixture {
	return &fixture{
		Embedded: Embedded{Shared: "shared <" + title + ">"},
		Title:    title,
		HTML:     `<em>emph</em> "q" & <a href="x">link</a>`,
		URL:      "javascript:alert(1)",
		Attr:     `data-x="1"`,
		JS:       `{"a":1}`,
		Num:      42,
		Uint:     7,
		Float:    2.5,
		Bool:     true,
		Items:    []inner{{"one", 1, []string{"a", "b"}}, {"two & <2>", 2, nil}},
		Ptrs:     []*inner{{Name: "p1"}, nil, {Name: "p3"}},
		Inner:    inner{Name: "in\"ner", Count: 3},
		InnerP:   &inner{Name: "inp"},
		Map:      map[string]any{"k": "v<>", "n": 5, "nested": map[string]any{"deep": "yes"}, "nilval": nil, "list": []int{3, 1, 2}},
		IntMap:   map[int]string{3: "c", 1: "a", 2: "b"},
		Strs:     []string{"x", "y\"", "z"},
		Any:      &inner{Name: "anyinner"},
		Str:      9,
		private:  "secret",
	}
}

var testFuncs = template.FuncMap{
	"upper": strings.ToUpper,
	"join":  strings.Join,
	"add":   func(a, b int) int { return a + b },
	"dict": func(pairs ...any) (map[string]any, error) {
		if len(pairs)%2 != 0 {
			return nil, errors.New("odd")
		}
		m := map[string]any{}
		for i := 0; i < len(pairs); i += 2 {
			k, ok := pairs[i].(string)
			if !ok {
				return nil, errors.New("key")
			}
			m[k] = pairs[i+1]
		}
		return m, nil
	},
	"wrap":    func(s string) template.HTML { return template.HTML("<i>" + s + "</i>") },
	"fail":    func() (string, error) { return "", errors.New("fail") },
	"deref":   func(p *int) int { return *p },
	"safeURL": func(s string) template.URL { return template.URL(s) },
}

// testDirect call the fixtures' methods without reflection, as a program
// of charter's calls its commonest; an interface result is left alone.
var testDirect = []Direct{
	Method0[inner, string](), Method0[*inner, string](), Method1[inner, string, string](),
	Method1[*inner, string, string](), Method0[fixture, template.HTML](), Method0[fixture, *fixture](),
	Method0[*fixture, *fixture](), Method0[*fixture, template.HTML](), Method0[fixture, any](),
}

// templates are snippets covering the language and html/template's
// contexts; each is run on several data values.
var templates = []string{
	`{{.Title}}`,
	`<p title="{{.Title}}">{{.Title}}</p>`,
	`<a href="{{.Title}}">x</a><a href="/p/{{.Title}}/">y</a><a href="/s?q={{.Title}}&r={{.Num}}">z</a>`,
	`<a href="{{.URL}}">u</a><a href="{{safeURL "javascript:ok()"}}">s</a><a href="#{{.Title}}">f</a>`,
	`<a title={{.Title}}>n</a><a title={{.HTML}}>h</a><a title="{{.HTML}}">a</a>`,
	`<textarea>{{.Title}}{{.HTML}}</textarea><title>{{.HTML}}</title>`,
	`{{.HTML}} {{.Safe}} {{wrap .Title}}`,
	`<script type="application/ld+json">{{.Map}}</script><script>var x = {{.JS}};</script>`,
	`<script>var s = {{.Title}}; var n = {{.Num}};</script>`,
	`{{.Num}} {{.Uint}} {{.Float}} {{.Bool}} {{.Str}} {{.Nil}} {{.Any}}`,
	`{{.Inner.Upper}} {{.Inner.PtrName}} {{.InnerP.PtrName}} {{.Inner.Join ","}} {{.Promoted}} {{.Shared}}`,
	`{{range .Items}}[{{.Name}}:{{.Count}}:{{.Upper}}:{{.PtrName}}]{{end}}`,
	`{{range $i, $x := .Items}}{{$i}}={{$x.Name}};{{else}}none{{end}}`,
	`{{range .Empty}}x{{else}}empty{{end}}{{range .Nil}}x{{else}}nil{{end}}`,
	`{{range $k, $v := .Map}}{{$k}}={{$v}};{{end}}`,
	`{{range $k, $v := .IntMap}}{{$k}}={{$v}};{{end}}`,
	`{{range 3}}{{.}}{{end}}{{range $i := 2}}<{{$i}}>{{end}}`,
	`{{range .Strs}}{{if eq . "z"}}{{break}}{{end}}{{.}}{{end}}|{{range .Strs}}{{if eq . "x"}}{{continue}}{{end}}{{.}}{{end}}`,
	`{{with .Inner}}{{.Name}}{{else}}no{{end}} {{with .Nil}}{{.Name}}{{else}}nil{{end}} {{with $x := .Num}}{{$x}}{{end}}`,
	`{{if .Bool}}yes{{else if .Num}}num{{else}}no{{end}}{{if not .Empty}}!{{end}}{{if and .Bool .Num}}and{{end}}{{if or .Empty .Title}}or{{end}}`,
	`{{and .Num .Title}} {{or .Empty .Strs}} {{and 0 .Panics}} {{or 1 .Panics}} {{.Title | or false}}`,
	`{{len .Strs}} {{len .Map}} {{len .Title}} {{index .Strs 1}} {{index .Map "k"}} {{index .IntMap 2}} {{index .Items 0 | printf "%v"}}`,
	`{{eq .Num 42}} {{eq .Title "a" "b" .Title}} {{ne .Num 1}} {{lt .Num 50}} {{le .Uint 7}} {{gt .Float 2.0}} {{ge .Num .Num}} {{eq .Uint 7}} {{lt .Num .Uint}}`,
	`{{printf "%s-%d-%v" .Title .Num .Float}} {{print .Title .Num}} {{println .Bool}} {{printf "%q" .HTML}}`,
	`{{$x := .Title}}{{$x}}{{$x = "changed"}}{{$x}}{{$y := .Items}}{{range $y}}{{$x}}{{end}}{{$}}`,
	`{{$.Title}}{{range .Items}}{{$.Num}}{{.Name}}{{end}}`,
	`{{.Greet "bob" 3}} {{.Greet .Title .Num}} {{.Pair}} {{.Self.Title}} {{.Var}} {{.Var "a" "b"}} {{"x" | .Var "y"}}`,
	`{{(.Self).Title}} {{(index .Items 1).Name}} {{(dict "a" .Title).a}} {{.Map.nested.deep}} {{.Map.missing}} {{.Map.nilval}}`,
	`{{upper .Title}} {{.Title | upper}} {{join .Strs ", "}} {{add 1 2}} {{add .Num 1}} {{.Num | add 10}}`,
	`{{template "sub" .}}{{template "sub" .Inner}}{{template "sub"}}{{block "blk" .Items}}{{len .}}{{end}}`,
	`{{define "rec"}}{{if .}}{{index . 0}}{{template "rec" (slice . 1)}}{{end}}{{end}}{{template "rec" .Strs}}`,
	`{{template "withdict" (dict "T" .Title "N" .Num "P" .)}}`,
	`{{.Ptrs}}{{range .Ptrs}}[{{.}}]{{end}}`,
	`{{range .Ptrs}}{{.Name}}{{end}}`,
	`{{.Nil.Name}}`,
	`{{.private}}`,
	`{{.Missing}}`,
	`{{.Fails}}`,
	`{{.Panics}}`,
	`{{fail}}`,
	`{{.Title 1}}`,
	`{{index .Strs 10}}`,
	`{{len .Num}}`,
	`{{eq .Items .Items}}`,
	`{{lt .Title 1}}`,
	`{{.Items.Name}}`,
	`{{html .Title}}`,
	`{{call .Pair}}`,
	`{{urlquery .Title}}`,
	`<div style="color: {{.Title}}">c</div>`,
	`<a onclick="f({{.Title}})">j</a>`,
	`{{"lit" | printf "%s!"}} {{1.5}} {{0x10}} {{'a'}} {{true}} {{nil | printf "%v"}}`,
	`{{- /* a comment */ -}} {{.Title -}} <!-- html comment --> {{- .Num}}`,
	`<img src="{{.Title}}" alt="{{.HTML}}"><input value="{{.Attr}}">`,
	`{{with .Map}}{{.k}}{{.n}}{{end}}{{with .Any}}{{.Name}}{{end}}`,
	`{{range $i, $e := .Strs}}{{if $i}}, {{end}}{{$e}}{{end}}`,
	`{{$n := 0}}{{range .Items}}{{$n = add $n .Count}}{{end}}{{$n}}`,
	`{{define "sub"}}<sub>{{.}}</sub>{{end}}{{define "withdict"}}{{.T}}/{{.N}}/{{.P.Title}}{{end}}`,
}

func dataValues() []any {
	return []any{
		newFixture(`Plain title`),
		newFixture(`<script>alert("x")</script> & 'quotes' + plus`),
		newFixture("javascript:alert(1)"),
		newFixture("caf\u00e9 \x00 nul \ufdd0 \xff bad"),
		newFixture(" spaces\tand\nnewlines="),
		newFixture(""),
		nil,
		map[string]any{"Title": "from a map", "Num": 3},
	}
}

// run executes name in set on data both ways.
func run(t *testing.T, src string, data any) (std string, stdErr error, fast string, fastErr error) {
	t.Helper()
	parse := func() *template.Template {
		set := template.New("root").Funcs(testFuncs)
		template.Must(set.New("page").Parse(src))
		template.Must(set.New("subs").Parse(`{{define "sub"}}<sub>{{.}}</sub>{{end}}{{define "withdict"}}{{.T}}/{{.N}}/{{.P.Title}}{{end}}`))
		return set
	}
	stdSet := parse()
	var b bytes.Buffer
	stdErr = stdSet.ExecuteTemplate(&b, "page", data)
	std = b.String()

	fastSet := parse()
	p := New(fastSet, testFuncs, testDirect...)
	var f bytes.Buffer
	fastErr = p.Execute(&f, "page", data)
	return std, stdErr, f.String(), fastErr
}

// TestProgramMatchesHTMLTemplate runs every snippet on every value with
// html/template and with the program: where the program gives output, it
// is html/template's, byte for byte, and html/template did not fail.
func TestProgramMatchesHTMLTemplate(t *testing.T) {
	ran := 0
	for i, src := range templates {
		for j, data := range dataValues() {
			std, stdErr, fast, fastErr := run(t, src, data)
			if fastErr != nil {
				continue // html/template takes over: nothing to compare
			}
			ran++
			if stdErr != nil {
				t.Errorf("template %d on value %d: program succeeded with %q where html/template failed: %v\n%s", i, j, fast, stdErr, src)
				continue
			}
			if fast != std {
				t.Errorf("template %d on value %d:\n%s\nhtml/template: %q\nprogram:       %q", i, j, src, std, fast)
			}
		}
	}
	// Most runs must take the fast path, or this test compares nothing.
	if total := len(templates) * len(dataValues()); ran < total*2/3 {
		t.Errorf("the program ran only %d of %d cases", ran, total)
	}
}

// TestProgramLeavesToHTMLTemplate names what the program must not run
// itself, so html/template gives its output or message.
func TestProgramLeavesToHTMLTemplate(t *testing.T) {
	for _, src := range []string{
		`{{.Fails}}`, `{{.Panics}}`, `{{fail}}`, `{{.Nil.Name}}`, `{{.private}}`, `{{.Title 1}}`,
		`{{index .Strs 10}}`, `{{call .Pair}}`, `<div style="color: {{.Title}}">c</div>`,
		`{{template "nope"}}`, `<a href="{{template "sub" .}}">`,
	} {
		_, _, _, fastErr := run(t, src, newFixture("x"))
		if fastErr == nil {
			t.Errorf("program ran %s itself", src)
		}
	}
}

// TestEscapersMatchHTMLTemplate compares the escapers the program does
// itself with html/template's on random text, in each context.
func TestEscapersMatchHTMLTemplate(t *testing.T) {
	contexts := []string{
		`{{.}}`, `<a title="{{.}}">`, `<a title='{{.}}'>`, `<a title={{.}}>`, `<textarea>{{.}}</textarea>`,
		`<a href="{{.}}">`, `<a href="/x/{{.}}">`, `<a href="/x?q={{.}}">`, `<a href='{{.}}'>`, `<a href={{.}}>`,
		`<img src="{{.}}">`, `<script type="application/ld+json">{{.}}</script>`,
	}
	pieces := []string{"a", "Z", "0", " ", "\t", "\n", "\x00", "&", "&amp;", "<", ">", "\"", "'", "+", "=", "`", "%", "%2f", "%zz",
		"#", "?", "/", ":", "javascript:", "http:", "mailto:", "é", "\u2028", "\ufdd0", "\uffff", "\xff", "日本", "-", ".", "~", "@", "!"}
	rng := rand.New(rand.NewSource(1))
	values := []any{"", nil, 12, 3.25, template.HTML("<b>x</b> &amp; y"), template.URL("javascript:x()"), template.HTMLAttr(`a="b"`), template.JS("1+1")}
	for i := 0; i < 400; i++ {
		var b strings.Builder
		for n := rng.Intn(8); n >= 0; n-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		values = append(values, b.String(), template.HTML(b.String()), template.URL(b.String()))
	}
	for _, ctx := range contexts {
		for _, v := range values {
			std, stdErr, fast, fastErr := run(t, ctx, v)
			if fastErr != nil {
				t.Errorf("%s on %q: program failed: %v", ctx, v, fastErr)
				continue
			}
			if stdErr != nil || fast != std {
				t.Errorf("%s on %#v:\nhtml/template: %q (%v)\nprogram:       %q", ctx, v, std, stdErr, fast)
			}
		}
	}
}

// TestProbesHaveOneEscaper checks that html/template gives each probe's
// action exactly the escaper the probe stands for, so a probe's output is
// that escaper's alone.
func TestProbesHaveOneEscaper(t *testing.T) {
	want := map[string]string{"attr": "_html_template_attrescaper", "nospace": "_html_template_nospaceescaper", "jsval": "_html_template_jsvalescaper"}
	for name, frame := range probeSources {
		set := template.Must(template.New(name).Parse(frame[0] + "{{.}}" + frame[1]))
		p := New(set, nil)
		if err := p.Execute(new(bytes.Buffer), name, "x"); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		used := p.escapers()
		if len(used) != 1 || !used[want[name]] {
			t.Errorf("probe %s has escapers %v, want only %s", name, used, want[name])
		}
	}
}

// FuzzProgram runs fuzzed templates on fuzzed text both ways: whatever the
// program renders itself must be what html/template renders.
func FuzzProgram(f *testing.F) {
	for _, src := range templates {
		f.Add(src, "a <b> & \"c\" + 'd'")
	}
	f.Fuzz(func(t *testing.T, src, title string) {
		set := template.New("root").Funcs(testFuncs)
		if _, err := set.New("page").Parse(src); err != nil {
			return
		}
		if _, err := set.New("subs").Parse(`{{define "sub"}}<sub>{{.}}</sub>{{end}}{{define "withdict"}}{{.T}}/{{.N}}/{{.P.Title}}{{end}}`); err != nil {
			return // the fuzzed template redefined one of these
		}
		std, stdErr, fast, fastErr := run(t, src, newFixture(title))
		if fastErr != nil {
			return
		}
		if stdErr != nil {
			t.Fatalf("program succeeded with %q where html/template failed: %v\n%s", fast, stdErr, src)
		}
		if fast != std {
			t.Fatalf("%s\nhtml/template: %q\nprogram:       %q", src, std, fast)
		}
	})
}

// TestDirectCallsSkipReflection checks that a method a Direct knows is
// called through it, with the same result.
func TestDirectCallsSkipReflection(t *testing.T) {
	calls := 0
	counting := func(fn any) func([]reflect.Value) (reflect.Value, error) {
		direct := Method0[*inner, string]()(fn)
		if direct == nil {
			return nil
		}
		return func(a []reflect.Value) (reflect.Value, error) { calls++; return direct(a) }
	}
	set := template.Must(template.New("p").Parse(`{{.InnerP.PtrName}}{{range .Ptrs}}{{if .}} {{.PtrName}}{{end}}{{end}} {{.Inner.Join "-"}}`))
	p := New(set, nil, counting)
	var b bytes.Buffer
	if err := p.Execute(&b, "p", newFixture("x")); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "ptr:inp ptr:p1 ptr:p3 "; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if calls != 3 {
		t.Errorf("%d direct calls, want 3 (Join takes an argument: it goes through reflection)", calls)
	}
}

// escapers reports which of html/template's escapers the compiled
// templates use, for tests.
func (p *Program) escapers() map[string]bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	used := map[string]bool{}
	var visit func([]node)
	visit = func(ns []node) {
		for _, n := range ns {
			switch n := n.(type) {
			case *actionNode:
				for _, e := range n.escapers {
					used[e.name] = true
				}
			case *ifNode:
				visit(n.list)
				visit(n.elseList)
			case *rangeNode:
				visit(n.list)
				visit(n.elseList)
			}
		}
	}
	for _, c := range p.byName {
		visit(c.root)
	}
	return used
}
