// Package watch owns noticing edits to a site folder: charter.yaml and
// everything under content/, templates/ and themes/. It watches folders,
// never single files (editors that save by writing a new file and renaming
// it would drop a file watch), adds watches for folders created later,
// ignores hidden and editor temporary files and the output folders, and
// coalesces a burst of events into one batch after a short quiet window.
// Where the system gives no events (some network and container file
// systems) it polls instead. It knows nothing about building.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/charter-ssg/charter/generator/content"
	"github.com/fsnotify/fsnotify"
)

// Op says what happened to a path.
type Op int

const (
	Write Op = iota
	Create
	Remove
	Rename
)

func (o Op) String() string {
	return [...]string{"write", "create", "remove", "rename"}[o]
}

// Change is one changed path, relative to the site folder, with slashes.
type Change struct {
	Path string
	Op   Op
}

// Options tune a watcher.
type Options struct {
	// Poll checks modification times every Interval instead of using
	// system events.
	Poll     bool
	Interval time.Duration
	// Debounce is the quiet time that ends a burst of events.
	Debounce time.Duration
	// Ignore reports paths (relative, slashes) that must never trigger a
	// rebuild, such as the output folders.
	Ignore func(rel string) bool
}

// Roots are the folders watched recursively; the site folder itself is
// watched only for charter.yaml and for these folders appearing.
var Roots = []string{"content", "templates", "themes"}

// ConfigFile is the site configuration, watched at the top level.
const ConfigFile = "charter.yaml"

// Watcher delivers batches of changes.
type Watcher struct {
	root    string
	opts    Options
	out     chan []Change
	errs    chan error
	done    chan struct{}
	closeMu sync.Once
	fsw     *fsnotify.Watcher
}

// ErrWatchLimit is returned when the system will not watch more folders.
var ErrWatchLimit = errors.New("the system's limit on watched folders is reached: raise it with\n" +
	"  sudo sysctl fs.inotify.max_user_watches=524288\n" +
	"(add fs.inotify.max_user_watches=524288 to /etc/sysctl.conf to keep it), or run charter serve --poll")

// New starts watching the site folder root.
func New(root string, opts Options) (*Watcher, error) {
	if opts.Debounce == 0 {
		opts.Debounce = 10 * time.Millisecond
	}
	if opts.Interval == 0 {
		opts.Interval = 250 * time.Millisecond
	}
	if opts.Ignore == nil {
		opts.Ignore = func(string) bool { return false }
	}
	w := &Watcher{root: root, opts: opts, out: make(chan []Change, 16), errs: make(chan error, 4), done: make(chan struct{})}
	raw := make(chan Change, 1024)
	if opts.Poll {
		go w.poll(raw)
	} else {
		fsw, err := fsnotify.NewWatcher()
		if err != nil {
			return nil, limitError(err)
		}
		w.fsw = fsw
		if err := fsw.Add(root); err != nil {
			fsw.Close()
			return nil, limitError(err)
		}
		for _, r := range Roots {
			if err := w.addTree(filepath.Join(root, r)); err != nil {
				fsw.Close()
				return nil, err
			}
		}
		go w.events(raw)
	}
	go w.coalesce(raw)
	return w, nil
}

// Changes delivers each burst of changes as one batch, paths sorted.
func (w *Watcher) Changes() <-chan []Change { return w.out }

// Errors delivers problems that do not stop watching.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching.
func (w *Watcher) Close() {
	w.closeMu.Do(func() {
		close(w.done)
		if w.fsw != nil {
			w.fsw.Close()
		}
	})
}

func limitError(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
		return ErrWatchLimit
	}
	return err
}

// addTree watches dir and every folder below it.
func (w *Watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !e.IsDir() {
			return nil
		}
		if p != dir && w.skip(p) {
			return filepath.SkipDir
		}
		if err := w.fsw.Add(p); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return limitError(err)
		}
		return nil
	})
}

