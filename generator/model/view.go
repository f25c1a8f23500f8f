package model

import "sync"

// Audience is who a site is built for.
type Audience string

const (
	Public Audience = "public"
	Staff  Audience = "staff"
)

// View is the site as one audience may see it. It is the only place where
// charter decides what is public: a public View holds no playbooks, no
// teams, no internal pages, no staff blocks and no owners, so nothing that
// renders from it can leak them.
type View struct {
	Audience  Audience
	Config    Config
	Home      *Charter
	Charters  []*Charter // the home charter first, then the rest by ID
	Promises  []*Promise
	Standards []*Standard // in promise order, then as written
	Pages     []*Page
	Playbooks []*Playbook // staff only
	Teams     []*Team     // staff only
	Files     []File
	Results   []Result
	// Markdown holds each document's body for this audience, by kind/ID.
	// markdown holds the site's own document behind each visible one, for
	// its body text.
	markdown map[string]*Doc

	site      *Site
	promise   map[string]*Promise
	charter   map[string]*Charter
	standard  map[string]*Standard
	page      map[string]*Page
	playbooks map[string][]*Playbook // by promise ID

	changesOnce sync.Once
	changes     []Change
	summaryOnce sync.Once
	summary     Summary
	missedOnce  sync.Once
	missed      []*Standard
}

// View returns what the audience may see. The public view is built from
// copies, so the shared site is never changed.
func (s *Site) View(a Audience) *View {
	v := &View{Audience: a, Config: s.Config, Results: s.Results, site: s, markdown: map[string]*Doc{}}
	staff := a == Staff
	body := func(d *Doc) { v.markdown[docKey(d.Kind, d.ID)] = d }
	promises := map[*Promise]*Promise{}
	for _, p := range s.Promises {
		cp := p
		if !staff {
			c := *p
			c.Doc = publicDoc(p.Doc)
			c.Owner = Ref{}
			c.Standards = make([]*Standard, len(p.Standards))
			for i, st := range p.Standards {
				cs := *st
				cs.Promise = &c
				c.Standards[i] = &cs
			}
			cp = &c
		}
		promises[p] = cp
		body(&p.Doc)
		v.Promises = append(v.Promises, cp)
		v.Standards = append(v.Standards, cp.Standards...)
	}
	home := s.Home()
	for _, c := range s.Charters {
		cc := c
		if !staff {
			copyC := *c
			copyC.Doc = publicDoc(c.Doc)
			cc = &copyC
		}
		body(&c.Doc)
		if c == home {
			v.Home = cc
			v.Charters = append([]*Charter{cc}, v.Charters...)
		} else {
			v.Charters = append(v.Charters, cc)
		}
	}
	for _, p := range s.Pages {
		if p.Internal && !staff {
			continue
		}
		pc := p
		if !staff {
			c := *p
			c.Doc = publicDoc(p.Doc)
			pc = &c
		}
		body(&p.Doc)
		v.Pages = append(v.Pages, pc)
	}
	for _, f := range s.Files {
		if f.Staff && !staff {
			continue
		}
		v.Files = append(v.Files, f)
	}
	if staff {
		v.Playbooks = s.Playbooks
		v.Teams = s.Teams
		for _, pb := range s.Playbooks {
			body(&pb.Doc)
		}
		for _, t := range s.Teams {
			body(&t.Doc)
		}
	}
	v.index()
	return v
}

// UpdateBody gives the view a document's new body after an edit that left
// its front matter alone, applying the same audience rule as View. d is the
// site's document, already holding the new body.
func (v *View) UpdateBody(d *Doc) {
	key := docKey(d.Kind, d.ID)
	if _, visible := v.markdown[key]; !visible {
		return
	}
	v.markdown[key] = d
	if v.Audience == Staff {
		return
	}
	var copyDoc *Doc
	switch d.Kind {
	case KindPromise:
		if p := v.promise[d.ID]; p != nil {
			copyDoc = &p.Doc
		}
	case KindCharter:
		if c := v.charter[d.ID]; c != nil {
			copyDoc = &c.Doc
		}
	case KindPage:
		if p := v.page[d.ID]; p != nil {
			copyDoc = &p.Doc
		}
	}
	if copyDoc != nil {
		*copyDoc = publicDoc(*d)
	}
}

// publicDoc copies a document without its body, which holds staff blocks;
// the view's Markdown gives its public text.
func publicDoc(d Doc) Doc {
	d.Body = Body{Line: d.Body.Line}
	return d
}

func docKey(k Kind, id string) string { return string(k) + "/" + id }

func (v *View) index() {
	v.promise = indexBy(v.Promises, func(p *Promise) string { return p.ID })
	v.charter = indexBy(v.Charters, func(c *Charter) string { return c.ID })
	v.page = indexBy(v.Pages, func(p *Page) string { return p.ID })
	v.standard = indexBy(v.Standards, func(s *Standard) string { return s.ID })
	v.playbooks = map[string][]*Playbook{}
	for _, pb := range v.Playbooks {
		for _, r := range pb.Delivers {
			v.playbooks[r.ID] = append(v.playbooks[r.ID], pb)
		}
	}
}

// IsStaff reports whether this is the staff view.
func (v *View) IsStaff() bool { return v.Audience == Staff }

// Markdown returns a document's body source for this audience.
func (v *View) Markdown(d *Doc) string { return v.Body(d).For(v.Audience) }

