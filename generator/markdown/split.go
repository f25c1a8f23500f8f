package markdown

import (
	"fmt"
	"strings"
)

// Split is a markdown body separated by audience before any parsing, so the
// public rendering never sees staff-only source at all.
type Split struct {
	// Public is the body with every `::: staff` block blanked out.
	Public string
	// Staff is the body with only the fence lines blanked.
	Staff string
	// StaffLines marks the lines (from 1) inside staff blocks: the lines
	// Public blanks and Staff keeps. Nil when the body has none.
	StaffLines []bool
	// HasStaff reports whether the body has at least one staff block.
	HasStaff bool
}

// Problem is a mistake in a body's block structure; Line and Col are
// relative to the body (line 1 is its first line).
type Problem struct {
	Line, Col int
	Code      string
	Message   string
	// Warning marks a problem that does not fail the build.
	Warning bool
}

// SplitAudiences finds `::: staff` … `:::` containers: a fence line is
// ":::" (three or more colons) at block level, optionally indented up to
// three spaces, outside fenced code. Blanked lines stay as empty lines so
// positions in either rendering match the source file.
func SplitAudiences(body string) (Split, []Problem) {
	var problems []Problem
	lines := strings.SplitAfter(body, "\n")
	public := make([]string, len(lines))
	staff := make([]string, len(lines))
	var codeFence string // the fence that opened the current code block
	openAt := 0          // line of the open staff block, 0 when none
	hasStaff := false
	for i, line := range lines {
		num := i + 1
		public[i], staff[i] = line, line
		content := strings.TrimRight(line, "\r\n")
		trimmed, indent := trimIndent(content)
		if codeFence != "" {
			if closesFence(trimmed, codeFence) && indent < 4 {
				codeFence = ""
			}
			if openAt != 0 {
				public[i] = blank(line)
			}
			continue
		}
		if indent < 4 {
			if f := opensFence(trimmed); f != "" {
				codeFence = f
				if openAt != 0 {
					public[i] = blank(line)
				}
				continue
			}
		}
		if indent < 4 && strings.HasPrefix(trimmed, ":::") {
			name := strings.TrimSpace(strings.TrimLeft(trimmed, ":"))
			switch {
			case name == "" && openAt != 0:
				openAt = 0
				public[i], staff[i] = blank(line), blank(line)
				continue
			case name == "":
				problems = append(problems, Problem{Line: num, Col: indent + 1, Code: "staff-block", Message: "\":::\" closes nothing: open a staff block with \"::: staff\" first, or remove this line"})
				public[i], staff[i] = blank(line), blank(line)
				continue
			case name == "staff" && openAt != 0:
				problems = append(problems, Problem{Line: num, Col: indent + 1, Code: "staff-block", Message: fmt.Sprintf("staff blocks cannot be nested: close the block opened on body line %d with \":::\" first", openAt)})
				public[i], staff[i] = blank(line), blank(line)
				continue
			case name == "staff":
				openAt = num
				hasStaff = true
				public[i], staff[i] = blank(line), blank(line)
				continue
			default:
				problems = append(problems, Problem{Line: num, Col: indent + 1, Code: "staff-block", Message: fmt.Sprintf("unknown container %q: the only container is \"::: staff\"", "::: "+name)})
				public[i], staff[i] = blank(line), blank(line)
				if openAt == 0 {
					// Treat an unknown container as staff-only so a typo can never publish its text.
					openAt = num
					hasStaff = true
				}
				continue
			}
		}
		if openAt != 0 {
			public[i] = blank(line)
		}
	}
	if openAt != 0 {
		problems = append(problems, Problem{Line: openAt, Col: 1, Code: "staff-block", Message: "staff block is never closed: add a line with \":::\" where it ends"})
	}
	if !hasStaff {
		// Both audiences read the same text: keep one copy, and none at all
		// when no line was blanked.
		same := strings.Join(staff, "")
		if same == body {
			same = body
		}
		return Split{Public: same, Staff: same}, problems
	}
	marks := make([]bool, len(lines)+1)
	for i := range lines {
		marks[i+1] = public[i] != staff[i]
	}
	return Split{Public: strings.Join(public, ""), Staff: strings.Join(staff, ""), StaffLines: marks, HasStaff: true}, problems
}

func trimIndent(s string) (string, int) {
	n := 0
	for n < len(s) && s[n] == ' ' {
		n++
	}
	return s[n:], n
}

// opensFence returns the fence (``` or ~~~, three or more) that opens a code block.
func opensFence(s string) string {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(s) && s[n] == c {
			n++
		}
		if n >= 3 {
			if c == '`' && strings.Contains(s[n:], "`") {
				return "" // not a fence: a backtick info string is invalid
			}
			return s[:n]
		}
	}
	return ""
}

func closesFence(s, fence string) bool {
	n := 0
	for n < len(s) && s[n] == fence[0] {
		n++
	}
	return n >= len(fence) && strings.TrimSpace(s[n:]) == ""
}

func blank(line string) string {
	if strings.HasSuffix(line, "\r\n") {
		return "\r\n"
	}
	if strings.HasSuffix(line, "\n") {
		return "\n"
	}
	return ""
}
