package render

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

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
	entries := []entry{{"Our promise", "/"}, {"Promises", "/promises/"}, {"Standards", "/standards/"}}
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
	"target":   FormatTarget,
	"value":    FormatValue,
	"unitName": unitName,
	"date":     FormatDate,
	"period":   FormatPeriod,
	"join":     strings.Join,
	"add":      func(a, b int) int { return a + b },
	"dict":     dict,
	"statusWord": func(s string) string {
		switch s {
		case model.Met:
			return "Met"
		case model.NearMiss:
			return "Near miss"
		case model.Missed:
			return "Missed"
		}
		return "Not yet measured"
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

// FormatValue writes a measured value in a standard's unit: "93.5%",
// "4 hours", "2 working days".
func FormatValue(v float64, unit string) string {
	n := formatNumber(v)
	switch unit {
	case "percent":
		return n + "%"
	case "count", "score", "currency", "":
		return n
	}
	name := unitName(unit)
	if v == 1 {
		name = strings.TrimSuffix(name, "s")
	}
	return n + " " + name
}

func unitName(unit string) string {
	if unit == "working-days" {
		return "working days"
	}
	return unit
}

func formatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// FormatTarget writes a standard's target as a reader says it: "at least
// 95%", "at most 4 hours".
func FormatTarget(s *model.Standard) string {
	word := "at least"
	if s.Direction == model.AtMost {
		word = "at most"
	}
	return word + " " + FormatValue(s.Target, s.Unit)
}

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
	if t, err := time.Parse("2006-01", p); err == nil {
		return t.Format("January 2006")
	}
	if len(p) == 7 && p[5] == 'Q' {
		q := int(p[6] - '0')
		first := time.Month(3*q - 2)
		last := time.Month(3 * q)
		return fmt.Sprintf("%s to %s %s", first, last, p[:4])
	}
	return p
}
