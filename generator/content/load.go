// Package content owns reading a site folder: charter.yaml, the markdown
// documents under content/ (front matter with positions kept, bodies split
// by audience), the performance CSV files, and the list of other files to
// copy. It reads only through io/fs, writes nothing and knows nothing of
// templates.
package content

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math/bits"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/model"
)

// Dir is the folder under the site root that holds the content.
const Dir = "content"

var kindByFolder = map[string]model.Kind{
	"charters":  model.KindCharter,
	"promises":  model.KindPromise,
	"playbooks": model.KindPlaybook,
	"teams":     model.KindTeam,
	"pages":     model.KindPage,
}

// Skipped reports whether a file or folder name is hidden or an editor's
// temporary file, which charter never reads.
func Skipped(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"), strings.HasPrefix(name, "~"),
		strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".swo"), strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".bak"),
		strings.HasSuffix(name, ".crdownload"), name == "4913":
		return true
	}
	return false
}

// Load reads the site rooted at fsys. It returns the site even when there
// are errors, so that every problem can be reported at once.
func Load(fsys fs.FS) (*model.Site, *diag.List) { return NewLoader(fsys).Load() }

// Loader reads a site again and again, parsing only the files that changed
// since the last Load (as told by Invalidate).
type Loader struct {
	fsys    fs.FS
	entries map[string]*entry
	config  *entry
}

// entry is one parsed file and what was wrong with it.
type entry struct {
	doc     any // *model.Charter … *model.Page, []model.Result, model.File or model.Config
	diags   []diag.Diagnostic
	missing bool // the file could not be read
}

// NewLoader returns a loader with nothing cached.
func NewLoader(fsys fs.FS) *Loader {
	return &Loader{fsys: fsys, entries: map[string]*entry{}}
}

// Invalidate forgets a file, or everything under a folder, so the next Load
// reads it again. Paths are slash-separated and relative to the site root.
func (l *Loader) Invalidate(p string) {
	p = strings.TrimSuffix(path.Clean(p), "/")
	if p == ConfigFile {
		l.config = nil
		return
	}
	if p == "." || p == Dir {
		l.entries = map[string]*entry{}
		return
	}
	delete(l.entries, p)
	prefix := p + "/"
	for k := range l.entries {
		if strings.HasPrefix(k, prefix) {
			delete(l.entries, k)
		}
	}
}

// Reparse reads one file again, replaces it in the cache and returns what
// it holds now with its diagnostics (ok is false when it is no longer a
// readable file).
func (l *Loader) Reparse(p string) (doc any, diags []diag.Diagnostic, ok bool) {
	if _, err := fs.Stat(l.fsys, p); err != nil {
		return nil, nil, false
	}
	en := l.parse(p)
	l.entries[p] = en
	return en.doc, en.diags, true
}

// Cached reports whether the last Load read the file p.
func (l *Loader) Cached(p string) bool {
	_, ok := l.entries[p]
	return ok
}

// DocOf returns the common part of a parsed document, or nil.
func DocOf(doc any) *model.Doc { return docOf(doc) }

// Load walks the site and returns it, reusing every file not invalidated.
func (l *Loader) Load() (*model.Site, *diag.List) {
	diags := &diag.List{}
	site := &model.Site{Config: model.DefaultConfig()}
	if l.config == nil {
		cfg, cfgDiags := LoadConfig(l.fsys)
		l.config = &entry{doc: cfg, diags: cfgDiags.Items()}
		if _, err := fs.Stat(l.fsys, ConfigFile); err != nil {
			l.config.missing = true
		}
	}
	site.Config = l.config.doc.(model.Config)
	diags.Add(l.config.diags...)
	if l.config.missing {
		return site, diags
	}
	seen := make(map[string]bool, len(l.entries))
	var order, missing []string // every file in walk order; those to parse
	err := fs.WalkDir(l.fsys, Dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if p == Dir {
				return err
			}
			diags.Errorf(diag.Pos{File: p, Line: 1, Col: 1}, "read", "cannot read: %v", unwrapPathError(err))
			return nil
		}
		if p != Dir && Skipped(e.Name()) {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.Type()&fs.ModeSymlink != 0 {
			if !l.followLink(p, diags) {
				return nil
			}
		} else if e.IsDir() || !e.Type().IsRegular() {
			return nil
		}
		seen[p] = true
		order = append(order, p)
		if _, ok := l.entries[p]; !ok {
			missing = append(missing, p)
		}
		return nil
	})
	l.parseAll(missing)
	for _, p := range order {
		en := l.entries[p]
		diags.Add(en.diags...)
		add(site, en.doc)
	}
	if err != nil && errors.Is(err, fs.ErrNotExist) {
		diags.Errorf(diag.Pos{File: Dir, Line: 1, Col: 1}, "no-content", "no content/ folder: add content/charters/ with at least one charter")
	}
	for p := range l.entries {
		if !seen[p] {
			delete(l.entries, p) // deleted since the last load
		}
	}
	site.Index()
	return site, diags
}

