// Package preview owns the authoring loop of "charter serve": it keeps
// both sites built in memory, rebuilds what an edit affects when the
// watcher reports it, commits the new output in one step, and tells the
// server to reload open pages or to show the problems. A broken edit never
// stops it: the last good build stays served until the file is fixed.
package preview

import (
	"fmt"
	"io"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/charter-ssg/charter/generator/build"
	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/output"
	"github.com/charter-ssg/charter/generator/serve"
	"github.com/charter-ssg/charter/generator/watch"
)

// Options configure a preview.
type Options struct {
	// Dir is the site folder on disk.
	Dir string
	// Build configures the builder; Build.Site must read Dir.
	Build build.Options
	// Today returns the build date; it is asked at every rebuild.
	Today func() string
	// Log receives one line per rebuild and the problems found.
	Log io.Writer
	// Poll makes the watcher poll instead of using system events.
	Poll bool
}

// Preview is a running authoring loop.
type Preview struct {
	opts    Options
	builder *build.Builder
	server  *serve.Server
	public  *output.Memory
	staff   *output.Memory
	mu      sync.Mutex // one rebuild at a time
}

// Result describes one rebuild.
type Result struct {
	Report   build.Report
	Problems []string
	Took     time.Duration
}

// New builds the site once; problems in that first build are shown in the
// browser like any later ones.
func New(opts Options) *Preview {
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	opts.Build.Served = true
	p := &Preview{opts: opts, public: output.NewMemory(), staff: output.NewMemory()}
	p.builder = build.NewBuilder(opts.Build)
	p.server = serve.New(p.public, p.staff)
	res := p.Rebuild(nil)
	if len(res.Problems) == 0 {
		fmt.Fprintf(opts.Log, "built %d public and %d staff pages in %s\n",
			res.Report.Pages["public"], res.Report.Pages["staff"], round(res.Took))
	}
	return p
}

// Server returns the HTTP handler.
func (p *Preview) Server() *serve.Server { return p.server }

// Rebuild brings the sites up to date after changes (nil: everything),
// commits the output if it is good, and tells open pages.
func (p *Preview) Rebuild(changes []watch.Change) Result {
	p.mu.Lock()
	defer p.mu.Unlock()
	start := time.Now()
	if p.opts.Today != nil {
		p.builder.SetToday(p.opts.Today())
	}
	var bc []build.Change
	cssOnly := len(changes) > 0
	for _, c := range changes {
		bc = append(bc, build.Change{Path: c.Path})
		if !(strings.HasPrefix(c.Path, "themes/") && path.Ext(c.Path) == ".css") {
			cssOnly = false
		}
	}
	pub, staff := p.public.Stage(), p.staff.Stage()
	rep, diags := p.builder.Build(build.Trees{Public: pub, Staff: staff}, bc)
	res := Result{Report: rep, Took: time.Since(start)}
	if diags.HasErrors() {
		for _, d := range diags.Items() {
			if d.Severity != diag.Error {
				continue // warnings do not stop the build, so they do not cover the page
			}
			d.Pos.File = diag.DisplayPath(p.opts.Dir, d.Pos.File)
			res.Problems = append(res.Problems, d.String())
		}
	} else {
		pub.Commit()
		staff.Commit()
	}
	p.server.Published(res.Problems, cssOnly)
	res.Took = time.Since(start)
	p.log(changes, res)
	return res
}

func (p *Preview) log(changes []watch.Change, res Result) {
	if changes == nil && len(res.Problems) == 0 {
		return
	}
	what := "start"
	if changes != nil {
		what = watch.String(changes) + " changed"
	}
	if len(res.Problems) > 0 {
		fmt.Fprintf(p.opts.Log, "%s %s: %d problem%s, still serving the last good build\n", time.Now().Format("15:04:05"), what, len(res.Problems), plural(len(res.Problems)))
		for _, pr := range res.Problems {
			fmt.Fprintf(p.opts.Log, "  %s\n", pr)
		}
		return
	}
	fmt.Fprintf(p.opts.Log, "%s %s: %d page%s re-rendered in %s\n", time.Now().Format("15:04:05"), what,
		res.Report.RenderedCount(), plural(res.Report.RenderedCount()), round(res.Took))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func round(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(100 * time.Microsecond)
}

// Watch rebuilds on every batch of changes until stop is closed.
func (p *Preview) Watch(stop <-chan struct{}) error {
	w, err := watch.New(p.opts.Dir, watch.Options{Poll: p.opts.Poll})
	if err != nil {
		return err
	}
	defer w.Close()
	for {
		select {
		case <-stop:
			return nil
		case err := <-w.Errors():
			fmt.Fprintf(p.opts.Log, "watch: %v\n", err)
		case batch := <-w.Changes():
			p.Rebuild(batch)
		}
	}
}
