package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildStageDiagnostics covers the checks that need rendering: links,
// anchors, images and the reading grade.
func TestBuildStageDiagnostics(t *testing.T) {
	hard := strings.Repeat("Notwithstanding contractual obligations, organisational responsibilities concerning remediation necessitate comprehensive investigation. ", 8)
	tests := []struct {
		name, file, src, want string
	}{
		{"broken link", "content/pages/help.md", "---\ntitle: Help\n---\nSee [gone](/gone/).\n",
			`content/pages/help.md:4:5: error[broken-link]: broken link "/gone/": no page or file at /gone`},
		{"broken file link", "content/pages/help.md", "---\ntitle: Help\n---\nSee [gone](../pages/gone.md).\n",
			`content/pages/help.md:4:5: error[broken-link]: broken link "../pages/gone.md": there is no content/pages/gone.md (links to files are relative to this file, like ../pages/complaints.md)`},
		{"broken anchor on another page", "content/pages/help.md", "---\ntitle: Help\n---\nSee [queue](/promises/fresh-bread/#standard-queue-tme).\n",
			`content/pages/help.md:4:5: error[broken-anchor]: link "/promises/fresh-bread/#standard-queue-tme" points to #standard-queue-tme, which is not on /promises/fresh-bread/ (did you mean "standard-queue-time"?)`},
		{"broken anchor on the same page", "content/pages/help.md", "---\ntitle: Help\n---\n# Opening hours\n\nSee [hours](#opening-hour).\n",
			`content/pages/help.md:6:5: error[broken-anchor]: link "#opening-hour" points to #opening-hour, which is not on /pages/help/ (did you mean "opening-hours"?)`},
		{"public link to a staff page", "content/pages/help.md", "---\ntitle: Help\n---\nSee [the bake](/playbooks/morning-bake/).\n",
			`content/pages/help.md:4:5: error[broken-link]: link to /playbooks/morning-bake/, which is staff-only: public text cannot link to playbooks, teams or internal pages; put the link inside a "::: staff" block`},
		{"image without alt text", "content/pages/help.md", "---\ntitle: Help\n---\n![](/images/loaf.txt)\n",
			`content/pages/help.md:4:1: warning[image-alt]: image has no alt text: describe it between the brackets, like ![A technician checking tyre pressure](photo.jpg), for people who cannot see it`},
		{"reading grade", "content/pages/help.md", "---\ntitle: Help\n---\n" + hard + "\n",
			`content/pages/help.md:1:1: warning[reading-grade]: reading grade 37.9 is above checks.max_reading_grade 9: use shorter sentences and everyday words (80 words in 8 sentences)`},
		{"content file over a page", "content/promises/fresh-bread/index.html", "<p>x</p>",
			`content/promises/fresh-bread/index.html:1:1: error[path-clash]: this file would be written to promises/fresh-bread/index.html, which is already the page /promises/fresh-bread/: rename or move it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := runFS(siteFS(t, "testdata/sites/small", map[string]string{tt.file: tt.src}))
			var got []string
			for _, d := range diags.Items() {
				got = append(got, d.String())
			}
			for _, g := range got {
				if g == tt.want {
					return
				}
			}
			t.Errorf("want\n  %s\ngot\n  %s", tt.want, strings.Join(got, "\n  "))
		})
	}
}

func TestSymlinks(t *testing.T) {
	dir := t.TempDir()
	for p, f := range siteFS(t, "testdata/sites/small", nil) {
		full := filepath.Join(dir, p)
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, f.Data, 0o644)
	}
	outside := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(outside, []byte("secret"), 0o644)
	os.Symlink(outside, filepath.Join(dir, "content/images/secret.txt"))
	os.Symlink("../pages", filepath.Join(dir, "content/images/loop"))
	os.Symlink("loaf.txt", filepath.Join(dir, "content/images/same-loaf.txt"))
	_, diags := runFS(os.DirFS(dir))
	got := diags.Error()
	for _, want := range []string{
		"content/images/secret.txt:1:1: error[symlink]: symbolic link points outside the site (to " + outside + ")",
		"content/images/loop:1:1: warning[symlink]: symbolic link to a folder is not followed (links between folders can loop): move the folder here instead",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	// A loop alone warns and builds.
	os.Remove(filepath.Join(dir, "content/images/secret.txt"))
	pub, diags := runFS(os.DirFS(dir))
	if diags.HasErrors() {
		t.Fatalf("a folder link alone failed the build: %v", diags)
	}
	if b, ok := pub.Get("images/same-loaf.txt"); !ok || string(b) != "A picture of a loaf.\n" {
		t.Errorf("a link to a file inside the site was not copied: %q", b)
	}
}

func TestPublicFileLinkedOnlyFromStaffWarns(t *testing.T) {
	_, diags := runFS(siteFS(t, "testdata/sites/small", map[string]string{
		"content/files/rota.txt":            "Rota",
		"content/playbooks/morning-bake.md": "---\ntitle: The morning bake\ndelivers: [fresh-bread]\nowner: bakers\n---\nSee the [rota](/files/rota.txt).\n",
	}))
	want := "content/files/rota.txt:1:1: warning[public-file]: files/rota.txt is published on the public site, but only staff content links to it: move it under content/playbooks/ or content/teams/ to keep it staff-only"
	if !strings.Contains(diags.Error(), want) || diags.HasErrors() {
		t.Errorf("want the warning %q, got\n%v", want, diags)
	}
}

func TestPagesMayLinkToTheDataFiles(t *testing.T) {
	page := "---\ntitle: Open data\n---\nDownload [everything](/charter.json), [the results](/results.csv) or [follow changes](/changes/feed.xml).\n"
	if _, diags := runFS(siteFS(t, "testdata/sites/small", map[string]string{"content/pages/data.md": page})); diags.HasErrors() {
		t.Fatalf("links to data files were refused:\n%v", diags)
	}
}
