package leak

import (
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
	blocks := Blocks([]byte("<ul><li>One <em>two</em></li><li>Three</li></ul><p>Four</p>"))
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
