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

// writeExtras brings the data files of one site up to date. outputs holds
// the site's pages as built now (their headings feed the search index).
func (r *run) writeExtras(v *model.View, tree output.Tree, outputs map[string]memo, jobs []*job, old map[string]memo, rep *Report) {
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
	fixed := func(b []byte) func() ([]byte, error) { return func() ([]byte, error) { return b, nil } }
	list := []extra{
		{"charter.json", data, func() ([]byte, error) { return files.CharterJSON(v) }},
		{"charter.schema.json", hashString(string(files.Schema)), fixed(files.Schema)},
		{"standards.csv", data, func() ([]byte, error) { return files.StandardsCSV(v) }},
		{"results.csv", data, func() ([]byte, error) { return files.ResultsCSV(v) }},
		{"changes/feed.xml", data, func() ([]byte, error) { return files.Feed(v) }},
		{"search-index.json", search, func() ([]byte, error) { return files.SearchIndex(v, headings) }},
		{"robots.txt", data, func() ([]byte, error) { return files.Robots(v), nil }},
		{"_headers", data, func() ([]byte, error) { return files.Headers(v), nil }},
		{"_redirects", data, func() ([]byte, error) { return files.Redirects(v), nil }},
	}
	if v.Audience == model.Public {
		list = append(list, extra{"sitemap.xml", data, func() ([]byte, error) { return files.Sitemap(v.Config.BaseURL, pages), nil }})
	}
	// Make and scan the changed files on every core, then write them in order.
	made := make([][]byte, len(list))
	errs := make([]error, len(list))
	parallel(len(list), func(i int) {
		if m, ok := old[list[i].path]; ok && m.key == list[i].key {
			return
		}
		made[i], errs[i] = list[i].make()
		if errs[i] == nil {
			r.scanFile(v, list[i].path, made[i])
		}
	})
	for i, x := range list {
		if m, ok := old[x.path]; ok && m.key == x.key {
			outputs[x.path] = m
			continue
		}
		err := errs[i]
		if err == nil {
			err = tree.Write(x.path, made[i])
		}
		if err != nil {
			r.diags.Errorf(diag.Pos{File: x.path, Line: 1, Col: 1}, "write", "%v", err)
			continue
		}
		outputs[x.path] = memo{key: x.key}
		rep.Copied[v.Audience] = append(rep.Copied[v.Audience], x.path)
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
	text := leak.FoldBytes(b)
	found := r.scanner.ScanText(path, text)
	found = append(found, r.scanner.ScanPaths(path, text)...)
	if len(found) > 0 {
		r.mu.Lock()
		r.findings = append(r.findings, found...)
		r.mu.Unlock()
	}
}
