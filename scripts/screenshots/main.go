// Command screenshots regenerates docs/screenshots/ from the example site
// in headless Chromium: the public home page, a promise, "how we are
// doing", a playbook, the staff coverage dashboard and the serve error
// overlay. Run it from the repository root: go run ./scripts/screenshots
package main

import (
	"context"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/charter-ssg/charter/generator/a11y"
	"github.com/charter-ssg/charter/generator/build"
	"github.com/charter-ssg/charter/generator/preview"
	"github.com/charter-ssg/charter/generator/watch"
	"github.com/charter-ssg/charter/themes"
	"github.com/chromedp/chromedp"
)

type shot struct {
	file, path string
	width      int64
}

var shots = []shot{
	{"public-home.png", "/", 1280},
	{"public-home-phone.png", "/", 375},
	{"promise.png", "/promises/car-ready-on-time/", 1280},
	{"how-we-are-doing.png", "/how-we-are-doing/", 1280},
	{"staff-playbook.png", "/_staff/playbooks/late-job-escalation/", 1280},
	{"staff-coverage.png", "/_staff/coverage/", 1280},
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run() error {
	exe, err := a11y.FindChromium()
	if err != nil {
		return err
	}
	// A copy of the example, so the overlay shot can break a file.
	dir, err := os.MkdirTemp("", "charter-shots-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := copySite(".", dir); err != nil {
		return err
	}
	p := preview.New(preview.Options{Dir: dir, Build: build.Options{Site: os.DirFS(dir), Builtin: themes.Builtin, Today: "2026-11-23"}})
	srv := httptest.NewServer(p.Server())
	defer srv.Close()
	defer p.Server().Close()

	browser, err := a11y.Start(exe)
	if err != nil {
		return err
	}
	defer browser.Close()
	ctx, cancel := context.WithTimeout(browser.Context(), 3*time.Minute)
	defer cancel()

	out := filepath.Join("docs", "screenshots")
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	take := func(s shot) error {
		emulate := chromedp.EmulateViewport(s.width, 1500)
		if s.width < 600 {
			emulate = chromedp.EmulateViewport(s.width, 1100, chromedp.EmulateMobile)
		}
		if err := chromedp.Do(ctx, emulate, chromedp.Navigate(srv.URL+s.path), chromedp.Sleep(300*time.Millisecond)); err != nil {
			return err
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			return err
		}
		fmt.Println("wrote", filepath.Join(out, s.file))
		return os.WriteFile(filepath.Join(out, s.file), png, 0o644)
	}
	for _, s := range shots {
		if err := take(s); err != nil {
			return fmt.Errorf("%s: %v", s.file, err)
		}
	}
	// The overlay: break a promise's front matter and rebuild.
	file := filepath.Join(dir, "content/promises/car-ready-on-time.md")
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	os.WriteFile(file, []byte(strings.Replace(string(src), "owner: workshop", "owner: [workshop", 1)), 0o644)
	p.Rebuild([]watch.Change{{Path: "content/promises/car-ready-on-time.md"}})
	return take(shot{"serve-error-overlay.png", "/promises/car-ready-on-time/", 1280})
}

func copySite(from, to string) error {
	return filepath.WalkDir(from, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		top := strings.Split(rel, string(filepath.Separator))[0]
		if rel != "." && top != "content" && top != "charter.yaml" {
			if e.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(to, rel)
		if e.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
