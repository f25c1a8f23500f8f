package content

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/charter-ssg/charter/generator/markdown"
	"github.com/charter-ssg/charter/generator/model"
)

// The public text is made on demand from the staff text and the marks of
// its staff lines: it must keep every line, empty exactly the marked ones
// (their line endings kept), and hold none of the staff-only words.
func TestBodyPublicBlanksExactlyTheStaffLines(t *testing.T) {
	for _, body := range []string{
		"",
		"No staff blocks at all.\n",
		"Before\n::: staff\nSecret\n\nMore secret\n:::\nAfter\n",
		"Before\r\n::: staff\r\nSecret\r\n:::\r\nAfter",
		"::: staff\nAt the start secret\n:::",
		"::: staff\nNever closed secret\n",
		":::: staff\n```\n::: not a fence in code secret\n```\n::::\n",
		"::: notes\nAn unknown container is staff-only, secret\n:::\nPublic\n",
		"Text\n::: staff\n\r\n   indented secret\n:::\n\n::: staff\nTwo blocks secret\n:::\nEnd without newline",
	} {
		split, _ := markdown.SplitAudiences(body)
		b := model.Body{Staff: split.Staff, StaffLines: split.StaffLines, HasStaff: split.HasStaff}
		public := b.Public()
		if strings.Contains(strings.ToLower(public), "secret") {
			t.Errorf("body %q: public text %q holds staff-only words", body, public)
		}
		staffLines, publicLines := strings.SplitAfter(b.Staff, "\n"), strings.SplitAfter(public, "\n")
		if len(staffLines) != len(publicLines) {
			t.Fatalf("body %q: %d public lines for %d staff lines", body, len(publicLines), len(staffLines))
		}
		for i, line := range staffLines {
			want := line
			if i+1 < len(b.StaffLines) && b.StaffLines[i+1] {
				switch {
				case strings.HasSuffix(line, "\r\n"):
					want = "\r\n"
				case strings.HasSuffix(line, "\n"):
					want = "\n"
				default:
					want = ""
				}
			}
			if publicLines[i] != want {
				t.Errorf("body %q, line %d: public %q, want %q", body, i+1, publicLines[i], want)
			}
		}
	}
}

// ReadBody must give back exactly the body Load split, however the file
// is written, and refuse a file that changed.
func TestReadBodyIsTheLoadedBody(t *testing.T) {
	front := "---\ntitle: Cars\nsummary: Ready\n---\n"
	bodies := []string{
		"",
		"Plain.\n",
		"Before\n::: staff\nSecret\n:::\nAfter\n",
		"Before\r\n::: staff\r\nSecret\r\n:::\r\nAfter",
		"::: staff\nNever closed\n",
	}
	for i, body := range bodies {
		for _, bom := range []string{"", "\xef\xbb\xbf"} {
			file := fmt.Sprintf("content/pages/p%d.md", i)
			fsys := site(map[string]string{file: bom + front + body})
			s, _ := Load(fsys)
			var doc *model.Doc
			for _, p := range s.Pages {
				if p.File == file {
					doc = &p.Doc
				}
			}
			if doc == nil {
				t.Fatalf("%q did not load", body)
			}
			got, err := ReadBody(fsys, doc)
			if err != nil || !reflect.DeepEqual(got, doc.Body) {
				t.Errorf("body %q (BOM %t): ReadBody = %#v, %v; Load gave %#v", body, bom != "", got, err, doc.Body)
			}
			fsys[file] = &fstest.MapFile{Data: []byte(bom + front + body + "Added.\n")}
			if _, err := ReadBody(fsys, doc); !errors.Is(err, ErrChanged) {
				t.Errorf("body %q: ReadBody of a changed file = %v, want ErrChanged", body, err)
			}
			delete(fsys, file)
			if _, err := ReadBody(fsys, doc); err == nil {
				t.Errorf("body %q: ReadBody of a deleted file gave no error", body)
			}
		}
	}
}
