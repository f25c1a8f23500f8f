package render

import (
	"html/template"
	"sync"
)

// Fragments holds HTML that many pages repeat and that is the same on every
// page and in both sites, such as a standard's chart, so each is made once
// per build. Pages rendered in parallel share it.
type Fragments struct {
	m sync.Map
}

// NewFragments returns an empty cache.
func NewFragments() *Fragments { return &Fragments{} }

func (f *Fragments) get(key string, make func() template.HTML) template.HTML {
	if f == nil {
		return make()
	}
	if v, ok := f.m.Load(key); ok {
		return v.(template.HTML)
	}
	v, _ := f.m.LoadOrStore(key, make())
	return v.(template.HTML)
}
