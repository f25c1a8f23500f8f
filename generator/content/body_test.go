package content

import (
	"testing"

	"github.com/charter-ssg/charter/generator/markdown"
	"github.com/charter-ssg/charter/generator/model"
)

// The public text is made on demand from the staff text and the marks of
// its staff lines; it must be exactly what the split made.
func TestBodyPublicIsTheSplitsPublicText(t *testing.T) {
	for _, body := range []string{
		"",
		"No staff blocks at all.\n",
		"Before\n::: staff\nSecret\n\nMore secret\n:::\nAfter\n",
		"Before\r\n::: staff\r\nSecret\r\n:::\r\nAfter",
		"::: staff\nAt the start\n:::",
		"::: staff\nNever closed\n",
		":::: staff\n```\n::: not a fence in code\n```\n::::\n",
		"::: notes\nAn unknown container is staff-only\n:::\nPublic\n",
		"Text\n::: staff\n\r\n   indented\n:::\n\n::: staff\nTwo blocks\n:::\nEnd without newline",
	} {
		split, _ := markdown.SplitAudiences(body)
		b := model.Body{Staff: split.Staff, StaffLines: split.StaffLines, HasStaff: split.HasStaff}
		if got := b.Public(); got != split.Public {
			t.Errorf("body %q: Public() = %q, want %q", body, got, split.Public)
		}
	}
}
