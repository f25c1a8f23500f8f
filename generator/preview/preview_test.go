package preview

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/generator/build"
	"github.com/charter-ssg/charter/generator/watch"
	"github.com/charter-ssg/charter/themes"
)

// copySmallSite copies the small test site into a temporary folder.
func copySmallSite(t testing.TB) string {
	t.Helper()
	src := "../build/testdata/sites/small"
	dst := t.TempDir()
	err := fs.WalkDir(os.DirFS(src), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || strings.HasPrefix(p, "want") {
			if e != nil && e.IsDir() && p != "." {
				return fs.SkipDir
			}
			return err
		}
		if e.IsDir() {
			return os.MkdirAll(filepath.Join(dst, p), 0o755)
		}
		b, err := os.ReadFile(filepath.Join(src, p))
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func newPreview(t testing.TB, dir string) *Preview {
	t.Helper()
	return New(Options{Dir: dir, Build: build.Options{Site: os.DirFS(dir), Builtin: themes.Builtin, Today: "2026-11-23"}})
}

func get(t *testing.T, srv *httptest.Server, path string) (int, string) {
	t.Helper()
	res, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestServesBothSitesWithReloadScript(t *testing.T) {
	p := newPreview(t, copySmallSite(t))
	srv := httptest.NewServer(p.Server())
	defer srv.Close()
	code, body := get(t, srv, "/promises/fresh-bread/")
	if code != 200 || !strings.Contains(body, "Bread baked today") || !strings.Contains(body, "/_charter/reload.js") {
		t.Fatalf("public promise page: %d\n%s", code, body)
	}
	if strings.Contains(body, "proving cabinet") {
		t.Fatal("staff block served on the public site")
	}
	if code, body = get(t, srv, "/_staff/promises/fresh-bread/"); code != 200 || !strings.Contains(body, "proving cabinet") {
		t.Fatalf("staff promise page: %d", code)
	}
	if code, _ = get(t, srv, "/playbooks/morning-bake/"); code != 404 {
		t.Fatalf("a playbook is reachable on the public site: %d", code)
	}
	if code, _ = get(t, srv, "/_staff/playbooks/morning-bake/"); code != 200 {
		t.Fatalf("staff playbook: %d", code)
	}
	if code, body = get(t, srv, "/no/such/page/"); code != 404 || !strings.Contains(body, "Page not found") {
		t.Fatalf("missing page: %d", code)
	}
}

func TestBrokenEditKeepsLastGoodBuildAndShowsOverlay(t *testing.T) {
	dir := copySmallSite(t)
	p := newPreview(t, dir)
	srv := httptest.NewServer(p.Server())
	defer srv.Close()
	file := filepath.Join(dir, "content/promises/fresh-bread.md")
	src, _ := os.ReadFile(file)
	os.WriteFile(file, []byte(strings.Replace(string(src), "title: Bread baked today", "title: [Bread", 1)), 0o644)
	res := p.Rebuild([]watch.Change{{Path: "content/promises/fresh-bread.md", Op: watch.Write}})
	if len(res.Problems) == 0 {
		t.Fatal("a broken edit reported no problem")
	}
	_, body := get(t, srv, "/standards/")
	wantPos := filepath.ToSlash(filepath.Join(dir, "content/promises/fresh-bread.md")) + ":2:"
	if !strings.Contains(body, `id="charter-overlay"`) || !strings.Contains(body, wantPos) {
		t.Fatalf("no overlay naming %s:\n%s", wantPos, body)
	}
	if !strings.Contains(body, "Loaves sold on the day they were baked") {
		t.Fatal("the last good build is no longer served")
	}
	os.WriteFile(file, []byte(strings.Replace(string(src), "Bread baked today", "Bread baked at dawn", 1)), 0o644)
	if res := p.Rebuild([]watch.Change{{Path: "content/promises/fresh-bread.md"}}); len(res.Problems) != 0 {
		t.Fatalf("fixed file still has problems: %v", res.Problems)
	}
	_, body = get(t, srv, "/promises/fresh-bread/")
	if strings.Contains(body, "charter-overlay") || !strings.Contains(body, "Bread baked at dawn") {
		t.Fatalf("after the fix: overlay still shown or new text missing:\n%s", body)
	}
}

func TestReloadEventFollowsCommittedBuild(t *testing.T) {
	dir := copySmallSite(t)
	p := newPreview(t, dir)
	srv := httptest.NewServer(p.Server())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/_charter/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	buf := make([]byte, 256)
	n, _ := res.Body.Read(buf)
	if !strings.Contains(string(buf[:n]), "event: hello\ndata: 1") {
		t.Fatalf("no hello event: %q", buf[:n])
	}
	p.Rebuild([]watch.Change{{Path: "content/pages/complaints.md"}})
	n, _ = res.Body.Read(buf)
	if !strings.Contains(string(buf[:n]), "event: reload\ndata: 2") {
		t.Fatalf("no reload event: %q", buf[:n])
	}
}
