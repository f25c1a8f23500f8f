package model

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charter-ssg/charter/generator/diag"
)

// Validate checks the rules that relate documents to each other: unique
// IDs, references that resolve, one home charter, playbooks for promises,
// results for known standards. today (YYYY-MM-DD) decides overdue reviews.
func (s *Site) Validate(today string) *diag.List {
	d := &diag.List{}
	v := validator{s: s, d: d}
	v.uniqueIDs()
	v.charters(today)
	v.promises()
	v.playbooks()
	v.results()
	v.aliases()
	return d
}

type validator struct {
	s *Site
	d *diag.List
}

func (v validator) teamIDs() []string { return ids(v.s.Teams, func(t *Team) string { return t.ID }) }
func (v validator) promiseIDs() []string {
	return ids(v.s.Promises, func(p *Promise) string { return p.ID })
}

func ids[T any](items []T, key func(T) string) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, key(it))
	}
	return out
}

func (v validator) team(r Ref, what string) {
	if r.ID != "" && v.s.Team(r.ID) == nil {
		v.d.Errorf(r.Pos, "unknown-team", "%s %q is not a team: add content/teams/%s.md or use an existing team%s", what, r.ID, r.ID, diag.DidYouMean(r.ID, v.teamIDs()))
	}
}

func (v validator) promise(r Ref, what string) {
	if r.ID != "" && v.s.Promise(r.ID) == nil {
		v.d.Errorf(r.Pos, "unknown-promise", "%s %q is not a promise%s", what, r.ID, diag.DidYouMean(r.ID, v.promiseIDs()))
	}
}

func (v validator) uniqueIDs() {
	seen := map[string]Doc{}
	check := func(d Doc) {
		key := string(d.Kind) + "/" + d.ID
		if first, dup := seen[key]; dup {
			v.d.Errorf(d.Pos, "duplicate-id", "%s ID %q is already used by %s: give one of them another id", d.Kind, d.ID, first.File)
			return
		}
		seen[key] = d
	}
	for _, c := range v.s.Charters {
		check(c.Doc)
	}
	for _, p := range v.s.Promises {
		check(p.Doc)
	}
	for _, p := range v.s.Playbooks {
		check(p.Doc)
	}
	for _, t := range v.s.Teams {
		check(t.Doc)
	}
	for _, p := range v.s.Pages {
		check(p.Doc)
	}
	standards := map[string]*Standard{}
	for _, p := range v.s.Promises {
		for _, st := range p.Standards {
			if st.ID == "" {
				continue
			}
			if first, dup := standards[st.ID]; dup {
				v.d.Errorf(st.Pos, "duplicate-id", "standard ID %q is already used in %s: standard IDs are unique across the site", st.ID, first.Promise.File)
				continue
			}
			standards[st.ID] = st
		}
	}
}

func (v validator) charters(today string) {
	if len(v.s.Charters) == 0 {
		v.d.Errorf(diag.Pos{File: "content/charters"}, "no-charter", "a site needs at least one charter: add content/charters/<name>.md with a title and home: true")
		return
	}
	var homes []*Charter
	for _, c := range v.s.Charters {
		if c.Home {
			homes = append(homes, c)
		}
	}
	switch {
	case len(homes) > 1:
		for _, c := range homes[1:] {
			v.d.Errorf(c.Pos, "two-homes", "two home charters (%s and %s): keep home: true on one of them", homes[0].File, c.File)
		}
	case len(homes) == 0 && v.s.Home() == nil:
		v.d.Errorf(v.s.Charters[0].Pos, "no-home", "no home charter: add home: true to the charter the site should open with")
	}
	segments := map[string]bool{}
	for _, p := range v.s.Promises {
		for _, seg := range p.Segments {
			segments[seg.Value] = true
		}
	}
	segmentList := make([]string, 0, len(segments))
	for seg := range segments {
		segmentList = append(segmentList, seg)
	}
	sort.Strings(segmentList)
	for _, c := range v.s.Charters {
		if a := c.Audience; a.Value != "" && !segments[a.Value] {
			v.d.Errorf(a.Pos, "unknown-audience", "no promise has the segment %q: add it to the promises' segments%s", a.Value, diag.DidYouMean(a.Value, segmentList))
		}
		listed := map[string]bool{}
		for _, r := range c.Promises {
			v.promise(r, "promise")
			if listed[r.ID] {
				v.d.Errorf(r.Pos, "duplicate-ref", "promise %q is listed twice: remove one", r.ID)
			}
			listed[r.ID] = true
		}
		if n := c.NextReview.Value; n != "" && today != "" && n < today {
			v.d.Warnf(c.NextReview.Pos, "review-overdue", "charter review overdue: next_review was %s", n)
		}
		if c.Reviewed.Value != "" && c.NextReview.Value != "" && c.NextReview.Value < c.Reviewed.Value {
			v.d.Errorf(c.NextReview.Pos, "bad-date", "next_review %s is before reviewed %s", c.NextReview.Value, c.Reviewed.Value)
		}
	}
}

