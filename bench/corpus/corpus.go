// Package corpus writes a large, deterministic charter site for
// benchmarks: N promises in our content model with teams, one playbook per
// ten promises, twelve months of results, and ~600-word bodies with
// headings, lists, a table and cross links. The same N always gives the
// same bytes.
package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Teams is how many teams the corpus has.
const Teams = 20

var words = strings.Fields(`service customer car booking quote repair parts workshop
collection time call back approval invoice price team check bay technician
deliver promise standard measure result week month today agreed clear simple
fair safe quick careful honest fixed update phone email letter visit wait`)

// text returns n deterministic words seeded by seed.
func text(seed, n int) string {
	var b strings.Builder
	x := uint32(seed)*2654435761 + 1
	for i := 0; i < n; i++ {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		if i > 0 {
			b.WriteByte(' ')
		}
		w := words[int(x)%len(words)]
		if i%12 == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
		if i%12 == 11 {
			b.WriteByte('.')
		}
	}
	b.WriteByte('.')
	return b.String()
}

// Write creates the corpus in dir (which should be empty or missing).
func Write(dir string, n int) error {
	var files = map[string]string{}
	files["charter.yaml"] = "title: Benchmark Motors\nbaseURL: https://bench.example/\nlanguage: en\n"
	files["content/charters/everyone.md"] = "---\ntitle: Our promise to you\nsummary: Every promise we make.\nhome: true\n---\n" + text(1, 80) + "\n"
	for t := 0; t < Teams; t++ {
		files[fmt.Sprintf("content/teams/team-%02d.md", t)] = fmt.Sprintf("---\ntitle: Team %02d\nlead: Lead of team %02d\ncontact: \"ext. %d\"\nhours: Mon–Fri 08:00–18:00\n---\n%s\n", t, t, 200+t, text(100*t+90000000+7, 60))
	}
	var csv strings.Builder
	csv.WriteString("standard,period,value,sample\n")
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("promise-%05d", i)
		next := fmt.Sprintf("promise-%05d", (i+1)%n)
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Promise number %d\nsummary: %s\nowner: team-%02d\nsegments: [households]\nupdated: 2026-10-01\nstandards:\n", i, text(i, 14), i%Teams)
		fmt.Fprintf(&b, "  - id: %s-a\n    measure: Jobs done on time for promise %d\n    target: 95\n    unit: percent\n    period: month\n    remedy: %s\n", id, i, text(100*i+3, 12))
		fmt.Fprintf(&b, "  - id: %s-b\n    measure: Hours to call back for promise %d\n    target: 2\n    unit: hours\n    direction: at-most\n    within: 1 working day\n    period: month\n    remedy: %s\n", id, i, text(100*i+5, 10))
		b.WriteString("---\n")
		fmt.Fprintf(&b, "%s\n\n# What we do\n\n%s\n\n", text(100*i+11, 120), text(100*i+13, 110))
		b.WriteString("- " + text(100*i+17, 10) + "\n- " + text(100*i+19, 10) + "\n- " + text(100*i+23, 10) + "\n\n")
		fmt.Fprintf(&b, "# How we measure it\n\n%s See also [the next promise](%s.md) and [our standards](/standards/).\n\n", text(100*i+29, 100), next)
		b.WriteString("| Step | Who | When |\n|---|---|---|\n| Book | Front desk | Day 1 |\n| Fix | Workshop | Day 2 |\n| Return | Front desk | Day 3 |\n\n")
		fmt.Fprintf(&b, "# If something goes wrong\n\n%s\n\n1. %s\n2. %s\n\n", text(100*i+31, 110), text(100*i+37, 12), text(100*i+41, 12))
		fmt.Fprintf(&b, "::: staff\n%s\n:::\n", text(100*i+43, 40))
		files["content/promises/"+id+".md"] = b.String()
		for m := 1; m <= 12; m++ {
			period := fmt.Sprintf("2025-%02d", m)
			fmt.Fprintf(&csv, "%s-a,%s,%d.%d,%d\n", id, period, 90+(i+m)%10, (i*m)%10, 100+i%50)
			fmt.Fprintf(&csv, "%s-b,%s,%d.%d,%d\n", id, period, 1+(i+m)%3, (i+m)%10, 80+i%40)
		}
	}
	files["content/performance/results.csv"] = csv.String()
	for p := 0; p*10 < n; p++ {
		var delivers []string
		for i := p * 10; i < min(n, p*10+10); i++ {
			delivers = append(delivers, fmt.Sprintf("promise-%05d", i))
		}
		files[fmt.Sprintf("content/playbooks/playbook-%04d.md", p)] = fmt.Sprintf(`---
title: Playbook %d
delivers: [%s]
owner: team-%02d
trigger: %s
escalation:
  - after: 30m
    to: team-%02d
    action: %s
handoffs:
  - from: team-%02d
    to: team-%02d
    what: %s
    within: 2h
---
1. %s
2. %s
3. - [ ] %s
`, p, strings.Join(delivers, ", "), p%Teams, text(100*p+50000000+51, 10), (p+1)%Teams, text(100*p+50000000+53, 10), p%Teams, (p+2)%Teams, text(100*p+50000000+57, 10), text(100*p+50000000+59, 15), text(100*p+50000000+61, 15), text(100*p+50000000+67, 8))
	}
	for name, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			return err
		}
	}
	return nil
}
