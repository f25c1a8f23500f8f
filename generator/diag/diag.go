// Package diag owns the diagnostics charter reports to its users: a
// position in a source file, a severity, a stable code and a message.
//
// Every stage collects diagnostics into a List instead of stopping at the
// first problem, so a user sees everything wrong with a site in one run.
// The list sorts by file, line and column and prints each entry as
// "path:line:col: error[code]: message".
package diag

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
)

// Pos is a place in a source file. File is relative to the site folder,
// with forward slashes; Line and Col count from 1 (0 means unknown).
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity says whether a diagnostic fails the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one message about the site's input.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Code     string
	Message  string
}

func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s[%s]: %s", d.Pos, d.Severity, d.Code, d.Message)
}

// List collects diagnostics. The zero value is ready to use.
type List struct {
	items []Diagnostic
}

// Errorf records an error at pos.
func (l *List) Errorf(pos Pos, code, format string, args ...any) {
	l.items = append(l.items, Diagnostic{pos, Error, code, fmt.Sprintf(format, args...)})
}

// Warnf records a warning at pos.
func (l *List) Warnf(pos Pos, code, format string, args ...any) {
	l.items = append(l.items, Diagnostic{pos, Warning, code, fmt.Sprintf(format, args...)})
}

// Add appends diagnostics gathered elsewhere.
func (l *List) Add(ds ...Diagnostic) { l.items = append(l.items, ds...) }

// Merge appends every diagnostic of other.
func (l *List) Merge(other *List) {
	if other != nil {
		l.items = append(l.items, other.items...)
	}
}

// Items returns the diagnostics sorted by position, then severity and
// message, with exact duplicates removed.
func (l *List) Items() []Diagnostic {
	sort.SliceStable(l.items, func(i, j int) bool {
		a, b := l.items[i], l.items[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Message < b.Message
	})
	out := l.items[:0]
	for i, d := range l.items {
		if i > 0 && d == l.items[i-1] {
			continue
		}
		out = append(out, d)
	}
	l.items = out
	return l.items
}

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool {
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Len is the number of diagnostics.
func (l *List) Len() int { return len(l.items) }

// Promote turns every warning into an error (for --strict).
func (l *List) Promote() {
	for i := range l.items {
		l.items[i].Severity = Error
	}
}

// Print writes each diagnostic on its own line. Paths are shown relative to
// the current folder by joining them to root, the site folder as the user
// gave it.
func (l *List) Print(w io.Writer, root string) {
	for _, d := range l.Items() {
		d.Pos.File = DisplayPath(root, d.Pos.File)
		fmt.Fprintln(w, d.String())
	}
}

// DisplayPath joins a site-relative path to the site folder the user gave.
func DisplayPath(root, file string) string {
	if root == "" || root == "." || file == "" {
		return file
	}
	return filepath.ToSlash(filepath.Join(root, file))
}

// Error makes a List usable as an error value.
func (l *List) Error() string {
	var b strings.Builder
	for i, d := range l.Items() {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}
