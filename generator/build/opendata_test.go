package build

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"regexp"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/generator/files"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// These run on the canary site, written from SPEC.md alone.

func TestCharterJSONValidatesAgainstItsPublishedSchema(t *testing.T) {
	public, staff := buildInMemory(t, "testdata/sites/canary")
	if !bytes.Equal(public["charter.schema.json"], files.Schema) {
		t.Fatal("the published schema is not the repository's")
	}
	var schemaDoc any
	if err := json.Unmarshal(public["charter.schema.json"], &schemaDoc); err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("charter.schema.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("charter.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, tree := range map[string]map[string][]byte{"public": public, "staff": staff} {
		var doc any
		if err := json.Unmarshal(tree["charter.json"], &doc); err != nil {
			t.Fatalf("%s charter.json: %v", name, err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s charter.json does not validate: %v", name, err)
		}
	}
	data := charterData(t, public["charter.json"])
	results := 0
	var ids []string
	for _, p := range data.Promises {
		if p.Owner != "" {
			t.Errorf("public charter.json names an owner team: %s", p.Owner)
		}
		for _, s := range p.Standards {
			ids = append(ids, s.ID)
			results += len(s.Results)
		}
	}
	csvRows := strings.Count(string(public["results.csv"]), "\n") - 1
	if len(ids) < 6 || results == 0 || results != csvRows {
		t.Errorf("charter.json has %d standards and %d results; results.csv has %d rows", len(ids), results, csvRows)
	}
	for _, id := range ids {
		if !bytes.Contains(public["standards.csv"], []byte(","+id+",")) {
			t.Errorf("standards.csv lacks %s", id)
		}
	}
}

func TestSitemapListsOnlyPublicPagesWithAbsoluteURLs(t *testing.T) {
	public, staff := buildInMemory(t, "testdata/sites/canary")
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(public["sitemap.xml"], &sm); err != nil {
		t.Fatal(err)
	}
	if len(sm.URLs) < 10 {
		t.Fatalf("only %d URLs", len(sm.URLs))
	}
	for _, u := range sm.URLs {
		if !strings.HasPrefix(u.Loc, "https://example.org/charter/") {
			t.Errorf("not absolute under baseURL: %s", u.Loc)
		}
		path := strings.TrimPrefix(u.Loc, "https://example.org/charter/")
		if public[path+"index.html"] == nil {
			t.Errorf("%s is not a public page", u.Loc)
		}
		for _, staffOnly := range []string{"playbooks/", "teams/", "ownership/", "coverage/", "pages/incident-scripts/"} {
			if strings.HasPrefix(path, staffOnly) {
				t.Errorf("LEAK: the sitemap lists %s", u.Loc)
			}
		}
	}
	if staff["sitemap.xml"] != nil {
		t.Error("the staff site has a sitemap")
	}
	if !bytes.Contains(staff["robots.txt"], []byte("Disallow: /\n")) {
		t.Error("the staff robots.txt does not shut crawlers out")
	}
	if !bytes.Contains(staff["promises/index.html"], []byte(`<meta name="robots" content="noindex, nofollow">`)) {
		t.Error("staff pages lack noindex")
	}
}

func TestAtomFeedHasTheRequiredElements(t *testing.T) {
	public, _ := buildInMemory(t, "testdata/sites/canary")
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"id"`
		Title   string   `xml:"title"`
		Updated string   `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Summary string `xml:"summary"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(public["changes/feed.xml"], &feed); err != nil {
		t.Fatalf("the feed is not XML: %v", err)
	}
	rfc3339 := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
	if feed.ID == "" || feed.Title == "" || !rfc3339.MatchString(feed.Updated) || feed.Author.Name == "" {
		t.Errorf("feed lacks id, title, updated or author: %+v", feed)
	}
	self := false
	for _, l := range feed.Links {
		self = self || (l.Rel == "self" && strings.HasSuffix(l.Href, "/changes/feed.xml"))
	}
	if !self || len(feed.Entries) == 0 {
		t.Fatalf("no self link or no entries")
	}
	seen := map[string]bool{}
	for _, e := range feed.Entries {
		if e.ID == "" || seen[e.ID] || e.Title == "" || !rfc3339.MatchString(e.Updated) || !strings.HasPrefix(e.Link.Href, "https://") {
			t.Errorf("bad entry %+v", e)
		}
		seen[e.ID] = true
	}
}

func TestHostingFilesAndCharts(t *testing.T) {
	public, staff := buildInMemory(t, "testdata/sites/canary")
	headers := string(public["_headers"])
	for _, want := range []string{"Content-Security-Policy: default-src 'self'", "X-Content-Type-Options: nosniff", "Referrer-Policy:", "X-Frame-Options: DENY", "Permissions-Policy:"} {
		if !strings.Contains(headers, want) {
			t.Errorf("_headers lacks %s", want)
		}
	}
	if strings.Contains(headers, "unsafe-inline") {
		t.Error("the CSP allows inline code")
	}
	if !strings.Contains(string(staff["_headers"]), "X-Robots-Tag: noindex") {
		t.Error("staff _headers lack X-Robots-Tag")
	}
	if !strings.Contains(string(public["_redirects"]), "/charter/") {
		t.Errorf("_redirects ignore baseURL's path:\n%s", public["_redirects"])
	}
	// Every standard with results has an inline SVG chart on how-we-are-doing.
	page := string(public["how-we-are-doing/index.html"])
	data := charterData(t, public["charter.json"])
	charts := 0
	for _, p := range data.Promises {
		for _, s := range p.Standards {
			has := strings.Contains(page, `aria-labelledby="chart-`+s.ID+`-title`)
			if len(s.Results) > 0 && !has {
				t.Errorf("standard %s has results but no chart", s.ID)
			}
			if len(s.Results) == 0 && has {
				t.Errorf("standard %s has no results but a chart", s.ID)
			}
			if has {
				charts++
			}
		}
	}
	if charts == 0 || !strings.Contains(page, "Not yet measured") {
		t.Errorf("%d charts; not-yet-measured shown: %v", charts, strings.Contains(page, "Not yet measured"))
	}
}

// charterDoc is the part of charter.json the tests look at.
type charterDoc struct {
	Promises []struct {
		Owner     string `json:"owner"`
		Standards []struct {
			ID      string            `json:"id"`
			Results []json.RawMessage `json:"results"`
		} `json:"standards"`
	} `json:"promises"`
}

// charterData reads charter.json.
func charterData(t *testing.T, b []byte) charterDoc {
	t.Helper()
	var data charterDoc
	if err := json.Unmarshal(b, &data); err != nil {
		t.Fatalf("charter.json: %v", err)
	}
	return data
}
