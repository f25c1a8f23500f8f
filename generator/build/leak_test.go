package build

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/leak"
	"github.com/charter-ssg/charter/generator/model"
	"github.com/charter-ssg/charter/generator/output"
	"github.com/charter-ssg/charter/themes"
)

// siteFS reads a test site into memory and adds or replaces files.
func siteFS(t *testing.T, dir string, extra map[string]string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		if strings.HasPrefix(p, "want/") {
			return nil
		}
		b, err := os.ReadFile(filepath.Join(dir, p))
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for p, s := range extra {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return fsys
}

func runFS(fsys fs.FS) (*output.Memory, *diag.List) {
	pub := output.NewMemory()
	_, diags := Run(Options{Site: fsys, Builtin: themes.Builtin, Today: today}, Trees{Public: pub, Staff: output.NewMemory()})
	return pub, diags
}

func TestLeakScanStopsStaffTextInATemplate(t *testing.T) {
	theme, err := fs.ReadFile(themes.Builtin, "default/templates/page.html")
	if err != nil {
		t.Fatal(err)
	}
	// A careless override that hard-codes a playbook's hand-off text.
	override := strings.Replace(string(theme), "{{.Body}}", "{{.Body}}<p>Trays of fresh loaves with the bake time on the label</p>", 1)
	_, diags := runFS(siteFS(t, "testdata/sites/small", map[string]string{"templates/page.html": override}))
	if !diags.HasErrors() {
		t.Fatal("the build passed with staff text in a public page")
	}
	found := false
	for _, d := range diags.Items() {
		if d.Code == "leak" && strings.Contains(d.Message, "Trays of fresh loaves") && strings.Contains(d.Message, "content/playbooks/morning-bake.md") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no leak error naming the text and its source:\n%v", diags)
	}
}

func TestLeakScanStopsLinksToStaffPages(t *testing.T) {
	theme, _ := fs.ReadFile(themes.Builtin, "default/templates/page.html")
	override := strings.Replace(string(theme), "{{.Body}}", `{{.Body}}<a href="{{.Rel "/playbooks/morning-bake/"}}">how</a>`, 1)
	_, diags := runFS(siteFS(t, "testdata/sites/small", map[string]string{"templates/page.html": override}))
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "error[leak]") {
		t.Fatalf("a public link to a playbook was not caught:\n%v", diags)
	}
}

func TestStaffTextThatIsAlsoPublicIsNotALeak(t *testing.T) {
	// A playbook that quotes the promise's summary word for word.
	quote := "---\ntitle: Quote\ndelivers: [fresh-bread]\nowner: bakers\n---\nEvery loaf we sell was baked this morning.\n"
	_, diags := runFS(siteFS(t, "testdata/sites/small", map[string]string{"content/playbooks/quote.md": quote}))
	if diags.HasErrors() {
		t.Fatalf("public text quoted in a playbook was reported as a leak:\n%v", diags)
	}
}

func TestPublicTextCannotLinkToStaffPages(t *testing.T) {
	page := "---\ntitle: Help\n---\nSee [the bake](../playbooks/morning-bake.md) and [rota](/pages/waste-log/).\n"
	pub, diags := runFS(siteFS(t, "testdata/sites/small", map[string]string{"content/pages/help.md": page}))
	want := []string{
		`content/pages/help.md:4:5: error[broken-link]: link to ../playbooks/morning-bake.md, which is staff-only`,
		`content/pages/help.md:4:50: error[broken-link]: link to /pages/waste-log/, which is staff-only`,
	}
	got := diags.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
	_ = pub
}

func TestStaffBlocksMayLinkToStaffPages(t *testing.T) {
	page := "---\ntitle: Help\n---\nPublic words.\n\n::: staff\nSee [the bake](../playbooks/morning-bake.md).\n:::\n"
	pub, diags := runFS(siteFS(t, "testdata/sites/small", map[string]string{"content/pages/help.md": page}))
	if diags.HasErrors() {
		t.Fatalf("a staff block linking to a playbook failed the build:\n%v", diags)
	}
	b, _ := pub.Get("pages/help/index.html")
	if strings.Contains(string(b), "morning-bake") || !strings.Contains(string(b), "Public words.") {
		t.Fatalf("public help page wrong:\n%s", b)
	}
}

