// Package build owns orchestration: it loads and validates a site, takes
// each audience's view, plans its pages, renders them on a pool of workers
// (one per core), scans the public pages for staff-only material, and hands
// the files to an output tree, committing both sites only when everything
// succeeded.
package build

import (
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/charter-ssg/charter/generator/content"
	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/leak"
	"github.com/charter-ssg/charter/generator/markdown"
	"github.com/charter-ssg/charter/generator/model"
	"github.com/charter-ssg/charter/generator/output"
	"github.com/charter-ssg/charter/generator/render"
)

// Options says what to build.
type Options struct {
	// Site is the site folder (charter.yaml, content/, templates/, themes/).
	Site fs.FS
	// Builtin holds the built-in themes.
	Builtin fs.FS
	// Today is the build date, YYYY-MM-DD, for overdue reviews.
	Today string
	// Strict turns warnings into errors.
	Strict bool
}

// Trees receives the two built sites; a nil tree is not written.
type Trees struct {
	Public output.Tree
	Staff  output.Tree
}

// Stats counts what a build produced.
type Stats struct {
	Pages map[model.Audience]int
	Files map[model.Audience]int
}

// Loaded is a site after loading and validation.
type Loaded struct {
	Site  *model.Site
	Diags *diag.List
}

// Load reads and validates a site.
func Load(opts Options) Loaded {
	site, diags := content.Load(opts.Site)
	if !diags.HasErrors() || site.Config.Title != "" {
		diags.Merge(site.Validate(opts.Today))
	}
	if opts.Strict {
		diags.Promote()
	}
	return Loaded{site, diags}
}

// Run builds both sites into trees. It returns the diagnostics; when they
// hold an error the trees are incomplete and must be thrown away.
func Run(opts Options, trees Trees) (Stats, *diag.List) {
	stats := Stats{Pages: map[model.Audience]int{}, Files: map[model.Audience]int{}}
	l := Load(opts)
	diags := l.Diags
	if diags.HasErrors() {
		return stats, diags
	}
	site := l.Site
	theme, err := render.NewTheme(opts.Site, opts.Builtin, site.Config.Theme)
	if err != nil {
		diags.Errorf(diag.Pos{File: content.ConfigFile, Line: 1, Col: 1}, "theme", "%v", err)
		return stats, diags
	}
	templates, err := render.Load(theme)
	if err != nil {
		diags.Errorf(templatePos(err), "template", "%v", err)
		return stats, diags
	}
	static, err := theme.Files("static")
	if err != nil {
		diags.Errorf(diag.Pos{File: "themes"}, "theme", "%v", err)
		return stats, diags
	}
	b := &builder{
		opts:      opts,
		site:      site,
		md:        markdown.New(site.Config.UnsafeHTML),
		templates: templates,
		static:    static,
		diags:     diags,
	}
	public, staff := site.View(model.Public), site.View(model.Staff)
	b.scanner = b.leakScanner(public, staff)
	for _, s := range []struct {
		view *model.View
		tree output.Tree
	}{{staff, trees.Staff}, {public, trees.Public}} {
		pages, files := b.buildSite(s.view, s.tree)
		stats.Pages[s.view.Audience], stats.Files[s.view.Audience] = pages, files
	}
	b.reportLeaks(public)
	if opts.Strict {
		diags.Promote()
	}
	return stats, diags
}

type builder struct {
	opts      Options
	site      *model.Site
	md        *markdown.Renderer
	templates *render.Templates
	static    []render.File
	diags     *diag.List
	scanner   *leak.Scanner

	mu       sync.Mutex
	findings []leak.Finding
}