func (v validator) promises() {
	delivered := map[string]bool{}
	for _, pb := range v.s.Playbooks {
		for _, r := range pb.Delivers {
			delivered[r.ID] = true
		}
	}
	inCharter := map[string]bool{}
	for _, c := range v.s.Charters {
		for _, p := range v.s.CharterPromises(c) {
			inCharter[p.ID] = true
		}
	}
	for _, p := range v.s.Promises {
		if p.Broken {
			continue
		}
		v.team(p.Owner, "owner")
		if p.Owner.ID == "" && p.Owner.Pos.Line != 0 {
			v.d.Errorf(p.Owner.Pos, "missing-field", "owner is empty: name the team that owns this promise")
		}
		if !delivered[p.ID] {
			msg := "promise %q has no playbook: add content/playbooks/<name>.md with delivers: [%s]"
			if v.s.Config.Checks.RequirePlaybook {
				v.d.Errorf(p.Pos, "no-playbook", msg, p.ID, p.ID)
			} else {
				v.d.Warnf(p.Pos, "no-playbook", msg, p.ID, p.ID)
			}
		}
		if !inCharter[p.ID] {
			v.d.Warnf(p.Pos, "orphan-promise", "promise %q is in no charter: list it in a charter's promises, or give it a segment a charter serves", p.ID)
		}
		own := map[string]bool{}
		for _, st := range p.Standards {
			own[st.ID] = true
			if st.Unit == "percent" && st.Target <= 1 && st.Target > 0 {
				v.d.Warnf(st.TargetPos, "percent-fraction", "target %g is a percentage of 1 or less: did you mean %g?", st.Target, st.Target*100)
			}
			if st.Unit == "percent" && st.Target > 100 {
				v.d.Errorf(st.TargetPos, "bad-target", "target %g is over 100 percent", st.Target)
			}
			if st.NearMiss != nil && *st.NearMiss < 0 {
				v.d.Errorf(st.Pos, "bad-target", "near_miss must not be negative")
			}
		}
		for _, h := range p.History {
			switch {
			case h.Standard.ID != "" && !own[h.Standard.ID]:
				v.d.Errorf(h.Standard.Pos, "unknown-standard", "standard %q is not one of this promise's standards%s", h.Standard.ID, diag.DidYouMean(h.Standard.ID, standardIDs(p)))
			case h.Standard.ID == "" && h.PreviousTarget != nil && len(p.Standards) > 1:
				v.d.Errorf(h.Pos, "missing-field", "this promise has several standards: add standard: <id> to say which target changed")
			}
		}
	}
}

func standardIDs(p *Promise) []string {
	return ids(p.Standards, func(s *Standard) string { return s.ID })
}

func (v validator) playbooks() {
	for _, pb := range v.s.Playbooks {
		for _, r := range pb.Delivers {
			v.promise(r, "delivers")
		}
		v.team(pb.Owner, "owner")
		for _, e := range pb.Escalation {
			v.team(e.To, "escalation to")
		}
		for _, h := range pb.Handoffs {
			v.team(h.From, "hand-off from")
			v.team(h.To, "hand-off to")
		}
	}
}

