// Package model owns charter's typed documents — charters, promises and
// their standards, playbooks, teams, pages and results — the Site that holds
// them, the validation rules that relate them, and the one audience filter
// (Site.View) that decides what the public and the staff may see.
//
// The package does no I/O: documents arrive already parsed, with the
// positions of their fields, from package content.
package model

import (
	"github.com/charter-ssg/charter/generator/diag"
	"github.com/charter-ssg/charter/generator/markdown"
)

// Kind names what a document is; it follows from the folder it lives in.
type Kind string

const (
	KindCharter  Kind = "charter"
	KindPromise  Kind = "promise"
	KindPlaybook Kind = "playbook"
	KindTeam     Kind = "team"
	KindPage     Kind = "page"
)

// Folder is the folder under content/ that holds documents of the kind.
func (k Kind) Folder() string { return string(k) + "s" }

// Ref is a reference to another document by ID, with where it was written.
type Ref struct {
	ID  string
	Pos diag.Pos
}

// Text is a string field with the place it was written.
type Text struct {
	Value string
	Pos   diag.Pos
}

// Body is a document's markdown, split by audience when it is loaded.
// Staff is the text with only the fence lines of `::: staff` blocks
// blanked; the public text (Public) has the lines inside them blanked too,
// so line numbers still match the file. The public text is made when it
// is asked for rather than kept, as it is nearly a copy of the staff text.
type Body struct {
	Staff string
	// StaffLines marks the lines (from 1) inside staff blocks; nil when
	// the body has none.
	StaffLines []bool
	HasStaff   bool
	// Line is the file line on which the body starts.
	Line int
}

// For returns the body's text as the audience reads it.
func (b Body) For(a Audience) string {
	if a == Staff {
		return b.Staff
	}
	return b.Public()
}

// Public returns the body as the public site has it: every line inside a
// staff block left empty.
func (b Body) Public() string { return markdown.PublicText(b.Staff, b.StaffLines) }

// Doc holds what every document has.
type Doc struct {
	Kind    Kind
	ID      string
	File    string   // site-relative path, forward slashes
	Pos     diag.Pos // first line of the front matter
	Title   string
	Summary string
	Aliases []Text
	Body    Body
	// Hash identifies the source file's bytes; equal hashes mean an
	// unchanged document.
	Hash uint64
	// FrontHash identifies the front matter alone: equal front matter and
	// a different Hash mean only the body changed.
	FrontHash uint64
	// Broken marks a stand-in for a file whose front matter could not be
	// read; checks that depend on its fields are skipped, since its error
	// has already been reported.
	Broken bool
}

// Charter is an ordered list of promises for a customer segment.
type Charter struct {
	Doc
	Audience    Text
	Promises    []Ref
	HasPromises bool // a promises: list was written (it may be empty)
	Home        bool
	HomeSet     bool
	Reviewed    Text // YYYY-MM-DD or empty
	NextReview  Text
}

// Promise is what an organisation promises its customers, measured by one
// or more standards.
type Promise struct {
	Doc
	Owner     Ref
	Segments  []Text
	Channels  []string
	Updated   Text
	History   []HistoryEntry
	Standards []*Standard
}

// HistoryEntry records one change to a promise.
type HistoryEntry struct {
	Date           Text
	Change         string
	Standard       Ref
	PreviousTarget *float64
	Pos            diag.Pos
}

// Direction says whether a standard's value should stay at or above its
// target (at-least) or at or below it (at-most).
type Direction string

const (
	AtLeast Direction = "at-least"
	AtMost  Direction = "at-most"
)

// Standard is one measurable service standard of a promise.
type Standard struct {
	ID        string
	Pos       diag.Pos
	Measure   string
	Target    float64
	TargetPos diag.Pos
	Unit      string
	Direction Direction
	Within    *Duration
	Period    string // month | quarter | year
	Remedy    string
	NearMiss  *float64
	// Promise is the promise the standard belongs to.
	Promise *Promise
}

// Playbook says how staff deliver one or more promises.
type Playbook struct {
	Doc
	Delivers   []Ref
	Owner      Ref
	Trigger    string
	Escalation []Escalation
	Handoffs   []Handoff
}

// Escalation is one rung of a playbook's escalation ladder.
type Escalation struct {
	After  *Duration
	To     Ref
	Action string
}

// Handoff is work passed from one team to another.
type Handoff struct {
	From   Ref
	To     Ref
	What   string
	Within *Duration
}

// Team owns promises and playbooks.
type Team struct {
	Doc
	Lead    string
	Contact string
	Hours   string
}

// Page is a free page; Internal pages are for staff only.
type Page struct {
	Doc
	Internal bool
}

// Result is one measured value of a standard for one period. A large site
// has hundreds of thousands, so it keeps one position (its standard's
// cell) and the line its row starts on, which sits in the padding after
// HasSample.
type Result struct {
	Standard  Ref
	Period    string // YYYY-MM, YYYY-Qn or YYYY
	Value     float64
	Sample    int
	HasSample bool
	// Line is the line the row starts on, when it differs from the
	// standard cell's (a quoted cell before it spans lines); 0 otherwise.
	Line int32
}

// Row is the position of the result's row.
func (r Result) Row() diag.Pos {
	line := r.Standard.Pos.Line
	if r.Line != 0 {
		line = int(r.Line)
	}
	return diag.Pos{File: r.Standard.Pos.File, Line: line, Col: 1}
}

// File is a file under content/ that is copied as it is.
type File struct {
	Path string // relative to content/, forward slashes
	// Staff is true for files under playbooks/ or teams/.
	Staff bool
	// Hash identifies the file's content.
	Hash uint64
}

// Contact is a customer contact point, shown in the footer.
type Contact struct {
	Type      string
	Telephone string
	Email     string
	Hours     string
}

// Checks configures the build's content checks.
type Checks struct {
	RequirePlaybook bool
	MaxReadingGrade float64
	NearMiss        float64
}

// Config is charter.yaml.
type Config struct {
	Title        string
	BaseURL      string
	Language     string
	Theme        string
	StaffBaseURL string
	PublicDir    string
	StaffDir     string
	UnsafeHTML   bool
	Contact      []Contact
	Checks       Checks
	Pos          diag.Pos
}

// DefaultConfig is what charter.yaml may leave out.
func DefaultConfig() Config {
	return Config{
		Language:  "en",
		Theme:     "default",
		PublicDir: "public",
		StaffDir:  "staff",
		Checks:    Checks{RequirePlaybook: true, MaxReadingGrade: 9, NearMiss: 2},
	}
}

// Site is everything loaded from a site folder. Documents are in ID order
// within their kind once Index has run.
type Site struct {
	Config    Config
	Charters  []*Charter
	Promises  []*Promise
	Playbooks []*Playbook
	Teams     []*Team
	Pages     []*Page
	Results   []Result
	Files     []File

	charterByID  map[string]*Charter
	promiseByID  map[string]*Promise
	playbookByID map[string]*Playbook
	teamByID     map[string]*Team
	pageByID     map[string]*Page
	standardByID map[string]*Standard
}
