// Package output owns writing a built site: the only code in charter that
// touches the output folders. A Disk tree builds into a temporary folder
// beside its target and swaps it in only when the whole build succeeded,
// so a failed build leaves the previous output exactly as it was and files
// no longer produced disappear. A Memory tree holds a site for serving.
package output

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Tree receives the files of one built site.
type Tree interface {
	// Write stores a file at a slash-separated path relative to the site
	// root. data is only borrowed: the caller may reuse it once Write returns.
	Write(rel string, data []byte) error
	// Remove deletes a file that the site no longer has.
	Remove(rel string) error
}

// Streamer is a Tree that takes a file piece by piece, so a large data
// file need not be held in memory whole.
type Streamer interface {
	// Create opens a file for writing; it is complete once Close returns nil.
	Create(rel string) (io.WriteCloser, error)
}

// Create opens a file of t for writing piece by piece: through the tree's
// own Create if it is a Streamer, else into a buffer written on Close.
func Create(t Tree, rel string) (io.WriteCloser, error) {
	if s, ok := t.(Streamer); ok {
		return s.Create(rel)
	}
	if _, err := CleanPath(rel); err != nil {
		return nil, err
	}
	return &bufferedFile{tree: t, rel: rel}, nil
}

// bufferedFile collects a file for a tree that only takes whole files.
type bufferedFile struct {
	bytes.Buffer
	tree Tree
	rel  string
}

func (f *bufferedFile) Close() error { return f.tree.Write(f.rel, f.Bytes()) }

// CleanPath checks that rel stays inside the tree and returns it cleaned.
func CleanPath(rel string) (string, error) {
	c := path.Clean("/" + rel)[1:]
	if c == "" || c == "." || strings.Contains(rel, "\\") || strings.Contains(rel, "\x00") || strings.Contains("/"+rel+"/", "/../") {
		return "", fmt.Errorf("refusing to write %q: it is not a path inside the output folder", rel)
	}
	return c, nil
}

// Disk writes a site into a temporary folder beside target, then swaps.
type Disk struct {
	target string
	tmp    string
	dirs   sync.Map // folders already created
}

const (
	tmpMark = ".charter-tmp-"
	oldMark = ".charter-old-"
)

// NewDisk starts a new output tree for target, removing what a crashed
// earlier build left behind.
func NewDisk(target string) (*Disk, error) {
	target = filepath.Clean(target)
	parent, base := filepath.Split(target)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	cleanLeftovers(parent, base)
	tmp, err := os.MkdirTemp(parent, "."+base+tmpMark)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	return &Disk{target: target, tmp: tmp}, nil
}

func cleanLeftovers(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, "."+base+tmpMark) || strings.HasPrefix(n, "."+base+oldMark) {
			_ = os.RemoveAll(filepath.Join(parent, n))
		}
	}
}

// Write stores one file in the temporary tree.
func (d *Disk) Write(rel string, data []byte) error {
	full, err := d.prepare(rel)
	if err != nil {
		return err
	}
	return os.WriteFile(full, data, 0o644)
}

// Create opens a file in the temporary tree for writing piece by piece,
// through a buffer, so many small pieces cost few system calls.
func (d *Disk) Create(rel string) (io.WriteCloser, error) {
	full, err := d.prepare(rel)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	return &diskFile{Writer: bufio.NewWriterSize(f, 64<<10), file: f}, nil
}

// prepare returns the full path of rel in the temporary tree, with its
// folder made.
func (d *Disk) prepare(rel string) (string, error) {
	c, err := CleanPath(rel)
	if err != nil {
		return "", err
	}
	full := filepath.Join(d.tmp, filepath.FromSlash(c))
	dir := filepath.Dir(full)
	if _, done := d.dirs.Load(dir); !done {
		// Most folders are new, with their parent made already (a page's
		// folder in its section): one mkdir, not MkdirAll's stats first.
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return "", err
			}
		}
		d.dirs.Store(dir, true)
	}
	return full, nil
}

