package build

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// plainElementIDs is elementIDs as first written: a search for the whole
// ` id="` pattern.
func plainElementIDs(html []byte) string {
	var ids []byte
	rest := html
	for {
		i := bytes.Index(rest, []byte(` id="`))
		if i < 0 {
			return string(ids)
		}
		rest = rest[i+5:]
		j := bytes.IndexByte(rest, '"')
		if j < 0 {
			return string(ids)
		}
		ids = append(append(ids, rest[:j]...), 0)
		rest = rest[j:]
	}
}

func TestElementIDsMatchesPlainVersion(t *testing.T) {
	pieces := []string{` id="`, `id="`, ` id=`, `="`, `=`, `"`, ` `, `id`, `d`, `i`, `x`, `<h2`, `>`, ` class="a"`, ` data-id="b"`, `a=b`}
	r := rand.New(rand.NewPCG(6, 7))
	for range 50000 {
		var b strings.Builder
		for range r.IntN(14) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		page := []byte(b.String())
		if got, want := elementIDs(page), plainElementIDs(page); got != want {
			t.Fatalf("elementIDs(%q) = %q, want %q", page, got, want)
		}
	}
	if got := elementIDs([]byte(`<h2 id="a">x</h2><p data-id="no"> id="b"`)); got != "a\x00b\x00" {
		t.Errorf("elementIDs = %q", got)
	}
}

// BenchmarkElementIDs lists the ids of every page of the small test
// site's golden output, with the first version beside it.
func BenchmarkElementIDs(b *testing.B) {
	pages, err := filepath.Glob("testdata/sites/small/want/*/*/index.html")
	more, _ := filepath.Glob("testdata/sites/small/want/*/*/*/index.html")
	pages = append(pages, more...)
	if err != nil || len(pages) == 0 {
		b.Fatalf("no golden pages (%v)", err)
	}
	var html [][]byte
	size := 0
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		html = append(html, data)
		size += len(data)
	}
	for _, v := range []struct {
		name string
		ids  func([]byte) string
	}{{"now", elementIDs}, {"first", plainElementIDs}} {
		b.Run(v.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, h := range html {
					v.ids(h)
				}
			}
		})
	}
}
