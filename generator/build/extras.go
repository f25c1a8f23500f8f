package build

import (
	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/files"
	"github.com/charter-ssg/charter/generator/leak"
	"github.com/charter-ssg/charter/generator/model"
	"github.com/charter-ssg/charter/generator/output"
)

// extra is a file beside the pages, made by package files.
type extra struct {
	path string
	key  uint64
	make func() ([]byte, error)
}

// dataExtras are the data files that do not depend on the rendered pages,
// so they can be made while the pages render.
func (r *run) dataExtras(v *model.View) []extra {
	data := r.keys.dataKey(v)
	fixed := func(b []byte) func() ([]byte, error) { return func() ([]byte, error) { return b, nil } }
	return []extra{
		{"charter.json", data, func() ([]byte, error) { return files.CharterJSON(v) }},
		{"charter.schema.json", hashString(string(files.Schema)), fixed(files.Schema)},
		{"standards.csv", data, func() ([]byte, error) { return files.StandardsCSV(v) }},
		{"results.csv", data, func() ([]byte, error) { return files.ResultsCSV(v) }},
		{"changes/feed.xml", data, func() ([]byte, error) { return files.Feed(v) }},
		{"robots.txt", data, func() ([]byte, error) { return files.Robots(v), nil }},
		{"_headers", data, func() ([]byte, error) { return files.Headers(v), nil }},
		{"_redirects", data, func() ([]byte, error) { return files.Redirects(v), nil }},
	}
}

// pageExtras are the data files made from the rendered pages: the search
// index (their headings) and the sitemap.
func (r *run) pageExtras(v *model.View, outputs map[string]memo, jobs []*job) []extra {
	data := r.keys.dataKey(v)
	headings := map[string][]string{}
	search := data
	var pages []string
	for _, j := range jobs {
		if m, ok := outputs[outputPath(j.url)]; ok && j.doc != nil {
			headings[j.url] = m.headings
			for _, hd := range m.headings {
				search = mix(search, hashString(hd))
			}
		}
		if j.kind != "404" {
			pages = append(pages, j.url)
		}
	}
	list := []extra{{"search-index.json", search, func() ([]byte, error) { return files.SearchIndex(v, headings) }}}
	if v.Audience == model.Public {
		list = append(list, extra{"sitemap.xml", data, func() ([]byte, error) { return files.Sitemap(v.Config.BaseURL, pages), nil }})
	}
	return list
}

// writeExtras brings the data files of one site up to date. outputs holds
// the site's pages as built now (their headings feed the search index).
func (r *run) writeExtras(v *model.View, tree output.Tree, outputs map[string]memo, jobs []*job, old map[string]memo, rep *Report) {
	list := append(r.dataExtras(v), r.pageExtras(v, outputs, jobs)...)
	r.recordExtras(v, r.makeExtras(v, tree, list, old), old, outputs, rep)
}

// makeExtras makes the files of list on every core (see makeExtra).
func (r *run) makeExtras(v *model.View, tree output.Tree, list []extra, old map[string]memo) []madeExtra {
	made := make([]madeExtra, len(list))
	parallel(len(list), func(i int) { made[i] = r.makeExtra(v, tree, list[i], old) })
	return made
}

// madeExtra is the outcome of making one data file.
type madeExtra struct {
	extra
	kept    bool // unchanged since the last build
	written bool
	err     error
}

// makeExtra makes, scans and writes one data file, unless it is unchanged.
func (r *run) makeExtra(v *model.View, tree output.Tree, x extra, old map[string]memo) madeExtra {
	if m, ok := old[x.path]; ok && m.key == x.key {
		return madeExtra{extra: x, kept: true}
	}
	b, err := x.make()
	if err == nil {
		r.scanFile(v, x.path, b)
		err = tree.Write(x.path, b)
	}
	return madeExtra{extra: x, written: err == nil, err: err}
}

// recordExtras notes made data files in the site's memo and the report.
func (r *run) recordExtras(v *model.View, made []madeExtra, old, outputs map[string]memo, rep *Report) {
	for _, x := range made {
		switch {
		case x.kept:
			outputs[x.path] = old[x.path]
		case x.err != nil:
			r.diags.Errorf(diag.Pos{File: x.path, Line: 1, Col: 1}, "write", "%v", x.err)
		default:
			outputs[x.path] = memo{key: x.key}
			rep.Copied[v.Audience] = append(rep.Copied[v.Audience], x.path)
		}
	}
}

// dataFiles lists the paths writeExtras makes for a site, so pages may
// link to them (/charter.json, /changes/feed.xml).
func dataFiles(v *model.View) []string {
	paths := []string{"charter.json", "charter.schema.json", "standards.csv", "results.csv", "changes/feed.xml",
		"search-index.json", "robots.txt", "_headers", "_redirects"}
	if v.Audience == model.Public {
		paths = append(paths, "sitemap.xml")
	}
	return paths
}

// scanFile checks a public data file for staff-only text and paths.
func (r *run) scanFile(v *model.View, path string, b []byte) {
	if v.Audience != model.Public || r.scanner == nil {
		return
	}
	text := leak.DataText(path, b)
	found := r.scanner.ScanText(path, text)
	found = append(found, r.scanner.ScanPaths(path, text)...)
	if len(found) > 0 {
		r.mu.Lock()
		r.findings = append(r.findings, found...)
		r.mu.Unlock()
	}
}
