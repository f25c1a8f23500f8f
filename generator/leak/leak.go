// Package leak owns the last line of defence against publishing staff-only
// material: it scans built public pages for staff-only URLs and for
// staff-only text (paragraphs, list items and field values of 20 or more
// characters, whitespace folded). The audience filter in package model is
// what keeps staff material out; this scan proves it did.
package leak

import (
	"bytes"
	"html"
	"net/url"
	"path"
	"sort"
	"strings"
)

// MinLen is the shortest staff-only text the scan looks for, in bytes
// after folding whitespace; shorter text (a team's name) is too common to
// tell a leak from a coincidence.
const MinLen = 20

const window = 16 // bytes hashed per probe; must not exceed MinLen

// The filter uses the top 20 bits of a window's hash (the best mixed).
const (
	filterShift = 64 - 20
	filterWords = 1 << (20 - 6)
)

// Needle is a piece of staff-only text and where it came from.
type Needle struct {
	Text   string
	Origin string
}

// Finding is staff-only material found in a public file.
type Finding struct {
	File   string // public output path
	What   string // the text or URL found
	Origin string // where the staff-only material came from
	IsURL  bool
}

// Scanner looks for a fixed set of needles and staff-only URLs.
type Scanner struct {
	needles []Needle
	probes  map[uint64][]int
	// filter has a bit set for every probe hash (top bits), so the scan
	// looks in the map only for windows that may start a needle.
	filter []uint64
	urls   map[string]string // staff-only URL path -> origin
	prefix []string          // staff-only URL prefixes (sections)
}

// NewScanner prepares a scanner. urls maps staff-only page paths (like
// /playbooks/x/) to their origin; prefixes are whole staff-only sections.
func NewScanner(needles []Needle, urls map[string]string, prefixes []string) *Scanner {
	s := &Scanner{probes: map[uint64][]int{}, urls: urls, prefix: prefixes}
	seen := map[string]bool{}
	for _, n := range needles {
		n.Text = Fold(n.Text)
		if len(n.Text) < MinLen || seen[n.Text] {
			continue
		}
		seen[n.Text] = true
		s.needles = append(s.needles, n)
	}
	sort.Slice(s.needles, func(i, j int) bool { return s.needles[i].Text < s.needles[j].Text })
	s.filter = make([]uint64, filterWords)
	for i, n := range s.needles {
		h := hash(n.Text[:window])
		s.probes[h] = append(s.probes[h], i)
		s.filter[h>>filterShift>>6] |= 1 << (h >> filterShift & 63)
	}
	return s
}

// Len is the number of distinct text needles.
func (s *Scanner) Len() int { return len(s.needles) }

// ScanHTML checks one public HTML page served at pageURL (site-absolute).
func (s *Scanner) ScanHTML(file, pageURL string, page []byte) []Finding {
	var out []Finding
	for _, link := range links(page) {
		if p, ok := resolve(pageURL, link); ok {
			if origin, staff := s.staffURL(p); staff {
				out = append(out, Finding{File: file, What: link, Origin: origin, IsURL: true})
			}
		}
	}
	return append(out, s.ScanText(file, Text(page))...)
}

// ScanText checks folded text for staff-only needles.
func (s *Scanner) ScanText(file, text string) []Finding {
	if len(s.needles) == 0 || len(text) < window {
		return nil
	}
	var out []Finding
	var h uint64
	for i := 0; i < window; i++ {
		h = h*prime + uint64(text[i])
	}
	for i := 0; ; i++ {
		if s.filter[h>>filterShift>>6]&(1<<(h>>filterShift&63)) == 0 {
			// no needle starts here
		} else if idx, ok := s.probes[h]; ok {
			for _, n := range idx {
				if strings.HasPrefix(text[i:], s.needles[n].Text) {
					out = append(out, Finding{File: file, What: s.needles[n].Text, Origin: s.needles[n].Origin})
				}
			}
		}
		if i+window >= len(text) {
			break
		}
		h = (h-uint64(text[i])*topPower)*prime + uint64(text[i+window])
	}
	return out
}

