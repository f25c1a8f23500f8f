package bench

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/generator/tmplexec"
)

type actionDoc struct{ Title string }

type actionPage struct {
	actionDoc
	Field string
}

func (p *actionPage) Rel(s string) string { return "../" + s }

// BenchmarkTemplateActions measures what html/template and tmplexec each
// cost per action of each kind (100 actions per op), the floor under
// charter's page rendering: go test -run XXX -bench TemplateActions ./bench/
func BenchmarkTemplateActions(b *testing.B) {
	funcs := template.FuncMap{"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}}
	for _, c := range []struct{ name, action string }{
		{"text", `<p>hello</p>`},
		{"field", `<p>{{.Field}}</p>`},
		{"embedded-field", `<p>{{.Title}}</p>`},
		{"href", `<a href="{{.Field}}">x</a>`},
		{"if", `{{if .Field}}x{{end}}`},
		{"method", `<a href="{{.Rel "x/"}}">x</a>`},
		{"template-dict", `{{template "t" (dict "Page" $ "S" .)}}`},
	} {
		t := template.Must(template.New("x").Funcs(funcs).Parse(`{{define "t"}}{{.Page.Field}}{{end}}` + strings.Repeat(c.action, 100)))
		p := &actionPage{actionDoc: actionDoc{"T"}, Field: "a"}
		program := tmplexec.New(t, funcs)
		for _, engine := range []struct {
			name    string
			execute func(*bytes.Buffer) error
		}{
			{"html-template", func(buf *bytes.Buffer) error { return t.Execute(buf, p) }},
			{"tmplexec", func(buf *bytes.Buffer) error { return program.Execute(buf, "x", p) }},
		} {
			b.Run(c.name+"/"+engine.name, func(b *testing.B) {
				var buf bytes.Buffer
				for b.Loop() {
					buf.Reset()
					if err := engine.execute(&buf); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
