// Package build owns orchestration: it loads and validates a site, takes
// each audience's view, plans its pages, renders them on a pool of workers
// (one per core), scans the public pages for staff-only material, and hands
// the files to an output tree. A Builder remembers what it built, keyed
// with hashstructure, so a rebuild after an edit re-renders only the pages
// whose inputs changed; the result always equals a cold build.
package build

import (
	"bytes"
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
	// Served says the sites are served by charter serve (public at /,
	// staff at /_staff/), which the 404 page's absolute links must follow.
	Served bool
	// HTMLTemplateOnly renders every page with html/template alone, not
	// with tmplexec first; for tests that compare the two.
	HTMLTemplateOnly bool
}

// Trees receives the two built sites; a nil tree is not written.
type Trees struct {
	Public output.Tree
	Staff  output.Tree
}

// Change is a file or folder that changed, relative to the site folder
// with forward slashes.
type Change struct {
	Path string
}

// Report says what a build did.
type Report struct {
	// Pages is the number of pages each site has.
	Pages map[model.Audience]int
	// Rendered lists the pages rendered (not reused), by output path.
	Rendered map[model.Audience][]string
	// Copied lists the files written that are not pages.
	Copied map[model.Audience][]string
	// Removed lists outputs that the site no longer has.
	Removed map[model.Audience][]string
	// TemplateFallbacks is the number of pages that tmplexec could not
	// render, rendered by html/template instead (see render.Templates).
	TemplateFallbacks int
}

// RenderedCount is the number of pages rendered in both sites.
func (r Report) RenderedCount() int {
	return len(r.Rendered[model.Public]) + len(r.Rendered[model.Staff])
}

// Run builds both sites from scratch.
func Run(opts Options, trees Trees) (Report, *diag.List) {
	b := NewBuilder(opts)
	b.once = true
	return b.Build(trees, nil)
}

// Builder builds one site again and again.
type Builder struct {
	opts   Options
	loader *content.Loader
	look   *look // theme, templates and markdown renderer; nil when stale
	// memo is what the last successful build wrote, by audience and path.
	memo   map[model.Audience]map[string]memo
	hashes *hashes
	leaks  *leakCache
	last   *lastBuild
	// once says this builder builds only once (charter build): the
	// documents' markdown is dropped once the leak needles are made and
	// read again when their pages render, since no rebuild will need it.
	once bool
}

// memo remembers one output: the key of its inputs, and for pages the
// links its body used (whose targets are part of the key), its element ids
// (targets of anchors) and its warnings.
type memo struct {
	key      uint64
	links    []markdown.Link
	ids      string // each followed by a NUL byte
	headings []string
	warnings []diag.Diagnostic
}

func memoOf(j *job, key uint64) memo {
	var headings []string
	for _, h := range j.page.Headings {
		headings = append(headings, h.Text)
	}
	return memo{key: key, links: j.links, ids: j.ids, headings: headings, warnings: j.warnings}
}

// look is everything that follows from the config and the theme.
type look struct {
	templates *render.Templates
	static    []staticFile
	md        *markdown.Renderer
	kindKeys  map[string]uint64
}

type staticFile struct {
	name, origin string
	data         []byte
	hash         uint64
}

// NewBuilder returns a builder that has built nothing yet.
func NewBuilder(opts Options) *Builder {
	return &Builder{opts: opts, loader: content.NewLoader(opts.Site), hashes: newHashes(), leaks: &leakCache{}}
}

// SetToday changes the build date (serve runs across midnight).
func (b *Builder) SetToday(today string) { b.opts.Today = today }