// ScanPaths looks for staff-only URL paths written out in a data file
// (JSON, XML, CSV), where they are not links: any path in a staff-only
// section, and any staff-only page or file. One pass over the text.
func (s *Scanner) ScanPaths(file, text string) []Finding {
	var out []Finding
	for i := strings.IndexByte(text, '/'); i >= 0; {
		end := i + 1
		for end < len(text) && !strings.ContainsRune("\"'<> ,)#?\\", rune(text[end])) {
			end++
		}
		if p := text[i:end]; len(p) > 1 {
			if origin, staff := s.staffURL(p); staff {
				out = append(out, Finding{File: file, What: p, Origin: origin, IsURL: true})
			}
		}
		next := strings.IndexByte(text[i+1:], '/')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return out
}

// Contains reports which findings' text occurs in text (folded), so the
// caller can drop staff text that is also public content.
func Contains(text string, f Finding) bool { return strings.Contains(text, f.What) }

func (s *Scanner) staffURL(p string) (string, bool) {
	if o, ok := s.urls[p]; ok {
		return o, true
	}
	if o, ok := s.urls[p+"/"]; ok {
		return o, true
	}
	for _, pre := range s.prefix {
		if p == strings.TrimSuffix(pre, "/") || strings.HasPrefix(p, pre) {
			return "staff-only section " + pre, true
		}
	}
	return "", false
}

const prime = 1099511628211

var topPower = func() uint64 {
	p := uint64(1)
	for i := 0; i < window-1; i++ {
		p *= prime
	}
	return p
}()

func hash(s string) uint64 {
	var h uint64
	for i := 0; i < len(s); i++ {
		h = h*prime + uint64(s[i])
	}
	return h
}

// Fold collapses every run of whitespace to one space and trims the ends.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Text returns the visible text of an HTML fragment: tags removed,
// entities decoded, whitespace folded. Block boundaries become spaces.
func Text(b []byte) string {
	var out strings.Builder
	out.Grow(len(b) / 2)
	space := false // a space is owed before the next visible byte
	write := func(chunk []byte) {
		for _, c := range chunk {
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
				space = out.Len() > 0
				continue
			}
			if space {
				out.WriteByte(' ')
				space = false
			}
			out.WriteByte(c)
		}
	}
	in := b
	for len(in) > 0 {
		i := bytes.IndexByte(in, '<')
		if i < 0 {
			write(in)
			break
		}
		write(in[:i])
		j := bytes.IndexByte(in[i:], '>')
		if j < 0 {
			break
		}
		tag := in[i : i+j+1]
		if isBlockTag(tag) {
			space = out.Len() > 0
		}
		if bytes.HasPrefix(tag, []byte("<script")) || bytes.HasPrefix(tag, []byte("<style")) {
			end := []byte("</script>")
			if tag[1] == 's' && tag[2] == 't' {
				end = []byte("</style>")
			}
			k := bytes.Index(in[i:], end)
			if k < 0 {
				break
			}
			in = in[i+k+len(end):]
			continue
		}
		in = in[i+j+1:]
	}
	text := out.String()
	if strings.IndexByte(text, '&') < 0 {
		return text
	}
	return Fold(html.UnescapeString(text))
}

// Blocks splits an HTML fragment into the text of its block elements
// (paragraphs, list items, cells, headings), each folded.
func Blocks(b []byte) []string {
	var out []string
	var cur bytes.Buffer
	flush := func() {
		if t := Fold(html.UnescapeString(cur.String())); t != "" {
			out = append(out, t)
		}
		cur.Reset()
	}
	in := b
	for len(in) > 0 {
		i := bytes.IndexByte(in, '<')
		if i < 0 {
			cur.Write(in)
			break
		}
		cur.Write(in[:i])
		j := bytes.IndexByte(in[i:], '>')
		if j < 0 {
			break
		}
		if isBlockTag(in[i : i+j+1]) {
			flush()
		}
		in = in[i+j+1:]
	}
	flush()
	return out
}

var blockTags = map[string]bool{
	"p": true, "li": true, "ul": true, "ol": true, "td": true, "th": true, "tr": true, "table": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "pre": true,
	"blockquote": true, "div": true, "section": true, "dd": true, "dt": true, "dl": true,
	"br": true, "hr": true, "caption": true, "header": true, "footer": true, "main": true, "nav": true,
	"article": true, "aside": true, "figure": true, "figcaption": true, "title": true, "option": true,
}

func isBlockTag(tag []byte) bool {
	t := bytes.TrimLeft(tag[1:], "/")
	end := bytes.IndexAny(t, " \t\n/>")
	if end < 0 {
		end = len(t)
	}
	return blockTags[string(t[:end])] // our HTML's tags are lowercase; no allocation here
}

// links returns the href, src and action attribute values of a page.
func links(page []byte) []string {
	var out []string
	for _, attr := range []string{` href="`, ` src="`, ` action="`, ` content="`} {
		rest := page
		for {
			i := bytes.Index(rest, []byte(attr))
			if i < 0 {
				break
			}
			rest = rest[i+len(attr):]
			j := bytes.IndexByte(rest, '"')
			if j < 0 {
				break
			}
			out = append(out, html.UnescapeString(string(rest[:j])))
			rest = rest[j:]
		}
	}
	return out
}

// resolve turns a link on the page at pageURL into a site-absolute path,
// or reports false for links that leave the site.
func resolve(pageURL, link string) (string, bool) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "", false
	}
	if u.Path == "" {
		return "", false
	}
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = path.Join(path.Dir(pageURL+"x"), p)
		if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(p, "/") {
			p += "/"
		}
	}
	return p, true
}
