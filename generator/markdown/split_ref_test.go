package markdown

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// plainSplit is what SplitAudiences returned when it built both texts
// line by line; kept as the reference the faster version must match.
type plainSplit struct {
	Public, Staff string
	StaffLines    []bool
	HasStaff      bool
}

// plainSplitAudiences is the first SplitAudiences: every line copied into
// a public and a staff slice, blanked in either, then joined.
func plainSplitAudiences(body string) (plainSplit, []Problem) {
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
		return plainSplit{Public: same, Staff: same}, problems
	}
	marks := make([]bool, len(lines)+1)
	for i := range lines {
		marks[i+1] = public[i] != staff[i]
	}
	return plainSplit{Public: strings.Join(public, ""), Staff: strings.Join(staff, ""), StaffLines: marks, HasStaff: true}, problems
}

// checkSplitMatchesPlain fails when SplitAudiences and the reference
// disagree on anything for body.
func checkSplitMatchesPlain(t *testing.T, body string) {
	t.Helper()
	got, gotProblems := SplitAudiences(body)
	want, wantProblems := plainSplitAudiences(body)
	if got.Staff != want.Staff || got.Public() != want.Public || got.HasStaff != want.HasStaff ||
		!reflect.DeepEqual(got.StaffLines, want.StaffLines) || !reflect.DeepEqual(gotProblems, wantProblems) {
		t.Fatalf("body %q:\ngot  %#v public %q %v\nwant %#v %v", body, got, got.Public(), gotProblems, want, wantProblems)
	}
}

// TestSplitMatchesPlainVersion runs both versions on random bodies made
// of fences, staff blocks, code, CRLF endings and unknown containers.
func TestSplitMatchesPlainVersion(t *testing.T) {
	pieces := []string{"::: staff", ":::", "::::", "   ::: staff", "    ::: staff", "::: note", "```", "~~~~", "```go",
		"text", "", "  ", "\t", "- item", "> quote", "::: staff ", "::: Staff", "```x`", "secret"}
	endings := []string{"\n", "\r\n", "\n\n"}
	r := rand.New(rand.NewPCG(1, 2))
	for range caseCount(50000) {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
			b.WriteString(endings[r.IntN(len(endings))])
		}
		if r.IntN(2) == 0 {
			b.WriteString(pieces[r.IntN(len(pieces))]) // no line ending at the end
		}
		checkSplitMatchesPlain(t, b.String())
	}
	for _, body := range []string{"", "\n", "\r\n", "::: staff", "::: staff\n", "a\n::: staff\nb\n:::\nc", ":::\n"} {
		checkSplitMatchesPlain(t, body)
	}
}

func FuzzSplitMatchesPlainVersion(f *testing.F) {
	for i, seed := range []string{"Public.\n::: staff\nSecret.\n:::\n", "```\n::: staff\n```\n", "::: x\r\n  y\r\n:::", ":::\n:::"} {
		f.Add(fmt.Sprint(i) + seed)
	}
	f.Fuzz(checkSplitMatchesPlain)
}
