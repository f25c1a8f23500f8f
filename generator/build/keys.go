package build

import (
	"hash/fnv"
	"strconv"

	"github.com/charter-ssg/charter/generator/model"
	"github.com/gohugoio/hashstructure"
)

// mix folds v into the key h.
func mix(h, v uint64) uint64 {
	h ^= v + 0x9E3779B97F4A7C15 + (h << 6) + (h >> 2)
	return h * 0x100000001B3
}

func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// hashOf identifies a value with hashstructure, the way Hugo keys its
// caches: equal structures give equal keys.
func hashOf(v any) uint64 {
	h, err := hashstructure.Hash(v, nil)
	if err != nil {
		panic(err) // only our own plain structs are hashed
	}
	return h
}

// Rows are what list pages show of a document. They are hashed so that a
// body edit leaves list pages alone while a title or standard edit
// re-renders every page that lists the document.
type promiseRow struct {
	ID, Title, Summary, Owner string
	Segments, Channels        []string
	Updated                   string
	Standards                 []standardRow
	Aliases                   []string
	History                   [][4]string
}

type standardRow struct {
	ID, Measure, Unit, Direction, Within, Period, Remedy string
	Target                                               float64
	NearMiss                                             *float64
}

type playbookRow struct {
	ID, Title, Summary, Owner, Trigger string
	Delivers                           []string
	Escalation                         [][3]string
	Handoffs                           [][4]string
}

type teamRow struct {
	ID, Title, Summary, Lead, Contact, Hours string
}

type charterRow struct {
	ID, Title, Summary, Audience, Reviewed, NextReview string
	Home                                               bool
	Promises                                           []string
}

type pageRow struct {
	ID, Title, Summary string
	Internal           bool
	Aliases            []string
}

// hashes keeps row hashes between builds, by document content hash.
type hashes struct {
	rows map[uint64]uint64
}

func newHashes() *hashes { return &hashes{rows: map[uint64]uint64{}} }

// row returns the cached row hash of a document, computing it on a miss.
func (h *hashes) row(next map[uint64]uint64, d *model.Doc, make func() any) uint64 {
	key := mix(d.Hash, hashString(d.File)) // the file name is the ID
	if v, ok := h.rows[key]; ok {
		next[key] = v
		return v
	}
	v := hashOf(make())
	next[key] = v
	return v
}

// siteKeys are the hashes one build's page keys are made of.
type siteKeys struct {
	cfg, today                                                uint64
	card, playbook, team, results                             map[string]uint64
	allCards, allPlaybooks, allTeams, allResults, allCharters uint64
	pages                                                     uint64
}

func durationText(d *model.Duration) string {
	if d == nil {
		return ""
	}
	return d.Text
}

