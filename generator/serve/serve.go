// Package serve owns the preview server: it serves the public site at /
// and the staff site at /_staff/ from in-memory trees, injects a small
// live-reload script into every page, pushes a reload over Server-Sent
// Events once a rebuild has been committed, and shows an overlay with every
// problem while the last edit is broken (the last good build is still
// served underneath). It has no package state: a Server is a value.
package serve

import (
	"bytes"
	"embed"
	"fmt"
	"html"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/charter-ssg/charter/generator/output"
)

// StaffPrefix is where the staff site is served.
const StaffPrefix = "/_staff/"

// internalPrefix holds the server's own files.
const internalPrefix = "/_charter/"

//go:embed assets
var assets embed.FS

// Server serves two in-memory sites and tells browsers when they change.
type Server struct {
	Public, Staff *output.Memory

	mu       sync.Mutex
	problems []string // shown in the overlay; empty when the build is good
	build    int      // counts published builds
	clients  map[chan event]bool
	done     chan struct{}
	closeOne sync.Once
}

type event struct {
	name string // "reload" or "css"
	id   int
}

// New returns a server over two trees.
func New(public, staff *output.Memory) *Server {
	return &Server{Public: public, Staff: staff, clients: map[chan event]bool{}, done: make(chan struct{})}
}

// Close ends every open event stream, so the HTTP server can shut down.
func (s *Server) Close() { s.closeOne.Do(func() { close(s.done) }) }

// Published tells the server that a build finished: problems is empty
// when it succeeded (its output already committed to the trees), or holds
// each "file:line:col: message" when it failed. cssOnly says that only
// stylesheets changed, so pages can swap them without a reload.
func (s *Server) Published(problems []string, cssOnly bool) {
	s.mu.Lock()
	s.problems = append([]string(nil), problems...)
	s.build++
	ev := event{name: "reload", id: s.build}
	if cssOnly && len(problems) == 0 {
		ev.name = "css"
	}
	for c := range s.clients {
		select {
		case c <- ev:
		default: // a slow client catches up with the next event
		}
	}
	s.mu.Unlock()
}

// ServeHTTP serves the sites, the reload events and the server's assets.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == internalPrefix+"events":
		s.events(w, r)
		return
	case strings.HasPrefix(p, internalPrefix):
		s.asset(w, strings.TrimPrefix(p, internalPrefix))
		return
	case p == strings.TrimSuffix(StaffPrefix, "/"):
		http.Redirect(w, r, StaffPrefix, http.StatusMovedPermanently)
		return
	case strings.HasPrefix(p, StaffPrefix):
		s.file(w, r, s.Staff, strings.TrimPrefix(p, StaffPrefix), StaffPrefix)
		return
	}
	s.file(w, r, s.Public, strings.TrimPrefix(p, "/"), "/")
}

func (s *Server) file(w http.ResponseWriter, r *http.Request, tree *output.Memory, rel, root string) {
	rel = strings.TrimPrefix(path.Clean("/"+rel), "/")
	name := rel
	if strings.HasSuffix(r.URL.Path, "/") || rel == "" {
		name = path.Join(rel, "index.html")
	}
	data, ok := tree.Get(name)
	if !ok && !strings.HasSuffix(r.URL.Path, "/") {
		if _, isDir := tree.Get(path.Join(rel, "index.html")); isDir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	status := http.StatusOK
	if !ok {
		status = http.StatusNotFound
		name = "404.html"
		if data, ok = tree.Get(name); !ok {
			data = []byte("<!DOCTYPE html><title>Not found</title><h1>Not found</h1>")
		}
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasPrefix(ctype, "text/html") {
		data = s.inject(data)
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// inject adds the reload script, and the overlay while the build is broken.
func (s *Server) inject(page []byte) []byte {
	s.mu.Lock()
	problems, build := s.problems, s.build
	s.mu.Unlock()
	var add bytes.Buffer
	fmt.Fprintf(&add, "<script src=\"%sreload.js\" data-build=\"%d\"></script>\n", internalPrefix, build)
	if len(problems) > 0 {
		fmt.Fprintf(&add, "<link rel=\"stylesheet\" href=\"%soverlay.css\">\n", internalPrefix)
		add.WriteString("<div id=\"charter-overlay\" role=\"alert\" aria-labelledby=\"charter-overlay-title\">\n")
		fmt.Fprintf(&add, "<h2 id=\"charter-overlay-title\">charter: the last edit has %d problem%s</h2>\n", len(problems), plural(len(problems)))
		add.WriteString("<p>This page shows the last good build. Fix the file and the page reloads by itself.</p>\n<ul>\n")
		for _, p := range problems {
			fmt.Fprintf(&add, "<li><code>%s</code></li>\n", html.EscapeString(p))
		}
		add.WriteString("</ul>\n</div>\n")
	}
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte{}, page...), add.Bytes()...)
	}
	out := make([]byte, 0, len(page)+add.Len())
	out = append(out, page[:i]...)
	out = append(out, add.Bytes()...)
	return append(out, page[i:]...)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (s *Server) asset(w http.ResponseWriter, name string) {
	data, err := assets.ReadFile("assets/" + name)
	if err != nil {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(data)
}

// events streams build events to one browser tab.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan event, 4)
	s.mu.Lock()
	s.clients[c] = true
	build := s.build
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()
	// The tab compares this with the build its page came from, so a reload
	// missed while reconnecting is not lost.
	fmt.Fprintf(w, "retry: 500\nevent: hello\ndata: %d\n\n", build)
	flusher.Flush()
	keepAlive := time.NewTicker(20 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case ev := <-c:
			fmt.Fprintf(w, "event: %s\ndata: %d\n\n", ev.name, ev.id)
			flusher.Flush()
		case <-keepAlive.C:
			fmt.Fprint(w, ": keep-alive\n\n")
			flusher.Flush()
		}
	}
}
