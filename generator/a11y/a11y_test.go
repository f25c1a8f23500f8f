package a11y

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/generator/build"
	"github.com/charter-ssg/charter/generator/output"
	"github.com/charter-ssg/charter/generator/serve"
	"github.com/charter-ssg/charter/themes"
)

// browser starts chromium, or skips (in -short, or with no browser) —
// except in CI, where CHARTER_REQUIRE_BROWSER turns a missing browser
// into a failure.
func browser(t *testing.T) *Browser {
	t.Helper()
	if testing.Short() {
		t.Skip("browser checks do not run with -short")
	}
	exe, err := FindChromium()
	if err != nil {
		if os.Getenv("CHARTER_REQUIRE_BROWSER") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	b, err := Start(exe)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// serveSite builds a site in memory and serves it as charter serve does.
func serveSite(t *testing.T, dir string) (string, []Page) {
	t.Helper()
	pub, staff := output.NewMemory(), output.NewMemory()
	_, diags := build.Run(build.Options{Site: os.DirFS(dir), Builtin: themes.Builtin, Today: "2026-11-23", Served: true}, build.Trees{Public: pub, Staff: staff})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	srv := serve.New(pub, staff)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	t.Cleanup(srv.Close)
	pages := Pages(ts.URL, pub, staff)
	return ts.URL, pages
}

func checkSite(t *testing.T, dir string) {
	b := browser(t)
	_, pages := serveSite(t, dir)
	if len(pages) < 20 {
		t.Fatalf("only %d pages", len(pages))
	}
	diags, err := b.Check(pages)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags.Items() {
		t.Error(d)
	}
}

func TestExampleSiteInTheBrowser(t *testing.T) { checkSite(t, "../..") }

func TestCanarySiteInTheBrowser(t *testing.T) { checkSite(t, "../build/testdata/sites/canary") }

func TestChecksCatchProblems(t *testing.T) {
	b := browser(t)
	pub, staff := output.NewMemory(), output.NewMemory()
	pub.Write("bad.html", []byte(`<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width"><title>x</title><style>a:focus{outline:none} body{min-width:900px}</style></head>
<body><a href="#x">first</a><img src="x.png"><main id="main"><a href="#y">Go</a></main></body></html>`))
	srv := serve.New(pub, staff)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	defer srv.Close()
	diags, err := b.Check([]Page{{URL: ts.URL + "/bad.html", File: "bad.html"}})
	if err != nil {
		t.Fatal(err)
	}
	got := diags.Error()
	for _, want := range []string{"error[a11y-html-has-lang]", "error[a11y-image-alt]", "error[layout-overflow]: the page scrolls sideways at 375 px", "error[keyboard]: the first Tab reaches"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in:\n%s", want, got)
		}
	}
}

// TestHTMLValidate runs html-validate (recommended preset) over every page
// of the example and the canary site. It needs npm's html-validate
// (npm ci at the repository root); CI requires it.
func TestHTMLValidate(t *testing.T) {
	if testing.Short() {
		t.Skip("html-validate does not run with -short")
	}
	bin, err := filepath.Abs("../../node_modules/.bin/html-validate")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("CHARTER_REQUIRE_BROWSER") != "" {
			t.Fatal("html-validate is not installed: run npm ci at the repository root")
		}
		t.Skip("html-validate is not installed (npm ci)")
	}
	for _, site := range []string{"../..", "../build/testdata/sites/canary"} {
		out := t.TempDir()
		pub, _ := output.NewDisk(filepath.Join(out, "public"))
		staff, _ := output.NewDisk(filepath.Join(out, "staff"))
		if _, diags := build.Run(build.Options{Site: os.DirFS(site), Builtin: themes.Builtin, Today: "2026-11-23"}, build.Trees{Public: pub, Staff: staff}); diags.HasErrors() {
			t.Fatal(diags)
		}
		pub.Commit()
		staff.Commit()
		config := filepath.Join(out, ".htmlvalidate.json")
		os.WriteFile(config, []byte(`{"extends": ["html-validate:recommended"]}`), 0o644)
		cmd := exec.Command(bin, "--config", config, "--formatter", "text", filepath.Join(out, "public/**/*.html"), filepath.Join(out, "staff/**/*.html"))
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("html-validate on %s: %v\n%s", site, err, msg)
		}
	}
}
