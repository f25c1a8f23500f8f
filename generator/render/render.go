// Package render owns the HTML templates: it loads them through the theme
// overlay (see Theme), parses them once, and executes one page at a time
// into bytes. It never reads or writes the disk itself; files come from an
// fs.FS and bytes go back to the caller.
//
// The override contract: a theme is a folder of templates/ and static/.
// templates/baseof.html is the page skeleton and calls {{block "main" .}};
// templates/partials/*.html are shared pieces available to every page; each
// other templates/<kind>.html defines "main" (and may define "head") for one
// kind of page. Every template receives a *Page (see its fields).
package render

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/charter-ssg/charter/generator/model"
	"github.com/charter-ssg/charter/generator/tmplexec"
)

// Kinds are the page templates a theme provides, one per kind of page.
var Kinds = []string{
	"home", "charter", "promises", "promise", "standards", "how-we-are-doing", "remedies", "changes",
	"search", "page", "404",
	"playbooks", "playbook", "teams", "team", "ownership", "coverage",
}

// Templates holds the parsed templates of one theme overlay.
type Templates struct {
	byKind map[string]*template.Template
	// fast runs each kind's templates as html/template escaped them but
	// without its per-action reflection (see tmplexec); a page it cannot
	// run, or that fails, is rendered by byKind instead.
	fast map[string]*tmplexec.Program
	keys map[string]uint64
	// Sources maps each template name to where it came from.
	Sources map[string]string
	// slow renders with html/template alone (see HTMLTemplateOnly).
	slow bool
	// fallbacks counts the pages fast could not render.
	fallbacks atomic.Int64
	// buffers are for rendering partials (see partialWith).
	buffers sync.Pool
}

// Fallbacks is the number of pages rendered so far by html/template
// because tmplexec could not render them.
func (ts *Templates) Fallbacks() int64 { return ts.fallbacks.Load() }

// HTMLTemplateOnly makes Render use html/template alone, never tmplexec,
// for tests that compare the two.
func (ts *Templates) HTMLTemplateOnly() { ts.slow = true }

// Load parses every template of the theme overlay.
func Load(t *Theme) (*Templates, error) {
	files, err := t.Files("templates")
	if err != nil {
		return nil, err
	}
	var base, partials []File
	kinds := map[string]File{}
	sources := map[string]string{}
	sums := map[string]uint64{}
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".html") {
			continue
		}
		sources[f.Name] = f.Origin
		src, err := f.Read()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", f.Origin, err)
		}
		h := fnv.New64a()
		h.Write(src)
		sums[f.Name] = h.Sum64()
		switch {
		case f.Name == "baseof.html":
			base = append(base, f)
		case strings.HasPrefix(f.Name, "partials/"):
			partials = append(partials, f)
		default:
			kinds[strings.TrimSuffix(f.Name, ".html")] = f
		}
	}
	if len(base) == 0 {
		return nil, fmt.Errorf("theme %q has no templates/baseof.html", t.Name)
	}
	root := template.New("charter-theme").Funcs(funcs)
	for _, f := range append(base, partials...) {
		if err := parseInto(root, f); err != nil {
			return nil, err
		}
	}
	out := &Templates{byKind: map[string]*template.Template{}, fast: map[string]*tmplexec.Program{}, keys: map[string]uint64{}, Sources: sources}
	shared := fnv.New64a()
	for _, f := range append(base, partials...) {
		fmt.Fprintf(shared, "%s\x00%d\x00", f.Name, sums[f.Name])
	}
	for _, kind := range Kinds {
		f, ok := kinds[kind]
		if !ok {
			return nil, fmt.Errorf("theme %q has no templates/%s.html", t.Name, kind)
		}
		clone, err := root.Clone()
		if err != nil {
			return nil, err
		}
		if err := parseInto(clone, f); err != nil {
			return nil, err
		}
		slow := partialWith(&out.buffers, func(w *bytes.Buffer, name string, data any) error { return clone.ExecuteTemplate(w, name, data) })
		clone.Funcs(template.FuncMap{"cached": cachedPartial(kind, slow), "shared": sharedPartial(kind, slow)})
		out.byKind[kind] = clone
		// The program's cached and shared render their partial through the
		// program too; the first failure sends the whole page to html/template.
		fastFuncs := template.FuncMap{}
		for name, fn := range funcs {
			fastFuncs[name] = fn
		}
		var program *tmplexec.Program
		fast := partialWith(&out.buffers, func(w *bytes.Buffer, name string, data any) error { return program.Execute(w, name, data) })
		fastFuncs["cached"] = cachedPartial(kind, fast)
		fastFuncs["shared"] = sharedPartial(kind, fast)
		program = tmplexec.New(clone, fastFuncs, directMethods...)
		out.fast[kind] = program
		out.keys[kind] = shared.Sum64() ^ (sums[f.Name] * 0x9E3779B97F4A7C15)
	}
	return out, nil
}

// directMethods lets tmplexec call the methods the default theme calls
// most without reflection: about a million calls at 10,000 promises.
var directMethods = []tmplexec.Direct{
	tmplexec.Method0[*Page, bool](),
	tmplexec.Method0[*Page, string](),
	tmplexec.Method0[*Page, []NavItem](),
	tmplexec.Method0[*Page, []Crumb](),
	tmplexec.Method1[*Page, string, string](),
	tmplexec.Method1[*Page, *model.Doc, string](),
	tmplexec.Method1[*Page, *model.Standard, template.HTML](),
	tmplexec.Method1[*Page, *model.Promise, template.HTML](),
	tmplexec.Method1[*model.View, string, *model.Team](),
	tmplexec.Method1[*model.View, string, *model.Promise](),
	tmplexec.Method1[*model.View, string, []*model.Playbook](),
	tmplexec.Method1[*model.View, string, []model.Change](),
}

