package build

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/charter-ssg/charter/generator/content"
	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/markdown"
	"github.com/charter-ssg/charter/generator/model"
)

// linkIndex knows every URL of one audience's site, so links in markdown
// can be checked and rewritten while rendering.
type linkIndex struct {
	audience  model.Audience
	urls      map[string]bool   // pages and files of this site
	byFile    map[string]string // source file -> page URL, this site
	staffOnly map[string]bool   // URLs only the staff site has
	staffFile map[string]string // staff-only source file -> staff URL
}

func newLinkIndex(site *model.Site, v *model.View, jobs []*job, static []staticFile) *linkIndex {
	ix := &linkIndex{audience: v.Audience, urls: map[string]bool{}, byFile: map[string]string{},
		staffOnly: map[string]bool{}, staffFile: map[string]string{}}
	for _, j := range jobs {
		ix.urls[j.url] = true
		if j.doc != nil {
			ix.byFile[j.doc.File] = j.url
		}
	}
	for _, f := range v.Files {
		ix.urls["/"+f.Path] = true
	}
	for _, f := range static {
		ix.urls["/assets/"+f.name] = true
	}
	for _, f := range dataFiles(v) {
		ix.urls["/"+f] = true
	}
	if v.Audience == model.Public {
		for _, u := range staffOnlyURLs(site) {
			ix.staffOnly[u.url] = true
			if u.file != "" {
				ix.staffFile[u.file] = u.url
			}
		}
	}
	return ix
}

type staffURL struct{ url, file string }

// staffOnlyURLs lists every URL that exists only on the staff site.
func staffOnlyURLs(site *model.Site) []staffURL {
	var out []staffURL
	for _, s := range staffSections {
		out = append(out, staffURL{s, ""})
	}
	for _, pb := range site.Playbooks {
		out = append(out, staffURL{site.URL(&pb.Doc), pb.File})
	}
	for _, t := range site.Teams {
		out = append(out, staffURL{site.URL(&t.Doc), t.File})
	}
	for _, p := range site.Pages {
		if p.Internal {
			out = append(out, staffURL{site.URL(&p.Doc), p.File})
		}
	}
	for _, f := range site.Files {
		if f.Staff {
			out = append(out, staffURL{"/" + f.Path, ""})
		}
	}
	return out
}

// resolver checks links written in doc's body.
func (ix *linkIndex) resolver(doc *model.Doc, v *model.View) func(string) (string, string) {
	return func(dest string) (string, string) {
		p, frag, _ := strings.Cut(dest, "#")
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		if frag != "" {
			frag = "#" + frag
		}
		if strings.HasSuffix(p, ".md") {
			file := path.Join(path.Dir(doc.File), p)
			if u, ok := ix.byFile[file]; ok {
				return u + frag, ""
			}
			if _, ok := ix.staffFile[file]; ok {
				return "", fmt.Sprintf("link to %s, which is staff-only: public text cannot link to playbooks, teams or internal pages; put the link inside a \"::: staff\" block", dest)
			}
			return "", fmt.Sprintf("broken link %q: there is no %s (links to files are relative to this file, like ../pages/complaints.md)", dest, file)
		}
		target := p
		if !strings.HasPrefix(p, "/") {
			// A relative link is a file path relative to the source file, as
			// in a repository preview: ../files/leaflet.pdf from
			// content/pages/x.md is /files/leaflet.pdf.
			target = path.Join(path.Dir(doc.File), p)
			if p == "" {
				target = v.URL(doc)
			} else if rel, ok := strings.CutPrefix(target, content.Dir+"/"); ok {
				target = "/" + rel
			} else {
				return "", fmt.Sprintf("broken link %q: it points outside the content folder", dest)
			}
		}
		target = path.Clean(target)
		for _, cand := range []string{target, target + "/"} {
			if ix.urls[cand] {
				return cand + frag, ""
			}
		}
		for _, cand := range []string{target, target + "/"} {
			if ix.staffOnly[cand] || ix.staffSection(cand) {
				return "", fmt.Sprintf("link to %s, which is staff-only: public text cannot link to playbooks, teams or internal pages; put the link inside a \"::: staff\" block", dest)
			}
		}
		return "", fmt.Sprintf("broken link %q: no page or file at %s%s", dest, target, hintContentPath(target))
	}
}

func (ix *linkIndex) staffSection(u string) bool {
	if ix.audience != model.Public {
		return false
	}
	for _, s := range staffSections {
		if strings.HasPrefix(u, s) {
			return true
		}
	}
	return false
}

