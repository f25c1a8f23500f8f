// Package a11y owns the browser checks: it opens every page of a served
// site in headless Chromium and runs axe-core (vendored here, MPL-2.0,
// see AXE-LICENSE) with the WCAG 2.0, 2.1 and 2.2 A/AA tags and best
// practice, then checks the layout at phone and desktop widths and in
// print, and the keyboard path (the skip link is the first focus and lands
// on the main content; every focused control shows its focus). Findings
// come back as diagnostics against the page's output path.
package a11y

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"

	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/output"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

//go:embed axe.min.js
var axeSource string

// Tags are the axe-core rule sets we hold every page to. axe runs its WCAG
// 2.2 rule target-size only when wcag22aa is asked for.
var Tags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"}

// Widths are the viewport widths every page is checked at.
var Widths = []int64{375, 1280}

// ErrNoBrowser means no Chromium was found.
var ErrNoBrowser = errors.New("no Chromium found: install it (Debian and Ubuntu: apt-get install chromium) or set CHARTER_CHROMIUM to its path")

// FindChromium returns the browser to drive.
func FindChromium() (string, error) {
	if p := os.Getenv("CHARTER_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

// Browser is a running headless Chromium.
type Browser struct {
	ctx    context.Context
	cancel func()
}

// Start launches Chromium with the flags a locked-down machine needs.
func Start(exe string) (*Browser, error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", false),
	)
	dir, err := os.MkdirTemp("", "charter-chromium-")
	if err != nil {
		return nil, err
	}
	opts = append(opts, chromedp.UserDataDir(dir))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	if _, err := chromedp.Run(ctx, chromedp.Navigate("about:blank")); err != nil {
		cancelCtx()
		cancelAlloc()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("cannot start %s: %v", exe, err)
	}
	return &Browser{ctx: ctx, cancel: func() { cancelCtx(); cancelAlloc(); os.RemoveAll(dir) }}, nil
}

// Context is the browser's tab, for callers that drive it themselves
// (the serve test, the screenshots script).
func (b *Browser) Context() context.Context { return b.ctx }

// Close stops the browser.
func (b *Browser) Close() { b.cancel() }

// Page is one page to check: where it is served and the file it came from.
type Page struct {
	URL  string
	File string
}

// Pages lists every HTML page of two in-memory sites served at base, as
// charter serve serves them (public at /, staff at /_staff/).
func Pages(base string, public, staff *output.Memory) []Page {
	var pages []Page
	for _, tree := range []struct {
		m            *output.Memory
		prefix, name string
	}{{public, "/", "public/"}, {staff, "/_staff/", "staff/"}} {
		for _, p := range tree.m.Paths() {
			if strings.HasSuffix(p, ".html") {
				pages = append(pages, Page{URL: base + tree.prefix + strings.TrimSuffix(p, "index.html"), File: tree.name + p})
			}
		}
	}
	return pages
}

type violation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// Check runs every check on every page and reports what fails.
func (b *Browser) Check(pages []Page) (*diag.List, error) {
	diags := &diag.List{}
	tags, _ := json.Marshal(Tags)
	for _, p := range pages {
		ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
		err := b.checkPage(ctx, p, string(tags), diags)
		cancel()
		if err != nil {
			return diags, fmt.Errorf("%s: %v", p.URL, err)
		}
	}
	return diags, nil
}

func (b *Browser) checkPage(ctx context.Context, p Page, tags string, diags *diag.List) error {
	pos := diag.Pos{File: p.File, Line: 1, Col: 1}
	if err := chromedp.Do(ctx, viewport(1280), media(""), chromedp.Navigate(p.URL)); err != nil {
		return err
	}
	// axe-core, with every rule of our tags.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](axeSource)); err != nil {
		return fmt.Errorf("loading axe-core: %v", err)
	}
	script := fmt.Sprintf(`axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`, tags)
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](script, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("running axe-core: %v", err)
	}
	var violations []violation
	if err := json.Unmarshal([]byte(raw), &violations); err != nil {
		return err
	}
	for _, v := range violations {
		var targets []string
		for _, n := range v.Nodes {
			targets = append(targets, fmt.Sprint(n.Target...))
		}
		sort.Strings(targets)
		diags.Errorf(pos, "a11y-"+v.ID, "%s (%s)", v.Help, strings.Join(targets, ", "))
	}
	// No sideways scrolling at a phone's width or a desktop's, or in print.
	for _, w := range Widths {
		if err := b.noOverflow(ctx, w, "", pos, diags); err != nil {
			return err
		}
	}
	if err := b.noOverflow(ctx, 1280, "print", pos, diags); err != nil {
		return err
	}
	return b.keyboard(ctx, pos, diags)
}

