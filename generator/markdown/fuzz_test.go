package markdown

import (
	"strings"
	"testing"
	"time"
)

const marker = "QZXSTAFFONLYXZQ"

// FuzzStaffBlocks surrounds fuzzed text with a staff block holding a
// marker. Whenever the splitter took that block as staff-only, the marker
// must not reach the public rendering, whatever the text around it does:
// unclosed fences, reference definitions, HTML, nested containers.
func FuzzStaffBlocks(f *testing.F) {
	for _, seed := range [][3]string{
		{"Public.", "Secret.", "More public."},
		{"[a]: https://x", "[ref]: https://secret.example/" + marker, "Use [ref] and [a]."},
		{"```", "code", "```"},
		{"- list", "  - nested", "::: staff\n"},
		{"<div>", "</div>", ":::"},
		{"> quote", "> more", "text"},
		{"::: note", ":::", "after"},
		{"| a |\n|---|\n| 1 |", "| b |", "\t:::"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	r := New(false)
	unsafe := New(true)
	f.Fuzz(func(t *testing.T, before, inside, after string) {
		done := make(chan struct{})
		go func() { defer close(done); checkStaffBlock(t, r, unsafe, before, inside, after) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			t.Fatalf("rendering hangs on %q", [3]string{before, inside, after})
		}
	})
}

func checkStaffBlock(t *testing.T, r, unsafe *Renderer, before, inside, after string) {
	{
		body := before + "\n\n::: staff\n" + inside + "\n" + marker + "\n:::\n\n" + after
		split, _ := SplitAudiences(body)
		if strings.Count(split.Public(), "\n") != strings.Count(body, "\n") {
			t.Fatal("the public source lost or gained lines")
		}
		if strings.Contains(split.Public(), marker) {
			return // the marker was not in a staff block (say, inside a code fence)
		}
		for _, md := range []*Renderer{r, unsafe} {
			html := md.Render(split.Public(), Page{URL: "/promises/x/"}).HTML
			if strings.Contains(string(html), marker) {
				t.Errorf("staff-only text reached the public rendering:\n%s", html)
			}
			// The public page rendered from the staff text's tree must be
			// that same rendering, whenever it is used: first on its own,
			// then again after the staff page, from the blocks it copies.
			if p := md.Parse(split.Staff, split.StaffLines); p.PublicReady() {
				if once := md.RenderPublic(p, Page{URL: "/promises/x/"}).HTML; string(once) != string(html) {
					t.Errorf("the public rendering from the shared parse differs:\n%s\nwant:\n%s", once, html)
				}
				md.RenderStaff(p, Page{URL: "/promises/x/"})
				if copied := md.RenderPublic(p, Page{URL: "/promises/x/"}).HTML; string(copied) != string(html) {
					t.Errorf("the public rendering after the staff page differs:\n%s\nwant:\n%s", copied, html)
				}
			}
		}
	}
}
