// Package files owns every output of a site that is not an HTML page: the
// open data (charter.json, its JSON Schema, standards.csv, results.csv),
// the Atom feed of changes, the search index, sitemap.xml, robots.txt and
// the hosting files _headers and _redirects. Each is made from one
// audience's model.View only, so what the public may not see cannot reach
// them, and each is deterministic.
package files

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/charter-ssg/charter/generator/model"
)

// Schema is the JSON Schema of charter.json, published beside it.
//
//go:embed charter.schema.json
var Schema []byte

// abs makes a site-absolute path absolute under baseURL.
func abs(base, p string) string {
	if base == "" {
		return p
	}
	return strings.TrimSuffix(base, "/") + p
}

// basePath is the path part of baseURL, like "/charter/", or "/".
func basePath(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Path == "" {
		return "/"
	}
	return strings.TrimSuffix(u.Path, "/") + "/"
}

// ---- charter.json ------------------------------------------------------

type jsonCharter struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Summary    string   `json:"summary,omitempty"`
	URL        string   `json:"url"`
	Home       bool     `json:"home"`
	Audience   string   `json:"audience,omitempty"`
	Reviewed   string   `json:"reviewed,omitempty"`
	NextReview string   `json:"next_review,omitempty"`
	Promises   []string `json:"promises"`
}

type jsonResult struct {
	Period string  `json:"period"`
	Value  float64 `json:"value"`
	Sample *int    `json:"sample,omitempty"`
	Status string  `json:"status"`
}

type jsonStandard struct {
	ID        string       `json:"id"`
	Measure   string       `json:"measure"`
	Target    float64      `json:"target"`
	Unit      string       `json:"unit"`
	Direction string       `json:"direction"`
	Within    string       `json:"within,omitempty"`
	Period    string       `json:"period"`
	Remedy    string       `json:"remedy,omitempty"`
	NearMiss  float64      `json:"near_miss"`
	Latest    *jsonResult  `json:"latest"`
	Results   []jsonResult `json:"results"`
}

type jsonChange struct {
	Date           string   `json:"date"`
	Change         string   `json:"change"`
	Standard       string   `json:"standard,omitempty"`
	PreviousTarget *float64 `json:"previous_target,omitempty"`
	Weakened       bool     `json:"weakened"`
}

type jsonPromise struct {
	ID        string         `json:"id"`
	Title     string         `json:"title"`
	Summary   string         `json:"summary,omitempty"`
	URL       string         `json:"url"`
	Owner     string         `json:"owner,omitempty"`
	Segments  []string       `json:"segments"`
	Channels  []string       `json:"channels"`
	Updated   string         `json:"updated,omitempty"`
	Standards []jsonStandard `json:"standards"`
	History   []jsonChange   `json:"history"`
}

type jsonContact struct {
	Type      string `json:"type,omitempty"`
	Telephone string `json:"telephone,omitempty"`
	Email     string `json:"email,omitempty"`
	Hours     string `json:"hours,omitempty"`
}

// jsonSite is charter.json without its promises, which are written one
// at a time after it (see CharterJSON).
type jsonSite struct {
	Schema   string        `json:"$schema"`
	Title    string        `json:"title"`
	URL      string        `json:"url"`
	Language string        `json:"language"`
	Contact  []jsonContact `json:"contact"`
	Charters []jsonCharter `json:"charters"`
}

func result(v *model.View, s *model.Standard, r model.Result) jsonResult {
	out := jsonResult{Period: r.Period, Value: r.Value, Status: v.Status(s, &r)}
	if r.HasSample {
		n := r.Sample
		out.Sample = &n
	}
	return out
}

