package build

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/generator/output"
	"github.com/charter-ssg/charter/themes"
)

// inlineScript finds a script element that runs code written in the page:
// one without src that is not a JSON-LD data block.
var inlineScript = regexp.MustCompile(`<script(?:\s+(?:type="(?:text/javascript|module)"|defer|async))*\s*>`)

var update = flag.Bool("update", false, "rewrite the golden output trees under testdata/sites/*/want")

const today = "2026-11-23"

// buildInMemory builds the site in dir and returns both trees.
func buildInMemory(t *testing.T, dir string) (public, staff map[string][]byte) {
	t.Helper()
	pub, st := output.NewMemory(), output.NewMemory()
	_, diags := Run(Options{Site: os.DirFS(dir), Builtin: themes.Builtin, Today: today}, Trees{Public: pub, Staff: st})
	if diags.HasErrors() {
		t.Fatalf("build of %s failed:\n%v", dir, diags)
	}
	return snapshot(pub), snapshot(st)
}

func snapshot(m *output.Memory) map[string][]byte {
	out := map[string][]byte{}
	for _, p := range m.Paths() {
		b, _ := m.Get(p)
		out[p] = b
	}
	return out
}

// TestGoldenSites compares each test site's build with its expected trees.
// Theme assets are left out: they are copied byte for byte from the theme.
func TestGoldenSites(t *testing.T) {
	for _, dir := range []string{"testdata/sites/small"} {
		want := filepath.Join(dir, "want")
		t.Run(filepath.Base(dir), func(t *testing.T) {
			public, staff := buildInMemory(t, dir)
			for name, tree := range map[string]map[string][]byte{"public": public, "staff": staff} {
				for p := range tree {
					if strings.HasPrefix(p, "assets/") {
						delete(tree, p)
					}
				}
				wantDir := filepath.Join(want, name)
				if *update {
					writeTree(t, wantDir, tree)
					continue
				}
				expected, err := output.ReadTree(wantDir)
				if err != nil {
					t.Fatalf("%v (run go test ./generator/build -update to create it)", err)
				}
				compareTrees(t, name, expected, tree)
			}
		})
	}
}

func writeTree(t *testing.T, dir string, tree map[string][]byte) {
	t.Helper()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	for p, b := range tree {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func compareTrees(t *testing.T, name string, want, got map[string][]byte) {
	t.Helper()
	for _, p := range sortedKeys(want) {
		g, ok := got[p]
		switch {
		case !ok:
			t.Errorf("%s/%s: missing from the build", name, p)
		case !bytes.Equal(g, want[p]):
			t.Errorf("%s/%s: differs from golden (run with -update and review the diff)\n%s", name, p, firstDiff(want[p], g))
		}
	}
	for _, p := range sortedKeys(got) {
		if _, ok := want[p]; !ok {
			t.Errorf("%s/%s: not in golden", name, p)
		}
	}
}

func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return ""
}

func TestExampleSiteBuildsEveryPage(t *testing.T) {
	public, staff := buildInMemory(t, "../..")
	shared := []string{"index.html", "charters/fleet/index.html", "promises/index.html",
		"promises/car-ready-on-time/index.html", "standards/index.html",
		"pages/complaints/index.html", "pages/accessibility/index.html", "404.html", "assets/charter.css"}
	staffOnly := []string{"playbooks/index.html", "playbooks/late-job-escalation/index.html",
		"teams/index.html", "teams/workshop/index.html", "ownership/index.html", "coverage/index.html",
		"pages/staff-escalation-rota/index.html"}
	for _, p := range shared {
		if public[p] == nil || staff[p] == nil {
			t.Errorf("%s missing from public (%v) or staff (%v)", p, public[p] != nil, staff[p] != nil)
		}
	}
	for _, p := range staffOnly {
		if staff[p] == nil {
			t.Errorf("%s missing from staff", p)
		}
		if public[p] != nil {
			t.Errorf("%s is staff-only but was written to public", p)
		}
	}
	for p, b := range public {
		if strings.HasSuffix(p, ".html") && !bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) {
			t.Errorf("%s does not start with <!DOCTYPE html>", p)
		}
		if bytes.Contains(b, []byte("style=")) || inlineScript.Match(b) {
			t.Errorf("%s has an inline style or script, which the CSP forbids", p)
		}
	}
}

func TestTwoBuildsAreByteIdentical(t *testing.T) {
	pub1, staff1 := buildInMemory(t, "../..")
	pub2, staff2 := buildInMemory(t, "../..")
	for name, pair := range map[string][2]map[string][]byte{"public": {pub1, pub2}, "staff": {staff1, staff2}} {
		a, b := pair[0], pair[1]
		if len(a) != len(b) {
			t.Fatalf("%s: %d files, then %d", name, len(a), len(b))
		}
		for p := range a {
			if !bytes.Equal(a[p], b[p]) {
				t.Errorf("%s/%s differs between two builds", name, p)
			}
		}
	}
}

// TestCanariesNeverReachPublic builds a site written from SPEC.md alone
// with a canary string in every staff-only place: each must appear in the
// staff site and none anywhere in the public site.
func TestCanariesNeverReachPublic(t *testing.T) {
	dir := "testdata/sites/canary"
	list, err := os.ReadFile(filepath.Join(dir, "CANARIES.txt"))
	if err != nil {
		t.Fatal(err)
	}
	canaries := strings.Fields(string(list))
	if len(canaries) < 20 {
		t.Fatalf("only %d canaries", len(canaries))
	}
	public, staff := buildInMemory(t, dir)
	allStaff := joinTree(staff)
	for _, c := range canaries {
		if !bytes.Contains(allStaff, []byte(c)) {
			t.Errorf("canary %s is missing from the staff site", c)
		}
		for p, b := range public {
			if bytes.Contains(b, []byte(c)) {
				t.Errorf("LEAK: canary %s reached public/%s", c, p)
			}
		}
	}
	if bytes.Contains(joinTree(public), []byte("CANARY")) {
		t.Error("LEAK: some CANARY text reached the public site")
	}
}

func joinTree(tree map[string][]byte) []byte {
	keys := sortedKeys(tree)
	sort.Strings(keys)
	var b bytes.Buffer
	for _, k := range keys {
		b.Write(tree[k])
		b.WriteByte(0)
	}
	return b.Bytes()
}