// prepare hashes what the site's pages are made of.
func (h *hashes) prepare(s *model.Site, today string) *siteKeys {
	next := make(map[uint64]uint64, len(h.rows))
	k := &siteKeys{
		cfg: hashOf(s.Config), today: hashString(today),
		card: map[string]uint64{}, playbook: map[string]uint64{}, team: map[string]uint64{}, results: map[string]uint64{},
	}
	for _, p := range s.Promises {
		v := h.row(next, &p.Doc, func() any {
			r := promiseRow{ID: p.ID, Title: p.Title, Summary: p.Summary, Owner: p.Owner.ID, Channels: p.Channels, Updated: p.Updated.Value}
			for _, seg := range p.Segments {
				r.Segments = append(r.Segments, seg.Value)
			}
			for _, a := range p.Aliases {
				r.Aliases = append(r.Aliases, a.Value)
			}
			for _, h := range p.History {
				prev := ""
				if h.PreviousTarget != nil {
					prev = strconv.FormatFloat(*h.PreviousTarget, 'g', -1, 64)
				}
				r.History = append(r.History, [4]string{h.Date.Value, h.Change, h.Standard.ID, prev})
			}
			for _, st := range p.Standards {
				r.Standards = append(r.Standards, standardRow{st.ID, st.Measure, st.Unit, string(st.Direction),
					durationText(st.Within), st.Period, st.Remedy, st.Target, st.NearMiss})
			}
			return r
		})
		k.card[p.ID] = v
		k.allCards = mix(k.allCards, v)
	}
	for _, pb := range s.Playbooks {
		v := h.row(next, &pb.Doc, func() any {
			r := playbookRow{ID: pb.ID, Title: pb.Title, Summary: pb.Summary, Owner: pb.Owner.ID, Trigger: pb.Trigger}
			for _, d := range pb.Delivers {
				r.Delivers = append(r.Delivers, d.ID)
			}
			for _, e := range pb.Escalation {
				r.Escalation = append(r.Escalation, [3]string{durationText(e.After), e.To.ID, e.Action})
			}
			for _, ho := range pb.Handoffs {
				r.Handoffs = append(r.Handoffs, [4]string{ho.From.ID, ho.To.ID, ho.What, durationText(ho.Within)})
			}
			return r
		})
		k.playbook[pb.ID] = v
		k.allPlaybooks = mix(k.allPlaybooks, v)
	}
	for _, t := range s.Teams {
		v := h.row(next, &t.Doc, func() any { return teamRow{t.ID, t.Title, t.Summary, t.Lead, t.Contact, t.Hours} })
		k.team[t.ID] = v
		k.allTeams = mix(k.allTeams, v)
	}
	for _, c := range s.Charters {
		v := h.row(next, &c.Doc, func() any {
			r := charterRow{c.ID, c.Title, c.Summary, c.Audience.Value, c.Reviewed.Value, c.NextReview.Value, c.Home, nil}
			for _, p := range c.Promises {
				r.Promises = append(r.Promises, p.ID)
			}
			return r
		})
		k.allCharters = mix(k.allCharters, v)
	}
	for _, p := range s.Pages {
		v := h.row(next, &p.Doc, func() any {
			r := pageRow{ID: p.ID, Title: p.Title, Summary: p.Summary, Internal: p.Internal}
			for _, a := range p.Aliases {
				r.Aliases = append(r.Aliases, a.Value)
			}
			return r
		})
		k.pages = mix(k.pages, v)
	}
	h.rows = next
	for _, r := range s.Results {
		v := mix(hashString(r.Period), uint64(int64(r.Value*1e6)))
		if r.HasSample {
			v = mix(v, uint64(r.Sample)+1)
		}
		k.results[r.Standard.ID] = mix(k.results[r.Standard.ID], v)
		k.allResults = mix(k.allResults, v)
	}
	return k
}

// dataKey identifies everything the site's data files are made of.
func (k *siteKeys) dataKey(v *model.View) uint64 {
	h := mix(mix(k.cfg, hashString(string(v.Audience))), k.pages)
	h = mix(mix(mix(h, k.allCards), k.allResults), k.allCharters)
	return mix(mix(h, k.allPlaybooks), k.allTeams)
}

// pageKey identifies everything a page shows, apart from the targets of
// the links in its body (see linkIndex.state): the template chain, the
// config, the footer's page list, the page's own document, and the rows of
// the documents it lists.
func (k *siteKeys) pageKey(v *model.View, j *job, templateKey uint64) uint64 {
	h := mix(templateKey, k.cfg)
	h = mix(h, hashString(string(v.Audience)))
	h = mix(h, k.pages)
	if j.doc != nil {
		h = mix(h, j.doc.Hash)
	}
	staff := v.IsStaff()
	p := j.page
	switch j.kind {
	case "home", "charter":
		h = mix(h, k.allCharters)
		for _, pr := range v.CharterPromises(p.Charter) {
			h = mix(h, k.card[pr.ID])
		}
		if staff {
			h = mix(mix(h, k.allTeams), k.today)
		}
	case "promises":
		h = mix(h, k.allCards)
		if staff {
			h = mix(h, k.allTeams)
		}
	case "promise":
		for _, st := range p.Promise.Standards {
			h = mix(h, k.results[st.ID])
		}
		if staff {
			h = mix(h, k.team[p.Promise.Owner.ID])
			for _, pb := range v.PlaybooksFor(p.Promise.ID) {
				h = mix(h, k.playbook[pb.ID])
			}
		}
	case "standards", "how-we-are-doing":
		h = mix(mix(h, k.allCards), k.allResults)
		if p.Paged != nil {
			h = mix(mix(h, uint64(p.Paged.Number)), uint64(len(p.Paged.URLs)))
		}
		if staff {
			h = mix(h, k.allTeams)
		}
	case "remedies", "changes":
		h = mix(h, k.allCards)
	case "search":
		h = mix(mix(h, k.allCards), k.allCharters)
	case "playbook":
		for _, d := range p.Playbook.Delivers {
			h = mix(h, k.card[d.ID])
		}
		h = mix(h, k.allTeams)
	case "playbooks", "teams", "team", "ownership":
		h = mix(mix(mix(h, k.allCards), k.allPlaybooks), k.allTeams)
	case "coverage":
		h = mix(mix(mix(h, k.allCards), k.allPlaybooks), k.allTeams)
		h = mix(mix(mix(h, k.allResults), k.allCharters), k.today)
	}
	return h
}