func hintContentPath(target string) string {
	if strings.HasPrefix(target, "/"+content.Dir+"/") {
		return " (files under content/ are published without the content/ prefix)"
	}
	return ""
}

// state hashes where each of a document's links points now, so a page is
// re-rendered when a page it links to appears, moves or disappears.
func (ix *linkIndex) state(doc *model.Doc, v *model.View, links []markdown.Link) uint64 {
	if doc == nil || len(links) == 0 {
		return 0
	}
	resolve := ix.resolver(doc, v)
	var h uint64
	for _, l := range links {
		if strings.HasPrefix(l.Dest, "#") {
			continue
		}
		target, problem := resolve(l.Dest)
		h = mix(h, hashString(target+"\x00"+problem))
	}
	return h
}

// elementIDs lists the id attributes of a page: the targets #fragments
// may point at.
func elementIDs(html []byte) string {
	var ids []byte
	rest := html
	// Each ` id="` is found from its "=": a page has far fewer of those
	// than of the spaces a search for the whole pattern stops at.
	for {
		i := bytes.IndexByte(rest, '=')
		if i < 0 {
			return string(ids)
		}
		if i < 3 || i+1 >= len(rest) || rest[i+1] != '"' || string(rest[i-3:i]) != " id" {
			rest = rest[i+1:]
			continue
		}
		rest = rest[i+2:]
		j := bytes.IndexByte(rest, '"')
		if j < 0 {
			return string(ids)
		}
		ids = append(append(ids, rest[:j]...), 0)
		rest = rest[j:]
	}
}

// checkAnchors reports links whose #fragment names no element of the page
// they point to. outputs holds every page of the site as built now.
func (r *run) checkAnchors(v *model.View, outputs map[string]memo, jobs map[string]*job) {
	ids := make(map[string]map[string]bool, len(outputs))
	idsOf := func(url string) map[string]bool {
		if set, ok := ids[url]; ok {
			return set
		}
		set := map[string]bool{}
		if m, ok := outputs[outputPath(url)]; ok {
			for id := range strings.SplitSeq(m.ids, "\x00") {
				if id != "" {
					set[id] = true
				}
			}
		}
		ids[url] = set
		return set
	}
	for file, j := range jobs {
		m, ok := outputs[outputPath(j.url)]
		if !ok {
			continue
		}
		for _, l := range m.links {
			url, frag, found := strings.Cut(l.Target, "#")
			if !found || frag == "" {
				continue
			}
			if _, page := outputs[outputPath(url)]; !page || idsOf(url)[frag] {
				continue
			}
			pos := diag.Pos{File: file, Line: j.doc.Body.Line + l.Line - 1, Col: l.Col}
			var names []string
			for id := range idsOf(url) {
				names = append(names, id)
			}
			r.diags.Errorf(pos, "broken-anchor", "link %q points to #%s, which is not on %s%s", l.Dest, frag, url, diag.DidYouMean(frag, names))
		}
	}
}

// staffOnlyFileLinks warns about public files (images, PDFs) that only
// staff content links to: they are published for everyone to download,
// though nothing public points at them. memos are both sites' outputs.
func (r *run) staffOnlyFileLinks(public *model.View, memos map[model.Audience]map[string]memo) []diag.Diagnostic {
	files := map[string]bool{}
	for _, f := range public.Files {
		files["/"+f.Path] = true
	}
	if len(files) == 0 {
		return nil
	}
	linked := func(a model.Audience) map[string]bool {
		out := map[string]bool{}
		for _, m := range memos[a] {
			for _, l := range m.links {
				target, _, _ := strings.Cut(l.Target, "#")
				if files[target] {
					out[target] = true
				}
			}
		}
		return out
	}
	fromPublic, fromStaff := linked(model.Public), linked(model.Staff)
	var out []diag.Diagnostic
	for _, f := range sortedKeys(fromStaff) {
		if !fromPublic[f] {
			out = append(out, diag.Diagnostic{Pos: diag.Pos{File: content.Dir + f, Line: 1, Col: 1}, Severity: diag.Warning, Code: "public-file",
				Message: fmt.Sprintf("%s is published on the public site, but only staff content links to it: move it under content/playbooks/ or content/teams/ to keep it staff-only", strings.TrimPrefix(f, "/"))})
		}
	}
	r.diags.Add(out...)
	return out
}