// CharterJSON writes every charter, promise, standard, remedy and result
// to w as compact JSON (a browser or jq shows it indented: on a large site
// indenting would cost as much as the encoding itself). Each promise is
// its own Write, so the file is never held whole.
func CharterJSON(w io.Writer, v *model.View) error {
	base := v.Config.BaseURL
	site := jsonSite{Schema: abs(base, "/charter.schema.json"), Title: v.Config.Title, URL: abs(base, "/"), Language: v.Config.Language,
		Contact: []jsonContact{}, Charters: []jsonCharter{}}
	for _, c := range v.Config.Contact {
		site.Contact = append(site.Contact, jsonContact(c))
	}
	for _, c := range v.Charters {
		jc := jsonCharter{ID: c.ID, Title: c.Title, Summary: c.Summary, URL: abs(base, v.URL(&c.Doc)), Home: c == v.Home,
			Audience: c.Audience.Value, Reviewed: c.Reviewed.Value, NextReview: c.NextReview.Value, Promises: []string{}}
		for _, p := range v.CharterPromises(c) {
			jc.Promises = append(jc.Promises, p.ID)
		}
		site.Charters = append(site.Charters, jc)
	}
	changes := map[*model.Promise][]jsonChange{}
	for _, c := range v.Changes() {
		jc := jsonChange{Date: c.Date, Change: c.Text, PreviousTarget: c.PreviousTarget, Weakened: c.Weakened}
		if c.Standard != nil {
			jc.Standard = c.Standard.ID
		}
		changes[c.Promise] = append(changes[c.Promise], jc)
	}
	out := newRecords(w)
	out.json(site)
	if out.err != nil {
		return out.err
	}
	out.buf.Truncate(out.buf.Len() - 1) // the closing brace: the promises follow
	out.buf.WriteString(`,"promises":[`)
	out.flush()
	for i, p := range v.Promises {
		jp := jsonPromise{ID: p.ID, Title: p.Title, Summary: p.Summary, URL: abs(base, v.URL(&p.Doc)), Owner: p.Owner.ID,
			Segments: []string{}, Channels: append([]string{}, p.Channels...), Updated: p.Updated.Value, Standards: []jsonStandard{},
			History: append([]jsonChange{}, changes[p]...)}
		for _, s := range p.Segments {
			jp.Segments = append(jp.Segments, s.Value)
		}
		for _, s := range p.Standards {
			js := jsonStandard{ID: s.ID, Measure: s.Measure, Target: s.Target, Unit: s.Unit, Direction: string(s.Direction),
				Period: s.Period, Remedy: s.Remedy, NearMiss: v.NearMissBand(s), Results: []jsonResult{}}
			if s.Within != nil {
				js.Within = s.Within.Text
			}
			for _, r := range v.ResultsFor(s.ID) {
				js.Results = append(js.Results, result(v, s, r))
			}
			if n := len(js.Results); n > 0 {
				latest := js.Results[n-1]
				js.Latest = &latest
			}
			jp.Standards = append(jp.Standards, js)
		}
		if i > 0 {
			out.buf.WriteByte(',')
		}
		if finite(&jp) {
			out.buf.Write(appendPromise(out.buf.AvailableBuffer(), &jp))
		} else {
			out.json(jp) // encoding/json's error for a number JSON cannot hold
		}
		out.flush()
	}
	out.buf.WriteString("]}\n")
	out.flush()
	return out.err
}

// records writes a file to w a whole record at a time: each Write holds
// one or more whole records, never part of one, so a reader of the pieces
// (the leak scan) sees every value whole.
type records struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
	csv *csv.Writer
	err error
}

func newRecords(w io.Writer) *records {
	r := &records{w: w}
	r.enc = json.NewEncoder(&r.buf)
	r.enc.SetEscapeHTML(false)
	r.csv = csv.NewWriter(&r.buf)
	return r
}

// json adds one value as compact JSON, without a line break.
func (r *records) json(v any) {
	if err := r.enc.Encode(v); err != nil {
		if r.err == nil {
			r.err = err
		}
		return
	}
	r.buf.Truncate(r.buf.Len() - 1)
}

// row adds one CSV row.
func (r *records) row(fields ...string) {
	if err := r.csv.Write(fields); err != nil && r.err == nil {
		r.err = err
	}
}

