package build

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/generator/model"
	"github.com/charter-ssg/charter/generator/output"
	"github.com/charter-ssg/charter/themes"
)

// fixture is a copy of the small site with a builder that keeps its trees
// between builds, as serve does.
type fixture struct {
	t          *testing.T
	dir        string
	b          *Builder
	pub, staff *output.Memory
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	for p, f := range siteFS(t, "testdata/sites/small", nil) {
		full := filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, f.Data, 0o644)
	}
	f := &fixture{t: t, dir: dir, pub: output.NewMemory(), staff: output.NewMemory()}
	f.b = NewBuilder(Options{Site: os.DirFS(dir), Builtin: themes.Builtin, Today: today})
	f.build()
	return f
}

func (f *fixture) build(changed ...string) Report {
	f.t.Helper()
	var changes []Change
	for _, c := range changed {
		changes = append(changes, Change{Path: c})
	}
	pub, staff := f.pub.Stage(), f.staff.Stage()
	rep, diags := f.b.Build(Trees{Public: pub, Staff: staff}, changes)
	if diags.HasErrors() {
		f.t.Fatalf("rebuild failed:\n%v", diags)
	}
	pub.Commit()
	staff.Commit()
	f.equalsCold()
	return rep
}

func (f *fixture) write(p, data string) {
	f.t.Helper()
	full := filepath.Join(f.dir, p)
	os.MkdirAll(filepath.Dir(full), 0o755)
	if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) edit(p, old, new string) {
	f.t.Helper()
	b, err := os.ReadFile(filepath.Join(f.dir, p))
	if err != nil || !bytes.Contains(b, []byte(old)) {
		f.t.Fatalf("cannot edit %s: %v", p, err)
	}
	f.write(p, strings.Replace(string(b), old, new, 1))
}

// equalsCold checks the kept trees against a cold build of the same folder.
func (f *fixture) equalsCold() {
	f.t.Helper()
	public, staff := buildInMemory(f.t, f.dir)
	compareTrees(f.t, "public", public, snapshot(f.pub))
	compareTrees(f.t, "staff", staff, snapshot(f.staff))
}

func rendered(rep Report, a model.Audience) []string { return rep.Rendered[a] }

func TestRebuildBodyEditRendersOnlyThatDocument(t *testing.T) {
	f := newFixture(t)
	f.edit("content/promises/fresh-bread.md", "We start at 4 am.", "We start at 3 am.")
	rep := f.build("content/promises/fresh-bread.md")
	want := []string{"promises/fresh-bread/index.html"}
	for _, a := range []model.Audience{model.Public, model.Staff} {
		if got := rendered(rep, a); !slices.Equal(got, want) {
			t.Errorf("%s re-rendered %v, want %v", a, got, want)
		}
	}
	if len(rep.Copied[model.Public])+len(rep.Copied[model.Staff]) != 0 {
		t.Errorf("unchanged files were copied again: %v", rep.Copied)
	}
}

func TestRebuildTitleEditRendersThePagesThatListIt(t *testing.T) {
	f := newFixture(t)
	f.edit("content/promises/fresh-bread.md", "title: Bread baked today", "title: Bread baked this morning")
	rep := f.build("content/promises/fresh-bread.md")
	public := rendered(rep, model.Public)
	wantPublic := []string{"changes/index.html", "how-we-are-doing/index.html", "index.html", "promises/fresh-bread/index.html",
		"promises/index.html", "remedies/index.html", "search/index.html", "standards/index.html"}
	if !slices.Equal(public, wantPublic) {
		t.Errorf("public re-rendered %v, want %v", public, wantPublic)
	}
	staff := rendered(rep, model.Staff)
	for _, p := range []string{"index.html", "promises/fresh-bread/index.html", "promises/index.html", "standards/index.html",
		"playbooks/morning-bake/index.html", "ownership/index.html", "coverage/index.html", "teams/bakers/index.html"} {
		if !slices.Contains(staff, p) {
			t.Errorf("staff did not re-render %s (got %v)", p, staff)
		}
	}
	for _, p := range []string{"pages/complaints/index.html", "404.html", "pages/waste-log/index.html"} {
		if slices.Contains(staff, p) || slices.Contains(public, p) {
			t.Errorf("%s re-rendered though it does not show the title", p)
		}
	}
}

func TestRebuildResultsEditRendersResultPages(t *testing.T) {
	f := newFixture(t)
	f.edit("content/performance/results.csv", "baked-today,2026-10,98.2,1180", "baked-today,2026-10,99.9,1180")
	rep := f.build("content/performance/results.csv")
	want := []string{"how-we-are-doing/index.html", "promises/fresh-bread/index.html", "standards/index.html"}
	if got := rendered(rep, model.Public); !slices.Equal(got, want) {
		t.Errorf("public re-rendered %v, want %v", got, want)
	}
}

func TestRebuildNewFile(t *testing.T) {
	f := newFixture(t)
	f.write("content/pages/opening-hours.md", "---\ntitle: Opening hours\n---\nSeven till three.\n")
	rep := f.build("content/pages/opening-hours.md")
	if !slices.Contains(rendered(rep, model.Public), "pages/opening-hours/index.html") {
		t.Errorf("the new page was not rendered: %v", rendered(rep, model.Public))
	}
	// Every page's footer lists the free pages, so every page re-renders.
	if got, want := len(rendered(rep, model.Public)), rep.Pages[model.Public]; got != want {
		t.Errorf("re-rendered %d of %d public pages", got, want)
	}
}

