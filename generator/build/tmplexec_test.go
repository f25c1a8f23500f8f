package build

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/charter-ssg/charter/bench/corpus"
	"github.com/charter-ssg/charter/generator/output"
	"github.com/charter-ssg/charter/themes"
)

// buildBothWays builds the site in dir with tmplexec (the default) and with
// html/template alone, and returns the first build's report and both
// builds' trees.
func buildBothWays(t *testing.T, dir string) (fast Report, fastTrees, slowTrees map[string]map[string][]byte) {
	t.Helper()
	build := func(slow bool) (Report, map[string]map[string][]byte) {
		pub, st := output.NewMemory(), output.NewMemory()
		rep, diags := Run(Options{Site: os.DirFS(dir), Builtin: themes.Builtin, Today: today, HTMLTemplateOnly: slow}, Trees{Public: pub, Staff: st})
		if diags.HasErrors() {
			t.Fatalf("build of %s failed:\n%v", dir, diags)
		}
		return rep, map[string]map[string][]byte{"public": snapshot(pub), "staff": snapshot(st)}
	}
	fast, fastTrees = build(false)
	slowRep, slowTrees := build(true)
	if slowRep.TemplateFallbacks != 0 {
		t.Errorf("html/template alone counted %d fallbacks", slowRep.TemplateFallbacks)
	}
	return fast, fastTrees, slowTrees
}

// TestTemplateProgramRendersLikeHTMLTemplate builds the example, the test
// sites and a generated site with the default theme both ways: every page
// is rendered by tmplexec, and both sites are byte-identical to what
// html/template alone renders.
func TestTemplateProgramRendersLikeHTMLTemplate(t *testing.T) {
	generated := t.TempDir()
	if err := corpus.Write(generated, 120); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"../..", "testdata/sites/small", "testdata/sites/canary", generated} {
		rep, fast, slow := buildBothWays(t, dir)
		if rep.TemplateFallbacks != 0 {
			t.Errorf("%s: %d pages fell back to html/template", dir, rep.TemplateFallbacks)
		}
		if rep.RenderedCount() == 0 {
			t.Errorf("%s: nothing rendered", dir)
		}
		for name := range fast {
			compareTrees(t, dir+" "+name, slow[name], fast[name])
		}
	}
}

// TestTemplateProgramFallsBackToHTMLTemplate overrides the footer with a
// construct tmplexec leaves to html/template (a value in CSS): those pages
// are rendered by html/template, and the sites are the same either way.
func TestTemplateProgramFallsBackToHTMLTemplate(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/sites/small")); err != nil {
		t.Fatal(err)
	}
	footer, err := os.ReadFile("../../themes/default/templates/partials/footer.html")
	if err != nil {
		t.Fatal(err)
	}
	footer = append(footer, `<p style="color: {{if .IsStaff}}red{{else}}{{.Kind}}{{end}}">.</p>`...)
	if err := os.MkdirAll(filepath.Join(dir, "templates", "partials"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "templates", "partials", "footer.html"), footer, 0o644); err != nil {
		t.Fatal(err)
	}
	rep, fast, slow := buildBothWays(t, dir)
	if rep.TemplateFallbacks == 0 || rep.TemplateFallbacks != rep.RenderedCount() {
		t.Errorf("%d of %d pages fell back; want all of them", rep.TemplateFallbacks, rep.RenderedCount())
	}
	for name := range fast {
		compareTrees(t, name, slow[name], fast[name])
	}
}
