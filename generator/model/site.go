package model

import (
	"slices"
	"sort"
	"strings"
)

// Index sorts every kind by ID and builds the lookup tables. Content calls
// it after loading; call it again after changing the slices by hand.
func (s *Site) Index() {
	sortBy(s.Charters, func(a, b *Charter) bool { return a.ID < b.ID })
	sortBy(s.Promises, func(a, b *Promise) bool { return a.ID < b.ID })
	sortBy(s.Playbooks, func(a, b *Playbook) bool { return a.ID < b.ID })
	sortBy(s.Teams, func(a, b *Team) bool { return a.ID < b.ID })
	sortBy(s.Pages, func(a, b *Page) bool { return a.ID < b.ID })
	sortBy(s.Files, func(a, b File) bool { return a.Path < b.Path })
	// The rows may be shared with the loader's cache: sort a copy.
	byStandard := func(a, b Result) bool { return CompareResults(a, b) < 0 }
	if !sorted(s.Results, byStandard) {
		s.Results = slices.Clone(s.Results)
		sortBy(s.Results, byStandard)
	}
	s.charterByID = indexBy(s.Charters, func(c *Charter) string { return c.ID })
	s.promiseByID = indexBy(s.Promises, func(p *Promise) string { return p.ID })
	s.playbookByID = indexBy(s.Playbooks, func(p *Playbook) string { return p.ID })
	s.teamByID = indexBy(s.Teams, func(t *Team) string { return t.ID })
	s.pageByID = indexBy(s.Pages, func(p *Page) string { return p.ID })
	s.standardByID = map[string]*Standard{}
	for _, p := range s.Promises {
		for _, st := range p.Standards {
			if _, dup := s.standardByID[st.ID]; !dup && st.ID != "" {
				s.standardByID[st.ID] = st
			}
		}
	}
}

// CompareResults orders results by standard, then period.
func CompareResults(a, b Result) int {
	if c := strings.Compare(a.Standard.ID, b.Standard.ID); c != 0 {
		return c
	}
	return strings.Compare(a.Period, b.Period)
}

// sortBy sorts stably, after a cheap check, since content usually arrives
// in order already (files are read in name order).
func sortBy[T any](items []T, less func(a, b T) bool) {
	if !sorted(items, less) {
		sort.SliceStable(items, func(i, j int) bool { return less(items[i], items[j]) })
	}
}

func sorted[T any](items []T, less func(a, b T) bool) bool {
	for i := 1; i < len(items); i++ {
		if less(items[i], items[i-1]) {
			return false
		}
	}
	return true
}

// indexBy maps each key to its first item, so a duplicate never hides the
// original (validation reports the duplicate).
func indexBy[T any](items []T, key func(T) string) map[string]T {
	m := make(map[string]T, len(items))
	for _, it := range items {
		if k := key(it); k != "" {
			if _, dup := m[k]; !dup {
				m[k] = it
			}
		}
	}
	return m
}

// Charter returns the charter with the ID, or nil.
func (s *Site) Charter(id string) *Charter { return s.charterByID[id] }

// Promise returns the promise with the ID, or nil.
func (s *Site) Promise(id string) *Promise { return s.promiseByID[id] }

// Playbook returns the playbook with the ID, or nil.
func (s *Site) Playbook(id string) *Playbook { return s.playbookByID[id] }

// Team returns the team with the ID, or nil.
func (s *Site) Team(id string) *Team { return s.teamByID[id] }

// Page returns the page with the ID, or nil.
func (s *Site) Page(id string) *Page { return s.pageByID[id] }

// Standard returns the standard with the ID, or nil.
func (s *Site) Standard(id string) *Standard { return s.standardByID[id] }

// Home returns the home charter: the one marked home, or the only one.
func (s *Site) Home() *Charter {
	for _, c := range s.Charters {
		if c.Home {
			return c
		}
	}
	if len(s.Charters) == 1 && !s.Charters[0].HomeSet {
		return s.Charters[0]
	}
	return nil
}

// URL is the site-relative URL of a document's page.
func (s *Site) URL(d *Doc) string {
	switch d.Kind {
	case KindCharter:
		if h := s.Home(); h != nil && h.ID == d.ID {
			return "/"
		}
	}
	return "/" + d.Kind.Folder() + "/" + d.ID + "/"
}

// CharterPromises returns a charter's promises in the order it shows them:
// its promises: list, or else every promise for its audience in ID order.
func (s *Site) CharterPromises(c *Charter) []*Promise {
	var out []*Promise
	if c.HasPromises {
		for _, r := range c.Promises {
			if p := s.Promise(r.ID); p != nil {
				out = append(out, p)
			}
		}
		return out
	}
	for _, p := range s.Promises {
		if c.Audience.Value == "" || p.ServesSegment(c.Audience.Value) {
			out = append(out, p)
		}
	}
	return out
}

// ServesSegment reports whether a promise applies to a customer segment; a
// promise without segments serves every segment.
func (p *Promise) ServesSegment(seg string) bool {
	if len(p.Segments) == 0 {
		return true
	}
	for _, s := range p.Segments {
		if s.Value == seg {
			return true
		}
	}
	return false
}

// ResultsFor returns a standard's results, oldest first.
func (s *Site) ResultsFor(id string) []Result {
	i := sort.Search(len(s.Results), func(i int) bool { return s.Results[i].Standard.ID >= id })
	j := i
	for j < len(s.Results) && s.Results[j].Standard.ID == id {
		j++
	}
	return s.Results[i:j]
}
