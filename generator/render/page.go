package render

import (
	"fmt"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charter-ssg/charter/generator/markdown"
	"github.com/charter-ssg/charter/generator/model"
)

// Page is what every template receives.
type Page struct {
	// Site is the audience's view of the site: everything a template may show.
	Site *model.View
	// Kind is the page kind, which names its template.
	Kind    string
	URL     string // site-absolute, like /promises/x/
	Title   string
	Summary string
	// Body is the page's document rendered for this audience.
	Body     template.HTML
	Headings []markdown.Heading
	// The document the page is about, when it is about one.
	Charter  *model.Charter
	Promise  *model.Promise
	Playbook *model.Playbook
	Team     *model.Team
	Page     *model.Page
	// Today is the build date (YYYY-MM-DD), for overdue reviews.
	Today string
	// BasePath, when set, makes links absolute under it instead of relative
	// (404.html is served at any depth, so relative links would break).
	BasePath string
	// Fragments caches what repeats across pages; nil means no caching.
	Fragments *Fragments
	// Shared carries partials from a document's public page to its staff
	// page, rendered right after it (see "shared"); nil means no sharing.
	Shared *Shared
	// Paged is the page's share of a long list split over several pages.
	Paged *Paged
}

// Paged is one page of a list split over several pages, so a site with
// thousands of promises does not make one enormous page.
type Paged struct {
	Promises []*model.Promise
	Number   int      // from 1
	URLs     []string // every page of the list, site-absolute, in order
}

// First reports whether this is the list's first page.
func (p *Paged) First() bool { return p.Number == 1 }

// Chart is the standard's trend chart (see Chart), made once per build.
func (p *Page) Chart(s *model.Standard) template.HTML {
	return p.Fragments.get("chart/"+s.ID, func() template.HTML { return Chart(p.Site, s) })
}

// Result is a standard's latest result with its status in words and
// shape, or "Not yet measured"; the same on every page, so made once.
func (p *Page) Result(s *model.Standard) template.HTML {
	return p.Fragments.get("result/"+s.ID, func() template.HTML { return Result(p.Site, s) })
}

// TrendTable is the chart's figures as a table (see TrendTable).
func (p *Page) TrendTable(s *model.Standard) template.HTML {
	return p.Fragments.get("table/"+s.ID, func() template.HTML { return TrendTable(p.Site, s) })
}

// Rel returns a link from this page to a site-absolute URL.
func (p *Page) Rel(target string) string {
	if p.BasePath != "" {
		return strings.TrimSuffix(p.BasePath, "/") + target
	}
	return markdown.Relative(p.URL, target)
}

// Link returns a link from this page to a document's page.
func (p *Page) Link(d *model.Doc) string { return p.Rel(p.Site.URL(d)) }

// PromiseLink returns a link to a promise by ID.
func (p *Page) PromiseLink(id string) string { return p.Rel("/promises/" + id + "/") }

// TeamLink returns a link to a team by ID.
func (p *Page) TeamLink(id string) string { return p.Rel("/teams/" + id + "/") }

// Asset returns a link to a theme file under /assets/.
func (p *Page) Asset(name string) string { return p.Rel("/assets/" + name) }

// RoleCells writes one row of the ownership matrix: a cell per team saying
// how it takes part in the promise, in words (and weight), never by colour
// alone. Built in Go: the matrix has a cell per promise and team.
func (p *Page) RoleCells(pr *model.Promise) template.HTML {
	var b strings.Builder
	for _, t := range p.Site.Teams {
		role := p.Site.Involvement(pr.ID, t.ID)
		class := role
		if class == "" {
			class = "none"
		}
		b.WriteString("\n<td class=\"role role-" + class + "\">")
		switch role {
		case "owner":
			b.WriteString("<strong>Owner</strong>")
		case "playbook":
			b.WriteString("Playbook")
		case "escalation":
			b.WriteString("Escalation")
		case "hand-off":
			b.WriteString("Hand-off")
		default:
			b.WriteString(`<span aria-hidden="true">·</span><span class="visually-hidden">none</span>`)
		}
		b.WriteString("</td>")
	}
	return template.HTML(b.String())
}

// DocTitle is the <title>: the page, the organisation and, on the staff
// site, "(staff)", kept within 70 characters as search engines and
// html-validate ask: the organisation goes first, then words of the title.
func (p *Page) DocTitle() string {
	suffix := ""
	if p.Site.IsStaff() {
		suffix = " (staff)"
	}
	full := p.Title + " – " + p.Site.Config.Title + suffix
	if utf8.RuneCountInString(full) <= 70 {
		return full
	}
	title := p.Title + suffix
	if utf8.RuneCountInString(title) <= 70 {
		return title
	}
	cut := []rune(p.Title)[:69-utf8.RuneCountInString(suffix)]
	if i := strings.LastIndexByte(string(cut), ' '); i > 40 {
		cut = []rune(string(cut)[:i])
	}
	return strings.TrimRight(string(cut), " ,.;:–-") + "…" + suffix
}

// Canonical is the page's absolute public address, or "" for staff pages
// and the 404 page (they have none to share).
func (p *Page) Canonical() string {
	base := p.Site.Config.BaseURL
	if p.Site.IsStaff() || base == "" || p.Kind == "404" {
		return ""
	}
	return strings.TrimSuffix(base, "/") + p.URL
}

// Absolute makes a site-absolute URL absolute under the public baseURL.
func (p *Page) Absolute(u string) string {
	return strings.TrimSuffix(p.Site.Config.BaseURL, "/") + u
}

