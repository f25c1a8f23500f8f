package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/charter-ssg/charter/generator/model"
)

const okConfig = "title: Test Garage\nbaseURL: https://example.com/\n"

const okTeam = "---\ntitle: Workshop\n---\n"

const okPromise = `---
title: Ready on time
owner: workshop
standards:
  - id: ready
    measure: Cars ready on time
    target: 95
    unit: percent
    period: month
---
Body.
`

const okPlaybook = "---\ntitle: Late cars\ndelivers: [ready-on-time]\nowner: workshop\n---\n"

const okCharter = "---\ntitle: Our promise\nhome: true\n---\n"

// site returns a small valid site with the given files added or replaced.
func site(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"charter.yaml":                      {Data: []byte(okConfig)},
		"content/teams/workshop.md":         {Data: []byte(okTeam)},
		"content/promises/ready-on-time.md": {Data: []byte(okPromise)},
		"content/playbooks/late.md":         {Data: []byte(okPlaybook)},
		"content/charters/main.md":          {Data: []byte(okCharter)},
	}
	for name, data := range files {
		if data == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// check loads and validates a site and returns its diagnostics as text.
func check(t *testing.T, fsys fstest.MapFS) []string {
	t.Helper()
	s, diags := Load(fsys)
	diags.Merge(s.Validate("2026-11-23"))
	var out []string
	for _, d := range diags.Items() {
		out = append(out, d.String())
	}
	return out
}

func TestValidSiteHasNoDiagnostics(t *testing.T) {
	if got := check(t, site(nil)); len(got) != 0 {
		t.Fatalf("want no diagnostics, got:\n%s", strings.Join(got, "\n"))
	}
}

func TestBadInputGivesOneClearMessageWithPosition(t *testing.T) {
	promise := func(standard string) string {
		return "---\ntitle: Ready on time\nowner: workshop\nstandards:\n" + standard + "---\nBody.\n"
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"unknown key with suggestion",
			map[string]string{"content/promises/ready-on-time.md": promise("  - id: ready\n    measure: M\n    tagret: 95\n    target: 95\n    unit: percent\n    period: month\n")},
			`content/promises/ready-on-time.md:7:5: error[unknown-key]: unknown key "tagret" in standard (did you mean "target"?)`},
		{"percent sign in target",
			map[string]string{"content/promises/ready-on-time.md": promise("  - id: ready\n    measure: M\n    target: 95%\n    unit: percent\n    period: month\n")},
			`content/promises/ready-on-time.md:7:13: error[type]: target must be a number: write 95 with unit: percent`},
		{"quoted number",
			map[string]string{"content/promises/ready-on-time.md": promise("  - id: ready\n    measure: M\n    target: \"95\"\n    unit: percent\n    period: month\n")},
			`content/promises/ready-on-time.md:7:13: error[type]: target must be a number, not quoted text: write 95 without quotes`},
		{"unknown unit",
			map[string]string{"content/promises/ready-on-time.md": promise("  - id: ready\n    measure: M\n    target: 95\n    unit: percnet\n    period: month\n")},
			`content/promises/ready-on-time.md:8:11: error[bad-unit]: unknown unit "percnet": use one of percent, seconds, minutes, hours, days, working-days, count, score, currency (did you mean "percent"?)`},
		{"unknown period",
			map[string]string{"content/promises/ready-on-time.md": promise("  - id: ready\n    measure: M\n    target: 95\n    unit: percent\n    period: week\n")},
			`content/promises/ready-on-time.md:9:13: error[bad-period]: unknown period "week": use one of month, quarter, year`},
		{"unmeasurable standard",
			map[string]string{"content/promises/ready-on-time.md": promise("  - id: ready\n    measure: M\n    unit: percent\n")},
			`content/promises/ready-on-time.md:5:7: error[unmeasurable]: standard is not measurable without target, period: add "target:", "period:"`},
		{"bad duration",
			map[string]string{"content/promises/ready-on-time.md": promise("  - id: ready\n    measure: M\n    target: 95\n    unit: percent\n    period: month\n    within: soon\n")},
			`content/promises/ready-on-time.md:10:13: error[bad-duration]: within: cannot read duration "soon": write a whole number and a unit, like 30m, 2h, 5 days or 10 working days`},
		{"missing owner",
			map[string]string{"content/promises/ready-on-time.md": "---\ntitle: Ready\nstandards:\n  - id: ready\n    measure: M\n    target: 95\n    unit: percent\n    period: month\n---\n"},
			`content/promises/ready-on-time.md:1:1: error[missing-field]: a promise needs owner: add "owner: …"`},
		{"dangling owner",
			map[string]string{"content/promises/ready-on-time.md": strings.Replace(okPromise, "owner: workshop", "owner: workshp", 1)},
			`content/promises/ready-on-time.md:3:8: error[unknown-team]: owner "workshp" is not a team: add content/teams/workshp.md or use an existing team (did you mean "workshop"?)`},
		{"dangling delivers",
			map[string]string{"content/playbooks/late.md": "---\ntitle: Late\ndelivers: [ready-on-tme]\nowner: workshop\n---\n"},
			`content/playbooks/late.md:3:12: error[unknown-promise]: delivers "ready-on-tme" is not a promise (did you mean "ready-on-time"?)`},
		{"dangling escalation team",
			map[string]string{"content/playbooks/late.md": "---\ntitle: Late\ndelivers: [ready-on-time]\nowner: workshop\nescalation:\n  - after: 30m\n    to: managers\n    action: Replan\n---\n"},
			`content/playbooks/late.md:7:9: error[unknown-team]: escalation to "managers" is not a team: add content/teams/managers.md or use an existing team`},
		{"yaml needs quotes",
			map[string]string{"content/teams/workshop.md": "---\ntitle: Workshop\ncontact: ext. 214: ask for Sam\n---\n"},
			`content/teams/workshop.md:3:10: error[yaml-syntax]: the value of contact holds ": ", so YAML reads it as another key: put the whole value in quotes, like contact: "ext. 214: ask for Sam"`},
		{"yaml list that is not one",
			map[string]string{"content/teams/workshop.md": "---\ntitle: [Draft] Workshop\n---\n"},
			`content/teams/workshop.md:2:8: error[yaml-syntax]: the value of title starts with "[", so YAML reads it as a list: put the whole value in quotes, like title: "[Draft] Workshop"`},
		{"yaml error without a known cause",
			map[string]string{"content/teams/workshop.md": "---\ntitle: Workshop\n  lead: x\n---\n"},
			`content/teams/workshop.md:2:8: error[yaml-syntax]: invalid YAML: mapping value is not allowed in this context (a value that holds ": " or starts with [, *, &, % or # must be put in quotes)`},
		{"unterminated front matter",
			map[string]string{"content/teams/workshop.md": "---\ntitle: Workshop\n"},
			`content/teams/workshop.md:1:1: error[front-matter]: front matter is never closed: add a line "---" after the last field`},
		{"no front matter",
			map[string]string{"content/teams/workshop.md": "# Workshop\n"},
			`content/teams/workshop.md:1:1: error[front-matter]: missing front matter: start the file with a line "---", then at least "title: …", then "---"`},
		{"empty file",
			map[string]string{"content/teams/workshop.md": "\n"},
			`content/teams/workshop.md:1:1: error[empty-file]: file is empty: add front matter with at least a title, or delete the file`},
		{"not utf-8",
			map[string]string{"content/teams/workshop.md": "---\ntitle: Work\xffshop\n---\n"},
			`content/teams/workshop.md:2:12: error[not-utf8]: file is not UTF-8 text: save it as UTF-8 in your editor`},
		{"bad file name",
			map[string]string{"content/teams/Work Shop.md": okTeam},
			`content/teams/Work Shop.md:1:1: error[bad-id]: file name "Work Shop.md" is not a valid ID (lowercase letters, digits and hyphens): rename the file to "work-shop.md"`},
		{"duplicate id",
			map[string]string{"content/teams/other.md": "---\nid: workshop\ntitle: Other\n---\n"},
			`content/teams/workshop.md:1:1: error[duplicate-id]: team ID "workshop" is already used by content/teams/other.md: give one of them another id`},
		{"two homes",
			map[string]string{"content/charters/second.md": okCharter},
			`content/charters/second.md:1:1: error[two-homes]: two home charters (content/charters/main.md and content/charters/second.md): keep home: true on one of them`},
		{"no playbook",
			map[string]string{"content/playbooks/late.md": ""},
			`content/promises/ready-on-time.md:1:1: error[no-playbook]: promise "ready-on-time" has no playbook: add content/playbooks/<name>.md with delivers: [ready-on-time]`},
		{"unclosed staff block",
			map[string]string{"content/promises/ready-on-time.md": okPromise + "\n::: staff\nSecret.\n"},
			`content/promises/ready-on-time.md:13:1: error[staff-block]: staff block is never closed: add a line with ":::" where it ends`},
		{"unknown container",
			map[string]string{"content/promises/ready-on-time.md": okPromise + "\n::: note\nHi.\n:::\n"},
			`content/promises/ready-on-time.md:13:1: error[staff-block]: unknown container "::: note": the only container is "::: staff"`},
		{"markdown outside the known folders",
			map[string]string{"content/notes/x.md": okTeam},
			`content/notes/x.md:1:1: error[misplaced]: markdown files belong in content/charters, promises, playbooks, teams or pages: move x.md into one of them`},
		{"csv unknown standard",
			map[string]string{"content/performance/r.csv": "standard,period,value\nredy,2026-10,93\n"},
			`content/performance/r.csv:2:1: error[unknown-standard]: "redy" is not a standard (did you mean "ready"?)`},
		{"csv period mismatch",
			map[string]string{"content/performance/r.csv": "standard,period,value\nready,2026-Q3,93\n"},
			`content/performance/r.csv:2:1: error[period-mismatch]: period 2026-Q3 is a quarter but standard "ready" is measured each month (write YYYY-MM)`},
		{"csv value not a number",
			map[string]string{"content/performance/r.csv": "standard,period,value\nready,2026-10,high\n"},
			`content/performance/r.csv:2:15: error[csv-value]: value "high" is not a number: write digits only, like 93.5`},
		{"csv duplicate row after a cell that spans lines",
			map[string]string{"content/performance/r.csv": "period,standard,value\n\"2026-10\n\",ready,93\n2026-10,ready,94\n"},
			`content/performance/r.csv:4:1: error[duplicate-result]: ready already has a result for 2026-10 at content/performance/r.csv:2:1: keep one`},
		{"csv value NaN",
			map[string]string{"content/performance/r.csv": "standard,period,value\nready,2026-10,NaN\n"},
			`content/performance/r.csv:2:15: error[csv-value]: value "NaN" is not a number: write digits only, like 93.5`},
		{"csv value infinite",
			map[string]string{"content/performance/r.csv": "standard,period,value\nready,2026-10,-Inf\n"},
			`content/performance/r.csv:2:15: error[csv-value]: value "-Inf" is not a number: write digits only, like 93.5`},
		{"csv wrong column count",
			map[string]string{"content/performance/r.csv": "standard,period,value\nready,2026-10\n"},
			`content/performance/r.csv:2:1: error[csv-columns]: row has 2 columns but the header has 3`},
		{"csv duplicate row",
			map[string]string{"content/performance/r.csv": "standard,period,value\nready,2026-10,93\nready,2026-10,94\n"},
			`content/performance/r.csv:3:1: error[duplicate-result]: ready already has a result for 2026-10 at content/performance/r.csv:2:1: keep one`},
		{"config unknown key",
			map[string]string{"charter.yaml": okConfig + "titel: x\n"},
			`charter.yaml:3:1: error[unknown-key]: unknown key "titel" in charter.yaml (did you mean "title"?)`},
		{"wrong type for a list",
			map[string]string{"content/playbooks/late.md": "---\ntitle: Late\ndelivers: ready-on-time\nowner: workshop\n---\n"},
			`content/playbooks/late.md:3:11: error[type]: delivers must be a list, like [a, b] or lines starting with "- ", not text`},
		{"reserved name",
			map[string]string{"content/teams/con.md": okTeam},
			`content/teams/con.md:1:1: error[bad-id]: file name "con.md" is a reserved name on some systems: rename the file to "con-page.md"`},
		{"id with a path separator",
			map[string]string{"content/teams/workshop.md": "---\nid: ../etc\ntitle: W\n---\n"},
			`content/teams/workshop.md:2:5: error[bad-id]: id "../etc" is not a valid ID: use lowercase letters, digits and single hyphens, like "etc"`},
		{"alias that is not a path",
			map[string]string{"content/pages/help.md": "---\ntitle: Help\naliases: [help/old]\n---\n"},
			`content/pages/help.md:3:11: error[bad-alias]: alias "help/old" must be a path on this site starting with "/", like /old/page/`},
		{"alias climbing out",
			map[string]string{"content/pages/help.md": "---\ntitle: Help\naliases: [/a/../../etc/]\n---\n"},
			`content/pages/help.md:3:11: error[bad-alias]: alias "/a/../../etc/" must not contain "..", backslashes, spaces, ? or #`},
		{"alias over a page",
			map[string]string{"content/pages/help.md": "---\ntitle: Help\naliases: [/promises/ready-on-time/]\n---\n"},
			`content/pages/help.md:3:11: error[bad-alias]: alias "/promises/ready-on-time/" is the address of a page that exists: an alias names an old address that no longer has a page`},
		{"csv without a header",
			map[string]string{"content/performance/r.csv": "ready,2026-10,93\n"},
			`content/performance/r.csv:1:1: error[csv-header]: the first line must be the header standard,period,value,sample: add it above the first row`},
		{"csv empty",
			map[string]string{"content/performance/r.csv": " "},
			`content/performance/r.csv:1:1: error[csv-header]: the first line must be the header standard,period,value,sample: add it above the first row`},
		{"binary file where markdown is expected",
			map[string]string{"content/pages/logo.md": "\x89PNG\r\n\x1a\n\x00\x00"},
			`content/pages/logo.md:3:1: error[not-text]: this file holds binary data, not markdown text: move it out of this folder or save it as text`},
		{"very large markdown file",
			map[string]string{"content/pages/huge.md": "---\ntitle: Huge\n---\n" + strings.Repeat("Words words words.\n", 300000)},
			`content/pages/huge.md:1:1: error[too-large]: file is 5.4 MB, more than the 4 MB a md file may be: split it into smaller files`},
		{"unknown direction",
			map[string]string{"content/promises/ready-on-time.md": promise("  - id: ready\n    measure: M\n    target: 95\n    unit: percent\n    period: month\n    direction: atleast\n")},
			`content/promises/ready-on-time.md:10:16: error[bad-direction]: unknown direction "atleast": use one of at-least, at-most (did you mean "at-least"?)`},
		{"wrong type for a boolean",
			map[string]string{"content/pages/help.md": "---\ntitle: Help\ninternal: yes please\n---\n"},
			`content/pages/help.md:3:11: error[type]: internal must be true or false, not text`},
		{"percent of one or less",
			map[string]string{"content/promises/ready-on-time.md": strings.Replace(okPromise, "target: 95", "target: 0.95", 1)},
			`content/promises/ready-on-time.md:7:13: warning[percent-fraction]: target 0.95 is a percentage of 1 or less: did you mean 95?`},
		{"promise in no charter",
			map[string]string{"content/charters/main.md": "---\ntitle: Ours\nhome: true\npromises: []\n---\n"},
			`content/promises/ready-on-time.md:1:1: warning[orphan-promise]: promise "ready-on-time" is in no charter: list it in a charter's promises, or give it a segment a charter serves`},
		{"no charter",
			map[string]string{"content/charters/main.md": ""},
			`content/charters: error[no-charter]: a site needs at least one charter: add content/charters/<name>.md with a title and home: true`},
		{"unknown audience",
			map[string]string{"content/charters/main.md": "---\ntitle: Ours\nhome: true\naudience: houshold\n---\n", "content/promises/ready-on-time.md": strings.Replace(okPromise, "owner: workshop", "owner: workshop\nsegments: [household]", 1)},
			`content/charters/main.md:4:11: error[unknown-audience]: no promise has the segment "houshold": add it to the promises' segments (did you mean "household"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := check(t, site(tt.files))
			for _, g := range got {
				if g == tt.want {
					return
				}
			}
			t.Errorf("want\n  %s\ngot\n  %s", tt.want, strings.Join(got, "\n  "))
		})
	}
}

func TestTextFieldsTakeValuesAsWritten(t *testing.T) {
	fsys := site(map[string]string{"content/teams/workshop.md": "---\ntitle: 0123\nlead: true\n---\n"})
	s, diags := Load(fsys)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	team := s.Team("workshop")
	if team.Title != "0123" || team.Lead != "true" {
		t.Fatalf("title %q lead %q, want 0123 and true as written", team.Title, team.Lead)
	}
}

func TestWarningsDoNotFailTheBuild(t *testing.T) {
	fsys := site(map[string]string{"content/charters/main.md": "---\ntitle: Ours\nhome: true\nnext_review: 2026-01-01\n---\n"})
	s, diags := Load(fsys)
	diags.Merge(s.Validate("2026-11-23"))
	if diags.HasErrors() || diags.Len() != 1 {
		t.Fatalf("want one warning, got %v", diags)
	}
	if d := diags.Items()[0]; d.Code != "review-overdue" || d.Pos.Line != 4 {
		t.Fatalf("got %v", d)
	}
}

func TestDurationsParseAsPeopleWriteThem(t *testing.T) {
	for in, want := range map[string]model.Duration{
		"20s":             {Text: "20s", Seconds: 20},
		"30m":             {Text: "30m", Seconds: 1800},
		"2h":              {Text: "2h", Seconds: 7200},
		"48 hours":        {Text: "48 hours", Seconds: 172800},
		"1 working day":   {Text: "1 working day", WorkingDays: 1},
		"10 working days": {Text: "10 working days", WorkingDays: 10},
		"5 days":          {Text: "5 days", Seconds: 432000},
	} {
		got, err := model.ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "soon", "2 fortnights", "h", "-3h", "1.5h"} {
		if _, err := model.ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) should fail", bad)
		}
	}
}
