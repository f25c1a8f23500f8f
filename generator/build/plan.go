package build

import (
	"fmt"
	"path"

	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/markdown"
	"strings"

	"github.com/charter-ssg/charter/generator/model"
	"github.com/charter-ssg/charter/generator/render"
)

// job is one page to render: its URL, its kind (which names the template)
// and the document it shows, if any.
type job struct {
	url   string
	kind  string
	title string
	doc   *model.Doc
	page  *render.Page
	// key identifies the page's inputs, apart from its links' targets.
	key uint64
	// links are the internal links its body used, filled in by render.
	links []markdown.Link
	// ids are the element ids of the rendered page, for anchor checks,
	// each followed by a NUL byte (one string is a tenth of the memory).
	ids string
	// warnings are the page's warnings, repeated while it is reused.
	warnings []diag.Diagnostic
}

// PageSize is how many promises one page of a long list shows.
const PageSize = 100

// pages splits promises into pages of PageSize: the first at base, the
// others at base/page/N/.
func pages(promises []*model.Promise, base string) []*render.Paged {
	n := max(1, (len(promises)+PageSize-1)/PageSize)
	urls := make([]string, n)
	for i := range urls {
		urls[i] = base
		if i > 0 {
			urls[i] = fmt.Sprintf("%spage/%d/", base, i+1)
		}
	}
	out := make([]*render.Paged, n)
	for i := range out {
		out[i] = &render.Paged{Promises: promises[min(i*PageSize, len(promises)):min((i+1)*PageSize, len(promises))], Number: i + 1, URLs: urls}
	}
	return out
}

// outputPath is the file a page URL is written to.
func outputPath(url string) string {
	if strings.HasSuffix(url, ".html") {
		return strings.TrimPrefix(url, "/")
	}
	return strings.TrimPrefix(url, "/") + "index.html"
}

// plan lists every page of one audience's site, in a fixed order.
func plan(v *model.View, served bool) []*job {
	var jobs []*job
	add := func(url, kind, title string, doc *model.Doc, fill func(*render.Page)) {
		p := &render.Page{Site: v, Kind: kind, URL: url, Title: title}
		if doc != nil {
			p.Summary = doc.Summary
		}
		if fill != nil {
			fill(p)
		}
		jobs = append(jobs, &job{url: url, kind: kind, title: title, doc: doc, page: p})
	}
	for _, c := range v.Charters {
		kind := "charter"
		if c == v.Home {
			kind = "home"
		}
		add(v.URL(&c.Doc), kind, c.Title, &c.Doc, func(p *render.Page) { p.Charter = c })
	}
	add("/promises/", "promises", "All our promises", nil, nil)
	for _, pr := range v.Promises {
		add(v.URL(&pr.Doc), "promise", pr.Title, &pr.Doc, func(p *render.Page) { p.Promise = pr })
	}
	add("/standards/", "standards", "Our service standards", nil, nil)
	for _, paged := range pages(v.Promises, "/how-we-are-doing/") {
		title := "How we are doing"
		if paged.Number > 1 {
			title = fmt.Sprintf("How we are doing, page %d of %d", paged.Number, len(paged.URLs))
		}
		add(paged.URLs[paged.Number-1], "how-we-are-doing", title, nil, func(p *render.Page) { p.Paged = paged })
	}
	add("/remedies/", "remedies", "If we fall short", nil, nil)
	add("/changes/", "changes", "What changed", nil, nil)
	add("/search/", "search", "Search", nil, nil)
	for _, pg := range v.Pages {
		add(v.URL(&pg.Doc), "page", pg.Title, &pg.Doc, func(p *render.Page) { p.Page = pg })
	}
	add("/404.html", "404", "Page not found", nil, func(p *render.Page) {
		p.BasePath = basePath(v)
		if served {
			p.BasePath = map[bool]string{false: "/", true: "/_staff/"}[v.IsStaff()]
		}
	})
	if v.IsStaff() {
		add("/playbooks/", "playbooks", "Playbooks", nil, nil)
		for _, pb := range v.Playbooks {
			add(v.URL(&pb.Doc), "playbook", pb.Title, &pb.Doc, func(p *render.Page) { p.Playbook = pb })
		}
		add("/teams/", "teams", "Teams", nil, nil)
		for _, t := range v.Teams {
			add(v.URL(&t.Doc), "team", t.Title, &t.Doc, func(p *render.Page) { p.Team = t })
		}
		add("/ownership/", "ownership", "Who owns what", nil, nil)
		add("/coverage/", "coverage", "Coverage", nil, nil)
	}
	return jobs
}

// basePath is the URL path the site is served under, for the 404 page.
func basePath(v *model.View) string {
	base := v.Config.BaseURL
	if v.IsStaff() {
		base = v.Config.StaffBaseURL
	}
	if i := strings.Index(base, "://"); i >= 0 {
		rest := base[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			if p := path.Clean(rest[j:]); p != "/" {
				return p + "/"
			}
		}
	}
	return "/"
}

// staffSections are URL prefixes that only the staff site has.
var staffSections = []string{"/playbooks/", "/teams/", "/ownership/", "/coverage/"}
