package files

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// charter.json holds a record per promise with every result of each of its
// standards: 240,000 results at 10,000 promises, for each site. encoding/json
// spent most of the file's time on reflection over them, so the promise
// records are written here, byte for byte as encoding/json writes them
// with HTML left unescaped (TestPromiseJSONMatchesEncodingJSON).

// finite reports whether every number of p is one JSON can hold.
func finite(p *jsonPromise) bool {
	ok := func(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
	for _, s := range p.Standards {
		if !ok(s.Target) || !ok(s.NearMiss) {
			return false
		}
		for _, r := range s.Results {
			if !ok(r.Value) {
				return false
			}
		}
	}
	for _, c := range p.History {
		if c.PreviousTarget != nil && !ok(*c.PreviousTarget) {
			return false
		}
	}
	return true
}

// appendPromise appends p as encoding/json encodes it.
func appendPromise(b []byte, p *jsonPromise) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, p.ID)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, p.Title)
	if p.Summary != "" {
		b = append(b, `,"summary":`...)
		b = appendJSONString(b, p.Summary)
	}
	b = append(b, `,"url":`...)
	b = appendJSONString(b, p.URL)
	if p.Owner != "" {
		b = append(b, `,"owner":`...)
		b = appendJSONString(b, p.Owner)
	}
	b = append(b, `,"segments":`...)
	b = appendJSONStrings(b, p.Segments)
	b = append(b, `,"channels":`...)
	b = appendJSONStrings(b, p.Channels)
	if p.Updated != "" {
		b = append(b, `,"updated":`...)
		b = appendJSONString(b, p.Updated)
	}
	b = append(b, `,"standards":`...)
	if p.Standards == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range p.Standards {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendStandard(b, &p.Standards[i])
		}
		b = append(b, ']')
	}
	b = append(b, `,"history":`...)
	if p.History == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range p.History {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendChange(b, &p.History[i])
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendStandard(b []byte, s *jsonStandard) []byte {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, s.ID)
	b = append(b, `,"measure":`...)
	b = appendJSONString(b, s.Measure)
	b = append(b, `,"target":`...)
	b = appendJSONFloat(b, s.Target)
	b = append(b, `,"unit":`...)
	b = appendJSONString(b, s.Unit)
	b = append(b, `,"direction":`...)
	b = appendJSONString(b, s.Direction)
	if s.Within != "" {
		b = append(b, `,"within":`...)
		b = appendJSONString(b, s.Within)
	}
	b = append(b, `,"period":`...)
	b = appendJSONString(b, s.Period)
	if s.Remedy != "" {
		b = append(b, `,"remedy":`...)
		b = appendJSONString(b, s.Remedy)
	}
	b = append(b, `,"near_miss":`...)
	b = appendJSONFloat(b, s.NearMiss)
	b = append(b, `,"latest":`...)
	if s.Latest == nil {
		b = append(b, "null"...)
	} else {
		b = appendResult(b, s.Latest)
	}
	b = append(b, `,"results":`...)
	if s.Results == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range s.Results {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendResult(b, &s.Results[i])
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendResult(b []byte, r *jsonResult) []byte {
	b = append(b, `{"period":`...)
	b = appendJSONString(b, r.Period)
	b = append(b, `,"value":`...)
	b = appendJSONFloat(b, r.Value)
	if r.Sample != nil {
		b = append(b, `,"sample":`...)
		b = strconv.AppendInt(b, int64(*r.Sample), 10)
	}
	b = append(b, `,"status":`...)
	b = appendJSONString(b, r.Status)
	return append(b, '}')
}

func appendChange(b []byte, c *jsonChange) []byte {
	b = append(b, `{"date":`...)
	b = appendJSONString(b, c.Date)
	b = append(b, `,"change":`...)
	b = appendJSONString(b, c.Change)
	if c.Standard != "" {
		b = append(b, `,"standard":`...)
		b = appendJSONString(b, c.Standard)
	}
	if c.PreviousTarget != nil {
		b = append(b, `,"previous_target":`...)
		b = appendJSONFloat(b, *c.PreviousTarget)
	}
	b = append(b, `,"weakened":`...)
	b = strconv.AppendBool(b, c.Weakened)
	return append(b, '}')
}

func appendJSONStrings(b []byte, list []string) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendJSONFloat writes a finite f as encoding/json does: the shortest
// decimal that reads back as f, in exponent form only for very large or
// small numbers, with a one-digit negative exponent.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return b
}

// appendJSONString writes s quoted as encoding/json does without HTML
// escaping: quotes, backslashes and control characters escaped, bytes
// that are not UTF-8 as \ufffd, and U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
