package build

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/charter-ssg/charter/generator/content"
	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/leak"
	"github.com/charter-ssg/charter/generator/markdown"
	"github.com/charter-ssg/charter/generator/model"
	"github.com/charter-ssg/charter/generator/readability"
)

// leakCache keeps the scanner between builds while no staff material
// changed, and each document's needles while the document is unchanged.
type leakCache struct {
	key     uint64
	current *leak.Scanner
	needles map[uint64][]leak.Needle
}

// scanner returns a scanner for every piece of staff-only material: the
// text of staff blocks, of playbooks, teams and internal pages, and their
// field values, and every staff-only URL.
func (c *leakCache) scanner(r *run, public, staff *model.View) *leak.Scanner {
	type source struct {
		doc    *model.Doc
		fields func() []string
		whole  bool // the whole body is staff-only
	}
	var sources []source
	for _, d := range allDocs(r.site) {
		if d.Body.HasStaff {
			sources = append(sources, source{doc: d})
		}
	}
	for _, pb := range r.site.Playbooks {
		sources = append(sources, source{&pb.Doc, func() []string {
			out := []string{pb.Title, pb.Summary, pb.Trigger}
			for _, e := range pb.Escalation {
				out = append(out, e.Action)
			}
			for _, h := range pb.Handoffs {
				out = append(out, h.What)
			}
			return out
		}, true})
	}
	for _, t := range r.site.Teams {
		sources = append(sources, source{&t.Doc, func() []string { return []string{t.Title, t.Summary, t.Lead, t.Contact, t.Hours} }, true})
	}
	for _, p := range r.site.Pages {
		if p.Internal {
			sources = append(sources, source{&p.Doc, func() []string { return []string{p.Title, p.Summary} }, true})
		}
	}
	staffURLs := staffOnlyURLs(r.site)
	key := r.keys.cfg
	for _, s := range sources {
		key = mix(mix(key, s.doc.Hash), hashString(s.doc.File))
	}
	for _, u := range staffURLs {
		key = mix(key, hashString(u.url))
	}
	if c.current != nil && key == c.key {
		return c.current
	}
	// Each document's needles are made from its rendered staff text, on
	// every core; the cache keeps them while the document is unchanged.
	ids := make([]uint64, len(sources))
	found := make([][]leak.Needle, len(sources))
	parallel(len(sources), func(i int) {
		s := sources[i]
		ids[i] = mix(s.doc.Hash, hashString(s.doc.File))
		if ns, ok := c.needles[ids[i]]; ok {
			found[i] = ns
			return
		}
		src, origin := staffOnlyLines(s.doc.Body), s.doc.File+" (staff block)"
		if s.whole {
			src, origin = s.doc.Body.Staff, s.doc.File
		}
		var ns []leak.Needle
		html := r.look.md.Render(src, markdown.Page{URL: staff.URL(s.doc)}).HTML
		for _, t := range leak.Blocks(html) {
			ns = append(ns, leak.Needle{Text: t, Origin: origin})
		}
		if s.fields != nil {
			for _, f := range s.fields() {
				ns = append(ns, leak.Needle{Text: f, Origin: s.doc.File})
			}
		}
		found[i] = ns
	})
	next := map[uint64][]leak.Needle{}
	var needles []leak.Needle
	for i, ns := range found {
		next[ids[i]] = ns
		needles = append(needles, ns...)
	}
	urls := map[string]string{}
	var prefixes []string
	for _, u := range staffURLs {
		if u.file == "" && strings.HasSuffix(u.url, "/") {
			prefixes = append(prefixes, u.url)
			continue
		}
		urls[u.url] = u.url
	}
	c.key, c.needles = key, next
	c.current = leak.NewScanner(needles, urls, prefixes)
	return c.current
}

// parallel calls do(i) for every i below n, on one worker per core.
func parallel(n int, do func(i int)) {
	onWorkers(min(runtime.GOMAXPROCS(0), n), n, func(_, i int) { do(i) })
}

// onWorkers runs do for 0..n-1 on the given number of goroutines; each
// takes the next i by counting, in order, and says which worker it is
// (from 0), for state a worker keeps between items.
func onWorkers(workers, n int, do func(worker, i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				do(w, i)
			}
		})
	}
	wg.Wait()
}

// staffOnlyLines keeps only the lines of a body that are inside staff
// blocks, so they can be rendered on their own.
func staffOnlyLines(b model.Body) string {
	var out strings.Builder
	for i, line := range strings.SplitAfter(b.Staff, "\n") {
		if i+1 < len(b.StaffLines) && b.StaffLines[i+1] {
			out.WriteString(line)
			continue
		}
		out.WriteString("\n")
	}
	return out.String()
}

func allDocs(s *model.Site) []*model.Doc {
	var out []*model.Doc
	for _, c := range s.Charters {
		out = append(out, &c.Doc)
	}
	for _, p := range s.Promises {
		out = append(out, &p.Doc)
	}
	for _, p := range s.Pages {
		out = append(out, &p.Doc)
	}
	return out
}

