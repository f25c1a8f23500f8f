package watch

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func newSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"content/promises", "templates", "public"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	os.WriteFile(filepath.Join(dir, "charter.yaml"), []byte("title: x\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "content/promises/a.md"), []byte("---\ntitle: A\n---\n"), 0o644)
	return dir
}

// waitFor reads batches until one holds path, or fails after a while.
func waitFor(t *testing.T, w *Watcher, path string) []Change {
	t.Helper()
	deadline := time.After(5 * time.Second)
	var seen []Change
	for {
		select {
		case batch := <-w.Changes():
			seen = append(seen, batch...)
			if slices.ContainsFunc(batch, func(c Change) bool { return c.Path == path }) {
				return batch
			}
		case <-deadline:
			t.Fatalf("no change for %s; saw %v", path, seen)
		}
	}
}

func forEachMode(t *testing.T, test func(t *testing.T, dir string, w *Watcher)) {
	for _, poll := range []bool{false, true} {
		name := "events"
		if poll {
			name = "poll"
		}
		t.Run(name, func(t *testing.T) {
			dir := newSite(t)
			w, err := New(dir, Options{Poll: poll, Interval: 20 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Close()
			time.Sleep(30 * time.Millisecond) // let polling take its first snapshot
			test(t, dir, w)
		})
	}
}

func TestInPlaceWrite(t *testing.T) {
	forEachMode(t, func(t *testing.T, dir string, w *Watcher) {
		os.WriteFile(filepath.Join(dir, "content/promises/a.md"), []byte("---\ntitle: A2\n---\n"), 0o644)
		waitFor(t, w, "content/promises/a.md")
	})
}

func TestWriteTempThenRename(t *testing.T) {
	forEachMode(t, func(t *testing.T, dir string, w *Watcher) {
		tmp := filepath.Join(dir, "content/promises/.a.md.tmp123")
		os.WriteFile(tmp, []byte("---\ntitle: A3\n---\nlonger body\n"), 0o644)
		os.Rename(tmp, filepath.Join(dir, "content/promises/a.md"))
		batch := waitFor(t, w, "content/promises/a.md")
		for _, c := range batch {
			if Temporary(filepath.Base(c.Path)) {
				t.Errorf("temporary file reported: %v", c)
			}
		}
	})
}

func TestVimStyleBackupSave(t *testing.T) {
	forEachMode(t, func(t *testing.T, dir string, w *Watcher) {
		// vim: probe file 4913, rename the original to a~, write a new file, delete a~.
		p := filepath.Join(dir, "content/promises/a.md")
		os.WriteFile(filepath.Join(dir, "content/promises/4913"), nil, 0o644)
		os.Remove(filepath.Join(dir, "content/promises/4913"))
		os.Rename(p, p+"~")
		os.WriteFile(p, []byte("---\ntitle: A4\n---\nvim\n"), 0o644)
		os.Remove(p + "~")
		waitFor(t, w, "content/promises/a.md")
	})
}

func TestNewFolderWithFiles(t *testing.T) {
	forEachMode(t, func(t *testing.T, dir string, w *Watcher) {
		// A folder made elsewhere and moved in, files already inside.
		outside := filepath.Join(t.TempDir(), "teams")
		os.MkdirAll(outside, 0o755)
		os.WriteFile(filepath.Join(outside, "ops.md"), []byte("---\ntitle: Ops\n---\n"), 0o644)
		os.Rename(outside, filepath.Join(dir, "content/teams"))
		waitFor(t, w, "content/teams")
		// Files written later inside the new folder are seen too.
		os.WriteFile(filepath.Join(dir, "content/teams/desk.md"), []byte("---\ntitle: Desk\n---\n"), 0o644)
		waitFor(t, w, "content/teams/desk.md")
	})
}

func TestOutputAndOtherFoldersAreIgnored(t *testing.T) {
	forEachMode(t, func(t *testing.T, dir string, w *Watcher) {
		os.WriteFile(filepath.Join(dir, "public/index.html"), []byte("x"), 0o644)
		os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644)
		os.WriteFile(filepath.Join(dir, "charter.yaml"), []byte("title: y\n"), 0o644)
		batch := waitFor(t, w, "charter.yaml")
		for _, c := range batch {
			if c.Path != "charter.yaml" {
				t.Errorf("unexpected change %v", c)
			}
		}
	})
}

func TestBurstsCoalesce(t *testing.T) {
	dir := newSite(t)
	w, err := New(dir, Options{Debounce: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for i := range 5 {
		os.WriteFile(filepath.Join(dir, "content/promises/a.md"), []byte{byte('a' + i)}, 0o644)
	}
	batch := waitFor(t, w, "content/promises/a.md")
	if len(batch) != 1 {
		t.Errorf("five quick writes gave %v, want one change", batch)
	}
}
