// Package leak owns the last line of defence against publishing staff-only
// material: it scans built public pages for staff-only URLs and for
// staff-only text (paragraphs, list items and field values of 20 or more
// characters, whitespace folded). The audience filter in package model is
// what keeps staff material out; this scan proves it did.
package leak

import (
	"bytes"
	"html"
	"math/bits"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// MinLen is the shortest staff-only text the scan looks for, in bytes
// after folding whitespace; shorter text (a team's name) is too common to
// tell a leak from a coincidence.
const MinLen = 20

const window = 16 // bytes hashed per probe

// stride is how far apart the scan probes: every needle's first stride
// windows are indexed, so any occurrence has one that starts on a probed
// position. window+stride-1 must not exceed MinLen (checked below).
const stride = 5

// An array of negative length fails the build if stride is too long for
// every window of a needle of MinLen bytes to fit inside it.
var _ [MinLen - (window + stride - 1)]struct{}

// The filter uses the top 23 bits of a window's hash (the best mixed): a
// megabyte, so that few windows of ordinary text pass it by chance.
const (
	filterShift = 64 - 23
	filterWords = 1 << (23 - 6)
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
	// probes are every needle's first stride windows, sorted by hash;
	// bucket[b] is the first whose hash's top bucketBits bits are b, so a
	// window's probes are found by a short scan instead of a map lookup.
	probes []probe
	bucket []int32
	// filter has a bit set for every probe hash (top bits), so the scan
	// looks in the table only for windows that may start a needle.
	filter []uint64
	urls   map[string]string // staff-only URL path -> origin
	prefix []string          // staff-only URL prefixes (sections)
	// scratch holds text buffers (*scratch) for pages scanned in parallel.
	scratch sync.Pool
}

// scratch is one page's text and hidden text while it is scanned.
type scratch struct {
	text, hidden []byte
}

// NewScanner prepares a scanner. urls maps staff-only page paths (like
// /playbooks/x/) to their origin; prefixes are whole staff-only sections.
func NewScanner(needles []Needle, urls map[string]string, prefixes []string) *Scanner {
	s := &Scanner{urls: urls, prefix: prefixes}
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
	s.probes = make([]probe, 0, stride*len(s.needles))
	for i, n := range s.needles {
		for at := range stride {
			h := hash(n.Text[at : at+window])
			s.probes = append(s.probes, probe{hash: h, tail: tail(n.Text), needle: int32(i), at: int32(at), size: int32(len(n.Text))})
			s.filter[h>>filterShift>>6] |= 1 << (h >> filterShift & 63)
		}
	}
	// By hash, then in the order the needles were indexed.
	sort.SliceStable(s.probes, func(a, b int) bool { return s.probes[a].hash < s.probes[b].hash })
	s.bucket = make([]int32, 1<<bucketBits+1)
	k := 0
	for b := range 1 << bucketBits {
		s.bucket[b] = int32(k)
		for k < len(s.probes) && int(s.probes[k].hash>>(64-bucketBits)) == b {
			k++
		}
	}
	s.bucket[1<<bucketBits] = int32(k)
	return s
}

// bucketBits is how many top bits of a hash pick its bucket of probes:
// with 100,000 needles, a few probes a bucket.
const bucketBits = 17

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
	buf, _ := s.scratch.Get().(*scratch)
	if buf == nil {
		buf = &scratch{}
	}
	buf.hidden = buf.hidden[:0]
	buf.text = appendText(buf.text[:0], &buf.hidden, page)
	buf.text = append(buf.text, buf.hidden...)
	if bytes.IndexByte(buf.text, '&') < 0 {
		// No entity to decode: scan the buffer itself, not a copy.
		out = append(out, scanText(s, file, buf.text)...)
	} else {
		out = append(out, s.ScanText(file, unescapeFolded(string(buf.text)))...)
	}
	if cap(buf.text)+cap(buf.hidden) <= keptScratch {
		s.scratch.Put(buf) // the text of one huge list page is not worth keeping
	}
	return out
}

// keptScratch is the most text buffer a scan keeps for the next page.
const keptScratch = 1 << 20

// probe is a needle's window at offset at, with the window's hash. It
// also holds the needle's size and last bytes, which rule out most windows
// that only share their start with a needle without reading the needle.
type probe struct {
	hash, tail       uint64
	needle, at, size int32
}

// tail is the last 8 bytes of s (at least 8 long) as a number.
func tail[T ~string | ~[]byte](s T) uint64 { return word(s[len(s)-8:]) }

