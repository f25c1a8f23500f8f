// Command floor measures what any generator must pay on this machine, as
// a peer for bench/compare.sh:
//
//	floor render SRC DST   the bare program of issue 6: for every promise in
//	                       SRC/content/promises, parse its front matter,
//	                       render its markdown with goldmark and execute one
//	                       html/template, on every core; one site, no lists.
//	floor write TREE DST   read every file under TREE into memory, then only
//	                       write them all under DST on every core; prints the
//	                       time the writing alone took.
//
// Neither is a generator: they bound from below what a build of the same
// content, or of the same output, can cost.
package main

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func main() {
	if len(os.Args) != 4 || (os.Args[1] != "render" && os.Args[1] != "write") {
		fmt.Fprintln(os.Stderr, "usage: floor render SRC DST | floor write TREE DST")
		os.Exit(2)
	}
	var err error
	if os.Args[1] == "render" {
		err = render(os.Args[2], os.Args[3])
	} else {
		err = write(os.Args[2], os.Args[3])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

// page is the one template: what bench/hugo's single layout shows.
var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title></head><body><main>
<h1>{{.Title}}</h1>
<p>{{.Summary}}</p>
<p>Owner: {{.Owner}}</p>
{{with .Standards}}<table>
<caption>Standards</caption>
<thead><tr><th>Measure</th><th>Target</th><th>Unit</th><th>Period</th><th>Remedy</th></tr></thead>
<tbody>
{{range .}}<tr><td>{{.Measure}}</td><td>{{.Target}}</td><td>{{.Unit}}</td><td>{{.Period}}</td><td>{{.Remedy}}</td></tr>
{{end}}</tbody>
</table>{{end}}
{{.Body}}
</main></body></html>
`))

type frontMatter struct {
	Title     string `yaml:"title"`
	Summary   string `yaml:"summary"`
	Owner     string `yaml:"owner"`
	Standards []struct {
		Measure string  `yaml:"measure"`
		Target  float64 `yaml:"target"`
		Unit    string  `yaml:"unit"`
		Period  string  `yaml:"period"`
		Remedy  string  `yaml:"remedy"`
	} `yaml:"standards"`
	Body template.HTML `yaml:"-"`
}

func render(src, dst string) error {
	dir := filepath.Join(src, "content", "promises")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") && e.Name() != "_index.md" {
			names = append(names, e.Name())
		}
	}
	md := goldmark.New(goldmark.WithExtensions(extension.Table))
	return onCores(len(names), func(i int, buf *bytes.Buffer) error {
		name := names[i]
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		head, body, ok := splitFrontMatter(b)
		if !ok {
			return fmt.Errorf("%s: no front matter", name)
		}
		var fm frontMatter
		if err := yaml.Unmarshal(head, &fm); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		buf.Reset()
		if err := md.Convert(body, buf); err != nil {
			return err
		}
		fm.Body = template.HTML(buf.String())
		buf.Reset()
		if err := page.Execute(buf, fm); err != nil {
			return err
		}
		out := filepath.Join(dst, "promises", strings.TrimSuffix(name, ".md"))
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(out, "index.html"), buf.Bytes(), 0o644)
	})
}

// splitFrontMatter cuts "---\n...\n---\n" off the start of a file.
func splitFrontMatter(b []byte) (head, body []byte, ok bool) {
	rest, ok := bytes.CutPrefix(b, []byte("---\n"))
	if !ok {
		return nil, nil, false
	}
	end := bytes.Index(rest, []byte("\n---\n"))
	if end < 0 {
		return nil, nil, false
	}
	return rest[:end+1], rest[end+5:], true
}

func write(tree, dst string) error {
	type file struct {
		rel  string
		data []byte
	}
	var files []file
	err := filepath.WalkDir(tree, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(tree, p)
		files = append(files, file{rel, data})
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(files, func(a, b int) bool { return files[a].rel < files[b].rel })
	userBefore, sysBefore, err := cpuTimes()
	if err != nil {
		return err
	}
	start := time.Now()
	err = onCores(len(files), func(i int, _ *bytes.Buffer) error {
		p := filepath.Join(dst, files[i].rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		return os.WriteFile(p, files[i].data, 0o644)
	})
	if err != nil {
		return err
	}
	wall := time.Since(start)
	userAfter, sysAfter, err := cpuTimes()
	if err != nil {
		return err
	}
	size := 0
	for _, f := range files {
		size += len(f.data)
	}
	fmt.Printf("wrote %d files, %d MB: %.2f s wall, %.2f s user, %.2f s sys\n", len(files), size>>20,
		wall.Seconds(), userAfter-userBefore, sysAfter-sysBefore)
	return nil
}

// onCores runs do(0..n-1) on one goroutine per core; the first error wins.
func onCores(n int, do func(i int, buf *bytes.Buffer) error) error {
	var (
		next  int
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	for range runtime.NumCPU() {
		wg.Go(func() {
			var buf bytes.Buffer
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				if err := do(i, &buf); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return first
}
