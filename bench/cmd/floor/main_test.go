package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charter-ssg/charter/bench/corpus"
)

// TestRenderAndWrite runs both floors on a small corpus: every promise
// gets a page with its front matter and its body rendered, and writing
// copies a tree byte for byte.
func TestRenderAndWrite(t *testing.T) {
	dir := t.TempDir()
	site, pages, copied := filepath.Join(dir, "site"), filepath.Join(dir, "pages"), filepath.Join(dir, "copied")
	if err := corpus.Write(site, 12); err != nil {
		t.Fatal(err)
	}
	if err := render(site, pages); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(pages, "promises", "promise-00003", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1>Promise number 3</h1>", "<caption>Standards</caption>", "<td>percent</td>", "<h1>What we do</h1>", "<table>\n<thead>"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("page lacks %q:\n%s", want, got)
		}
	}
	entries, err := os.ReadDir(filepath.Join(pages, "promises"))
	if err != nil || len(entries) != 12 {
		t.Fatalf("want 12 promise pages, got %d (%v)", len(entries), err)
	}
	if err := write(pages, copied); err != nil {
		t.Fatal(err)
	}
	again, err := os.ReadFile(filepath.Join(copied, "promises", "promise-00003", "index.html"))
	if err != nil || string(again) != string(got) {
		t.Errorf("the written copy differs (%v)", err)
	}
}