// parseAll parses files on one goroutine per core; each file is
// independent, and the results go into the cache in the caller's order.
func (l *Loader) parseAll(paths []string) {
	parsed := make([]*entry, len(paths))
	workers := min(runtime.GOMAXPROCS(0), len(paths))
	// Each worker takes the next file by counting, not from a channel:
	// handing 10,000 files over one woke a sleeping thread for each.
	var wg sync.WaitGroup
	var next atomic.Int64
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(paths); i = int(next.Add(1) - 1) {
				parsed[i] = l.parse(paths[i])
			}
		})
	}
	wg.Wait()
	for i, p := range paths {
		l.entries[p] = parsed[i]
	}
}

// followLink decides what to do with a symbolic link: one that points
// outside the site is refused (an error: it could publish any file on the
// machine), one to a folder is skipped with a warning (folders are where
// loops come from), and one to a file inside the site is read like a file.
func (l *Loader) followLink(p string, diags *diag.List) bool {
	pos := diag.Pos{File: p, Line: 1, Col: 1}
	target, err := fs.ReadLink(l.fsys, p)
	if err != nil {
		diags.Warnf(pos, "symlink", "cannot read this symbolic link (%v): it is skipped", unwrapPathError(err))
		return false
	}
	resolved := path.Join(path.Dir(p), filepath.ToSlash(target))
	if filepath.IsAbs(target) || strings.HasPrefix(target, "/") || resolved == ".." || strings.HasPrefix(resolved, "../") {
		diags.Errorf(pos, "symlink", "symbolic link points outside the site (to %s): charter only reads files inside the site folder; copy the file here instead", target)
		return false
	}
	info, err := fs.Stat(l.fsys, p)
	switch {
	case err != nil:
		diags.Warnf(pos, "symlink", "symbolic link is broken or loops (%v): it is skipped", unwrapPathError(err))
		return false
	case info.IsDir():
		diags.Warnf(pos, "symlink", "symbolic link to a folder is not followed (links between folders can loop): move the folder here instead")
		return false
	case !info.Mode().IsRegular():
		return false
	}
	return true
}