// buildSite renders one audience's pages and copies its files into tree.
func (b *builder) buildSite(v *model.View, tree output.Tree) (pages, files int) {
	if tree == nil {
		tree = discard{}
	}
	jobs := plan(v)
	links := newLinkIndex(b.site, v, jobs, b.static)
	b.checkCollisions(v, jobs)
	workers := runtime.GOMAXPROCS(0)
	work := make(chan *job)
	var wg sync.WaitGroup
	results := make([]*diag.List, workers)
	for w := 0; w < workers; w++ {
		results[w] = &diag.List{}
		wg.Add(1)
		go func(d *diag.List) {
			defer wg.Done()
			for j := range work {
				b.renderJob(v, j, links, tree, d)
			}
		}(results[w])
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
	wg.Wait()
	for _, r := range results {
		b.diags.Merge(r)
	}
	for _, f := range b.static {
		data, err := f.Read()
		if err == nil {
			err = tree.Write("assets/"+f.Name, data)
		}
		if err != nil {
			b.diags.Errorf(diag.Pos{File: f.Origin}, "write", "%v", err)
		}
		files++
	}
	for _, f := range v.Files {
		data, err := fs.ReadFile(b.opts.Site, path.Join(content.Dir, f.Path))
		if err == nil {
			err = tree.Write(f.Path, data)
		}
		if err != nil {
			b.diags.Errorf(diag.Pos{File: path.Join(content.Dir, f.Path)}, "write", "%v", err)
		}
		files++
	}
	return len(jobs), files
}

func (b *builder) renderJob(v *model.View, j *job, links *linkIndex, tree output.Tree, d *diag.List) {
	p := j.page
	p.Today = b.opts.Today
	if j.doc != nil {
		res := b.md.Render(v.Markdown(j.doc), markdown.Page{URL: j.url, Resolve: links.resolver(j.doc, v)})
		p.Body = template.HTML(res.HTML)
		p.Headings = res.Headings
		for _, pr := range res.Problems {
			pos := diag.Pos{File: j.doc.File, Line: j.doc.Body.Line + pr.Line - 1, Col: pr.Col}
			d.Errorf(pos, pr.Code, "%s", pr.Message)
		}
	}
	html, err := b.templates.Render(p)
	if err != nil {
		d.Errorf(templatePos(err), "template", "%v", err)
		return
	}
	if v.Audience == model.Public && b.scanner != nil {
		if found := b.scanner.ScanHTML(outputPath(j.url), j.url, html); len(found) > 0 {
			b.mu.Lock()
			b.findings = append(b.findings, found...)
			b.mu.Unlock()
		}
	}
	if err := tree.Write(outputPath(j.url), html); err != nil {
		d.Errorf(diag.Pos{File: outputPath(j.url)}, "write", "%v", err)
	}
}

// checkCollisions reports content files that would overwrite a page.
func (b *builder) checkCollisions(v *model.View, jobs []*job) {
	taken := map[string]string{}
	for _, j := range jobs {
		taken[outputPath(j.url)] = "the page " + j.url
	}
	for _, f := range b.static {
		taken["assets/"+f.Name] = "the theme file " + f.Origin
	}
	for _, f := range v.Files {
		if what, clash := taken[f.Path]; clash {
			b.diags.Errorf(diag.Pos{File: path.Join(content.Dir, f.Path)}, "path-clash", "this file would be written to %s, which is already %s: rename or move it", f.Path, what)
		}
	}
}

type discard struct{}

func (discard) Write(string, []byte) error { return nil }

// templatePos finds the template file and line in an html/template error.
func templatePos(err error) diag.Pos {
	msg := err.Error()
	// html/template errors read "template: NAME:LINE:COL: ..." or "... NAME:LINE: ...".
	for _, f := range strings.Fields(msg) {
		parts := strings.Split(strings.TrimSuffix(f, ":"), ":")
		if len(parts) >= 2 && strings.HasSuffix(parts[0], ".html") {
			var line, col int
			fmt.Sscanf(parts[1], "%d", &line)
			if len(parts) >= 3 {
				fmt.Sscanf(parts[2], "%d", &col)
			}
			return diag.Pos{File: parts[0], Line: line, Col: col}
		}
	}
	return diag.Pos{File: "templates"}
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