func TestDataFilesAreScannedPieceByPiece(t *testing.T) {
	secret := "Call the night manager on 0123 456 789"
	needles := []leak.Needle{{Text: secret, Origin: "content/playbooks/night.md"}}
	pieces := []string{
		`{"promises":[{"id":"a","summary":"Fresh bread"}`,
		`,{"id":"b","summary":"Call the night\u0020manager on 0123 456 789"}`,
		`,{"id":"c","url":"/playbooks/night/"}]}` + "\n",
	}
	x := extra{path: "charter.json", write: func(w io.Writer) error {
		for _, p := range pieces {
			if _, err := w.Write([]byte(p)); err != nil {
				return err
			}
		}
		return nil
	}}
	for _, audience := range []model.Audience{model.Public, model.Staff} {
		r := &run{scanner: leak.NewScanner(needles, map[string]string{"/playbooks/night/": "content/playbooks/night.md"}, nil)}
		tree := output.NewMemory()
		made := r.makeExtra(&model.View{Audience: audience}, tree, x, nil)
		if made.err != nil || !made.written {
			t.Fatalf("%s: not written: %v", audience, made.err)
		}
		if b, _ := tree.Get("charter.json"); string(b) != strings.Join(pieces, "") {
			t.Errorf("%s: the file is not its pieces in order:\n%s", audience, b)
		}
		var text, urls int
		for _, f := range r.findings {
			if f.IsURL && f.What == "/playbooks/night/" {
				urls++
			}
			if !f.IsURL && f.What == secret {
				text++
			}
		}
		want := 0
		if audience == model.Public {
			want = 1
		}
		if text != want || urls != want {
			t.Errorf("%s: found the staff text %d times and the staff URL %d times, want %d each: %+v", audience, text, urls, want, r.findings)
		}
	}
}

func TestStaffTextQuotingAPublicBodyIsNotALeak(t *testing.T) {
	// charter build drops each body once rendered; the leak report must
	// still know this sentence is public content.
	sentence := "Our ovens are lit before sunrise on every single day of the year."
	page := "---\ntitle: Ovens\n---\n" + sentence + "\n"
	quote := "---\ntitle: Light the ovens\ndelivers: [fresh-bread]\nowner: bakers\n---\n" + sentence + "\n"
	fsys := siteFS(t, "testdata/sites/small", map[string]string{"content/pages/ovens.md": page, "content/playbooks/ovens.md": quote})
	pub, diags := runFS(fsys)
	if diags.HasErrors() {
		t.Fatalf("public text quoted in a playbook was reported as a leak:\n%v", diags)
	}
	if b, _ := pub.Get("pages/ovens/index.html"); !strings.Contains(string(b), sentence) {
		t.Fatalf("the public page lost its text:\n%s", b)
	}
}

// changingFS serves a different version of one file from its second read on.
type changingFS struct {
	fstest.MapFS
	file, later string
	reads       map[string]int
}

func (c *changingFS) Open(name string) (fs.File, error) { return c.now(name).Open(name) }

func (c *changingFS) ReadFile(name string) ([]byte, error) { return c.now(name).ReadFile(name) }

func (c *changingFS) now(name string) fstest.MapFS {
	if name == c.file {
		if c.reads[name]++; c.reads[name] > 1 {
			return fstest.MapFS{name: &fstest.MapFile{Data: []byte(c.later)}}
		}
	}
	return c.MapFS
}

func TestLeakReportRefusesContentChangedDuringTheBuild(t *testing.T) {
	theme, _ := fs.ReadFile(themes.Builtin, "default/templates/page.html")
	override := strings.Replace(string(theme), "{{.Body}}", "{{.Body}}<p>Trays of fresh loaves with the bake time on the label</p>", 1)
	fsys := siteFS(t, "testdata/sites/small", map[string]string{"templates/page.html": override})
	file := "content/promises/fresh-bread.md"
	changed := string(fsys[file].Data) + "\nA sentence added while the site was being built.\n"
	_, diags := runFS(&changingFS{MapFS: fsys, file: file, later: changed, reads: map[string]int{}})
	if !diags.HasErrors() || !strings.Contains(diags.Error(), "the content changed during the build") {
		t.Fatalf("a leak report over changed content did not say so:\n%v", diags)
	}
}

func TestBodyChangedBeforeItsPageRendersFailsTheBuild(t *testing.T) {
	// charter build lets go of the bodies after loading and reads each
	// again to render it: a file edited in between must not be built from
	// text that was never checked.
	fsys := siteFS(t, "testdata/sites/small", nil)
	file := "content/promises/fresh-bread.md"
	changed := string(fsys[file].Data) + "\nA sentence added while the site was being built.\n"
	pub, diags := runFS(&changingFS{MapFS: fsys, file: file, later: changed, reads: map[string]int{}})
	if !diags.HasErrors() || !strings.Contains(diags.Error(), file) || !strings.Contains(diags.Error(), "changed during the build") {
		t.Fatalf("a body changed during the build did not fail it at %s:\n%v", file, diags)
	}
	for _, p := range pub.Paths() {
		if b, _ := pub.Get(p); strings.Contains(string(b), "added while the site was being built") {
			t.Fatalf("%s was built from the changed text", p)
		}
	}
}