// flush writes what was added since the last flush.
func (r *records) flush() {
	r.csv.Flush()
	if r.err == nil {
		r.err = r.csv.Error()
	}
	if r.err == nil && r.buf.Len() > 0 {
		_, r.err = r.w.Write(r.buf.Bytes())
	}
	r.buf.Reset()
}

// ---- CSV ---------------------------------------------------------------

func fnum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// StandardsCSV writes one row per standard with its latest result, a
// Write per promise's standards.
func StandardsCSV(w io.Writer, v *model.View) error {
	out := newRecords(w)
	out.row("promise", "standard", "measure", "target", "unit", "direction", "within", "period", "remedy", "latest_period", "latest_value", "status")
	for i, s := range v.Standards {
		within, lp, lv, status := "", "", "", "not-measured"
		if s.Within != nil {
			within = s.Within.Text
		}
		if r := v.Latest(s.ID); r != nil {
			lp, lv, status = r.Period, fnum(r.Value), v.Status(s, r)
		}
		out.row(s.Promise.ID, s.ID, s.Measure, fnum(s.Target), s.Unit, string(s.Direction), within, s.Period, s.Remedy, lp, lv, status)
		if i+1 == len(v.Standards) || v.Standards[i+1].Promise != s.Promise {
			out.flush()
		}
	}
	out.flush()
	return out.err
}

// ResultsCSV writes every result with its status, a Write per standard.
func ResultsCSV(w io.Writer, v *model.View) error {
	out := newRecords(w)
	out.row("standard", "period", "value", "sample", "target", "status")
	for _, s := range v.Standards {
		for _, r := range v.ResultsFor(s.ID) {
			sample := ""
			if r.HasSample {
				sample = strconv.Itoa(r.Sample)
			}
			out.row(s.ID, r.Period, fnum(r.Value), sample, fnum(s.Target), v.Status(s, &r))
		}
		out.flush()
	}
	out.flush()
	return out.err
}

// ---- Atom --------------------------------------------------------------

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary"`
}