// ScanText checks folded text for staff-only needles. It hashes the
// window at every stride-th position only; a needle starting anywhere has
// one of its first stride windows there, and those are indexed.
func (s *Scanner) ScanText(file, text string) []Finding { return scanText(s, file, text) }

// scanText is ScanText for text as a string or as bytes.
func scanText[T ~string | ~[]byte](s *Scanner, file string, text T) []Finding {
	if len(s.needles) == 0 || len(text) < window {
		return nil
	}
	type hit struct{ start, needle int }
	var hits []hit
	for i := 0; i+window <= len(text); i += stride {
		h := hash(text[i : i+window])
		if s.filter[h>>filterShift>>6]&(1<<(h>>filterShift&63)) == 0 {
			continue
		}
		b := h >> (64 - bucketBits)
		for _, pr := range s.probes[s.bucket[b]:s.bucket[b+1]] {
			if pr.hash != h {
				continue
			}
			start := i - int(pr.at)
			end := start + int(pr.size)
			if start >= 0 && end <= len(text) && tail(text[end-8:end]) == pr.tail &&
				string(text[start:end]) == s.needles[pr.needle].Text {
				hits = append(hits, hit{start, int(pr.needle)})
			}
		}
	}
	// In the order of the text, as a scan of every position finds them.
	sort.Slice(hits, func(a, b int) bool {
		if hits[a].start != hits[b].start {
			return hits[a].start < hits[b].start
		}
		return hits[a].needle < hits[b].needle
	})
	var out []Finding
	for _, x := range hits {
		n := s.needles[x.needle]
		out = append(out, Finding{File: file, What: n.Text, Origin: n.Origin})
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

// hash mixes a window (window bytes) from two 8-byte loads: the scan
// hashes one position in stride, so no rolling hash is needed.
func hash[T ~string | ~[]byte](w T) uint64 {
	h := word(w[:8])*0x9e3779b97f4a7c15 ^ bits.RotateLeft64(word(w[8:16])*0xc2b2ae3d27d4eb4f, 31)
	h ^= h >> 29
	return h * 0x165667b19e3779f9
}

// word reads 8 bytes of s as a little-endian number.
func word[T ~string | ~[]byte](s T) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// DataText is the text of a published data file as the scan reads it:
// folded, with the format's escapes undone (JSON's \" and \uXXXX, CSV's
// doubled quotes, XML's entities), so staff text is found however the
// format had to write it. name is the file's path.
func DataText(name string, b []byte) string {
	switch path.Ext(name) {
	case ".json":
		return FoldBytes(unescapeJSON(b))
	case ".csv":
		return FoldBytes(bytes.ReplaceAll(b, []byte(`""`), []byte(`"`)))
	case ".xml":
		return Fold(html.UnescapeString(string(b)))
	}
	return FoldBytes(b)
}

// unescapeJSON undoes the escapes of JSON strings everywhere in b (keys
// and punctuation are left as they are; they never hold a needle).
func unescapeJSON(b []byte) []byte {
	if bytes.IndexByte(b, '\\') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' || i+1 == len(b) {
			out = append(out, c)
			continue
		}
		i++
		switch e := b[i]; e {
		case 'b', 'f', 'n', 'r', 't':
			out = append(out, ' ')
		case 'u':
			r, n := jsonRune(b[i+1:])
			if n == 0 {
				out = append(out, '\\', 'u')
				continue
			}
			out = utf8.AppendRune(out, r)
			i += n
		default: // \" \\ \/
			out = append(out, e)
		}
	}
	return out
}

// jsonRune reads the hex digits after \u (and a low surrogate's \uXXXX
// after a high one) and returns the rune and how many bytes it took.
func jsonRune(b []byte) (rune, int) {
	hex4 := func(b []byte) (rune, bool) {
		if len(b) < 4 {
			return 0, false
		}
		v, err := strconv.ParseUint(string(b[:4]), 16, 32)
		return rune(v), err == nil
	}
	r, ok := hex4(b)
	if !ok {
		return 0, 0
	}
	if utf16.IsSurrogate(r) && len(b) >= 10 && b[4] == '\\' && b[5] == 'u' {
		if low, ok := hex4(b[6:]); ok {
			if pair := utf16.DecodeRune(r, low); pair != utf8.RuneError {
				return pair, 10
			}
		}
	}
	return r, 4
}

