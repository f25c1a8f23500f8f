package bench

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charter-ssg/charter/generator/preview"
)

// BenchmarkEditToReload measures what a writer waits for in charter
// serve: from a promise file written on disk to the reload event sent to
// the browser, through the file watcher (with its 10 ms quiet window), the
// incremental rebuild and the commit. It reports the median and the 95th
// percentile.
func BenchmarkEditToReload(b *testing.B) {
	for _, n := range sizes(b) {
		dir := copyCorpus(b, n)
		b.Run(itoa(n), func(b *testing.B) {
			p := preview.New(preview.Options{Dir: dir, Build: options(dir)})
			srv := httptest.NewServer(p.Server())
			defer srv.Close()
			defer p.Server().Close()
			stop := make(chan struct{})
			defer close(stop)
			go p.Watch(stop)
			res, err := http.Get(srv.URL + "/_charter/events")
			if err != nil {
				b.Fatal(err)
			}
			defer res.Body.Close()
			events := make(chan string, 16)
			go func() {
				sc := bufio.NewScanner(res.Body)
				for sc.Scan() {
					if strings.HasPrefix(sc.Text(), "event: ") {
						events <- strings.TrimPrefix(sc.Text(), "event: ")
					}
				}
			}()
			if <-events != "hello" {
				b.Fatal("no hello")
			}
			time.Sleep(100 * time.Millisecond) // let the watcher settle
			file := filepath.Join(dir, "content/promises/promise-00007.md")
			src, _ := os.ReadFile(file)
			var lat []time.Duration
			i := 0
			for b.Loop() {
				i++
				start := time.Now()
				os.WriteFile(file, append(src, []byte("\nEdit "+itoa(i)+".\n")...), 0o644)
				select {
				case ev := <-events:
					if ev != "reload" {
						b.Fatalf("event %q", ev)
					}
				case <-time.After(10 * time.Second):
					b.Fatal("no reload event")
				}
				lat = append(lat, time.Since(start))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