// diskFile is a file being written by Disk.Create.
type diskFile struct {
	*bufio.Writer
	file *os.File
}

func (f *diskFile) Close() error {
	err := f.Flush()
	if cerr := f.file.Close(); err == nil {
		err = cerr
	}
	return err
}

// Remove deletes a file from the temporary tree, if it is there.
func (d *Disk) Remove(rel string) error {
	c, err := CleanPath(rel)
	if err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(d.tmp, filepath.FromSlash(c))); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Commit swaps the finished tree into place.
func (d *Disk) Commit() error {
	parent, base := filepath.Split(d.target)
	if parent == "" {
		parent = "."
	}
	old := ""
	if _, err := os.Lstat(d.target); err == nil {
		o, err := os.MkdirTemp(parent, "."+base+oldMark)
		if err != nil {
			return err
		}
		old = filepath.Join(o, base)
		if err := os.Rename(d.target, old); err != nil {
			_ = os.RemoveAll(o)
			return fmt.Errorf("cannot replace %s: %v", d.target, err)
		}
		defer os.RemoveAll(o)
	}
	if err := os.Rename(d.tmp, d.target); err != nil {
		if old != "" {
			_ = os.Rename(old, d.target) // put the previous output back
		}
		return fmt.Errorf("cannot move the new build into %s: %v", d.target, err)
	}
	return nil
}

// Abort throws the temporary tree away; the previous output is untouched.
func (d *Disk) Abort() { _ = os.RemoveAll(d.tmp) }

// Memory is a site held in memory, safe for concurrent use.
type Memory struct {
	mu    sync.RWMutex
	files map[string][]byte
}

// NewMemory returns an empty in-memory tree.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}} }

// Write stores one file.
func (m *Memory) Write(rel string, data []byte) error {
	c, err := CleanPath(rel)
	if err != nil {
		return err
	}
	data = bytes.Clone(data)
	m.mu.Lock()
	m.files[c] = data
	m.mu.Unlock()
	return nil
}

// Remove deletes one file.
func (m *Memory) Remove(rel string) error {
	m.mu.Lock()
	delete(m.files, rel)
	m.mu.Unlock()
	return nil
}

// Stage returns a tree that records writes and removals and applies them to
// m all at once on Commit, so readers never see a half-finished rebuild.
func (m *Memory) Stage() *Staged {
	return &Staged{target: m, writes: map[string][]byte{}, removes: map[string]bool{}}
}

// Staged holds changes for a Memory tree until Commit.
type Staged struct {
	mu      sync.Mutex
	target  *Memory
	writes  map[string][]byte
	removes map[string]bool
}

// Write records a file to write.
func (s *Staged) Write(rel string, data []byte) error {
	c, err := CleanPath(rel)
	if err != nil {
		return err
	}
	data = bytes.Clone(data)
	s.mu.Lock()
	s.writes[c] = data
	delete(s.removes, c)
	s.mu.Unlock()
	return nil
}

// Remove records a file to delete.
func (s *Staged) Remove(rel string) error {
	s.mu.Lock()
	s.removes[rel] = true
	delete(s.writes, rel)
	s.mu.Unlock()
	return nil
}

// Commit applies every recorded change at once.
func (s *Staged) Commit() {
	s.target.mu.Lock()
	defer s.target.mu.Unlock()
	for p := range s.removes {
		delete(s.target.files, p)
	}
	for p, b := range s.writes {
		s.target.files[p] = b
	}
}

// Get returns a file's content.
func (m *Memory) Get(rel string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.files[rel]
	return b, ok
}

// Paths lists every file, sorted.
func (m *Memory) Paths() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]string, 0, len(m.files))
	for p := range m.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// ReadTree reads every file under dir into memory, for tests and tools
// that compare builds.
func ReadTree(dir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return out, err
}