type atomFeed struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string     `xml:"title"`
	ID      string     `xml:"id"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

// Feed is the Atom feed (RFC 4287) of promise changes. Entry IDs are
// stable: a change keeps its number within its promise, oldest first.
func Feed(v *model.View) ([]byte, error) {
	base := v.Config.BaseURL
	f := atomFeed{Title: v.Config.Title + ": changes to our promises", ID: abs(base, "/changes/"),
		Links: []atomLink{{Rel: "self", Href: abs(base, "/changes/feed.xml")}, {Rel: "alternate", Href: abs(base, "/changes/")}}}
	f.Author.Name = v.Config.Title
	updated := "1970-01-01"
	for _, c := range v.Changes() {
		if c.Date > updated {
			updated = c.Date
		}
		text := c.Text
		if c.Weakened {
			text = fmt.Sprintf("Weakened standard: the target for %q was lowered from %s to %s. %s", c.Standard.Measure,
				model.FormatValue(*c.PreviousTarget, c.Standard.Unit), model.FormatValue(c.Standard.Target, c.Standard.Unit), text)
		}
		f.Entries = append(f.Entries, atomEntry{
			Title:   c.Promise.Title + ": " + firstSentence(c.Text),
			ID:      abs(base, fmt.Sprintf("/changes/#change-%s-%d", c.Promise.ID, c.N)),
			Updated: c.Date + "T00:00:00Z",
			Link:    atomLink{Href: abs(base, v.URL(&c.Promise.Doc))},
			Summary: text,
		})
	}
	for _, p := range v.Promises {
		if p.Updated.Value > updated {
			updated = p.Updated.Value
		}
	}
	f.Updated = updated + "T00:00:00Z"
	out, err := xml.MarshalIndent(f, "", "  ")
	return append([]byte(xml.Header), append(out, '\n')...), err
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 && i < 100 {
		return s[:i+1]
	}
	if len([]rune(s)) > 100 {
		return string([]rune(s)[:97]) + "..."
	}
	return s
}

// ---- search ------------------------------------------------------------

type searchEntry struct {
	Title     string   `json:"t"`
	URL       string   `json:"u"`
	Kind      string   `json:"k"`
	Summary   string   `json:"s,omitempty"`
	Headings  []string `json:"h,omitempty"`
	Standards []string `json:"st,omitempty"`
}

// SearchIndex holds titles, summaries, standards and headings of every
// page of the view (not full text, so it stays small). URLs are relative
// to the site root, so the index works under any path.
func SearchIndex(v *model.View, headings map[string][]string) ([]byte, error) {
	var entries []searchEntry
	add := func(d *model.Doc, kind string, standards []string) {
		u := v.URL(d)
		entries = append(entries, searchEntry{Title: d.Title, URL: strings.TrimPrefix(u, "/"), Kind: kind, Summary: d.Summary,
			Headings: headings[u], Standards: standards})
	}
	for _, c := range v.Charters {
		add(&c.Doc, "charter", nil)
	}
	for _, p := range v.Promises {
		var st []string
		for _, s := range p.Standards {
			st = append(st, s.Measure)
		}
		add(&p.Doc, "promise", st)
	}
	for _, p := range v.Pages {
		add(&p.Doc, "page", nil)
	}
	for _, pb := range v.Playbooks {
		add(&pb.Doc, "playbook", nil)
	}
	for _, t := range v.Teams {
		add(&t.Doc, "team", nil)
	}
	out, err := json.Marshal(entries)
	return append(out, '\n'), err
}

// ---- hosting -----------------------------------------------------------

// Sitemap lists the given public page URLs, absolute under baseURL.
func Sitemap(base string, pages []string) []byte {
	sorted := append([]string(nil), pages...)
	sort.Strings(sorted)
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range sorted {
		b.WriteString("  <url><loc>")
		xml.EscapeText(&b, []byte(abs(base, p)))
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// Robots allows the public site (pointing at its sitemap) and shuts
// every crawler out of the staff site.
func Robots(v *model.View) []byte {
	if v.IsStaff() {
		return []byte("# The staff site: not for search engines.\nUser-agent: *\nDisallow: /\n")
	}
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + abs(v.Config.BaseURL, "/sitemap.xml") + "\n")
}

// CSP is the Content-Security-Policy of both sites: only our own files,
// no inline scripts or styles, no framing.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests"

// Headers is Netlify's _headers file with the security headers.
func Headers(v *model.View) []byte {
	var b strings.Builder
	b.WriteString("/*\n")
	b.WriteString("  Content-Security-Policy: " + CSP + "\n")
	b.WriteString("  X-Content-Type-Options: nosniff\n")
	b.WriteString("  Referrer-Policy: strict-origin-when-cross-origin\n")
	b.WriteString("  X-Frame-Options: DENY\n")
	b.WriteString("  Permissions-Policy: accelerometer=(), camera=(), geolocation=(), gyroscope=(), microphone=(), payment=(), usb=()\n")
	b.WriteString("  Cross-Origin-Opener-Policy: same-origin\n")
	if v.IsStaff() {
		b.WriteString("  X-Robots-Tag: noindex, nofollow\n")
		b.WriteString("  Cache-Control: private, no-store\n")
	}
	return []byte(b.String())
}

// Redirects is Netlify's _redirects file: each alias to its page.
func Redirects(v *model.View) []byte {
	base := v.Config.BaseURL
	if v.IsStaff() {
		base = v.Config.StaffBaseURL
	}
	prefix := strings.TrimSuffix(basePath(base), "/")
	var lines []string
	add := func(d *model.Doc) {
		for _, a := range d.Aliases {
			lines = append(lines, fmt.Sprintf("%s  %s  301", prefix+a.Value, prefix+v.URL(d)))
		}
	}
	for _, p := range v.Promises {
		add(&p.Doc)
	}
	for _, p := range v.Pages {
		add(&p.Doc)
	}
	sort.Strings(lines)
	if len(lines) == 0 {
		return []byte("# No aliases.\n")
	}
	return []byte(strings.Join(lines, "\n") + "\n")
}