// Build brings trees up to date after changes (nil: build everything).
// When the returned diagnostics hold an error, the trees may hold part of
// the new build and must be thrown away; the next Build starts again from
// the last successful one.
func (b *Builder) Build(trees Trees, changes []Change) (Report, *diag.List) {
	rep := Report{Pages: map[model.Audience]int{}, Rendered: map[model.Audience][]string{},
		Copied: map[model.Audience][]string{}, Removed: map[model.Audience][]string{}}
	if diags, ok := b.fastBodyEdit(trees, changes, &rep); ok {
		return rep, diags
	}
	b.last = nil
	b.apply(changes)
	site, diags := b.loader.Load()
	if !diags.HasErrors() || site.Config.Title != "" {
		diags.Merge(site.Validate(b.opts.Today))
	}
	if b.opts.Strict {
		diags.Promote()
	}
	if diags.HasErrors() {
		return rep, diags
	}
	if b.look == nil {
		lk, ok := b.loadLook(site.Config, diags)
		if !ok {
			return rep, diags
		}
		b.look = lk
	}
	loadDiags := append([]diag.Diagnostic(nil), diags.Items()...)
	public, staff := site.View(model.Public), site.View(model.Staff)
	r := &run{Builder: b, site: site, diags: diags, keys: b.hashes.prepare(site, b.opts.Today), fragments: render.NewFragments(), staffDocs: staffBodies(site)}
	r.scanner = b.leaks.scanner(r, public, staff)
	if b.once {
		r.sources = map[string]*model.Doc{}
		for _, d := range sourceDocs(site) {
			r.sources[d.File] = d
		}
		r.dropBodies()
	}
	next := map[model.Audience]map[string]memo{}
	last := &lastBuild{site: site, views: []*model.View{staff, public}, keys: r.keys, scanner: r.scanner,
		links: map[model.Audience]*linkIndex{}, jobs: map[model.Audience]map[string]*job{}, plan: map[model.Audience][]*job{}, pages: rep.Pages, loadDiags: loadDiags, fragments: r.fragments}
	// Public first: within each document's group of pages the staff page
	// reuses the public rendering of a body without staff blocks.
	sites := []*siteRun{r.prepareSite(public, trees.Public, last), r.prepareSite(staff, trees.Staff, last)}
	fallbacks := b.look.templates.Fallbacks()
	r.renderAll(sites...)
	rep.TemplateFallbacks = int(b.look.templates.Fallbacks() - fallbacks)
	for _, s := range sites {
		next[s.v.Audience] = r.finishSite(s, &rep, last)
	}
	r.reportLeaks(public)
	last.fileWarnings = r.staffOnlyFileLinks(public, next)
	if b.opts.Strict {
		diags.Promote()
	}
	if !diags.HasErrors() {
		b.memo, b.last = next, last
	}
	return rep, diags
}

// apply forgets what the changes make stale.
func (b *Builder) apply(changes []Change) {
	for _, c := range changes {
		p := strings.TrimPrefix(path.Clean(c.Path), "./")
		top, _, _ := strings.Cut(p, "/")
		switch {
		case p == content.ConfigFile || p == ".":
			// The config changes everything: start again.
			b.loader.Invalidate(p)
			b.look, b.memo = nil, nil
		case top == "themes":
			b.look, b.memo = nil, nil
		case top == "templates":
			b.look = nil // pages re-render where their template chain changed
		case top == content.Dir:
			b.loader.Invalidate(p)
		}
	}
}

func (b *Builder) loadLook(cfg model.Config, diags *diag.List) (*look, bool) {
	theme, err := render.NewTheme(b.opts.Site, b.opts.Builtin, cfg.Theme)
	if err != nil {
		diags.Errorf(diag.Pos{File: content.ConfigFile, Line: 1, Col: 1}, "theme", "%v", err)
		return nil, false
	}
	templates, err := render.Load(theme)
	if err != nil {
		diags.Errorf(templatePos(err), "template", "%v", err)
		return nil, false
	}
	if b.opts.HTMLTemplateOnly {
		templates.HTMLTemplateOnly()
	}
	files, err := theme.Files("static")
	if err != nil {
		diags.Errorf(diag.Pos{File: "themes"}, "theme", "%v", err)
		return nil, false
	}
	lk := &look{templates: templates, md: markdown.New(cfg.UnsafeHTML), kindKeys: templates.Keys()}
	for _, f := range files {
		data, err := f.Read()
		if err != nil {
			diags.Errorf(diag.Pos{File: f.Origin}, "read", "%v", err)
			return nil, false
		}
		lk.static = append(lk.static, staticFile{f.Name, f.Origin, data, content.Hash(data)})
	}
	return lk, true
}

