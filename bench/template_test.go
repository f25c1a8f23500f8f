package bench

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
)

// BenchmarkTemplateActions measures what html/template costs per action
// of each kind (100 actions per op), the floor under charter's page
// rendering: go test -run XXX -bench TemplateActions ./bench/
func BenchmarkTemplateActions(b *testing.B) {
	type doc struct{ Title string }
	type page struct {
		doc
		Field string
	}
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
		{"template-dict", `{{template "t" (dict "Page" $ "S" .)}}`},
	} {
		t := template.Must(template.New("x").Funcs(funcs).Parse(`{{define "t"}}{{.Page.Field}}{{end}}` + strings.Repeat(c.action, 100)))
		p := &page{doc: doc{"T"}, Field: "a"}
		b.Run(c.name, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := t.Execute(&buf, p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
