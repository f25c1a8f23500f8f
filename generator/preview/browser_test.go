package preview

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charter-ssg/charter/generator/a11y"
	"github.com/chromedp/chromedp"
)

// browser starts headless chromium, or skips (in -short, or without a
// browser) — except in CI, where CHARTER_REQUIRE_BROWSER makes a missing
// browser a failure.
func browser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests do not run with -short")
	}
	exe, err := a11y.FindChromium()
	if err != nil {
		if os.Getenv("CHARTER_REQUIRE_BROWSER") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	b, err := a11y.Start(exe)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	ctx, cancel := context.WithTimeout(b.Context(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// waitText polls the page's text until it satisfies ok.
func waitText(t *testing.T, ctx context.Context, what string, ok func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var text string
	for time.Now().Before(deadline) {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
		text = got
		if err == nil && ok(text) {
			return text
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s; page text:\n%s", what, text)
	return ""
}

func TestBrowserReloadsAfterEditsAndShowsOverlay(t *testing.T) {
	dir := copySmallSite(t)
	p := newPreview(t, dir)
	srv := httptest.NewServer(p.Server())
	t.Cleanup(srv.Close)
	t.Cleanup(p.Server().Close)
	ctx := browser(t)
	stop := make(chan struct{})
	defer close(stop)
	go p.Watch(stop)
	time.Sleep(100 * time.Millisecond)

	if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/promises/fresh-bread/")); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, "the promise page", func(s string) bool { return strings.Contains(s, "We start at 4 am.") })
	// Mark the page so we can tell a reload from a stale page.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.charterMark = 1`)); err != nil {
		t.Fatal(err)
	}

	file := filepath.Join(dir, "content/promises/fresh-bread.md")
	src, _ := os.ReadFile(file)
	edited := strings.Replace(string(src), "We start at 4 am.", "We start at 3 am sharp.", 1)
	os.WriteFile(file, []byte(edited), 0o644)
	waitText(t, ctx, "the edited text after a reload", func(s string) bool { return strings.Contains(s, "We start at 3 am sharp.") })
	mark, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.charterMark === 1`))
	if mark {
		t.Fatal("the new text appeared without a page reload")
	}

	broken := strings.Replace(edited, "title: Bread baked today", "title: [Bread baked today", 1)
	os.WriteFile(file, []byte(broken), 0o644)
	wantPos := filepath.ToSlash(file) + ":2:8"
	text := waitText(t, ctx, "the error overlay", func(s string) bool { return strings.Contains(s, wantPos) })
	if !strings.Contains(text, "We start at 3 am sharp.") {
		t.Errorf("the overlay hid the last good build:\n%s", text)
	}

	os.WriteFile(file, []byte(edited), 0o644)
	waitText(t, ctx, "the overlay to clear", func(s string) bool {
		return !strings.Contains(s, "problem") && strings.Contains(s, "We start at 3 am sharp.")
	})
	overlays, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#charter-overlay").length`))
	if overlays != 0 {
		t.Fatal("the overlay is still on the page after the fix")
	}
}