// reportLeaks turns scan findings into errors, except staff text that is
// also public content (a playbook quoting a promise word for word).
func (r *run) reportLeaks(public *model.View) {
	if len(r.findings) == 0 {
		return
	}
	if r.once && slices.ContainsFunc(r.findings, func(f leak.Finding) bool { return !f.IsURL }) {
		// The bodies were dropped once rendered: read them again, and be
		// sure they are the ones that were built.
		again, ok := r.readPublicAgain(public)
		if !ok {
			r.diags.Errorf(diag.Pos{File: r.findings[0].File, Line: 1, Col: 1}, "leak", "public page may contain staff-only text, and the content changed during the build, so charter cannot tell whether that text is also public: build again")
			return
		}
		public = again
	}
	var publicText strings.Builder
	for _, d := range publicDocs(public) {
		publicText.WriteString(leak.AllText([]byte(r.look.md.Render(public.Markdown(d), markdown.Page{URL: public.URL(d)}).HTML)))
		publicText.WriteString(" \x00 ")
		publicText.WriteString(leak.Fold(d.Title + " \x00 " + d.Summary))
		publicText.WriteString(" \x00 ")
	}
	for _, s := range public.Standards {
		publicText.WriteString(leak.Fold(strings.Join([]string{s.Measure, s.Remedy}, " \x00 ")))
		publicText.WriteString(" \x00 ")
	}
	for _, p := range public.Promises {
		for _, h := range p.History {
			publicText.WriteString(leak.Fold(h.Change) + " \x00 ")
		}
	}
	cfg := public.Config
	publicText.WriteString(leak.Fold(cfg.Title) + " \x00 ")
	for _, c := range cfg.Contact {
		publicText.WriteString(leak.Fold(strings.Join([]string{c.Type, c.Telephone, c.Email, c.Hours}, " \x00 ")) + " \x00 ")
	}
	corpus := publicText.String()
	// One error per piece of staff material, naming the pages it reached.
	pages := map[string][]string{}
	var order []leak.Finding
	for _, f := range r.findings {
		if !f.IsURL && leak.Contains(corpus, f) {
			continue
		}
		key := f.What + "\x00" + f.Origin
		if _, seen := pages[key]; !seen {
			order = append(order, f)
		}
		pages[key] = append(pages[key], f.File)
	}
	for _, f := range order {
		files := pages[f.What+"\x00"+f.Origin]
		sort.Strings(files)
		what := fmt.Sprintf("staff-only text %q from %s", clip(f.What), f.Origin)
		if f.IsURL {
			what = fmt.Sprintf("a link (%s) to the staff-only %s", f.What, f.Origin)
		}
		more := ""
		if len(files) > 1 {
			more = fmt.Sprintf(" (and %d other public pages)", len(files)-1)
		}
		r.diags.Errorf(diag.Pos{File: files[0], Line: 1, Col: 1}, "leak", "public page would contain %s%s; the public site was not written. This is a bug in a template or in charter: please report it", what, more)
	}
}

// readPublicAgain loads the site again for the public view's bodies, which
// a build that runs once drops. It fails if the content no longer loads or
// any public document differs from the one built.
func (r *run) readPublicAgain(built *model.View) (*model.View, bool) {
	site, diags := content.NewLoader(r.opts.Site).Load()
	if diags.HasErrors() {
		return nil, false
	}
	again := site.View(model.Public)
	was, now := publicDocs(built), publicDocs(again)
	if len(was) != len(now) {
		return nil, false
	}
	for i := range was {
		if was[i].File != now[i].File || was[i].Hash != now[i].Hash {
			return nil, false
		}
	}
	return again, true
}

func publicDocs(v *model.View) []*model.Doc {
	var out []*model.Doc
	for _, c := range v.Charters {
		out = append(out, &c.Doc)
	}
	for _, p := range v.Promises {
		out = append(out, &p.Doc)
	}
	for _, p := range v.Pages {
		out = append(out, &p.Doc)
	}
	return out
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

// readingGrade warns when a public page's text is harder to read than
// checks.max_reading_grade allows.
func (r *run) readingGrade(d *model.Doc, body string) []diag.Diagnostic {
	limit := r.site.Config.Checks.MaxReadingGrade
	stats := readability.Measure(append([]string{d.Summary}, leak.Blocks(body)...)...)
	if limit <= 0 || stats.Words < 50 {
		return nil
	}
	if g := stats.Grade(); g > limit {
		return []diag.Diagnostic{{Pos: d.Pos, Severity: diag.Warning, Code: "reading-grade",
			Message: fmt.Sprintf("reading grade %.1f is above checks.max_reading_grade %g: use shorter sentences and everyday words (%d words in %d sentences)", g, limit, stats.Words, stats.Sentences)}}
	}
	return nil
}