func TestRebuildDeleteRemovesStalePages(t *testing.T) {
	f := newFixture(t)
	f.edit("content/charters/customers.md", "[how to complain](../pages/complaints.md)", "how to complain")
	os.Remove(filepath.Join(f.dir, "content/pages/complaints.md"))
	rep := f.build("content/charters/customers.md", "content/pages/complaints.md")
	for _, a := range []model.Audience{model.Public, model.Staff} {
		if !slices.Contains(rep.Removed[a], "pages/complaints/index.html") {
			t.Errorf("%s: the deleted page's output was not removed: %v", a, rep.Removed[a])
		}
	}
}

func TestRebuildRenameMovesThePage(t *testing.T) {
	f := newFixture(t)
	os.Rename(filepath.Join(f.dir, "content/pages/complaints.md"), filepath.Join(f.dir, "content/pages/complain.md"))
	f.edit("content/charters/customers.md", "../pages/complaints.md", "../pages/complain.md")
	rep := f.build("content/pages/complaints.md", "content/pages/complain.md", "content/charters/customers.md")
	if !slices.Contains(rep.Removed[model.Public], "pages/complaints/index.html") ||
		!slices.Contains(rendered(rep, model.Public), "pages/complain/index.html") {
		t.Errorf("rename: removed %v, rendered %v", rep.Removed[model.Public], rendered(rep, model.Public))
	}
}

func TestRebuildTemplateEditRendersThePagesUsingIt(t *testing.T) {
	f := newFixture(t)
	page, _ := os.ReadFile("../../themes/default/templates/page.html")
	f.write("templates/page.html", strings.Replace(string(page), "<h1>", "<h1 class=\"page-title\">", 1))
	rep := f.build("templates/page.html")
	if got, want := rendered(rep, model.Public), []string{"pages/complaints/index.html"}; !slices.Equal(got, want) {
		t.Errorf("public re-rendered %v, want %v", got, want)
	}
	if got, want := rendered(rep, model.Staff), []string{"pages/complaints/index.html", "pages/waste-log/index.html"}; !slices.Equal(got, want) {
		t.Errorf("staff re-rendered %v, want %v", got, want)
	}
}

func TestRebuildConfigEditRendersEverything(t *testing.T) {
	f := newFixture(t)
	f.edit("charter.yaml", "title: Small Bakery", "title: The Small Bakery")
	rep := f.build("charter.yaml")
	for _, a := range []model.Audience{model.Public, model.Staff} {
		if got, want := len(rendered(rep, a)), rep.Pages[a]; got != want {
			t.Errorf("%s: re-rendered %d of %d pages", a, got, want)
		}
	}
}

func TestRebuildAfterAnErrorRecovers(t *testing.T) {
	f := newFixture(t)
	f.edit("content/promises/fresh-bread.md", "target: 99", "target: 99%")
	pub, staff := f.pub.Stage(), f.staff.Stage()
	if _, diags := f.b.Build(Trees{Public: pub, Staff: staff}, []Change{{Path: "content/promises/fresh-bread.md"}}); !diags.HasErrors() {
		t.Fatal("a broken target built")
	}
	f.edit("content/promises/fresh-bread.md", "target: 99%", "target: 98")
	rep := f.build("content/promises/fresh-bread.md")
	if !slices.Contains(rendered(rep, model.Public), "promises/fresh-bread/index.html") {
		t.Errorf("the fixed promise was not re-rendered: %v", rendered(rep, model.Public))
	}
}

func TestRebuildStaffBlockEditUpdatesBothSites(t *testing.T) {
	f := newFixture(t)
	f.edit("content/promises/fresh-bread.md", "Check the proving cabinet thermometer", "Check the proving cabinet dial")
	rep := f.build("content/promises/fresh-bread.md")
	if !slices.Contains(rendered(rep, model.Staff), "promises/fresh-bread/index.html") {
		t.Errorf("staff page not re-rendered: %v", rendered(rep, model.Staff))
	}
	// Moving the staff text into the public part is not a leak once it is public.
	f.edit("content/promises/fresh-bread.md", "::: staff\n", "")
	f.edit("content/promises/fresh-bread.md", "waste log.\n:::\n", "waste log.\n")
	f.build("content/promises/fresh-bread.md")
}

func TestRebuildBodyEditWithABrokenLinkFailsThenRecovers(t *testing.T) {
	f := newFixture(t)
	f.edit("content/promises/fresh-bread.md", "We start at 4 am.", "We start at [4 am](/nowhere/).")
	pub, staff := f.pub.Stage(), f.staff.Stage()
	_, diags := f.b.Build(Trees{Public: pub, Staff: staff}, []Change{{Path: "content/promises/fresh-bread.md"}})
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "fresh-bread.md:25:13: error[broken-link]") {
		t.Fatalf("want a broken link at 25:13, got:\n%v", diags)
	}
	f.edit("content/promises/fresh-bread.md", "[4 am](/nowhere/)", "[4 am](/standards/)")
	f.build("content/promises/fresh-bread.md")
	f.edit("content/promises/fresh-bread.md", "We start at", "We begin at")
	rep := f.build("content/promises/fresh-bread.md")
	if got := rendered(rep, model.Public); !slices.Equal(got, []string{"promises/fresh-bread/index.html"}) {
		t.Errorf("after recovery a body edit re-rendered %v", got)
	}
}
