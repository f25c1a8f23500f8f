package render

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Theme finds template and static files by name through the lookup order:
//
//  1. the site's templates/<name>          (templates only)
//  2. the site's themes/<theme>/<kind>/<name>
//  3. the built-in themes/<theme>/<kind>/<name>, embedded in the binary
//
// The first that exists wins, file by file, so a site can override one
// template or one stylesheet and keep the rest of the theme.
type Theme struct {
	Name    string
	site    fs.FS // the site folder; may be nil
	builtin fs.FS // the embedded themes; may be nil
}

// NewTheme looks up theme name in the site folder and the built-in themes.
func NewTheme(site, builtin fs.FS, name string) (*Theme, error) {
	t := &Theme{Name: name, site: site, builtin: builtin}
	if !t.exists(path.Join("themes", name), site) && !t.exists(name, builtin) {
		return nil, fmt.Errorf("theme %q not found: it is neither in themes/%s/ nor built in (the built-in theme is \"default\")", name, name)
	}
	return t, nil
}

func (t *Theme) exists(dir string, fsys fs.FS) bool {
	if fsys == nil {
		return false
	}
	info, err := fs.Stat(fsys, dir)
	return err == nil && info.IsDir()
}

// layer is one place a file may come from, in lookup order.
type layer struct {
	fsys fs.FS
	dir  string
	// Label says where a file came from, for error messages.
	label string
}

func (t *Theme) layers(kind string) []layer {
	var ls []layer
	if t.site != nil {
		if kind == "templates" {
			ls = append(ls, layer{t.site, "templates", "templates/"})
		}
		ls = append(ls, layer{t.site, path.Join("themes", t.Name, kind), "themes/" + t.Name + "/" + kind + "/"})
	}
	if t.builtin != nil {
		ls = append(ls, layer{t.builtin, path.Join(t.Name, kind), "built-in theme " + t.Name + ": " + kind + "/"})
	}
	return ls
}

// File is one resolved theme file.
type File struct {
	Name   string // path within its kind folder, like "partials/nav.html"
	Origin string // where it was found, for messages
	fsys   fs.FS
	path   string
}

// Read returns the file's content.
func (f File) Read() ([]byte, error) { return fs.ReadFile(f.fsys, f.path) }

// Files lists every file of a kind ("templates" or "static") after the
// overlay, sorted by name.
func (t *Theme) Files(kind string) ([]File, error) {
	found := map[string]File{}
	for _, l := range t.layers(kind) {
		err := fs.WalkDir(l.fsys, l.dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return fs.SkipDir
				}
				return err
			}
			if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
				return nil
			}
			name := strings.TrimPrefix(p, l.dir+"/")
			if _, shadowed := found[name]; !shadowed {
				found[name] = File{Name: name, Origin: l.label + name, fsys: l.fsys, path: p}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]File, 0, len(found))
	for _, f := range found {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
