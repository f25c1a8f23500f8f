package bench

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/charter-ssg/charter/bench/corpus"
	"github.com/charter-ssg/charter/generator/build"
	"github.com/charter-ssg/charter/generator/content"
	"github.com/charter-ssg/charter/generator/output"
	"github.com/charter-ssg/charter/themes"
)

var corpora sync.Map // size -> dir

// site writes (once per run) a corpus of n promises and returns its folder.
func site(b *testing.B, n int) string {
	b.Helper()
	if dir, ok := corpora.Load(n); ok {
		return dir.(string)
	}
	dir, err := os.MkdirTemp("", "charter-bench-")
	if err != nil {
		b.Fatal(err)
	}
	if err := corpus.Write(dir, n); err != nil {
		b.Fatal(err)
	}
	corpora.Store(n, dir)
	return dir
}

func options(dir string) build.Options {
	return build.Options{Site: os.DirFS(dir), Builtin: themes.Builtin, Today: "2026-11-23"}
}

func sizes(b *testing.B) []int {
	if testing.Short() {
		return []int{100}
	}
	return []int{1000, 10000}
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range sizes(b) {
		dir := site(b, n)
		b.Run(itoa(n), func(b *testing.B) {
			for b.Loop() {
				s, diags := content.Load(os.DirFS(dir))
				diags.Merge(s.Validate("2026-11-23"))
				if diags.HasErrors() {
					b.Fatal(diags)
				}
			}
		})
	}
}

// BenchmarkBuild is a cold build of both sites into memory-less trees.
func BenchmarkBuild(b *testing.B) {
	for _, n := range sizes(b) {
		dir := site(b, n)
		b.Run(itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, diags := build.Run(options(dir), build.Trees{}); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n)/1e3, "µs/promise")
		})
	}
}

// BenchmarkBuildToDisk is a cold build written to disk, as charter build does.
func BenchmarkBuildToDisk(b *testing.B) {
	for _, n := range sizes(b) {
		dir := site(b, n)
		out := b.TempDir()
		b.Run(itoa(n), func(b *testing.B) {
			for b.Loop() {
				pub, _ := output.NewDisk(filepath.Join(out, "public"))
				staff, _ := output.NewDisk(filepath.Join(out, "staff"))
				if _, diags := build.Run(options(dir), build.Trees{Public: pub, Staff: staff}); diags.HasErrors() {
					b.Fatal(diags)
				}
				pub.Commit()
				staff.Commit()
			}
		})
	}
}

func itoa(n int) string {
	s := ""
	for n > 0 || s == "" {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}

// BenchmarkRebuildBodyEdit edits one promise's body and rebuilds both sites
// incrementally, as charter serve does.
func BenchmarkRebuildBodyEdit(b *testing.B) {
	for _, n := range sizes(b) {
		dir := copyCorpus(b, n)
		b.Run(itoa(n), func(b *testing.B) {
			builder := build.NewBuilder(options(dir))
			pub, staff := output.NewMemory(), output.NewMemory()
			if _, diags := builder.Build(build.Trees{Public: pub, Staff: staff}, nil); diags.HasErrors() {
				b.Fatal(diags)
			}
			file := filepath.Join(dir, "content/promises/promise-00007.md")
			src, _ := os.ReadFile(file)
			i := 0
			for b.Loop() {
				i++
				os.WriteFile(file, append(src, []byte("\nEdit "+itoa(i)+".\n")...), 0o644)
				ps, ss := pub.Stage(), staff.Stage()
				rep, diags := builder.Build(build.Trees{Public: ps, Staff: ss}, []build.Change{{Path: "content/promises/promise-00007.md"}})
				if diags.HasErrors() || rep.RenderedCount() != 2 {
					b.Fatalf("rendered %d pages: %v", rep.RenderedCount(), diags)
				}
				ps.Commit()
				ss.Commit()
			}
		})
	}
}

// copyCorpus writes a private corpus that a benchmark may edit.
func copyCorpus(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	if err := corpus.Write(dir, n); err != nil {
		b.Fatal(err)
	}
	return dir
}