// run is one build.
type run struct {
	*Builder
	site      *model.Site
	diags     *diag.List
	keys      *siteKeys
	scanner   *leak.Scanner
	fragments *render.Fragments
	// staffDocs are the site's documents whose body has a staff block.
	staffDocs map[string]*model.Doc
	// sources are the site's documents by file in a build that runs
	// once, which drops their markdown before rendering (see body); nil
	// otherwise.
	sources map[string]*model.Doc
	// parsed holds a body with staff blocks, parsed for one site's page,
	// until the other site's page takes it.
	parsed sync.Map
	// bodies holds public renderings of bodies without staff blocks, which
	// the staff site can use as they are (same source, same link targets).
	bodies sync.Map

	mu       sync.Mutex
	findings []leak.Finding
}

// siteRun is one audience's share of a build: its plan, the pages that
// must be rendered again, and the memo of what it wrote.
type siteRun struct {
	v     *model.View
	tree  output.Tree
	old   map[string]memo
	next  map[string]memo
	jobs  []*job
	todo  []*job
	links *linkIndex
	// extras are the data files made while the pages render; made holds
	// what became of each.
	extras []extra
	made   []madeExtra
}

// prepareSite plans one audience's pages and keeps the memo of every page
// whose inputs did not change.
func (r *run) prepareSite(v *model.View, tree output.Tree, last *lastBuild) *siteRun {
	if tree == nil {
		tree = discard{}
	}
	s := &siteRun{v: v, tree: tree, old: r.memo[v.Audience], next: map[string]memo{}}
	s.jobs = plan(v, r.opts.Served)
	s.links = newLinkIndex(r.site, v, s.jobs, r.look.static)
	last.links[v.Audience] = s.links
	byFile := map[string]*job{}
	for _, j := range s.jobs {
		if j.doc != nil {
			byFile[j.doc.File] = j
		}
	}
	last.jobs[v.Audience] = byFile
	last.plan[v.Audience] = s.jobs
	r.checkCollisions(v, s.jobs)
	s.extras = r.dataExtras(v)
	s.made = make([]madeExtra, len(s.extras))
	for _, j := range s.jobs {
		j.key = r.keys.pageKey(v, j, r.look.kindKeys[j.kind])
		m, ok := s.old[outputPath(j.url)]
		if ok && m.key == mix(j.key, s.links.state(j.doc, v, m.links)) {
			s.next[outputPath(j.url)] = m
			r.diags.Add(m.warnings...)
			continue
		}
		s.todo = append(s.todo, j)
	}
	return s
}

// finishSite records the rendered pages, checks anchors, copies changed
// files, writes the data files and removes what the site no longer has.
func (r *run) finishSite(s *siteRun, rep *Report, last *lastBuild) map[string]memo {
	v, tree, old, next := s.v, s.tree, s.old, s.next
	rendered := make([]string, 0, len(s.todo))
	for _, j := range s.todo {
		next[outputPath(j.url)] = memoOf(j, mix(j.key, s.links.state(j.doc, v, j.links)))
		rendered = append(rendered, outputPath(j.url))
	}
	sort.Strings(rendered)
	rep.Rendered[v.Audience] = rendered
	r.checkAnchors(v, next, last.jobs[v.Audience])
	rep.Pages[v.Audience] = len(s.jobs)

	copyFile := func(out string, hash uint64, origin string, read func() ([]byte, error)) {
		if m, ok := old[out]; ok && m.key == hash {
			next[out] = m
			return
		}
		data, err := read()
		if err == nil {
			err = tree.Write(out, data)
		}
		if err != nil {
			r.diags.Errorf(diag.Pos{File: origin}, "write", "%v", err)
			return
		}
		next[out] = memo{key: hash}
		rep.Copied[v.Audience] = append(rep.Copied[v.Audience], out)
	}
	for _, f := range r.look.static {
		copyFile("assets/"+f.name, f.hash, f.origin, func() ([]byte, error) { return f.data, nil })
	}
	for _, f := range v.Files {
		src := path.Join(content.Dir, f.Path)
		copyFile(f.Path, f.Hash, src, func() ([]byte, error) { return fs.ReadFile(r.opts.Site, src) })
	}
	r.recordExtras(v, s.made, old, next, rep)
	r.recordExtras(v, r.makeExtras(v, tree, r.pageExtras(v, next, s.jobs), old), old, next, rep)
	for _, p := range sortedKeys(old) {
		if _, kept := next[p]; !kept {
			if err := tree.Remove(p); err != nil {
				r.diags.Errorf(diag.Pos{File: p}, "write", "%v", err)
			}
			rep.Removed[v.Audience] = append(rep.Removed[v.Audience], p)
		}
	}
	return next
}

