package main

import (
	"net/http/httptest"
	"strings"

	"github.com/charter-ssg/charter/generator/a11y"
	"github.com/charter-ssg/charter/generator/build"
	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/output"
	"github.com/charter-ssg/charter/generator/serve"
)

// checkInBrowser builds the site in memory, serves it on loopback as
// charter serve does, and runs the browser checks on every page.
func checkInBrowser(opts build.Options) (*diag.List, error) {
	exe, err := a11y.FindChromium()
	if err != nil {
		return nil, err
	}
	opts.Served = true
	pub, staff := output.NewMemory(), output.NewMemory()
	_, diags := build.Run(opts, build.Trees{Public: pub, Staff: staff})
	if diags.HasErrors() {
		return diags, nil
	}
	srv := serve.New(pub, staff)
	ts := httptest.NewServer(srv)
	defer ts.Close()
	defer srv.Close()
	var pages []a11y.Page
	for _, tree := range []struct {
		m      *output.Memory
		prefix string
	}{{pub, "/"}, {staff, serve.StaffPrefix}} {
		for _, p := range tree.m.Paths() {
			if strings.HasSuffix(p, ".html") {
				pages = append(pages, a11y.Page{URL: ts.URL + tree.prefix + strings.TrimSuffix(p, "index.html"),
					File: map[string]string{"/": "public/", serve.StaffPrefix: "staff/"}[tree.prefix] + p})
			}
		}
	}
	browser, err := a11y.Start(exe)
	if err != nil {
		return nil, err
	}
	defer browser.Close()
	found, err := browser.Check(pages)
	if err != nil {
		return nil, err
	}
	diags.Merge(found)
	return diags, nil
}