func (v validator) results() {
	var stdIDs []string
	for _, p := range v.s.Promises {
		stdIDs = append(stdIDs, standardIDs(p)...)
	}
	brokenPromise := false
	for _, p := range v.s.Promises {
		brokenPromise = brokenPromise || p.Broken
	}
	// Results are sorted by standard and period (Index), so a duplicate
	// follows the first result it repeats; the map is for unsorted sites.
	inOrder := sorted(v.s.Results, func(a, b Result) bool { return CompareResults(a, b) < 0 })
	var seen map[string]Result
	if !inOrder {
		seen = map[string]Result{}
	}
	var first Result // the first result of the current standard and period
	for i, r := range v.s.Results {
		st := v.s.Standard(r.Standard.ID)
		if st == nil && brokenPromise {
			continue // it may belong to the promise whose error is already shown
		}
		if st == nil {
			v.d.Errorf(r.Standard.Pos, "unknown-standard", "%q is not a standard%s", r.Standard.ID, diag.DidYouMean(r.Standard.ID, stdIDs))
			continue
		}
		if p, err := ParsePeriod(r.Period); err == nil && st.Period != "" && p.Kind != st.Period {
			k := p.Kind
			v.d.Errorf(r.Row(), "period-mismatch", "period %s is a %s but standard %q is measured each %s (write %s)", r.Period, k, st.ID, st.Period, periodExample(st.Period))
		}
		if inOrder {
			if i > 0 && CompareResults(first, r) == 0 {
				v.d.Errorf(r.Row(), "duplicate-result", "%s already has a result for %s at %s: keep one", r.Standard.ID, r.Period, first.Row())
				continue
			}
			first = r
			continue
		}
		key := r.Standard.ID + "\x00" + r.Period
		if earlier, dup := seen[key]; dup {
			v.d.Errorf(r.Row(), "duplicate-result", "%s already has a result for %s at %s: keep one", r.Standard.ID, r.Period, earlier.Row())
			continue
		}
		seen[key] = r
	}
}

func periodExample(kind string) string {
	switch kind {
	case "month":
		return "YYYY-MM"
	case "quarter":
		return "YYYY-Qn"
	}
	return "YYYY"
}

// aliases checks old URLs: site-absolute, no "..", and not a page's URL.
func (v validator) aliases() {
	seen := map[string]diag.Pos{}
	pages := map[string]bool{"/": true, "/promises/": true, "/standards/": true}
	for _, c := range v.s.Charters {
		pages[v.s.URL(&c.Doc)] = true
	}
	for _, p := range v.s.Promises {
		pages[v.s.URL(&p.Doc)] = true
	}
	for _, p := range v.s.Pages {
		pages[v.s.URL(&p.Doc)] = true
	}
	check := func(a Text) {
		p := a.Value
		switch {
		case !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//"):
			v.d.Errorf(a.Pos, "bad-alias", "alias %q must be a path on this site starting with \"/\", like /old/page/", p)
		case strings.Contains(p, "..") || strings.ContainsAny(p, "\\ ?#\x00"):
			v.d.Errorf(a.Pos, "bad-alias", "alias %q must not contain \"..\", backslashes, spaces, ? or #", p)
		case pages[p] || pages[p+"/"]:
			v.d.Errorf(a.Pos, "bad-alias", "alias %q is the address of a page that exists: an alias names an old address that no longer has a page", p)
		default:
			if first, dup := seen[p]; dup {
				v.d.Errorf(a.Pos, "duplicate-alias", "alias %q is already used at %s", p, first)
			}
			seen[p] = a.Pos
		}
	}
	for _, p := range v.s.Promises {
		for _, a := range p.Aliases {
			check(a)
		}
	}
	for _, p := range v.s.Pages {
		for _, a := range p.Aliases {
			check(a)
		}
	}
}

var _ = fmt.Sprint