// renderItem is one page of one site to render.
type renderItem struct {
	site *siteRun
	job  *job
}

// worker is what one render worker keeps between pages.
type worker struct {
	diags diag.List
	buf   bytes.Buffer
}

// renderAll renders the sites' pages, and makes their data files, on one
// worker per core. A document's pages in both sites go to one worker,
// public first, so the staff page can reuse the public body; and each page
// of "how we are doing" comes right after the promises it shows. Then what
// those pages share (bodies, charts) is dropped soon after it is made,
// instead of being held for the whole build.
func (r *run) renderAll(sites ...*siteRun) {
	schedule := r.schedule(sites)
	workers := make([]worker, min(runtime.GOMAXPROCS(0), max(1, len(schedule))))
	// Workers take the next item by counting, in the schedule's order;
	// handing 21,000 pages over a channel cost a thread wake-up each.
	onWorkers(len(workers), len(schedule), func(w, k int) { schedule[k](&workers[w]) })
	for i := range workers {
		r.diags.Merge(&workers[i].diags)
	}
}

// schedule orders the work of renderAll (see there).
func (r *run) schedule(sites []*siteRun) []func(*worker) {
	groups := map[string][]renderItem{}
	var order []string
	for _, s := range sites {
		for _, j := range s.todo {
			key := "url:" + j.url
			if j.doc != nil {
				key = "doc:" + j.doc.File
			}
			if _, ok := groups[key]; !ok {
				order = append(order, key)
			}
			groups[key] = append(groups[key], renderItem{s, j})
		}
	}
	// take returns the work of one group, once.
	take := func(key string) func(*worker) {
		g, ok := groups[key]
		if !ok {
			return nil
		}
		delete(groups, key)
		return func(w *worker) {
			shared := render.NewShared() // public to staff, within this group only
			for _, it := range g {
				it.job.page.Shared = shared
				r.renderJob(it.site.v, it.job, it.site.links, it.site.tree, &w.diags, &w.buf)
				it.job.page.Shared = nil
			}
			if w.buf.Cap() > keptBuffer {
				w.buf = bytes.Buffer{} // one huge list page must not hold its memory for the whole build
			}
		}
	}
	// The data files first: they need no page.
	var schedule []func(w *worker)
	for _, s := range sites {
		for i := range s.extras {
			schedule = append(schedule, func(*worker) { s.made[i] = r.makeExtra(s.v, s.tree, s.extras[i], s.old) })
		}
	}
	var lists, pages []func(*worker)
	for _, key := range order {
		if j := groups[key][0].job; j.doc == nil && j.page.Paged == nil {
			lists = append(lists, take(key))
		}
	}
	for _, key := range order {
		if g, ok := groups[key]; ok && g[0].job.page.Paged != nil {
			for _, p := range g[0].job.page.Paged.Promises {
				if do := take("doc:" + p.Doc.File); do != nil {
					pages = append(pages, do)
				}
			}
			pages = append(pages, take(key))
		}
	}
	for _, key := range order {
		if do := take(key); do != nil {
			pages = append(pages, do)
		}
	}
	return append(schedule, spread(pages, lists)...)
}