// partial renders a named template into HTML, with html/template or
// tmplexec.
type partial func(name string, data any) (template.HTML, error)

// partialWith returns a partial that executes with execute, in a buffer
// taken from buffers: a theme renders tens of thousands of partials, and
// growing a new buffer for each was an eighth of a build's garbage.
func partialWith(buffers *sync.Pool, execute func(w *bytes.Buffer, name string, data any) error) partial {
	return func(name string, data any) (template.HTML, error) {
		b, _ := buffers.Get().(*bytes.Buffer)
		if b == nil {
			b = new(bytes.Buffer)
		}
		b.Reset()
		err := execute(b, name, data)
		html := template.HTML(b.String())
		if b.Cap() <= 1<<20 {
			buffers.Put(b)
		}
		return html, err
	}
}

// cachedPartial is the template function "cached": {{cached NAME . KEY...}}
// renders the template NAME for the page once per build for each distinct
// set of keys (in each site and page kind), and reuses that output, as
// Hugo's partialCached does. The keys must capture everything the partial
// shows that differs between pages, such as .Nav or (.Rel "/") for the
// links of a site header.
func cachedPartial(kind string, render partial) func(string, any, ...any) (template.HTML, error) {
	return func(name string, data any, keys ...any) (template.HTML, error) {
		p, ok := data.(*Page)
		if !ok {
			return "", fmt.Errorf("cached %q: pass the page (.) as its data", name)
		}
		key := cacheKey(string(p.Site.Audience), kind, name, keys)
		return p.Fragments.keep(key, func() (template.HTML, error) { return render(name, p) })
	}
}

// sharedPartial is the template function "shared":
// {{shared NAME PAGE DATA KEY...}} renders the template NAME with DATA.
// On a public page it also hands the output to the staff page of the same
// document (the page of the same kind and URL), which is rendered next and
// takes it instead of rendering NAME again when it calls shared with the
// same name and keys. The keys must capture everything the partial shows
// that may differ between two calls on one page. Output only ever
// goes from the public page to the staff page, never back, so staff
// material cannot reach the public site through it. It suits partials that
// show both audiences the same thing, such as a standard's section.
func sharedPartial(kind string, render partial) func(string, *Page, any, ...any) (template.HTML, error) {
	return func(name string, p *Page, data any, keys ...any) (template.HTML, error) {
		if p == nil {
			return "", fmt.Errorf("shared %q: pass the page as the second argument", name)
		}
		// The staff page takes only what its public twin (same kind and
		// URL, so the same relative links) rendered with the same keys.
		key := cacheKey(p.URL, kind, name, keys)
		if p.Site.IsStaff() {
			if html, ok := p.Shared.take(key); ok {
				return html, nil
			}
		}
		html, err := render(name, data)
		if err != nil {
			return "", err
		}
		if !p.Site.IsStaff() {
			p.Shared.put(key, html)
		}
		return html, nil
	}
}

// cacheKey joins the parts of a cached or shared partial's key (the first
// is the audience for cached, the page's URL for shared). The common key types
// are written directly, since fmt's reflection cost more than the header
// it saved rendering.
func cacheKey(scope, kind, name string, keys []any) string {
	var b strings.Builder
	b.WriteString(scope + "\x00" + kind + "\x00" + name)
	for _, k := range keys {
		b.WriteByte(0)
		switch k := k.(type) {
		case string:
			b.WriteString(strconv.Quote(k))
		case []NavItem:
			for _, n := range k {
				b.WriteString(strconv.Quote(n.Title) + strconv.Quote(n.URL) + strconv.FormatBool(n.Current))
			}
		default:
			fmt.Fprintf(&b, "%#v", k)
		}
	}
	return b.String()
}

func parseInto(t *template.Template, f File) error {
	src, err := f.Read()
	if err != nil {
		return fmt.Errorf("%s: %v", f.Origin, err)
	}
	if _, err := t.New(f.Name).Parse(string(src)); err != nil {
		return fmt.Errorf("%s: %v", f.Origin, err)
	}
	return nil
}

// Keys returns, for each page kind, a hash of its template chain (the
// skeleton, the partials and the kind's own file), so a template edit
// re-renders exactly the pages that use it.
func (ts *Templates) Keys() map[string]uint64 { return ts.keys }

// Render renders one page into b, which it resets first; a worker reuses
// one buffer for all its pages.
func (ts *Templates) Render(b *bytes.Buffer, p *Page) error {
	b.Reset()
	t, ok := ts.byKind[p.Kind]
	if !ok {
		return fmt.Errorf("no template for page kind %q", p.Kind)
	}
	if fast := ts.fast[p.Kind]; fast != nil && !ts.slow {
		if fast.Execute(b, "baseof.html", p) == nil {
			return nil
		}
		ts.fallbacks.Add(1)
		b.Reset()
	}
	if err := t.ExecuteTemplate(b, "baseof.html", p); err != nil {
		return fmt.Errorf("%s: %v", p.URL, err)
	}
	return nil
}
