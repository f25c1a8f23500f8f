package leak

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestFoldAndText(t *testing.T) {
	if got := Fold("  a \n\t b  c "); got != "a b c" {
		t.Errorf("Fold = %q", got)
	}
	if got := Text([]byte("<p>Call <a href=\"x\">the&nbsp;desk</a></p>\n<li>now</li><script>var secret</script>")); got != "Call the\u00a0desk now" {
		t.Errorf("Text = %q", got)
	}
	blocks := Blocks("<ul><li>One <em>two</em></li><li>Three</li></ul><p>Four</p>")
	if strings.Join(blocks, "|") != "One two|Three|Four" {
		t.Errorf("Blocks = %q", blocks)
	}
}

func TestScannerFindsNeedlesAndStaffURLs(t *testing.T) {
	s := NewScanner([]Needle{
		{Text: "Check the bay planner at twelve sharp", Origin: "playbook"},
		{Text: "too short", Origin: "ignored"},
	}, map[string]string{"/pages/rota/": "internal page"}, []string{"/playbooks/", "/teams/"})
	if s.Len() != 1 {
		t.Fatalf("%d needles, want 1 (short ones are dropped)", s.Len())
	}
	page := []byte(`<p>Please   Check the bay planner
	at twelve sharp.</p><a href="../../playbooks/late/">x</a><a href="../../pages/rota/">y</a><a href="https://other.example/teams/">z</a>`)
	found := s.ScanHTML("promises/x/index.html", "/promises/x/", page)
	var what []string
	for _, f := range found {
		what = append(what, f.What)
	}
	want := "../../playbooks/late/|../../pages/rota/|Check the bay planner at twelve sharp"
	if strings.Join(what, "|") != want {
		t.Errorf("found %q, want %q", strings.Join(what, "|"), want)
	}
	paths := s.ScanPaths("charter.json", `{"url":"https://x.example/charter/teams/ops/","other":"/pages/rota/","ok":"/pages/help/"}`)
	if len(paths) != 2 || paths[0].What != "/teams/ops/" || paths[1].What != "/pages/rota/" {
		t.Errorf("ScanPaths = %+v", paths)
	}
	if got := s.ScanText("x", "nothing to see here, nothing at all"); len(got) != 0 {
		t.Errorf("false finding %+v", got)
	}
}

// Staff text is a leak wherever it is published on a page, not only where
// it is shown: in attributes (a tooltip, alt text, a meta description)
// and in scripts (JSON-LD).
func TestScannerFindsHiddenStaffText(t *testing.T) {
	secret := "Check the bay planner at twelve sharp"
	s := NewScanner([]Needle{{Text: secret, Origin: "playbook"}}, nil, nil)
	for _, page := range []string{
		`<p title="` + secret + `">x</p>`,
		`<img alt='` + secret + `' src="a.png">`,
		`<meta name="description" content="Before. ` + secret + `. After.">`,
		`<script type="application/ld+json">{"description": "` + secret + `"}</script>`,
		`<style>/* ` + secret + ` */</style>`,
		`<p data-x="` + strings.ReplaceAll(secret, " ", "\n  ") + `">folded</p>`,
		`<p>Tom &amp; Jo: ` + strings.ReplaceAll(secret, " ", "&#32;") + `</p>`,
	} {
		if found := s.ScanHTML("index.html", "/", []byte(page)); len(found) != 1 || found[0].What != secret {
			t.Errorf("in %s: found %+v", page, found)
		}
	}
	// SVG geometry is numbers, never prose: not read.
	if got := AllText([]byte(`<polyline points="1,2 3,4 5,6 7,8 9,10 11,12"/><path d="M 1 2 L 3 4 L 5 6 L 7 8"/>`)); got != "" {
		t.Errorf("geometry read as text: %q", got)
	}
	// Two attributes side by side are not one text.
	long := NewScanner([]Needle{{Text: "Check the bay planner every morning at twelve sharp", Origin: "playbook"}}, nil, nil)
	if found := long.ScanHTML("index.html", "/", []byte(`<p title="Check the bay planner every" class="morning at twelve sharp">x</p>`)); len(found) != 0 {
		t.Errorf("a needle matched across two attributes: %+v", found)
	}
}

// Staff text in a data file is found however the format escaped it.
func TestScannerFindsStaffTextInDataFiles(t *testing.T) {
	secret := `Call "Ops" on 0123 & say "burst", then wait é`
	s := NewScanner([]Needle{{Text: secret, Origin: "playbook"}}, nil, nil)
	jsonText, _ := json.Marshal(map[string]string{"note": secret})
	htmlSafe, _ := json.Marshal(secret) // Go's default also escapes & as \u0026
	for name, data := range map[string]string{
		"charter.json":      string(jsonText),
		"search-index.json": string(htmlSafe),
		"results.csv":       `standard,note` + "\n" + `a,"Call ""Ops"" on 0123 & say ""burst"", then wait é"` + "\n",
		"changes/feed.xml":  `<summary>Call &quot;Ops&quot; on 0123 &amp; say &#34;burst&#34;, then wait &#xE9;</summary>`,
		"surrogates.json":   `"Call \"Ops\" on 0123 \u0026 say \"burst\", then wait \u00e9"`,
	} {
		if found := s.ScanText(name, DataText(name, []byte(data))); len(found) != 1 {
			t.Errorf("%s: %s: found %+v", name, data, found)
		}
	}
	if got := string(unescapeJSON([]byte(`\ud83d\ude00 \u00 \x`))); got != "😀 \\u00 x" {
		t.Errorf("unescapeJSON = %q", got)
	}
}
