// Package scaffold owns "charter new": a starter site that builds and
// passes "charter check" as it is, and single documents with valid front
// matter and a file name made from their title. It never overwrites.
package scaffold

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/charter-ssg/charter/generator/content"
)

//go:embed starter
var starter embed.FS

// Site writes the starter site into dir, which must be empty or missing.
func Site(dir string) ([]string, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty: choose a new folder for the site", dir)
	}
	var written []string
	err := fs.WalkDir(starter, "starter", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, "starter"), "/")
		target := filepath.Join(dir, filepath.FromSlash(rel))
		if e.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := starter.ReadFile(p)
		if err != nil {
			return err
		}
		written = append(written, target)
		return os.WriteFile(target, data, 0o644)
	})
	return written, err
}

// Kinds that "charter new" can write, with their folders.
var Kinds = map[string]string{"promise": "promises", "playbook": "playbooks", "team": "teams"}

// Document writes a new document of kind into the site at dir and returns
// its path. The front matter parses and passes the field checks; "charter
// check" then says what else it needs (an owner that exists, a playbook).
func Document(dir, kind, title string) (string, error) {
	folder, ok := Kinds[kind]
	if !ok {
		return "", fmt.Errorf("cannot make a %q: choose promise, playbook or team", kind)
	}
	id := content.Slug(title)
	if id == "" {
		return "", fmt.Errorf("title %q has no letters or digits to make a file name from", title)
	}
	target := filepath.Join(dir, content.Dir, folder, id+".md")
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrNotExist) {
		if err = os.MkdirAll(filepath.Dir(target), 0o755); err == nil {
			f, err = os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		}
	}
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s already exists: charter new never overwrites a file", target)
	}
	if err != nil {
		return "", err
	}
	defer f.Close()
	_, err = f.WriteString(body(kind, id, title))
	return target, err
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

func body(kind, id, title string) string {
	switch kind {
	case "promise":
		return `---
title: ` + quote(title) + `
summary: One sentence that tells customers what they can count on.
owner: TEAM-ID
standards:
  - id: ` + id + `
    measure: What you count, in words a customer understands
    target: 95
    unit: percent
    period: month
    remedy: What the customer gets if we fall short.
---
Tell customers what this promise means for them, in plain words.

::: staff
Notes for staff only: where to check, who to call.
:::
`
	case "playbook":
		return `---
title: ` + quote(title) + `
delivers: [PROMISE-ID]
owner: TEAM-ID
trigger: What starts this work
escalation:
  - after: 30m
    to: TEAM-ID
    action: What the next person does
---
1. The first step.
2. The next step.
3. - [ ] A check before the work is done.
`
	}
	return `---
title: ` + quote(title) + `
lead: Who leads the team
contact: "How to reach the team"
hours: When the team works
---
What this team does for customers.
`
}
