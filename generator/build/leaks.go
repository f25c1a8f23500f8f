package build

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/leak"
	"github.com/charter-ssg/charter/generator/markdown"
	"github.com/charter-ssg/charter/generator/model"
)

// leakScanner collects every piece of staff-only material: the text of
// staff blocks, of playbooks, teams and internal pages, and their field
// values, and every staff-only URL.
func (b *builder) leakScanner(public, staff *model.View) *leak.Scanner {
	var needles []leak.Needle
	addHTML := func(html []byte, origin string) {
		for _, t := range leak.Blocks(html) {
			needles = append(needles, leak.Needle{Text: t, Origin: origin})
		}
	}
	addText := func(origin string, values ...string) {
		for _, s := range values {
			needles = append(needles, leak.Needle{Text: s, Origin: origin})
		}
	}
	renderStaff := func(d *model.Doc, src string) []byte {
		return b.md.Render(src, markdown.Page{URL: staff.URL(d)}).HTML
	}
	for _, d := range allDocs(b.site) {
		if d.Body.HasStaff {
			addHTML(renderStaff(d, staffOnlyLines(d.Body)), d.File+" (staff block)")
		}
	}
	for _, pb := range b.site.Playbooks {
		addHTML(renderStaff(&pb.Doc, pb.Body.Staff), pb.File)
		addText(pb.File, pb.Title, pb.Summary, pb.Trigger)
		for _, e := range pb.Escalation {
			addText(pb.File, e.Action)
		}
		for _, h := range pb.Handoffs {
			addText(pb.File, h.What)
		}
	}
	for _, t := range b.site.Teams {
		addHTML(renderStaff(&t.Doc, t.Body.Staff), t.File)
		addText(t.File, t.Title, t.Summary, t.Lead, t.Contact, t.Hours)
	}
	for _, p := range b.site.Pages {
		if p.Internal {
			addHTML(renderStaff(&p.Doc, p.Body.Staff), p.File)
			addText(p.File, p.Title, p.Summary)
		}
	}
	urls := map[string]string{}
	var prefixes []string
	for _, u := range staffOnlyURLs(b.site) {
		if u.file == "" && strings.HasSuffix(u.url, "/") {
			prefixes = append(prefixes, u.url)
			continue
		}
		urls[u.url] = u.url
	}
	return leak.NewScanner(needles, urls, prefixes)
}

// staffOnlyLines keeps only the lines of a body that are inside staff
// blocks, so they can be rendered on their own.
func staffOnlyLines(b model.Body) string {
	pub := strings.SplitAfter(b.Public, "\n")
	st := strings.SplitAfter(b.Staff, "\n")
	var out strings.Builder
	for i := range st {
		if i < len(pub) && pub[i] == st[i] {
			out.WriteString("\n")
			continue
		}
		out.WriteString(st[i])
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
func (b *builder) reportLeaks(public *model.View) {
	if len(b.findings) == 0 {
		return
	}
	var publicText strings.Builder
	for _, d := range publicDocs(public) {
		publicText.WriteString(leak.Text(b.md.Render(public.Markdown(d), markdown.Page{URL: public.URL(d)}).HTML))
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
	for _, f := range b.findings {
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
		b.diags.Errorf(diag.Pos{File: files[0]}, "leak", "public page would contain %s%s; the public site was not written. This is a bug in a template or in charter: please report it", what, more)
	}
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