// Organisation is schema.org JSON-LD for the organisation and its contact
// points, for the public home page.
func (p *Page) Organisation() map[string]any {
	org := map[string]any{
		"@context": "https://schema.org",
		"@type":    "Organization",
		"name":     p.Site.Config.Title,
		"url":      p.Site.Config.BaseURL,
	}
	var points []map[string]any
	for _, c := range p.Site.Config.Contact {
		cp := map[string]any{"@type": "ContactPoint"}
		for k, v := range map[string]string{"contactType": c.Type, "telephone": c.Telephone, "email": c.Email, "hoursAvailable": c.Hours} {
			if v != "" {
				cp[k] = v
			}
		}
		points = append(points, cp)
	}
	if len(points) > 0 {
		org["contactPoint"] = points
	}
	return org
}

// IsStaff reports whether the page is on the staff site.
func (p *Page) IsStaff() bool { return p.Site.IsStaff() }

// NavItem is one entry of the main navigation.
type NavItem struct {
	Title   string
	URL     string
	Current bool
}

// Nav returns the main navigation for this page.
func (p *Page) Nav() []NavItem {
	type entry struct{ title, url string }
	entries := []entry{{"Our promise", "/"}, {"Promises", "/promises/"}, {"Standards", "/standards/"}, {"How we are doing", "/how-we-are-doing/"}}
	if p.Site.Page("complaints") != nil {
		entries = append(entries, entry{"Complaints", "/pages/complaints/"})
	}
	if p.Site.IsStaff() {
		entries = append(entries, entry{"Playbooks", "/playbooks/"}, entry{"Teams", "/teams/"},
			entry{"Ownership", "/ownership/"}, entry{"Coverage", "/coverage/"})
	}
	out := make([]NavItem, len(entries))
	for i, e := range entries {
		current := p.URL == e.url || (e.url != "/" && strings.HasPrefix(p.URL, e.url))
		out[i] = NavItem{e.title, p.Rel(e.url), current}
	}
	return out
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct {
	Title string
	URL   string
}

// Crumbs returns the trail from the home page to this page's parent.
func (p *Page) Crumbs() []Crumb {
	home := Crumb{"Home", p.Rel("/")}
	section := map[string]Crumb{
		"promise":  {"Promises", p.Rel("/promises/")},
		"playbook": {"Playbooks", p.Rel("/playbooks/")},
		"team":     {"Teams", p.Rel("/teams/")},
	}
	switch p.Kind {
	case "home", "404":
		return nil
	case "promise", "playbook", "team":
		return []Crumb{home, section[p.Kind]}
	}
	return []Crumb{home}
}

// ReviewOverdue reports whether a charter's next review date has passed.
func (p *Page) ReviewOverdue(c *model.Charter) bool {
	return c.NextReview.Value != "" && p.Today != "" && c.NextReview.Value < p.Today
}

var funcs = template.FuncMap{
	"target":     FormatTarget,
	"value":      FormatValue,
	"date":       FormatDate,
	"period":     FormatPeriod,
	"join":       strings.Join,
	"add":        func(a, b int) int { return a + b },
	"dict":       dict,
	"statusWord": statusWord,
	"chart":      Chart,
	// nbsp keeps a telephone number on one line.
	"nbsp":       func(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") },
	"trendTable": TrendTable,
	// cached is bound to each page kind's templates when they are loaded.
	"cached": func(name string, _ any, _ ...any) (template.HTML, error) {
		return "", fmt.Errorf("cached %q: not available here", name)
	},
	// shared is bound to each page kind's templates when they are loaded.
	"shared": func(name string, _ *Page, _ any, _ ...any) (template.HTML, error) {
		return "", fmt.Errorf("shared %q: not available here", name)
	},
	"deref": func(f *float64) float64 {
		if f == nil {
			return 0
		}
		return *f
	},
}

// dict builds a map from key, value pairs, to pass several values to a
// template: {{template "standard" (dict "Page" $ "Standard" .)}}.
func dict(pairs ...any) (map[string]any, error) {
	if len(pairs)%2 != 0 {
		return nil, fmt.Errorf("dict needs key, value pairs")
	}
	m := make(map[string]any, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		k, ok := pairs[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict keys must be text, got %v", pairs[i])
		}
		m[k] = pairs[i+1]
	}
	return m, nil
}

// FormatValue writes a measured value in a standard's unit ("93.5%").
func FormatValue(v float64, unit string) string { return model.FormatValue(v, unit) }

// FormatTarget writes a standard's target as a reader says it.
func FormatTarget(s *model.Standard) string { return model.FormatTarget(s) }

// FormatDate writes YYYY-MM-DD as "1 October 2026".
func FormatDate(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("2 January 2006")
}

// FormatPeriod writes a results period as words: "October 2026",
// "July to September 2026", "2026".
func FormatPeriod(p string) string {
	// YYYY-MM, read by hand: time.Parse and Format cost more than the chart
	// that shows a dozen of them.
	if len(p) == 7 && p[4] == '-' && allDigits(p[:4]) && allDigits(p[5:]) {
		if m := int(p[5]-'0')*10 + int(p[6]-'0'); m >= 1 && m <= 12 {
			return time.Month(m).String() + " " + p[:4]
		}
	}
	if len(p) == 7 && p[5] == 'Q' {
		q := int(p[6] - '0')
		first := time.Month(3*q - 2)
		last := time.Month(3 * q)
		return fmt.Sprintf("%s to %s %s", first, last, p[:4])
	}
	return p
}

// allDigits reports whether s is ASCII digits only.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
