package markdown

import (
	"fmt"
	"strings"
)

// Split is a markdown body separated by audience before any parsing: the
// staff text, and which of its lines the public text leaves empty. (The
// public page may still be rendered from the staff text's tree with the
// staff blocks cut out; see Parsed.)
type Split struct {
	// Staff is the body with only the fence lines blanked.
	Staff string
	// StaffLines marks the lines (from 1) inside staff blocks: the lines
	// Public blanks and Staff keeps. Nil when the body has none.
	StaffLines []bool
	// HasStaff reports whether the body has at least one staff block.
	HasStaff bool
}

// Public returns the body with every `::: staff` block blanked out. It is
// made when asked for, as it is nearly a copy of the staff text.
func (s Split) Public() string { return PublicText(s.Staff, s.StaffLines) }

// PublicText returns staff text with the lines that staffLines marks (from
// 1) left empty, their line endings kept, so line numbers still match.
func PublicText(staff string, staffLines []bool) string {
	if staffLines == nil {
		return staff
	}
	var out strings.Builder
	out.Grow(len(staff))
	rest := staff
	for line := 1; rest != ""; line++ {
		text, ending := rest, ""
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			text, ending, rest = rest[:i], "\n", rest[i+1:]
		} else {
			rest = ""
		}
		if line < len(staffLines) && staffLines[line] {
			if strings.HasSuffix(text, "\r") && ending != "" {
				out.WriteString("\r")
			}
			out.WriteString(ending)
			continue
		}
		out.WriteString(text)
		out.WriteString(ending)
	}
	return out.String()
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
//
// It reads the body once and copies it only when a fence line must be
// blanked in the staff text; the public text is made from the staff text
// and the marks when asked for (Split.Public).
func SplitAudiences(body string) (Split, []Problem) {
	var problems []Problem
	marks := make([]bool, strings.Count(body, "\n")+2)
	var fences [][2]int  // the fence lines, blanked in both texts: start, end
	var codeFence string // the fence that opened the current code block
	openAt := 0          // line of the open staff block, 0 when none
	hasStaff := false
	rest, at := body, 0
	for num := 1; ; num++ {
		line := rest
		if j := strings.IndexByte(rest, '\n'); j >= 0 {
			line = rest[:j+1]
		}
		start := at
		rest, at = rest[len(line):], at+len(line)
		last := !strings.HasSuffix(line, "\n")
		// hide blanks the line in the public text only; cut in both.
		hide := func() { marks[num] = blank(line) != line }
		cut := func() { fences = append(fences, [2]int{start, start + len(line)}) }
		content := strings.TrimRight(line, "\r\n")
		trimmed, indent := trimIndent(content)
		switch {
		case codeFence != "":
			if closesFence(trimmed, codeFence) && indent < 4 {
				codeFence = ""
			}
			if openAt != 0 {
				hide()
			}
		case indent < 4 && opensFence(trimmed) != "":
			codeFence = opensFence(trimmed)
			if openAt != 0 {
				hide()
			}
		case indent < 4 && strings.HasPrefix(trimmed, ":::"):
			cut()
			switch name := strings.TrimSpace(strings.TrimLeft(trimmed, ":")); {
			case name == "" && openAt != 0:
				openAt = 0
			case name == "":
				problems = append(problems, Problem{Line: num, Col: indent + 1, Code: "staff-block", Message: "\":::\" closes nothing: open a staff block with \"::: staff\" first, or remove this line"})
			case name == "staff" && openAt != 0:
				problems = append(problems, Problem{Line: num, Col: indent + 1, Code: "staff-block", Message: fmt.Sprintf("staff blocks cannot be nested: close the block opened on body line %d with \":::\" first", openAt)})
			case name == "staff":
				openAt = num
				hasStaff = true
			default:
				problems = append(problems, Problem{Line: num, Col: indent + 1, Code: "staff-block", Message: fmt.Sprintf("unknown container %q: the only container is \"::: staff\"", "::: "+name)})
				if openAt == 0 {
					// Treat an unknown container as staff-only so a typo can never publish its text.
					openAt = num
					hasStaff = true
				}
			}
		case openAt != 0:
			hide()
		}
		if last {
			break
		}
	}
	if openAt != 0 {
		problems = append(problems, Problem{Line: openAt, Col: 1, Code: "staff-block", Message: "staff block is never closed: add a line with \":::\" where it ends"})
	}
	staff := body
	if len(fences) > 0 {
		var b strings.Builder
		b.Grow(len(body))
		done := 0
		for _, f := range fences {
			b.WriteString(body[done:f[0]])
			b.WriteString(blank(body[f[0]:f[1]]))
			done = f[1]
		}
		b.WriteString(body[done:])
		staff = b.String()
	}
	if !hasStaff {
		// Both audiences read the same text.
		return Split{Staff: staff}, problems
	}
	return Split{Staff: staff, StaffLines: marks, HasStaff: true}, problems
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
