package build

import (
	"io"

	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/files"
	"github.com/charter-ssg/charter/generator/leak"
	"github.com/charter-ssg/charter/generator/model"
	"github.com/charter-ssg/charter/generator/output"
)

// extra is a file beside the pages, made by package files: write writes
// it whole records at a time (see files.CharterJSON).
type extra struct {
	path  string
	key   uint64
	write func(io.Writer) error
}

// whole is the write of a small file made in one piece.
func whole(make func() ([]byte, error)) func(io.Writer) error {
	return func(w io.Writer) error {
		b, err := make()
		if err == nil {
			_, err = w.Write(b)
		}
		return err
	}
}

// dataExtras are the data files that do not depend on the rendered pages,
// so they can be made while the pages render.
func (r *run) dataExtras(v *model.View) []extra {
	data := r.keys.dataKey(v)
	fixed := func(b []byte) func(io.Writer) error { return whole(func() ([]byte, error) { return b, nil }) }
	stream := func(write func(io.Writer, *model.View) error) func(io.Writer) error {
		return func(w io.Writer) error { return write(w, v) }
	}
	return []extra{
		{"charter.json", data, stream(files.CharterJSON)},
		{"charter.schema.json", hashString(string(files.Schema)), fixed(files.Schema)},
		{"standards.csv", data, stream(files.StandardsCSV)},
		{"results.csv", data, stream(files.ResultsCSV)},
		{"changes/feed.xml", data, whole(func() ([]byte, error) { return files.Feed(v) })},
		{"robots.txt", data, fixed(files.Robots(v))},
		{"_headers", data, fixed(files.Headers(v))},
		{"_redirects", data, fixed(files.Redirects(v))},
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
	list := []extra{{"search-index.json", search, whole(func() ([]byte, error) { return files.SearchIndex(v, headings) })}}
	if v.Audience == model.Public {
		list = append(list, extra{"sitemap.xml", data, whole(func() ([]byte, error) { return files.Sitemap(v.Config.BaseURL, pages), nil })})
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
// The file goes to the tree a piece at a time, each piece scanned on its
// way, so a large file is never held whole.
func (r *run) makeExtra(v *model.View, tree output.Tree, x extra, old map[string]memo) madeExtra {
	if m, ok := old[x.path]; ok && m.key == x.key {
		return madeExtra{extra: x, kept: true}
	}
	f, err := output.Create(tree, x.path)
	if err == nil {
		var w io.Writer = f
		if v.Audience == model.Public && r.scanner != nil {
			w = &scanningWriter{r: r, path: x.path, w: f}
		}
		err = x.write(w)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
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

// scanningWriter checks each piece of a public data file for staff-only
// text and paths before passing it on. The pieces are whole records, so
// every value is scanned whole.
type scanningWriter struct {
	r    *run
	path string
	w    io.Writer
}

func (s *scanningWriter) Write(b []byte) (int, error) {
	text := leak.DataText(s.path, b)
	found := s.r.scanner.ScanText(s.path, text)
	found = append(found, s.r.scanner.ScanPaths(s.path, text)...)
	if len(found) > 0 {
		s.r.mu.Lock()
		s.r.findings = append(s.r.findings, found...)
		s.r.mu.Unlock()
	}
	return s.w.Write(b)
}
