package build

import (
	"path"

	"github.com/charter-ssg/charter/generator/render"
	"slices"
	"strings"

	"github.com/charter-ssg/charter/generator/content"
	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/leak"
	"github.com/charter-ssg/charter/generator/markdown"
	"github.com/charter-ssg/charter/generator/model"
)

// lastBuild is what the fast path reuses from the last successful build.
type lastBuild struct {
	site    *model.Site
	views   []*model.View
	links   map[model.Audience]*linkIndex
	jobs    map[model.Audience]map[string]*job // by source file
	plan    map[model.Audience][]*job
	keys    *siteKeys
	scanner *leak.Scanner
	pages   map[model.Audience]int
	// fragments are reused: a body edit changes no chart.
	fragments *render.Fragments
	// loadDiags are the warnings of loading and validation, repeated.
	loadDiags []diag.Diagnostic
	// fileWarnings are the public-file warnings, repeated while no link changes.
	fileWarnings []diag.Diagnostic
}

// fastBodyEdit handles the commonest edit in serve — new words in the body
// of a charter, promise or page, with its front matter and staff blocks
// untouched — by re-rendering just that document's pages. Nothing else can
// have changed: lists show front matter only, and the leak needles come
// from staff blocks. It returns false, having changed nothing that a full
// build relies on, whenever the edit is anything else.
func (b *Builder) fastBodyEdit(trees Trees, changes []Change, rep *Report) (*diag.List, bool) {
	last := b.last
	if last == nil || b.look == nil || len(changes) == 0 {
		return nil, false
	}
	type edit struct{ old, new *model.Doc }
	var edits []edit
	for _, c := range changes {
		p := path.Clean(c.Path)
		if !strings.HasPrefix(p, content.Dir+"/") || path.Ext(p) != ".md" || !b.loader.Cached(p) {
			return nil, false
		}
		old := findDoc(last.site, p)
		if old == nil || old.Kind == model.KindPlaybook || old.Kind == model.KindTeam {
			return nil, false
		}
		if pg := last.site.Page(old.ID); old.Kind == model.KindPage && pg != nil && pg.Internal {
			return nil, false // an internal page's body is staff-only material
		}
		parsed, diags, ok := b.loader.Reparse(p)
		nd := content.DocOf(parsed)
		if !ok || len(diags) > 0 || nd == nil || nd.Broken || nd.ID != old.ID || nd.Kind != old.Kind ||
			nd.FrontHash != old.FrontHash || staffOnlyLines(nd.Body) != staffOnlyLines(old.Body) {
			return nil, false
		}
		edits = append(edits, edit{old, nd})
	}
	// From here on the last build's site is changed in place; on any
	// problem it is dropped and the next build starts from the loader.
	b.last = nil
	for _, e := range edits {
		e.old.Body, e.old.Hash = e.new.Body, e.new.Hash
		for _, v := range last.views {
			v.UpdateBody(e.old)
		}
	}
	r := &run{Builder: b, site: last.site, diags: &diag.List{}, keys: last.keys, scanner: last.scanner, fragments: last.fragments, staffDocs: map[string]*model.Doc{}}
	for _, e := range edits {
		if e.old.Body.HasStaff {
			r.staffDocs[e.old.File] = e.old // only the edited documents are rendered
		}
	}
	r.diags.Add(last.loadDiags...)
	linksChanged := false
	for _, v := range last.views {
		tree := trees.Staff
		if v.Audience == model.Public {
			tree = trees.Public
		}
		if tree == nil {
			tree = discard{}
		}
		var todo []*job
		for _, e := range edits {
			if j := last.jobs[v.Audience][e.old.File]; j != nil {
				j.links, j.ids, j.warnings = nil, "", nil
				j.key = r.keys.pageKey(v, j, r.look.kindKeys[j.kind])
				todo = append(todo, j)
			}
		}
		before := map[model.Audience]map[string]memo{v.Audience: {}}
		for _, j := range todo {
			before[v.Audience][outputPath(j.url)] = b.memo[v.Audience][outputPath(j.url)]
		}
		r.renderAll(&siteRun{v: v, tree: tree, todo: todo, links: last.links[v.Audience]})
		for _, j := range todo {
			out := outputPath(j.url)
			b.memo[v.Audience][out] = memoOf(j, mix(j.key, last.links[v.Audience].state(j.doc, v, j.links)))
			rep.Rendered[v.Audience] = append(rep.Rendered[v.Audience], out)
		}
		rep.Pages[v.Audience] = last.pages[v.Audience]
		// What the edit changed decides how much must be looked at again.
		headingsChanged, idsChanged := false, false
		edited := map[string]*job{}
		for _, j := range todo {
			old, now := before[v.Audience][outputPath(j.url)], b.memo[v.Audience][outputPath(j.url)]
			headingsChanged = headingsChanged || !slices.Equal(old.headings, now.headings)
			idsChanged = idsChanged || old.ids != now.ids
			linksChanged = linksChanged || !sameTargets(old.links, now.links)
			edited[j.doc.File] = j
		}
		if headingsChanged {
			r.writeExtras(v, tree, b.memo[v.Audience], last.plan[v.Audience], b.memo[v.Audience], rep)
		}
		if idsChanged {
			edited = last.jobs[v.Audience] // links elsewhere may point at an id that went
		}
		r.checkAnchors(v, b.memo[v.Audience], edited)
		for p, m := range b.memo[v.Audience] {
			if len(m.warnings) > 0 && !slices.ContainsFunc(todo, func(j *job) bool { return outputPath(j.url) == p }) {
				r.diags.Add(m.warnings...) // the re-rendered pages added theirs
			}
		}
	}
	if len(r.findings) > 0 {
		r.reportLeaks(last.views[1])
	}
	if linksChanged {
		last.fileWarnings = r.staffOnlyFileLinks(last.views[1], b.memo)
	}
	r.diags.Add(last.fileWarnings...)
	if r.diags.HasErrors() {
		b.memo = nil // the trees now hold part of a failed build
		return r.diags, true
	}
	b.last = last
	return r.diags, true
}

func findDoc(s *model.Site, file string) *model.Doc {
	for _, d := range allDocs(s) {
		if d.File == file {
			return d
		}
	}
	return nil
}

// sameTargets reports whether two link lists point at the same places.
func sameTargets(a, b []markdown.Link) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Target != b[i].Target {
			return false
		}
	}
	return true
}