// spread puts the long lists among the second half of the other pages,
// evenly and never last. By then most bodies have been rendered and
// dropped, the lists (megabytes each) seldom render at the same time, and
// no worker is left with a big piece of work at the end.
func spread(pages, lists []func(*worker)) []func(*worker) {
	out := make([]func(*worker), 0, len(pages)+len(lists))
	half := len(pages) / 2
	out = append(out, pages[:half]...)
	rest := pages[half:]
	done := 0
	for i, list := range lists {
		at := (i + 1) * len(rest) / (len(lists) + 1)
		out = append(out, rest[done:at]...)
		out = append(out, list)
		done = at
	}
	return append(out, rest[done:]...)
}

func (r *run) renderJob(v *model.View, j *job, links *linkIndex, tree output.Tree, d *diag.List, buf *bytes.Buffer) {
	defer func() {
		// A bug must cost one clear message, not the user's output.
		if e := recover(); e != nil {
			pos := diag.Pos{File: outputPath(j.url), Line: 1, Col: 1}
			if j.doc != nil {
				pos = j.doc.Pos
			}
			d.Errorf(pos, "internal", "charter failed while rendering %s (%v): please report this with the file", j.url, e)
		}
	}()
	p := j.page
	p.Today = r.opts.Today
	p.Fragments = r.fragments
	if j.doc != nil {
		res, err := r.renderBody(v, j, links)
		if err != nil {
			d.Errorf(diag.Pos{File: j.doc.File, Line: 1, Col: 1}, "read", "%v", err)
			return
		}
		p.Body = template.HTML(res.HTML)
		p.Headings = res.Headings
		j.links = res.Links
		for _, pr := range res.Problems {
			pos := diag.Pos{File: j.doc.File, Line: j.doc.Body.Line + pr.Line - 1, Col: pr.Col}
			if pr.Warning {
				j.warnings = append(j.warnings, diag.Diagnostic{Pos: pos, Severity: diag.Warning, Code: pr.Code, Message: pr.Message})
			} else {
				d.Errorf(pos, pr.Code, "%s", pr.Message)
			}
		}
		if v.Audience == model.Public {
			j.warnings = append(j.warnings, r.readingGrade(j.doc, res.HTML)...)
		}
		d.Add(j.warnings...)
	}
	err := r.look.templates.Render(buf, p)
	html := buf.Bytes()
	p.Body = "" // the page holds it now; do not keep every body until the build ends
	if err != nil {
		d.Errorf(templatePos(err), "template", "%v", err)
		return
	}
	if v.Audience == model.Public && r.scanner != nil {
		if found := r.scanner.ScanHTML(outputPath(j.url), j.url, html); len(found) > 0 {
			r.mu.Lock()
			r.findings = append(r.findings, found...)
			r.mu.Unlock()
		}
	}
	j.ids = elementIDs(html)
	if err := tree.Write(outputPath(j.url), html); err != nil {
		d.Errorf(diag.Pos{File: outputPath(j.url)}, "write", "%v", err)
	}
}

// keptBuffer is the largest page buffer a worker keeps for its next group
// of pages (a group keeps its buffer: both sites' copies of a list page
// are about the same size).
const keptBuffer = 4 << 20

