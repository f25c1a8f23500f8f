package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/charter-ssg/charter/generator/build"
	"github.com/charter-ssg/charter/generator/content"
	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/output"
	"github.com/charter-ssg/charter/themes"
	"github.com/spf13/pflag"
)

const buildUsage = `charter build [--source DIR] [--public DIR] [--staff DIR] [--date YYYY-MM-DD] [--strict] [--quiet]

  --source DIR   the site folder (default: the current folder)
  --public DIR   where to write the public site (default: output.public in charter.yaml, "public")
  --staff DIR    where to write the staff site (default: output.staff in charter.yaml, "staff")
  --date DATE    today's date for overdue reviews (default: $SOURCE_DATE_EPOCH, else today)
  --strict       treat warnings as errors
  --quiet        print nothing but problems`

const checkUsage = `charter check [--source DIR] [--format text|json] [--strict] [--date YYYY-MM-DD] [--a11y]

  --source DIR     the site folder (default: the current folder)
  --format FORMAT  text (default) or json: a list of {file, line, col, severity, code, message}
  --strict         treat warnings as errors
  --date DATE      today's date for overdue reviews
  --a11y           also open every page in headless Chromium and check it: axe-core
                   (WCAG 2.0, 2.1, 2.2 A/AA and best practice), layout at 375 and 1280 px
                   and in print, and the keyboard path (needs chromium installed)`

// siteFlags are the flags build and check share.
type siteFlags struct {
	source string
	date   string
	strict bool
}

func (f *siteFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.source, "source", ".", "the site folder")
	fs.StringVar(&f.date, "date", "", "today's date, YYYY-MM-DD")
	fs.BoolVar(&f.strict, "strict", false, "treat warnings as errors")
}

// today picks the build date: --date, else SOURCE_DATE_EPOCH, else the clock.
func (f *siteFlags) today(env *environment) (string, error) {
	if f.date != "" {
		if _, err := time.Parse("2006-01-02", f.date); err != nil {
			return "", fmt.Errorf("--date %q is not a date written YYYY-MM-DD", f.date)
		}
		return f.date, nil
	}
	if s := env.getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return "", fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", s)
		}
		return time.Unix(n, 0).UTC().Format("2006-01-02"), nil
	}
	return time.Now().Format("2006-01-02"), nil
}

// parse reads the command line and returns the build options, or reports
// the usage error and returns false.
func (f *siteFlags) parse(fs *pflag.FlagSet, args []string, usage string, env *environment) (build.Options, bool) {
	if !parseFlags(fs, args, usage, env) {
		return build.Options{}, false
	}
	opts, err := f.options(env)
	if err != nil {
		fmt.Fprintf(env.stderr, "charter: %v\n", err)
		return build.Options{}, false
	}
	return opts, true
}

func (f *siteFlags) options(env *environment) (build.Options, error) {
	today, err := f.today(env)
	if err != nil {
		return build.Options{}, err
	}
	info, err := os.Stat(f.source)
	if err != nil || !info.IsDir() {
		return build.Options{}, fmt.Errorf("--source %q is not a folder", f.source)
	}
	return build.Options{Site: os.DirFS(f.source), Builtin: themes.Builtin, Today: today, Strict: f.strict}, nil
}

func parseFlags(fs *pflag.FlagSet, args []string, usage string, env *environment) bool {
	fs.SetOutput(env.stderr)
	fs.Usage = func() { fmt.Fprintf(env.stderr, "Usage:\n  %s\n", usage) }
	if err := fs.Parse(args); err != nil {
		return false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.stderr, "charter: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return false
	}
	return true
}

func runBuild(args []string, env *environment) int {
	var sf siteFlags
	var publicDir, staffDir string
	var quiet bool
	var cpuProfile string
	fs := pflag.NewFlagSet("build", pflag.ContinueOnError)
	sf.register(fs)
	fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile (go tool pprof) to this file")
	_ = fs.MarkHidden("cpuprofile")
	var memProfile string
	fs.StringVar(&memProfile, "memprofile", "", "write a heap profile (go tool pprof) taken when the live heap peaks to this file")
	_ = fs.MarkHidden("memprofile")
	fs.StringVar(&publicDir, "public", "", "public site folder")
	fs.StringVar(&staffDir, "staff", "", "staff site folder")
	fs.BoolVarP(&quiet, "quiet", "q", false, "print nothing but problems")
	opts, ok := sf.parse(fs, args, buildUsage, env)
	if !ok {
		return exitUsage
	}
	start := time.Now()
	if cpuProfile != "" {
		stop, err := startCPUProfile(cpuProfile)
		if err != nil {
			fmt.Fprintf(env.stderr, "charter: %v\n", err)
			return exitUsage
		}
		defer stop()
	}
	if memProfile != "" {
		defer startHeapProfile(memProfile)()
	}
	defer limitMemory(env.getenv)()
	cfg, cfgDiags := content.LoadConfig(opts.Site)
	if cfgDiags.HasErrors() {
		printDiags(env, cfgDiags, sf.source)
		return exitContent
	}
	if publicDir == "" {
		publicDir = filepath.Join(sf.source, cfg.PublicDir)
	}
	if staffDir == "" {
		staffDir = filepath.Join(sf.source, cfg.StaffDir)
	}
	for _, dir := range []string{publicDir, staffDir} {
		if err := safeOutput(sf.source, dir); err != nil {
			fmt.Fprintf(env.stderr, "charter: %v\n", err)
			return exitUsage
		}
	}
	if same(publicDir, staffDir) {
		fmt.Fprintf(env.stderr, "charter: the public and staff sites cannot share the folder %s\n", publicDir)
		return exitUsage
	}
	pub, err := output.NewDisk(publicDir)
	if err != nil {
		fmt.Fprintf(env.stderr, "charter: %v\n", err)
		return exitContent
	}
	staff, err := output.NewDisk(staffDir)
	if err != nil {
		pub.Abort()
		fmt.Fprintf(env.stderr, "charter: %v\n", err)
		return exitContent
	}
	stats, diags := build.Run(opts, build.Trees{Public: pub, Staff: staff})
	printDiags(env, diags, sf.source)
	if diags.HasErrors() {
		pub.Abort()
		staff.Abort()
		fmt.Fprintln(env.stderr, "charter: build failed; the previous output is unchanged")
		return exitContent
	}
	if err := staff.Commit(); err != nil {
		pub.Abort()
		fmt.Fprintf(env.stderr, "charter: %v\n", err)
		return exitContent
	}
	if err := pub.Commit(); err != nil {
		fmt.Fprintf(env.stderr, "charter: %v\n", err)
		return exitContent
	}
	if !quiet && stats.TemplateFallbacks > 0 {
		fmt.Fprintf(env.stderr, "note: %d of %d pages were rendered by html/template alone, which is slower: a template puts a value where charter's template engine leaves it to html/template, such as inside CSS or a JavaScript string (see docs/templates.md, \"How templates run\")\n",
			stats.TemplateFallbacks, stats.RenderedCount())
	}
	if !quiet && env.isTerminal {
		fmt.Fprintf(env.stderr, "built %d public pages into %s and %d staff pages into %s in %s\n",
			stats.Pages["public"], publicDir, stats.Pages["staff"], staffDir, time.Since(start).Round(time.Millisecond))
	}
	return exitOK
}

