package render

import (
	"html/template"
	"sync"
)

// Fragments holds HTML that many pages repeat and that is the same on every
// page and in both sites, such as a standard's chart, so each is made once
// per build. Pages rendered in parallel share it.
type Fragments struct {
	mu sync.Mutex
	m  map[string]*fragment
	// kept are partials rendered with "cached", kept for the whole build.
	kept map[string]*keptPartial
}

type keptPartial struct {
	once sync.Once
	html template.HTML
	err  error
}

type fragment struct {
	once sync.Once
	html template.HTML
	left int // uses before the entry is dropped
}

// Uses is how often the default theme makes one standard's chart, table
// and result in a build: on its promise page and on "how we are doing" in
// the public site (the staff site's copies of those parts come through
// "shared"). After that an entry is dropped, so a large site does not keep
// every chart until the end; a template that shows one more often just
// makes it again.
const Uses = 2

// NewFragments returns an empty cache.
func NewFragments() *Fragments {
	return &Fragments{m: map[string]*fragment{}, kept: map[string]*keptPartial{}}
}

// keep returns the partial made for key, making it on first use. A
// failure is not kept: the next use tries again, so a page that tmplexec
// could not render gets html/template's own error when it renders again.
func (f *Fragments) keep(key string, make func() (template.HTML, error)) (template.HTML, error) {
	if f == nil {
		return make()
	}
	f.mu.Lock()
	k, ok := f.kept[key]
	if !ok {
		k = &keptPartial{}
		f.kept[key] = k
	}
	f.mu.Unlock()
	k.once.Do(func() { k.html, k.err = make() })
	if k.err != nil {
		f.mu.Lock()
		if f.kept[key] == k {
			delete(f.kept, key)
		}
		f.mu.Unlock()
	}
	return k.html, k.err
}

func (f *Fragments) get(key string, make func() template.HTML) template.HTML {
	if f == nil {
		return make()
	}
	f.mu.Lock()
	fr, ok := f.m[key]
	if !ok {
		fr = &fragment{left: Uses}
		f.m[key] = fr
	}
	if fr.left--; fr.left <= 0 {
		delete(f.m, key)
	}
	f.mu.Unlock()
	fr.once.Do(func() { fr.html = make() })
	return fr.html
}

// Shared holds the partials one document's public page rendered with
// "shared", for its staff page to take. The build makes one for each
// document's pages and drops it when they are done, so nothing is kept
// longer; it is used by one worker at a time.
type Shared struct {
	m map[string]template.HTML
}

// NewShared returns an empty hand-over.
func NewShared() *Shared { return &Shared{m: map[string]template.HTML{}} }

func (s *Shared) put(key string, html template.HTML) {
	if s != nil {
		s.m[key] = html
	}
}

// take returns and forgets the partial stored under key.
func (s *Shared) take(key string) (template.HTML, bool) {
	if s == nil {
		return "", false
	}
	html, ok := s.m[key]
	delete(s.m, key)
	return html, ok
}
