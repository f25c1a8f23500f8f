// Package content owns reading a site folder: charter.yaml, the markdown
// documents under content/ (front matter with positions kept, bodies split
// by audience), the performance CSV files, and the list of other files to
// copy. It reads only through io/fs, writes nothing and knows nothing of
// templates.
package content

import (
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/model"
)

// Dir is the folder under the site root that holds the content.
const Dir = "content"

var kindByFolder = map[string]model.Kind{
	"charters":  model.KindCharter,
	"promises":  model.KindPromise,
	"playbooks": model.KindPlaybook,
	"teams":     model.KindTeam,
	"pages":     model.KindPage,
}

// Skipped reports whether a file or folder name is hidden or an editor's
// temporary file, which charter never reads.
func Skipped(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"), strings.HasPrefix(name, "~"),
		strings.HasSuffix(name, "~"), strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, ".swo"), strings.HasSuffix(name, ".tmp"), strings.HasSuffix(name, ".bak"),
		strings.HasSuffix(name, ".crdownload"), name == "4913":
		return true
	}
	return false
}

// Load reads the site rooted at fsys. It returns the site even when there
// are errors, so that every problem can be reported at once.
func Load(fsys fs.FS) (*model.Site, *diag.List) {
	diags := &diag.List{}
	site := &model.Site{Config: model.DefaultConfig()}
	cfg, cfgDiags := LoadConfig(fsys)
	site.Config = cfg
	diags.Merge(cfgDiags)
	if _, err := fs.Stat(fsys, ConfigFile); err != nil {
		return site, diags
	}
	err := fs.WalkDir(fsys, Dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, "read", "cannot read: %v", unwrapPathError(err))
			return nil
		}
		if p != Dir && Skipped(e.Name()) {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.Type()&fs.ModeSymlink != 0 {
			diags.Warnf(diag.Pos{File: p}, "symlink", "symbolic links are not followed: copy the file here instead")
			return nil
		}
		if e.IsDir() || !e.Type().IsRegular() {
			return nil
		}
		loadFile(fsys, site, p, diags)
		return nil
	})
	if err != nil && errors.Is(err, fs.ErrNotExist) {
		diags.Errorf(diag.Pos{File: Dir}, "no-content", "no content/ folder: add content/charters/ with at least one charter")
	}
	site.Index()
	return site, diags
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func loadFile(fsys fs.FS, site *model.Site, p string, diags *diag.List) {
	rel := strings.TrimPrefix(p, Dir+"/")
	dir, name := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	ext := strings.ToLower(path.Ext(name))
	read := func() ([]byte, bool) {
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, "read", "cannot read: %v", unwrapPathError(err))
			return nil, false
		}
		return src, true
	}
	switch {
	case ext == ".md":
		kind, ok := kindByFolder[dir]
		if !ok {
			diags.Errorf(diag.Pos{File: p, Line: 1, Col: 1}, "misplaced", "markdown files belong in content/charters, promises, playbooks, teams or pages: move %s into one of them", name)
			return
		}
		src, ok := read()
		if !ok {
			return
		}
		switch doc := parseDocument(kind, p, src, diags).(type) {
		case *model.Charter:
			site.Charters = append(site.Charters, doc)
		case *model.Promise:
			site.Promises = append(site.Promises, doc)
		case *model.Playbook:
			site.Playbooks = append(site.Playbooks, doc)
		case *model.Team:
			site.Teams = append(site.Teams, doc)
		case *model.Page:
			site.Pages = append(site.Pages, doc)
		}
	case ext == ".csv" && dir == "performance":
		if src, ok := read(); ok {
			site.Results = append(site.Results, parseResults(p, src, diags)...)
		}
	default:
		info, err := fs.Stat(fsys, p)
		var size int64
		if err == nil {
			size = info.Size()
		}
		top, _, _ := strings.Cut(rel, "/")
		site.Files = append(site.Files, model.File{Path: rel, Staff: top == "playbooks" || top == "teams", Size: size})
	}
}