// FoldBytes is Fold for bytes, without a copy of them as text first.
func FoldBytes(b []byte) string {
	out, _ := appendFolded(make([]byte, 0, len(b)), 0, b, false)
	return string(out)
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
	return unescapeFolded(string(appendText(make([]byte, 0, len(b)/2), nil, b)))
}

// unescapeFolded decodes the entities of folded text, folding again only
// if an entity was whitespace.
func unescapeFolded(text string) string {
	if strings.IndexByte(text, '&') < 0 {
		return text
	}
	text = html.UnescapeString(text)
	if folded(text) {
		return text
	}
	return Fold(text)
}

// folded reports whether Fold would return s unchanged.
func folded(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' || strings.Contains(s, "  ") {
		return false
	}
	return !strings.ContainsAny(s, "\n\t\r\f\v")
}

// AllText is Text followed by the page's text that is not shown but is
// still published: attribute values (titles, alt text, meta descriptions)
// and the contents of scripts and styles (JSON-LD). The scan looks at all
// of it.
func AllText(b []byte) string {
	var hidden []byte
	out := appendText(make([]byte, 0, len(b)/2), &hidden, b)
	return unescapeFolded(string(append(out, hidden...)))
}

// hiddenSeparator keeps a needle from matching across two pieces.
const hiddenSeparator = " \x00 "

// geometry reports whether the text before an attribute value names an
// SVG geometry attribute (points, d, viewBox): numbers, never prose, and
// the bulk of a page's attribute text.
func geometry(before []byte) bool {
	before = bytes.TrimRight(before, "= \t\n")
	for _, name := range [][]byte{[]byte(" points"), []byte(" d"), []byte(" viewBox")} {
		if bytes.HasSuffix(before, name) {
			return true
		}
	}
	return false
}

// appendText appends b's visible text, before entity decoding, to out, in
// one pass over b. When hidden is not nil it also appends to *hidden,
// after a separator each, the attribute values and the script and style
// contents long enough to hold a needle (MinLen), whitespace folded.
func appendText(out []byte, hidden *[]byte, b []byte) []byte {
	addHidden := func(piece []byte) {
		if hidden != nil && len(piece) >= MinLen {
			*hidden = append(*hidden, hiddenSeparator...)
			*hidden, _ = appendFolded(*hidden, len(*hidden), piece, false)
		}
	}
	start := len(out)
	space := false // a space is owed before the next visible byte
	for len(b) > 0 {
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			out, _ = appendFolded(out, start, b, space)
			break
		}
		out, space = appendFolded(out, start, b[:i], space)
		j := bytes.IndexByte(b[i:], '>')
		if j < 0 {
			break
		}
		tag := b[i : i+j+1]
		b = b[i+j+1:]
		if isBlockTag(tag) {
			space = true
		}
		for rest := tag; hidden != nil; {
			q := quoteIndex(rest)
			if q < 0 {
				break
			}
			end := bytes.IndexByte(rest[q+1:], rest[q])
			if end < 0 {
				break
			}
			if end >= MinLen && !geometry(rest[:q]) { // shorter values hold no needle
				addHidden(rest[q+1 : q+1+end])
			}
			rest = rest[q+1+end+1:]
		}
		if bytes.HasPrefix(tag, []byte("<script")) || bytes.HasPrefix(tag, []byte("<style")) {
			end := []byte("</script>")
			if tag[2] == 't' {
				end = []byte("</style>")
			}
			k := bytes.Index(b, end)
			if k < 0 {
				addHidden(b)
				break
			}
			addHidden(b[:k])
			b = b[k+len(end):]
		}
	}
	return out
}

// quoteIndex is bytes.IndexAny(b, `"'`) for the short text of a tag,
// without building a set of bytes on every call.
func quoteIndex(b []byte) int {
	for i, c := range b {
		if c == '"' || c == '\'' {
			return i
		}
	}
	return -1
}

// isSpace marks the bytes Fold treats as whitespace.
var isSpace = [256]bool{' ': true, '\n': true, '\t': true, '\r': true, '\f': true, '\v': true}

// appendFolded appends chunk with its whitespace folded; space says a
// space is owed (written only between visible bytes after start). Runs of
// text whose only whitespace is single spaces are copied whole.
func appendFolded[T ~string | ~[]byte](out []byte, start int, chunk T, space bool) ([]byte, bool) {
	for len(chunk) > 0 {
		if isSpace[chunk[0]] {
			space = true
			chunk = chunk[1:]
			continue
		}
		k := 1
		for k < len(chunk) {
			if c := chunk[k]; isSpace[c] && (c != ' ' || k+1 == len(chunk) || isSpace[chunk[k+1]]) {
				break
			}
			k++
		}
		if space && len(out) > start {
			out = append(out, ' ')
		}
		space = false
		out = append(out, chunk[:k]...)
		chunk = chunk[k:]
	}
	return out, space
}

