package content

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/markdown"
	"github.com/charter-ssg/charter/generator/model"
	"github.com/goccy/go-yaml/ast"
)

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidID reports whether s may be used as a document or standard ID.
func ValidID(s string) bool { return idPattern.MatchString(s) && !reserved[s] }

// reserved are names some systems cannot use as file or folder names.
var reserved = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
}

// idProblem explains why s is not a valid ID.
func idProblem(s string) string {
	if reserved[s] {
		return fmt.Sprintf("%q is a reserved name on some systems: choose another, like %q", s, s+"-page")
	}
	return fmt.Sprintf("use lowercase letters, digits and single hyphens, like %q", Slug(s))
}

// Slug turns a title or file name into an ID: lowercase letters, digits and
// single hyphens.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	return b.String()
}

// frontMatter splits a markdown file into its YAML front matter and body.
// bodyLine is the file line where the body starts.
func frontMatter(file string, src []byte, diags *diag.List) (yamlSrc []byte, body string, bodyLine int, ok bool) {
	start := diag.Pos{File: file, Line: 1, Col: 1}
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if strings.TrimRight(string(first), " \t\r") != "---" {
		diags.Errorf(start, "front-matter", "missing front matter: start the file with a line \"---\", then at least \"title: …\", then \"---\"")
		return nil, "", 0, false
	}
	offset := len(first) + 1
	line := 2
	for len(rest) > 0 || offset <= len(src) {
		l, after, found := bytes.Cut(rest, []byte("\n"))
		t := strings.TrimRight(string(l), " \t\r")
		if t == "---" || t == "..." {
			yamlEnd := offset
			bodyStart := offset + len(l)
			if found {
				bodyStart++
			}
			return src[len(first)+1 : yamlEnd], string(src[bodyStart:]), line + 1, true
		}
		if !found {
			break
		}
		offset += len(l) + 1
		rest = after
		line++
	}
	diags.Errorf(start, "front-matter", "front matter is never closed: add a line \"---\" after the last field")
	return nil, "", 0, false
}