// startCPUProfile profiles the build into file, for reports of slow builds.
func startCPUProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// startHeapProfile writes a heap profile to file each time the heap that
// survived the last collection has grown by a twentieth, so the file ends
// up describing the build's largest live heap. stop ends the watch.
func startHeapProfile(file string) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var peak uint64
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if live := sample[0].Value.Uint64(); live > peak+peak/20 {
				peak = live
				if f, err := os.Create(file); err == nil {
					pprof.Lookup("heap").WriteTo(f, 0)
					f.Close()
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}

// safeOutput refuses output folders that would overwrite the source.
func safeOutput(source, dir string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	out, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	contentDir := filepath.Join(src, content.Dir)
	switch {
	case out == src:
		return fmt.Errorf("refusing to write the site into its own source folder %s: choose another output folder", dir)
	case out == contentDir || strings.HasPrefix(out, contentDir+string(filepath.Separator)):
		return fmt.Errorf("refusing to write into the content folder (%s): choose an output folder outside content/", dir)
	case strings.HasPrefix(src+string(filepath.Separator), out+string(filepath.Separator)):
		return fmt.Errorf("refusing to write into %s: it contains the site's source", dir)
	}
	if _, err := os.Stat(filepath.Join(out, content.Dir)); err == nil {
		return fmt.Errorf("refusing to replace %s: it contains a content/ folder, so it looks like a site's source", dir)
	}
	return nil
}

func same(a, b string) bool {
	x, _ := filepath.Abs(a)
	y, _ := filepath.Abs(b)
	return x == y
}

func runCheck(args []string, env *environment) int {
	var sf siteFlags
	var format string
	var browserChecks bool
	fs := pflag.NewFlagSet("check", pflag.ContinueOnError)
	sf.register(fs)
	fs.StringVar(&format, "format", "text", "text or json")
	fs.BoolVar(&browserChecks, "a11y", false, "check every page in headless Chromium")
	opts, ok := sf.parse(fs, args, checkUsage, env)
	if !ok {
		return exitUsage
	}
	if format != "text" && format != "json" {
		fmt.Fprintf(env.stderr, "charter: --format must be text or json, not %q\n", format)
		return exitUsage
	}
	var diags *diag.List
	if browserChecks {
		var err error
		if diags, err = checkInBrowser(opts); err != nil {
			fmt.Fprintf(env.stderr, "charter: %v\n", err)
			return exitUsage
		}
	} else {
		_, diags = build.Run(opts, build.Trees{})
	}
	if format == "json" {
		type entry struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"`
			Code     string `json:"code"`
			Message  string `json:"message"`
		}
		list := []entry{}
		for _, d := range diags.Items() {
			list = append(list, entry{diag.DisplayPath(sf.source, d.Pos.File), d.Pos.Line, d.Pos.Col, d.Severity.String(), d.Code, d.Message})
		}
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(list)
	} else {
		printDiags(env, diags, sf.source)
	}
	if diags.HasErrors() {
		return exitContent
	}
	return exitOK
}

// printDiags writes diagnostics to stderr, coloured on a terminal unless
// NO_COLOR is set.
func printDiags(env *environment, diags *diag.List, source string) {
	color := env.isTerminal && env.getenv("NO_COLOR") == ""
	for _, d := range diags.Items() {
		d.Pos.File = diag.DisplayPath(source, d.Pos.File)
		line := d.String()
		if color {
			sev := "\x1b[1;31merror\x1b[0m"
			if d.Severity == diag.Warning {
				sev = "\x1b[1;33mwarning\x1b[0m"
			}
			line = strings.Replace(line, ": "+d.Severity.String()+"[", ": "+sev+"[", 1)
		}
		fmt.Fprintln(env.stderr, line)
	}
}