// Blocks splits an HTML fragment into the text of its block elements
// (paragraphs, list items, cells, headings), each folded.
func Blocks(b string) []string {
	var out []string
	var cur []byte // the block's text, folded, entities not yet decoded
	space := false
	flush := func() {
		if len(cur) > 0 {
			if t := unescapeFolded(string(cur)); t != "" {
				out = append(out, t)
			}
		}
		cur, space = cur[:0], false
	}
	in := b
	for len(in) > 0 {
		i := strings.IndexByte(in, '<')
		if i < 0 {
			cur, _ = appendFolded(cur, 0, in, space)
			break
		}
		cur, space = appendFolded(cur, 0, in[:i], space)
		j := strings.IndexByte(in[i:], '>')
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

// isBlockTag reports whether an opening or closing tag (like "<p class=x>"
// or "</li>") is a block element, whose edges separate words.
func isBlockTag[T ~string | ~[]byte](tag T) bool {
	t := tag[1:]
	for len(t) > 0 && t[0] == '/' {
		t = t[1:]
	}
	end := 0
	for end < len(t) && t[end] != ' ' && t[end] != '\t' && t[end] != '\n' && t[end] != '/' && t[end] != '>' {
		end++
	}
	switch string(t[:end]) { // our HTML's tags are lowercase; no allocation here
	case "p", "li", "ul", "ol", "td", "th", "tr", "table",
		"h1", "h2", "h3", "h4", "h5", "h6", "pre",
		"blockquote", "div", "section", "dd", "dt", "dl",
		"br", "hr", "caption", "header", "footer", "main", "nav",
		"article", "aside", "figure", "figcaption", "title", "option":
		return true
	}
	return false
}

// links returns the href, src, action and content attribute values of a
// page, in one pass over it.
func links(page []byte) []string {
	var out []string
	rest := page
	for {
		i := bytes.Index(rest, []byte(`="`))
		if i < 0 {
			return out
		}
		name := rest[:i]
		rest = rest[i+2:]
		j := bytes.IndexByte(rest, '"')
		if j < 0 {
			return out
		}
		if isLinkAttr(name) {
			out = append(out, html.UnescapeString(string(rest[:j])))
		}
		rest = rest[j:]
	}
}

// isLinkAttr reports whether the text before `="` ends with " href",
// " src", " action" or " content".
func isLinkAttr(before []byte) bool {
	for _, a := range [][]byte{[]byte(" href"), []byte(" src"), []byte(" action"), []byte(" content")} {
		if bytes.HasSuffix(before, a) {
			return true
		}
	}
	return false
}

// resolve turns a link on the page at pageURL into a site-absolute path,
// or reports false for links that leave the site.
func resolve(pageURL, link string) (string, bool) {
	if link == "" || link[0] == '#' {
		return "", false
	}
	if !strings.ContainsAny(link, ":%?#\\") && !strings.HasPrefix(link, "//") {
		// A plain path, as the theme writes them: what url.Parse would
		// return as its Path, without its cost.
		return resolvePath(pageURL, link), true
	}
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "", false
	}
	if u.Path == "" {
		return "", false
	}
	return resolvePath(pageURL, u.Path), true
}

// resolvePath makes a link's path site-absolute. The theme's links are
// steps up ("../") and then a plain path, which need no path.Join.
func resolvePath(pageURL, p string) string {
	if strings.HasPrefix(p, "/") {
		return p
	}
	dir, rest := pageURL[:strings.LastIndexByte(pageURL, '/')+1], p
	for strings.HasPrefix(rest, "../") && len(dir) > 1 {
		dir = dir[:strings.LastIndexByte(dir[:len(dir)-1], '/')+1]
		rest = rest[3:]
	}
	if plainPath(rest) {
		return dir + rest
	}
	out := path.Join(path.Dir(pageURL+"x"), p)
	if strings.HasSuffix(p, "/") && !strings.HasSuffix(out, "/") {
		out += "/"
	}
	return out
}

// plainPath reports whether p is segments that are neither empty nor "."
// nor "..", with perhaps a slash at its end: path.Join leaves it alone.
func plainPath(p string) bool {
	for p != "" {
		seg, after, found := strings.Cut(p, "/")
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
		if !found {
			return true
		}
		p = after
	}
	return true
}
