package content

import (
	"io/fs"
	"net/url"
	"strings"

	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/model"
	"github.com/goccy/go-yaml/ast"
)

// ConfigFile is the name of a site's configuration file.
const ConfigFile = "charter.yaml"

// parseConfig reads charter.yaml.
func parseConfig(src []byte, diags *diag.List) model.Config {
	cfg := model.DefaultConfig()
	cfg.Pos = diag.Pos{File: ConfigFile, Line: 1, Col: 1}
	if !checkText(ConfigFile, src, diags) {
		return cfg
	}
	d := &decoder{file: ConfigFile, diags: diags}
	root, ok := d.parseYAML(loneCR(src))
	if !ok {
		return cfg
	}
	seen := d.mapping(root, ConfigFile, map[string]field{
		"title":    func(n ast.Node) { cfg.Title = d.str(n, "title") },
		"baseURL":  func(n ast.Node) { cfg.BaseURL = baseURL(d, d.text(n, "baseURL")) },
		"language": func(n ast.Node) { cfg.Language = d.str(n, "language") },
		"theme": func(n ast.Node) {
			t := d.text(n, "theme")
			cfg.Theme = t.Value
			checkID(d, t, "theme")
		},
		"staff_baseURL": func(n ast.Node) { cfg.StaffBaseURL = baseURL(d, d.text(n, "staff_baseURL")) },
		"output": func(n ast.Node) {
			d.mapping(n, "output", map[string]field{
				"public": func(n ast.Node) { cfg.PublicDir = d.str(n, "output.public") },
				"staff":  func(n ast.Node) { cfg.StaffDir = d.str(n, "output.staff") },
			})
		},
		"unsafe_html": func(n ast.Node) { cfg.UnsafeHTML, _ = d.boolean(n, "unsafe_html") },
		"contact": func(n ast.Node) {
			d.list(n, "contact", func(item ast.Node) {
				var c model.Contact
				d.mapping(item, "contact entry", map[string]field{
					"type":      func(n ast.Node) { c.Type = d.str(n, "type") },
					"telephone": func(n ast.Node) { c.Telephone = d.str(n, "telephone") },
					"email":     func(n ast.Node) { c.Email = d.str(n, "email") },
					"hours":     func(n ast.Node) { c.Hours = d.str(n, "hours") },
				})
				cfg.Contact = append(cfg.Contact, c)
			})
		},
		"checks": func(n ast.Node) {
			d.mapping(n, "checks", map[string]field{
				"require_playbook": func(n ast.Node) { cfg.Checks.RequirePlaybook, _ = d.boolean(n, "require_playbook") },
				"max_reading_grade": func(n ast.Node) {
					if v, ok := d.number(n, "max_reading_grade"); ok {
						cfg.Checks.MaxReadingGrade = v
					}
				},
				"near_miss": func(n ast.Node) {
					if v, ok := d.number(n, "near_miss"); ok {
						cfg.Checks.NearMiss = v
					}
				},
			})
		},
	})
	d.require(seen, cfg.Pos, ConfigFile, "title")
	return cfg
}

// baseURL checks an absolute http(s) URL and gives it a trailing slash.
func baseURL(d *decoder, t model.Text) string {
	u, err := url.Parse(t.Value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		d.diags.Errorf(t.Pos, "bad-url", "%q is not an absolute web address: write it like https://charter.example.com/", t.Value)
		return ""
	}
	if !strings.HasSuffix(t.Value, "/") {
		return t.Value + "/"
	}
	return t.Value
}

// LoadConfig reads only charter.yaml, for callers that need the output
// folders before building.
func LoadConfig(fsys fs.FS) (model.Config, *diag.List) {
	diags := &diag.List{}
	src, err := fs.ReadFile(fsys, ConfigFile)
	if err != nil {
		diags.Errorf(diag.Pos{File: ConfigFile, Line: 1, Col: 1}, "no-config", "no %s here: run charter in a site folder, pass --source DIR, or start one with \"charter new site DIR\"", ConfigFile)
		return model.DefaultConfig(), diags
	}
	return parseConfig(src, diags), diags
}
