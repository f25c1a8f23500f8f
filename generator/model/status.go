package model

// Status of a result against its standard's target.
const (
	Met      = "met"
	NearMiss = "near-miss"
	Missed   = "missed"
)

// NearMissBand is how far short of its target a result may fall and still
// count as a near miss: the standard's near_miss, else the site's.
func (v *View) NearMissBand(s *Standard) float64 {
	if s.NearMiss != nil {
		return *s.NearMiss
	}
	return v.Config.Checks.NearMiss
}

// Status says whether a result met its standard's target, nearly met it
// (within the near-miss band), or missed it, respecting the direction.
func (v *View) Status(s *Standard, r *Result) string {
	band := v.NearMissBand(s)
	if s.Direction == AtMost {
		switch {
		case r.Value <= s.Target:
			return Met
		case r.Value <= s.Target+band:
			return NearMiss
		}
		return Missed
	}
	switch {
	case r.Value >= s.Target:
		return Met
	case r.Value >= s.Target-band:
		return NearMiss
	}
	return Missed
}

// Coverage lists the gaps the staff dashboard shows.
type Coverage struct {
	NoPlaybook []*Promise
	NoResults  []*Standard
	Missed     []*Standard
	Overdue    []*Charter
}

// Coverage finds promises without playbooks, standards without results or
// missed in their latest period, and charters past their next review
// (today is YYYY-MM-DD).
func (v *View) Coverage(today string) Coverage {
	var c Coverage
	for _, p := range v.Promises {
		if len(v.PlaybooksFor(p.ID)) == 0 {
			c.NoPlaybook = append(c.NoPlaybook, p)
		}
	}
	for _, s := range v.Standards {
		if v.Latest(s.ID) == nil {
			c.NoResults = append(c.NoResults, s)
		}
	}
	c.Missed = v.MissedLastPeriod()
	for _, ch := range v.Charters {
		if ch.NextReview.Value != "" && today != "" && ch.NextReview.Value < today {
			c.Overdue = append(c.Overdue, ch)
		}
	}
	return c
}
