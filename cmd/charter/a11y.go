package main

import (
	"net/http/httptest"

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
	pages := a11y.Pages(ts.URL, pub, staff)
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