// checkText reports files that are not UTF-8 text.
func checkText(file string, src []byte, diags *diag.List) bool {
	if bytes.IndexByte(src, 0) >= 0 {
		line, col := lineCol(src, bytes.IndexByte(src, 0))
		diags.Errorf(diag.Pos{File: file, Line: line, Col: col}, "not-text", "this file holds binary data, not markdown text: move it out of this folder or save it as text")
		return false
	}
	if !utf8.Valid(src) {
		i := 0
		for i < len(src) {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		line, col := lineCol(src, i)
		diags.Errorf(diag.Pos{File: file, Line: line, Col: col}, "not-utf8", "file is not UTF-8 text: save it as UTF-8 in your editor")
		return false
	}
	return true
}

func lineCol(src []byte, offset int) (int, int) {
	line := 1 + bytes.Count(src[:offset], []byte("\n"))
	lineStart := bytes.LastIndexByte(src[:offset], '\n') + 1
	return line, utf8.RuneCount(src[lineStart:offset]) + 1
}

// splitBody splits a document's body, which starts on file line line, by
// audience.
func splitBody(body string, line int) (model.Body, []markdown.Problem) {
	split, problems := markdown.SplitAudiences(body)
	return model.Body{Staff: split.Staff, StaffLines: split.StaffLines, HasStaff: split.HasStaff, Line: line}, problems
}

func trimBOM(src []byte) []byte { return bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")) }

// parseDocument reads one markdown file of the given kind.
func parseDocument(kind model.Kind, file string, src []byte, diags *diag.List) any {
	src = trimBOM(src)
	if len(bytes.TrimSpace(src)) == 0 {
		diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "empty-file", "file is empty: add front matter with at least a title, or delete the file")
		return nil
	}
	if !checkText(file, src, diags) {
		return nil
	}
	yamlSrc, body, bodyLine, ok := frontMatter(file, src, diags)
	if !ok {
		return stub(kind, file)
	}
	d := &decoder{file: file, lineBase: 1, diags: diags}
	root, ok := d.parseYAML(loneCR(yamlSrc))
	if !ok {
		return stub(kind, file)
	}
	doc := model.Doc{
		Kind:      kind,
		File:      file,
		Pos:       diag.Pos{File: file, Line: 1, Col: 1},
		FrontHash: Hash(yamlSrc) ^ uint64(bodyLine),
	}
	var problems []markdown.Problem
	doc.Body, problems = splitBody(body, bodyLine)
	for _, p := range problems {
		diags.Errorf(diag.Pos{File: file, Line: bodyLine + p.Line - 1, Col: p.Col}, p.Code, "%s", p.Message)
	}

	common := map[string]field{
		"id":      func(n ast.Node) { t := d.text(n, "id"); doc.ID = t.Value; checkID(d, t, "id") },
		"title":   func(n ast.Node) { doc.Title = d.str(n, "title") },
		"summary": func(n ast.Node) { doc.Summary = d.str(n, "summary") },
	}
	what := string(kind) + " front matter"
	var result any
	var seen map[string]bool
	switch kind {
	case model.KindCharter:
		c := &model.Charter{}
		seen = d.mapping(root, what, with(common, map[string]field{
			"audience": func(n ast.Node) { c.Audience = d.text(n, "audience") },
			"promises": func(n ast.Node) { c.Promises = d.refList(n, "promises"); c.HasPromises = true },
			"home": func(n ast.Node) {
				c.Home, c.HomeSet = d.boolean(n, "home")
			},
			"reviewed":    func(n ast.Node) { c.Reviewed = d.date(n, "reviewed") },
			"next_review": func(n ast.Node) { c.NextReview = d.date(n, "next_review") },
		}))
		result = c
	case model.KindPromise:
		p := &model.Promise{}
		seen = d.mapping(root, what, with(common, map[string]field{
			"owner":     func(n ast.Node) { p.Owner = d.ref(n, "owner") },
			"segments":  func(n ast.Node) { p.Segments = d.textList(n, "segments") },
			"channels":  func(n ast.Node) { p.Channels = texts(d.textList(n, "channels")) },
			"updated":   func(n ast.Node) { p.Updated = d.date(n, "updated") },
			"aliases":   func(n ast.Node) { doc.Aliases = d.textList(n, "aliases") },
			"history":   func(n ast.Node) { p.History = parseHistory(d, n) },
			"standards": func(n ast.Node) { p.Standards = parseStandards(d, n, p) },
		}))
		d.require(seen, doc.Pos, "a promise", "owner", "standards")
		result = p
	case model.KindPlaybook:
		pb := &model.Playbook{}
		seen = d.mapping(root, what, with(common, map[string]field{
			"delivers": func(n ast.Node) { pb.Delivers = d.refList(n, "delivers") },
			"owner":    func(n ast.Node) { pb.Owner = d.ref(n, "owner") },
			"trigger":  func(n ast.Node) { pb.Trigger = d.str(n, "trigger") },
			"escalation": func(n ast.Node) {
				d.list(n, "escalation", func(item ast.Node) {
					var e model.Escalation
					s := d.mapping(item, "escalation step", map[string]field{
						"after":  func(n ast.Node) { e.After = d.duration(n, "after") },
						"to":     func(n ast.Node) { e.To = d.ref(n, "to") },
						"action": func(n ast.Node) { e.Action = d.str(n, "action") },
					})
					d.require(s, d.pos(item), "an escalation step", "after", "to", "action")
					pb.Escalation = append(pb.Escalation, e)
				})
			},
			"handoffs": func(n ast.Node) {
				d.list(n, "handoffs", func(item ast.Node) {
					var h model.Handoff
					s := d.mapping(item, "hand-off", map[string]field{
						"from":   func(n ast.Node) { h.From = d.ref(n, "from") },
						"to":     func(n ast.Node) { h.To = d.ref(n, "to") },
						"what":   func(n ast.Node) { h.What = d.str(n, "what") },
						"within": func(n ast.Node) { h.Within = d.duration(n, "within") },
					})
					d.require(s, d.pos(item), "a hand-off", "from", "to", "what")
					pb.Handoffs = append(pb.Handoffs, h)
				})
			},
		}))
		d.require(seen, doc.Pos, "a playbook", "delivers", "owner")
		result = pb
	case model.KindTeam:
		t := &model.Team{}
		seen = d.mapping(root, what, with(common, map[string]field{
			"lead":    func(n ast.Node) { t.Lead = d.str(n, "lead") },
			"contact": func(n ast.Node) { t.Contact = d.str(n, "contact") },
			"hours":   func(n ast.Node) { t.Hours = d.str(n, "hours") },
		}))
		result = t
	case model.KindPage:
		pg := &model.Page{}
		seen = d.mapping(root, what, with(common, map[string]field{
			"internal": func(n ast.Node) { pg.Internal, _ = d.boolean(n, "internal") },
			"aliases":  func(n ast.Node) { doc.Aliases = d.textList(n, "aliases") },
		}))
		result = pg
	}
	if !seen["title"] || doc.Title == "" {
		if !seen["title"] {
			d.diags.Errorf(doc.Pos, "missing-field", "every %s needs a title: add \"title: …\" to the front matter", kind)
		} else {
			d.diags.Errorf(doc.Pos, "missing-field", "title is empty: write the %s's title after \"title:\"", kind)
		}
	}
	if doc.ID == "" {
		base := strings.TrimSuffix(path.Base(file), ".md")
		doc.ID = base
		switch {
		case reserved[base]:
			d.diags.Errorf(doc.Pos, "bad-id", "file name %q is a reserved name on some systems: rename the file to %q", path.Base(file), base+"-page.md")
		case !ValidID(base):
			d.diags.Errorf(doc.Pos, "bad-id", "file name %q is not a valid ID (lowercase letters, digits and hyphens): rename the file to %q", path.Base(file), Slug(base)+".md")
		}
	}
	switch r := result.(type) {
	case *model.Charter:
		r.Doc = doc
	case *model.Promise:
		r.Doc = doc
	case *model.Playbook:
		r.Doc = doc
	case *model.Team:
		r.Doc = doc
	case *model.Page:
		r.Doc = doc
	}
	return result
}

// loneCR turns a carriage return that is not part of CRLF into a space:
// YAML counts it as a line break where editors and our positions do not.
func loneCR(src []byte) []byte {
	if !bytes.Contains(src, []byte("\r")) {
		return src
	}
	out := bytes.Clone(src)
	for i, c := range out {
		if c == '\r' && (i+1 == len(out) || out[i+1] != '\n') {
			out[i] = ' '
		}
	}
	return out
}

// stub stands in for a document whose front matter could not be read, so
// references to it do not add a second, misleading error.
func stub(kind model.Kind, file string) any {
	doc := model.Doc{Kind: kind, File: file, Pos: diag.Pos{File: file, Line: 1, Col: 1},
		ID: strings.TrimSuffix(path.Base(file), ".md"), Broken: true}
	switch kind {
	case model.KindCharter:
		return &model.Charter{Doc: doc}
	case model.KindPromise:
		return &model.Promise{Doc: doc}
	case model.KindPlaybook:
		return &model.Playbook{Doc: doc}
	case model.KindTeam:
		return &model.Team{Doc: doc}
	}
	return &model.Page{Doc: doc}
}

func checkID(d *decoder, t model.Text, key string) {
	if !ValidID(t.Value) {
		d.diags.Errorf(t.Pos, "bad-id", "%s %q is not a valid ID: %s", key, t.Value, idProblem(t.Value))
	}
}

func with(a, b map[string]field) map[string]field {
	out := make(map[string]field, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func texts(ts []model.Text) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Value
	}
	return out
}

// Units, periods and directions a standard may use.
var (
	Units      = []string{"percent", "seconds", "minutes", "hours", "days", "working-days", "count", "score", "currency"}
	Periods    = []string{"month", "quarter", "year"}
	Directions = []string{string(model.AtLeast), string(model.AtMost)}
)

func oneOf(d *decoder, t model.Text, key string, allowed []string) string {
	for _, a := range allowed {
		if t.Value == a {
			return a
		}
	}
	d.diags.Errorf(t.Pos, "bad-"+key, "unknown %s %q: use one of %s%s", key, t.Value, strings.Join(allowed, ", "), diag.DidYouMean(t.Value, allowed))
	return ""
}

func parseStandards(d *decoder, n ast.Node, p *model.Promise) []*model.Standard {
	var out []*model.Standard
	d.list(n, "standards", func(item ast.Node) {
		s := &model.Standard{Pos: d.pos(item), Direction: model.AtLeast, Promise: p}
		seen := d.mapping(item, "standard", map[string]field{
			"id": func(n ast.Node) {
				t := d.text(n, "standard id")
				s.ID, s.Pos = t.Value, t.Pos
				checkID(d, t, "standard id")
			},
			"measure": func(n ast.Node) { s.Measure = d.str(n, "measure") },
			"target": func(n ast.Node) {
				s.TargetPos = d.pos(n)
				s.Target, _ = d.number(n, "target")
			},
			"unit":   func(n ast.Node) { s.Unit = oneOf(d, d.text(n, "unit"), "unit", Units) },
			"period": func(n ast.Node) { s.Period = oneOf(d, d.text(n, "period"), "period", Periods) },
			"direction": func(n ast.Node) {
				s.Direction = model.Direction(oneOf(d, d.text(n, "direction"), "direction", Directions))
			},
			"within": func(n ast.Node) { s.Within = d.duration(n, "within") },
			"remedy": func(n ast.Node) { s.Remedy = d.str(n, "remedy") },
			"near_miss": func(n ast.Node) {
				if v, ok := d.number(n, "near_miss"); ok {
					s.NearMiss = &v
				}
			},
		})
		if len(seen) == 0 {
			return
		}
		var missing []string
		for _, k := range []string{"id", "measure", "target", "unit", "period"} {
			if !seen[k] {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			d.diags.Errorf(d.pos(item), "unmeasurable", "standard is not measurable without %s: add %s", strings.Join(missing, ", "), quoteKeys(missing))
		}
		out = append(out, s)
	})
	if len(out) == 0 {
		d.errorf(n, "unmeasurable", "a promise needs at least one standard with an id, a measure, a numeric target, a unit and a period")
	}
	return out
}

func quoteKeys(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = fmt.Sprintf("%q", k+":")
	}
	return strings.Join(q, ", ")
}

func parseHistory(d *decoder, n ast.Node) []model.HistoryEntry {
	var out []model.HistoryEntry
	d.list(n, "history", func(item ast.Node) {
		h := model.HistoryEntry{Pos: d.pos(item)}
		seen := d.mapping(item, "history entry", map[string]field{
			"date":     func(n ast.Node) { h.Date = d.date(n, "date") },
			"change":   func(n ast.Node) { h.Change = d.str(n, "change") },
			"standard": func(n ast.Node) { h.Standard = d.ref(n, "standard") },
			"previous_target": func(n ast.Node) {
				if v, ok := d.number(n, "previous_target"); ok {
					h.PreviousTarget = &v
				}
			},
		})
		d.require(seen, h.Pos, "a history entry", "date", "change")
		out = append(out, h)
	})
	return out
}
