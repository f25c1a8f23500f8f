package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/generator/output"
)

// copySite copies the small test site into a temporary folder.
func copySite(t *testing.T) string {
	t.Helper()
	src := "../../generator/build/testdata/sites/small"
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if strings.HasPrefix(rel, "want") {
			return filepath.SkipDir
		}
		if e.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	env := &environment{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code = run(args, env)
	return code, out.String(), errb.String()
}

func TestFailedBuildLeavesPreviousOutputUntouched(t *testing.T) {
	dir := copySite(t)
	if code, _, stderr := runCLI("build", "--source", dir, "--date", "2026-11-23"); code != 0 {
		t.Fatalf("first build: exit %d\n%s", code, stderr)
	}
	before, err := output.ReadTree(filepath.Join(dir, "public"))
	if err != nil || len(before) == 0 {
		t.Fatalf("no public output: %v", err)
	}
	staffBefore, _ := output.ReadTree(filepath.Join(dir, "staff"))
	broken := filepath.Join(dir, "content/promises/fresh-bread.md")
	src, _ := os.ReadFile(broken)
	os.WriteFile(broken, bytes.Replace(src, []byte("target: 99"), []byte("target: 99%"), 1), 0o644)

	code, _, stderr := runCLI("build", "--source", dir, "--date", "2026-11-23")
	if code != 1 {
		t.Fatalf("broken build: exit %d, want 1\n%s", code, stderr)
	}
	want := filepath.ToSlash(filepath.Join(dir, "content/promises/fresh-bread.md")) + ":10:13: error[type]: target must be a number: write 99 with unit: percent"
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	after, _ := output.ReadTree(filepath.Join(dir, "public"))
	staffAfter, _ := output.ReadTree(filepath.Join(dir, "staff"))
	for name, pair := range map[string][2]map[string][]byte{"public": {before, after}, "staff": {staffBefore, staffAfter}} {
		if len(pair[0]) != len(pair[1]) {
			t.Fatalf("%s: %d files before, %d after", name, len(pair[0]), len(pair[1]))
		}
		for p, b := range pair[0] {
			if !bytes.Equal(b, pair[1][p]) {
				t.Errorf("%s/%s changed after a failed build", name, p)
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".charter-") {
			t.Errorf("leftover temporary folder %s", e.Name())
		}
	}
}

func TestRemovedPagesDisappear(t *testing.T) {
	dir := copySite(t)
	if code, _, stderr := runCLI("build", "--source", dir, "--date", "2026-11-23"); code != 0 {
		t.Fatal(stderr)
	}
	os.Remove(filepath.Join(dir, "content/pages/complaints.md"))
	charter := filepath.Join(dir, "content/charters/customers.md")
	src, _ := os.ReadFile(charter)
	os.WriteFile(charter, bytes.Replace(src, []byte("[how to complain](../pages/complaints.md)"), []byte("how to complain"), 1), 0o644)
	if code, _, stderr := runCLI("build", "--source", dir, "--date", "2026-11-23"); code != 0 {
		t.Fatal(stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public/pages/complaints/index.html")); !os.IsNotExist(err) {
		t.Errorf("a deleted page's output is still there (err %v)", err)
	}
}

func TestExitCodes(t *testing.T) {
	dir := copySite(t)
	tests := []struct {
		args []string
		want int
	}{
		{[]string{}, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{"build", "--no-such-flag"}, 2},
		{[]string{"build", "--source", filepath.Join(dir, "missing")}, 2},
		{[]string{"build", "--source", dir, "--date", "23/11/2026"}, 2},
		{[]string{"build", "--source", dir, "--public", filepath.Join(dir, "content")}, 2},
		{[]string{"build", "--source", dir, "--public", dir}, 2},
		{[]string{"check", "--source", dir, "--format", "xml"}, 2},
		{[]string{"check", "--source", dir, "--date", "2026-11-23"}, 0},
		{[]string{"check", "--source", dir, "--date", "2027-01-01", "--strict"}, 1},
		{[]string{"version"}, 0},
		{[]string{"help"}, 0},
		{[]string{"help", "build"}, 0},
	}
	for _, tt := range tests {
		if code, _, stderr := runCLI(tt.args...); code != tt.want {
			t.Errorf("charter %s: exit %d, want %d\n%s", strings.Join(tt.args, " "), code, tt.want, stderr)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	dir := copySite(t)
	code, stdout, _ := runCLI("check", "--source", dir, "--date", "2027-01-01", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if len(got) != 1 || got[0]["severity"] != "warning" || got[0]["code"] != "review-overdue" || got[0]["line"] != float64(5) {
		t.Fatalf("want one review-overdue warning at line 5, got %v", got)
	}
	if _, out, _ := runCLI("check", "--source", dir, "--date", "2026-11-23", "--format", "json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("a clean site should print [], got %q", out)
	}
}

func TestNewSiteBuildsAndPassesCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mysite")
	if code, _, stderr := runCLI("new", "site", dir); code != 0 {
		t.Fatalf("new site: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := runCLI("check", "--source", dir, "--strict", "--date", "2026-11-23"); code != 0 {
		t.Fatalf("the starter site fails check --strict: %s", stderr)
	}
	if code, _, stderr := runCLI("build", "--source", dir, "--date", "2026-11-23"); code != 0 {
		t.Fatalf("the starter site does not build: %s", stderr)
	}
	if code, _, _ := runCLI("new", "site", dir); code != 2 {
		t.Error("new site wrote into a folder that is not empty")
	}
}

func TestNewDocumentsParseAndNeverOverwrite(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mysite")
	runCLI("new", "site", dir)
	for _, kind := range []string{"promise", "playbook", "team"} {
		code, stdout, stderr := runCLI("new", kind, "Loans & Returns: the desk", "--source", dir)
		if code != 0 {
			t.Fatalf("new %s: exit %d %s", kind, code, stderr)
		}
		folder := map[string]string{"promise": "promises", "playbook": "playbooks", "team": "teams"}[kind]
		want := filepath.Join(dir, "content", folder, "loans-returns-the-desk.md")
		if !strings.Contains(stdout, want) {
			t.Errorf("new %s wrote %q, want %s", kind, stdout, want)
		}
		if code, _, _ := runCLI("new", kind, "Loans & Returns: the desk", "--source", dir); code != 1 {
			t.Errorf("new %s overwrote an existing file", kind)
		}
	}
	// The new files parse; check only says what they still need.
	_, out, _ := runCLI("check", "--source", dir, "--format", "json", "--date", "2026-11-23")
	var got []map[string]any
	json.Unmarshal([]byte(out), &got)
	for _, d := range got {
		switch d["code"] {
		case "unknown-team", "unknown-promise", "orphan-promise", "no-playbook":
		default:
			t.Errorf("unexpected problem in a new file: %v", d)
		}
	}
	if len(got) == 0 {
		t.Error("check found nothing to fill in")
	}
}

// TestBrokenSitesFailClearlyAndKeepOutput breaks a good site in many ways:
// each must exit 1 with a file:line:col message, and leave the output as
// it was.
func TestBrokenSitesFailClearlyAndKeepOutput(t *testing.T) {
	breaks := map[string]func(dir string){
		"bad yaml": func(dir string) {
			os.WriteFile(filepath.Join(dir, "content/teams/bakers.md"), []byte("---\ntitle: [Bakers\n---\n"), 0o644)
		},
		"unknown key": func(dir string) {
			os.WriteFile(filepath.Join(dir, "charter.yaml"), []byte("title: x\nbaseurl: https://x.example/\n"), 0o644)
		},
		"unclosed staff block": func(dir string) {
			os.WriteFile(filepath.Join(dir, "content/pages/x.md"), []byte("---\ntitle: X\n---\n::: staff\nsecret\n"), 0o644)
		},
		"dangling owner": func(dir string) {
			p := filepath.Join(dir, "content/promises/fresh-bread.md")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, bytes.Replace(b, []byte("owner: bakers"), []byte("owner: bakery"), 1), 0o644)
		},
		"not utf-8": func(dir string) {
			os.WriteFile(filepath.Join(dir, "content/pages/x.md"), []byte("---\ntitle: \xff\n---\n"), 0o644)
		},
		"csv period": func(dir string) {
			os.WriteFile(filepath.Join(dir, "content/performance/more.csv"), []byte("standard,period,value\nbaked-today,2026,1\n"), 0o644)
		},
		"two homes": func(dir string) {
			os.WriteFile(filepath.Join(dir, "content/charters/second.md"), []byte("---\ntitle: Second\nhome: true\n---\n"), 0o644)
			p := filepath.Join(dir, "content/charters/customers.md")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, bytes.Replace(b, []byte("title: Our promise to you"), []byte("title: Our promise to you\nhome: true"), 1), 0o644)
		},
		"broken link": func(dir string) {
			os.WriteFile(filepath.Join(dir, "content/pages/x.md"), []byte("---\ntitle: X\n---\n[a](/nowhere/)\n"), 0o644)
		},
	}
	for name, breakIt := range breaks {
		t.Run(name, func(t *testing.T) {
			dir := copySite(t)
			if code, _, stderr := runCLI("build", "--source", dir, "--date", "2026-11-23"); code != 0 {
				t.Fatal(stderr)
			}
			before, _ := output.ReadTree(filepath.Join(dir, "public"))
			breakIt(dir)
			code, _, stderr := runCLI("build", "--source", dir, "--date", "2026-11-23")
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s", code, stderr)
			}
			if !regexp.MustCompile(regexp.QuoteMeta(filepath.ToSlash(dir)) + `/[^:]+:\d+:\d+: error\[[a-z0-9-]+\]: `).MatchString(stderr) {
				t.Errorf("no file:line:col message:\n%s", stderr)
			}
			after, _ := output.ReadTree(filepath.Join(dir, "public"))
			if len(before) != len(after) {
				t.Fatalf("output changed: %d files before, %d after", len(before), len(after))
			}
			for p, b := range before {
				if !bytes.Equal(b, after[p]) {
					t.Errorf("%s changed", p)
				}
			}
		})
	}
}

func TestBuildNotesPagesThatFellBackToHTMLTemplate(t *testing.T) {
	dir := copySite(t)
	if code, _, stderr := runCLI("build", "--source", dir, "--date", "2026-11-23"); code != 0 || strings.Contains(stderr, "html/template") {
		t.Fatalf("the default theme: exit %d, and no note expected:\n%s", code, stderr)
	}
	footer, err := os.ReadFile("../../themes/default/templates/partials/footer.html")
	if err != nil {
		t.Fatal(err)
	}
	footer = append(footer, `<p style="color: {{if .IsStaff}}red{{else}}{{.Kind}}{{end}}">.</p>`...)
	os.MkdirAll(filepath.Join(dir, "templates", "partials"), 0o755)
	if err := os.WriteFile(filepath.Join(dir, "templates", "partials", "footer.html"), footer, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI("build", "--source", dir, "--date", "2026-11-23")
	if code != 0 || !strings.Contains(stderr, "pages were rendered by html/template alone") {
		t.Fatalf("a footer with a value in CSS: exit %d, and the note is missing:\n%s", code, stderr)
	}
	if _, _, stderr := runCLI("build", "--quiet", "--source", dir, "--date", "2026-11-23"); stderr != "" {
		t.Errorf("--quiet printed:\n%s", stderr)
	}
}