// Body returns a document's body, staff blocks included, or an empty body
// when the document is not in this view.
func (v *View) Body(d *Doc) Body {
	if own := v.markdown[docKey(d.Kind, d.ID)]; own != nil {
		return own.Body
	}
	return Body{}
}

// Promise returns a visible promise by ID, or nil.
func (v *View) Promise(id string) *Promise { return v.promise[id] }

// Charter returns a visible charter by ID, or nil.
func (v *View) Charter(id string) *Charter { return v.charter[id] }

// Page returns a visible page by ID, or nil.
func (v *View) Page(id string) *Page { return v.page[id] }

// Standard returns a visible standard by ID, or nil.
func (v *View) Standard(id string) *Standard { return v.standard[id] }

// Team returns a team by ID; always nil in the public view.
func (v *View) Team(id string) *Team {
	if v.Audience != Staff {
		return nil
	}
	return v.site.Team(id)
}

// Playbook returns a playbook by ID; always nil in the public view.
func (v *View) Playbook(id string) *Playbook {
	if v.Audience != Staff {
		return nil
	}
	return v.site.Playbook(id)
}

// URL is the site-relative URL of a visible document.
func (v *View) URL(d *Doc) string { return v.site.URL(d) }

// CharterPromises returns a charter's promises as visible to the audience.
func (v *View) CharterPromises(c *Charter) []*Promise {
	var out []*Promise
	for _, p := range v.site.CharterPromises(v.site.Charter(c.ID)) {
		if vp := v.Promise(p.ID); vp != nil {
			out = append(out, vp)
		}
	}
	return out
}

// ResultsFor returns a standard's results, oldest first.
func (v *View) ResultsFor(id string) []Result { return v.site.ResultsFor(id) }

// Latest returns a standard's newest result, or nil.
func (v *View) Latest(id string) *Result {
	rs := v.ResultsFor(id)
	if len(rs) == 0 {
		return nil
	}
	return &rs[len(rs)-1] // results are never changed after loading
}

// PlaybooksFor returns the playbooks that deliver a promise (staff only).
func (v *View) PlaybooksFor(promiseID string) []*Playbook { return v.playbooks[promiseID] }

// OwnedPromises returns the promises a team owns (staff only).
func (v *View) OwnedPromises(teamID string) []*Promise {
	var out []*Promise
	if v.Audience != Staff {
		return nil
	}
	for _, p := range v.Promises {
		if p.Owner.ID == teamID {
			out = append(out, p)
		}
	}
	return out
}

// OwnedPlaybooks returns the playbooks a team owns (staff only).
func (v *View) OwnedPlaybooks(teamID string) []*Playbook {
	var out []*Playbook
	for _, pb := range v.Playbooks {
		if pb.Owner.ID == teamID {
			out = append(out, pb)
		}
	}
	return out
}

// TeamEscalation is an escalation step seen from a team's side.
type TeamEscalation struct {
	Playbook *Playbook
	Step     int // 1-based rung
	Escalation
}

// EscalationsTo returns every escalation step that lands on a team.
func (v *View) EscalationsTo(teamID string) []TeamEscalation {
	var out []TeamEscalation
	for _, pb := range v.Playbooks {
		for i, e := range pb.Escalation {
			if e.To.ID == teamID {
				out = append(out, TeamEscalation{pb, i + 1, e})
			}
		}
	}
	return out
}

// EscalationsFrom returns the escalation steps of the playbooks a team owns.
func (v *View) EscalationsFrom(teamID string) []TeamEscalation {
	var out []TeamEscalation
	for _, pb := range v.OwnedPlaybooks(teamID) {
		for i, e := range pb.Escalation {
			out = append(out, TeamEscalation{pb, i + 1, e})
		}
	}
	return out
}

// TeamHandoff is a hand-off seen from a team's side.
type TeamHandoff struct {
	Playbook *Playbook
	Handoff
}

// HandoffsTo returns hand-offs that a team receives.
func (v *View) HandoffsTo(teamID string) []TeamHandoff {
	return v.handoffs(func(h Handoff) bool { return h.To.ID == teamID })
}

// HandoffsFrom returns hand-offs that a team passes on.
func (v *View) HandoffsFrom(teamID string) []TeamHandoff {
	return v.handoffs(func(h Handoff) bool { return h.From.ID == teamID })
}

func (v *View) handoffs(keep func(Handoff) bool) []TeamHandoff {
	var out []TeamHandoff
	for _, pb := range v.Playbooks {
		for _, h := range pb.Handoffs {
			if keep(h) {
				out = append(out, TeamHandoff{pb, h})
			}
		}
	}
	return out
}

// Involvement says how a team takes part in a promise, for the ownership
// matrix: "owner", "playbook" (owns a playbook that delivers it), "escalation"
// or "hand-off", or "" when it does not.
func (v *View) Involvement(promiseID, teamID string) string {
	p := v.Promise(promiseID)
	if p == nil || v.Audience != Staff {
		return ""
	}
	if p.Owner.ID == teamID {
		return "owner"
	}
	role := ""
	for _, pb := range v.PlaybooksFor(promiseID) {
		if pb.Owner.ID == teamID {
			return "playbook"
		}
		for _, e := range pb.Escalation {
			if e.To.ID == teamID {
				role = "escalation"
			}
		}
		for _, h := range pb.Handoffs {
			if role == "" && (h.To.ID == teamID || h.From.ID == teamID) {
				role = "hand-off"
			}
		}
	}
	return role
}