// renderBody renders a page's body for its audience. A body without staff
// blocks is rendered once, for the public site, and the staff site takes
// that rendering. A body with staff blocks is parsed once, from its staff
// text, for both sites; its public page is rendered from the same tree
// with the staff blocks cut out whenever that is exactly the rendering of
// its public text, which is parsed on its own otherwise.
func (r *run) renderBody(v *model.View, j *job, links *linkIndex) (markdown.Result, error) {
	page := markdown.Page{URL: j.url, Resolve: links.resolver(j.doc, v)}
	// The public view's copy of a document has no staff blocks left, so
	// the site's own document tells whether it has any.
	own := r.staffDocs[j.doc.File]
	if own == nil {
		if v.Audience == model.Staff {
			if res, ok := r.bodies.LoadAndDelete(j.doc.File); ok {
				return res.(markdown.Result), nil
			}
		}
		body, err := r.body(v, j.doc)
		if err != nil {
			return markdown.Result{}, err
		}
		res := r.look.md.Render(body.For(v.Audience), page)
		if v.Audience == model.Public && len(res.Problems) == 0 {
			r.bodies.Store(j.doc.File, res)
		}
		return res, nil
	}
	var p *markdown.Parsed
	var body model.Body
	read := false // whether body holds the text yet
	if got, ok := r.parsed.LoadAndDelete(j.doc.File); ok {
		p = got.(*markdown.Parsed)
	} else {
		var err error
		if body, err = r.body(v, own); err != nil {
			return markdown.Result{}, err
		}
		read = true
		p = r.look.md.Parse(body.Staff, body.StaffLines)
		// Offered to the other site's page only once this one is done with it.
		defer r.parsed.Store(j.doc.File, p)
	}
	switch {
	case v.Audience == model.Staff:
		return r.look.md.RenderStaff(p, page), nil
	case p.PublicReady():
		return r.look.md.RenderPublic(p, page), nil
	}
	if !read {
		var err error
		if body, err = r.body(v, own); err != nil {
			return markdown.Result{}, err
		}
	}
	return r.look.md.Render(body.Public(), page), nil
}

// body returns a document's body as it was loaded. A build that runs
// once let go of every body after making the leak needles (they were as
// much memory as the content folder), so it reads the file again, and
// fails if it no longer holds the bytes that were loaded and checked.
func (r *run) body(v *model.View, d *model.Doc) (model.Body, error) {
	if r.sources == nil {
		return v.Body(d), nil
	}
	return content.ReadBody(r.opts.Site, d)
}

// dropBodies lets go of the documents' markdown in a build that runs
// once; renderBody reads each again when its pages render.
func (r *run) dropBodies() {
	for _, d := range r.sources {
		d.Body.Staff, d.Body.StaffLines = "", nil
	}
}

// sourceDocs returns every document of the site, staff-only ones included.
func sourceDocs(site *model.Site) []*model.Doc {
	out := allDocs(site)
	for _, pb := range site.Playbooks {
		out = append(out, &pb.Doc)
	}
	for _, t := range site.Teams {
		out = append(out, &t.Doc)
	}
	return out
}

// staffBodies returns the documents whose body has a staff block, by file.
func staffBodies(site *model.Site) map[string]*model.Doc {
	out := map[string]*model.Doc{}
	for _, d := range allDocs(site) {
		if d.Body.HasStaff {
			out[d.File] = d
		}
	}
	return out
}

// checkCollisions reports content files that would overwrite a page.
func (r *run) checkCollisions(v *model.View, jobs []*job) {
	taken := map[string]string{}
	for _, j := range jobs {
		taken[outputPath(j.url)] = "the page " + j.url
	}
	for _, f := range r.look.static {
		taken["assets/"+f.name] = "the theme file " + f.origin
	}
	for _, f := range v.Files {
		if what, clash := taken[f.Path]; clash {
			r.diags.Errorf(diag.Pos{File: path.Join(content.Dir, f.Path), Line: 1, Col: 1}, "path-clash", "this file would be written to %s, which is already %s: rename or move it", f.Path, what)
		}
	}
}

type discard struct{}

func (discard) Write(string, []byte) error { return nil }
func (discard) Remove(string) error        { return nil }

// templatePos finds the template file and line in an html/template error.
func templatePos(err error) diag.Pos {
	msg := err.Error()
	// html/template errors read "template: NAME:LINE:COL: ..." or "... NAME:LINE: ...".
	for _, f := range strings.Fields(msg) {
		parts := strings.Split(strings.TrimSuffix(f, ":"), ":")
		if len(parts) >= 2 && strings.HasSuffix(parts[0], ".html") {
			line, col := atoi(parts[1]), 0
			if len(parts) >= 3 {
				col = atoi(parts[2])
			}
			return diag.Pos{File: parts[0], Line: line, Col: col}
		}
	}
	return diag.Pos{File: "templates"}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
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