func add(site *model.Site, doc any) {
	switch doc := doc.(type) {
	case *model.Charter:
		site.Charters = append(site.Charters, doc)
	case *model.Promise:
		site.Promises = append(site.Promises, doc)
	case *model.Playbook:
		site.Playbooks = append(site.Playbooks, doc)
	case *model.Team:
		site.Teams = append(site.Teams, doc)
	case *model.Page:
		site.Pages = append(site.Pages, doc)
	case []model.Result:
		if site.Results == nil {
			// One results file is the common case: share its parsed rows,
			// clipped so that a second file's rows are appended to a copy.
			site.Results = slices.Clip(doc)
		} else {
			site.Results = append(site.Results, doc...)
		}
	case model.File:
		site.Files = append(site.Files, doc)
	}
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ErrChanged says a document's file no longer holds the bytes it was
// loaded from.
var ErrChanged = errors.New("the file changed during the build: build again")

// ReadBody reads a document's body again from its file, exactly as Load
// split it, for a build that let go of the body after loading. It fails
// with ErrChanged when the file no longer holds the bytes it was loaded
// from, so a page is never built from text that was not checked.
func ReadBody(fsys fs.FS, d *model.Doc) (model.Body, error) {
	src, err := fs.ReadFile(fsys, d.File)
	if err != nil {
		return model.Body{}, fmt.Errorf("cannot read the file again (%v): build again", unwrapPathError(err))
	}
	if Hash(src) != d.Hash {
		return model.Body{}, ErrChanged
	}
	_, body, line, ok := frontMatter(d.File, trimBOM(src), &diag.List{})
	if !ok || line != d.Body.Line {
		return model.Body{}, ErrChanged
	}
	b, _ := splitBody(body, line)
	return b, nil
}

// Hash identifies a file's bytes, to tell when a file changed; nothing
// outside one process keeps it. It mixes eight bytes a step in the style
// of MurmurHash3: one lane of its x64 body and its final mix, with our own
// handling of the tail and the length. (FNV-1a, a byte a step, was 1 % of
// a build: every file is hashed when loaded and again when its body is
// read back.)
func Hash(b []byte) uint64 {
	const c1, c2 = 0x87c37b91114253d5, 0x4cf5ad432745937f
	h := uint64(len(b))
	for ; len(b) >= 8; b = b[8:] {
		h ^= bits.RotateLeft64(binary.LittleEndian.Uint64(b)*c1, 31) * c2
		h = bits.RotateLeft64(h, 27)*5 + 0x52dce729
	}
	var last [8]byte
	copy(last[:], b)
	h ^= bits.RotateLeft64((binary.LittleEndian.Uint64(last[:])|uint64(len(b))<<59)*c1, 31) * c2
	// The final mix of MurmurHash3, so every input bit reaches every output bit.
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// sizeLimits keep one oversized file from exhausting memory: a charter page
// is a few kilobytes, a year of results a few megabytes.
var sizeLimits = map[string]int64{".md": 4 << 20, ".csv": 64 << 20}

// parse reads one file under content/.
func (l *Loader) parse(p string) *entry {
	diags := &diag.List{}
	en := &entry{}
	defer func() { en.diags = diags.Items() }()
	rel := strings.TrimPrefix(p, Dir+"/")
	dir, name := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	ext := strings.ToLower(path.Ext(name))
	if limit, ok := sizeLimits[ext]; ok {
		if info, err := fs.Stat(l.fsys, p); err == nil && info.Size() > limit {
			diags.Errorf(diag.Pos{File: p, Line: 1, Col: 1}, "too-large", "file is %.1f MB, more than the %d MB a %s file may be: split it into smaller files",
				float64(info.Size())/(1<<20), limit>>20, strings.TrimPrefix(ext, "."))
			return en
		}
	}
	src, err := fs.ReadFile(l.fsys, p)
	if err != nil {
		diags.Errorf(diag.Pos{File: p, Line: 1, Col: 1}, "read", "cannot read: %v", unwrapPathError(err))
		return en
	}
	switch {
	case ext == ".md":
		kind, ok := kindByFolder[dir]
		if !ok {
			diags.Errorf(diag.Pos{File: p, Line: 1, Col: 1}, "misplaced", "markdown files belong in content/charters, promises, playbooks, teams or pages: move %s into one of them", name)
			return en
		}
		doc := parseDocument(kind, p, src, diags)
		if d := docOf(doc); d != nil {
			d.Hash = Hash(src)
		}
		en.doc = doc
	case ext == ".csv" && dir == "performance":
		rows := parseResults(p, src, diags)
		// In the site's order, so the site can share these rows as they are.
		slices.SortStableFunc(rows, model.CompareResults)
		en.doc = rows
	default:
		top, _, _ := strings.Cut(rel, "/")
		en.doc = model.File{Path: rel, Staff: top == "playbooks" || top == "teams", Hash: Hash(src)}
	}
	return en
}

func docOf(doc any) *model.Doc {
	switch d := doc.(type) {
	case *model.Charter:
		return &d.Doc
	case *model.Promise:
		return &d.Doc
	case *model.Playbook:
		return &d.Doc
	case *model.Team:
		return &d.Doc
	case *model.Page:
		return &d.Doc
	}
	return nil
}