func (b *Browser) noOverflow(ctx context.Context, width int64, kind string, pos diag.Pos, diags *diag.List) error {
	if err := chromedp.Do(ctx, viewport(width), media(kind)); err != nil {
		return err
	}
	over, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)`))
	if err != nil {
		return err
	}
	if over > 1 {
		where := fmt.Sprintf("at %d px", width)
		if kind != "" {
			where = "in " + kind
		}
		diags.Errorf(pos, "layout-overflow", "the page scrolls sideways %s (%d px too wide)", where, over)
	}
	if kind == "print" {
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const n = document.querySelector(".site-nav"); return !!n && getComputedStyle(n).display !== "none"; })()`))
		if err != nil {
			return err
		}
		if shown {
			diags.Errorf(pos, "print", "the navigation is printed: hide it in the print stylesheet")
		}
	}
	return chromedp.Do(ctx, media(""), viewport(1280))
}

// keyboard presses Tab from the top: the skip link must come first, Enter
// on it must move focus to the main content, and every control reached
// must show that it has focus.
func (b *Browser) keyboard(ctx context.Context, pos diag.Pos, diags *diag.List) error {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.activeElement && document.activeElement.blur(), window.scrollTo(0, 0), true)`)); err != nil {
		return err
	}
	tab := func() error { return chromedp.Do(ctx, chromedp.KeyEvent("\t")) }
	if err := tab(); err != nil {
		return err
	}
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.className + "|" + document.activeElement.getAttribute("href")`))
	if err != nil {
		return err
	}
	if first != "skip-link|#main" {
		diags.Errorf(pos, "keyboard", "the first Tab reaches %q, not the skip link to #main", first)
		return nil
	}
	if err := b.focusVisible(ctx, pos, diags); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		return err
	}
	landed, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id || document.activeElement.tagName`))
	if err != nil {
		return err
	}
	if landed != "main" {
		diags.Errorf(pos, "keyboard", "the skip link moves focus to %q, not to the main content", landed)
	}
	// Walk on through the page's controls.
	for i := 0; i < 12; i++ {
		if err := tab(); err != nil {
			return err
		}
		if err := b.focusVisible(ctx, pos, diags); err != nil {
			return err
		}
	}
	return nil
}

// focusVisible compares the focused element's look with and without
// focus: an outline, a box shadow, a background or a border must change.
func (b *Browser) focusVisible(ctx context.Context, pos diag.Pos, diags *diag.List) error {
	const script = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const pick = s => [s.outlineStyle + s.outlineWidth + s.outlineColor, s.boxShadow, s.backgroundColor, s.borderColor, s.textDecorationLine + s.textDecorationThickness, s.color].join("|");
  const focused = pick(getComputedStyle(el));
  if (!el.matches(":focus-visible")) return "";
  const clone = el.cloneNode(true);
  clone.removeAttribute("id");
  el.parentNode.insertBefore(clone, el.nextSibling);
  const plain = pick(getComputedStyle(clone));
  clone.remove();
  return focused === plain ? (el.outerHTML.slice(0, 80)) : "";
})()`
	invisible, err := chromedp.Run(ctx, chromedp.Evaluate[string](script))
	if err != nil {
		return err
	}
	if invisible != "" {
		diags.Errorf(pos, "focus-visible", "focus is not visible on %s", invisible)
	}
	return nil
}

// media emulates a CSS media type ("print"), or none for "".
func media(kind string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: kind})
		return err
	})
}

// viewport sets the window width, as a phone when narrow.
func viewport(width int64) chromedp.Action[chromedp.Void] {
	if width < 600 {
		return chromedp.EmulateViewport(width, 800, chromedp.EmulateMobile, chromedp.EmulateScale(2))
	}
	return chromedp.EmulateViewport(width, 900)
}