// rel returns a path relative to the root, with slashes.
func (w *Watcher) rel(p string) string {
	r, err := filepath.Rel(w.root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

// skip reports whether a path is outside what we watch or is an editor's
// temporary file.
func (w *Watcher) skip(p string) bool {
	rel := w.rel(p)
	if rel == "." || strings.HasPrefix(rel, "../") {
		return true
	}
	top, _, nested := strings.Cut(rel, "/")
	if !nested && top != ConfigFile && !isRoot(top) {
		return true
	}
	if nested && !isRoot(top) {
		return true
	}
	for _, part := range strings.Split(rel, "/") {
		if Temporary(part) {
			return true
		}
	}
	return w.opts.Ignore(rel)
}

func isRoot(name string) bool {
	for _, r := range Roots {
		if name == r {
			return true
		}
	}
	return false
}

// Temporary reports hidden files and the files editors write while
// saving; the loader skips the same names.
func Temporary(name string) bool { return content.Skipped(name) }

func (w *Watcher) events(raw chan<- Change) {
	for {
		select {
		case <-w.done:
			return
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			w.report(limitError(err))
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if w.skip(ev.Name) {
				continue
			}
			op := Write
			switch {
			case ev.Op&fsnotify.Create != 0:
				op = Create
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					// A new folder (perhaps moved in, full of files): watch
					// it, and report it so everything inside is read.
					if err := w.addTree(ev.Name); err != nil {
						w.report(err)
					}
				}
			case ev.Op&fsnotify.Remove != 0:
				op = Remove
			case ev.Op&fsnotify.Rename != 0:
				op = Rename
			case ev.Op&fsnotify.Write != 0:
				op = Write
			default:
				continue // chmod alone changes nothing we read
			}
			raw <- Change{Path: w.rel(ev.Name), Op: op}
		}
	}
}

func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default:
	}
}

// coalesce waits for a quiet window after the last event, then sends the
// batch, keeping the last operation seen for each path.
func (w *Watcher) coalesce(raw <-chan Change) {
	pending := map[string]Op{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-w.done:
			return
		case c := <-raw:
			pending[c.Path] = c.Op
			timer.Reset(w.opts.Debounce)
		case <-timer.C:
			if len(pending) == 0 {
				continue
			}
			batch := make([]Change, 0, len(pending))
			for p, op := range pending {
				batch = append(batch, Change{p, op})
			}
			sort.Slice(batch, func(i, j int) bool { return batch[i].Path < batch[j].Path })
			pending = map[string]Op{}
			select {
			case w.out <- batch:
			case <-w.done:
				return
			}
		}
	}
}

// stamp is what polling compares.
type stamp struct {
	mod  time.Time
	size int64
	dir  bool
}

func (w *Watcher) scan() map[string]stamp {
	out := map[string]stamp{}
	if info, err := os.Stat(filepath.Join(w.root, ConfigFile)); err == nil {
		out[ConfigFile] = stamp{info.ModTime(), info.Size(), false}
	}
	for _, r := range Roots {
		_ = filepath.WalkDir(filepath.Join(w.root, r), func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if w.skip(p) {
				if e.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			info, err := e.Info()
			if err != nil {
				return nil
			}
			out[w.rel(p)] = stamp{info.ModTime(), info.Size(), e.IsDir()}
			return nil
		})
	}
	return out
}

func (w *Watcher) poll(raw chan<- Change) {
	last := w.scan()
	tick := time.NewTicker(w.opts.Interval)
	defer tick.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-tick.C:
			now := w.scan()
			for p, s := range now {
				old, ok := last[p]
				switch {
				case !ok:
					raw <- Change{p, Create}
				case !s.dir && (old.mod != s.mod || old.size != s.size):
					raw <- Change{p, Write}
				}
			}
			for p := range last {
				if _, ok := now[p]; !ok {
					raw <- Change{p, Remove}
				}
			}
			last = now
		}
	}
}

// String describes a batch for the terminal: "content/promises/x.md" or
// "3 files".
func String(batch []Change) string {
	switch len(batch) {
	case 0:
		return "nothing"
	case 1:
		return batch[0].Path
	}
	return fmt.Sprintf("%s and %d more", batch[0].Path, len(batch)-1)
}
