package tmplexec

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// An escaper is one of html/template's contextual escapers. Most are done
// here, to the byte what html/template does (its tests compare them on
// every kind of input). Where html/template's own code is needed, for the
// JSON of a script and for markup stripped from an attribute value, the
// escaper asks html/template itself through a probe: a one-action template
// whose action html/template gives exactly that escaper.
type escaper struct {
	name   string
	escape func(p *probes, in text) (string, error)
	// table is set when the escaper, on plain text, is htmlReplacer with
	// this table and badRunes: an action's last escaper then writes into
	// the page without making a string first.
	table    []string
	badRunes bool
}

// text is what an escaper escapes: html/template's reading of its argument
// (see stringify), and for the first escaper of an action the value
// itself, for a probe.
type text struct {
	s     string
	t     contentType
	value reflect.Value
	first bool
}

// original is the value the escaper was given, as html/template passes it.
func (in text) original() any {
	if !in.first {
		return in.s
	}
	if !in.value.IsValid() {
		return nil
	}
	return in.value.Interface()
}

var escapers = map[string]escaper{
	"_html_template_htmlescaper": {escape: func(_ *probes, in text) (string, error) {
		if in.t == contentHTML {
			return in.s, nil
		}
		return htmlReplacer(in.s, htmlTable, true), nil
	}, table: htmlTable, badRunes: true},
	"_html_template_attrescaper": {escape: func(p *probes, in text) (string, error) {
		if in.t == contentHTML {
			return p.run("attr", template.HTML(in.s)) // strips the markup
		}
		return htmlReplacer(in.s, htmlTable, true), nil
	}, table: htmlTable, badRunes: true},
	"_html_template_rcdataescaper": {escape: func(_ *probes, in text) (string, error) {
		if in.t == contentHTML {
			return htmlReplacer(in.s, htmlNormTable, true), nil
		}
		return htmlReplacer(in.s, htmlTable, true), nil
	}, table: htmlTable, badRunes: true},
	"_html_template_nospaceescaper": {escape: func(p *probes, in text) (string, error) {
		switch {
		case in.s == "":
			return "ZgotmplZ", nil
		case in.t == contentHTML:
			return p.run("nospace", template.HTML(in.s)) // strips the markup
		}
		return htmlReplacer(in.s, htmlNospaceTable, false), nil
	}},
	"_html_template_urlfilter": {escape: func(_ *probes, in text) (string, error) {
		if in.t != contentURL && !isSafeURL(in.s) {
			return "#ZgotmplZ", nil
		}
		return in.s, nil
	}},
	"_html_template_urlnormalizer": {escape: func(_ *probes, in text) (string, error) {
		return processURL(in.s, true), nil
	}},
	"_html_template_urlescaper": {escape: func(_ *probes, in text) (string, error) {
		return processURL(in.s, in.t == contentURL), nil
	}},
	"_html_template_jsvalescaper": {escape: func(p *probes, in text) (string, error) {
		if in.t == contentJS && in.first && in.value.Type() == jsType {
			return in.s, nil
		}
		return p.run("jsval", in.original())
	}},
}

var (
	htmlType = reflect.TypeFor[template.HTML]()
	jsType   = reflect.TypeFor[template.JS]()
)

// textOf reads the value an action's first escaper gets.
func textOf(v reflect.Value) text {
	in := text{value: v, first: true}
	switch {
	case !v.IsValid():
		// An untyped nil is skipped, leaving nothing to print.
	case v.Type() == stringType:
		in.s = v.String()
	case v.Type() == htmlType:
		in.s, in.t = v.String(), contentHTML
	default:
		in.s, in.t = stringify(v.Interface())
	}
	return in
}

type contentType int

const (
	contentPlain contentType = iota
	contentCSS
	contentHTML
	contentHTMLAttr
	contentJS
	contentJSStr
	contentURL
	contentSrcset
)

// stringify is html/template's reading of an escaper's one argument: a
// string, a typed content string, or anything else printed by fmt.
func stringify(arg any) (string, contentType) {
	switch s := indirectPointer(arg).(type) {
	case string:
		return s, contentPlain
	case template.CSS:
		return string(s), contentCSS
	case template.HTML:
		return string(s), contentHTML
	case template.HTMLAttr:
		return string(s), contentHTMLAttr
	case template.JS:
		return string(s), contentJS
	case template.JSStr:
		return string(s), contentJSStr
	case template.URL:
		return string(s), contentURL
	case template.Srcset:
		return string(s), contentSrcset
	}
	if arg == nil {
		return "", contentPlain // an untyped nil is skipped, leaving nothing to print
	}
	return fmt.Sprint(indirectToStringerOrError(arg)), contentPlain
}

// indirectPointer follows pointers to what they point at, stopping at nil.
func indirectPointer(a any) any {
	if a == nil {
		return nil
	}
	if t := reflect.TypeOf(a); t.Kind() != reflect.Pointer {
		return a
	}
	v := reflect.ValueOf(a)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

// indirectToStringerOrError follows pointers until one is a fmt.Stringer or
// an error, or nil.
func indirectToStringerOrError(a any) any {
	if a == nil {
		return nil
	}
	v := reflect.ValueOf(a)
	for !v.Type().Implements(fmtStringerType) && !v.Type().Implements(errorType) && v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

// evalArgs is html/template's _eval_args_: its arguments as one text.
func evalArgs(args ...any) string {
	if len(args) == 1 {
		if s, ok := args[0].(string); ok {
			return s
		}
	}
	for i, arg := range args {
		args[i] = indirectToStringerOrError(arg)
	}
	return fmt.Sprint(args...)
}

var htmlTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlNormTable leaves '&' alone, so existing entities stay as they are.
var htmlNormTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlNospaceTable is for attribute values without quotes.
var htmlNospaceTable = []string{
	0:    "&#xfffd;",
	'\t': "&#9;",
	'\n': "&#10;",
	'\v': "&#11;",
	'\f': "&#12;",
	'\r': "&#13;",
	' ':  "&#32;",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'=':  "&#61;",
	'>':  "&gt;",
	'`':  "&#96;",
}

// htmlReplacer replaces the runes of s that table names. With badRunes
// false, the noncharacters U+FDD0–U+FDEF and U+FFF0–U+FFFF (and the bytes
// that are not UTF-8, read as U+FFFD) become numeric references too.
func htmlReplacer(s string, table []string, badRunes bool) string {
	if !needsHTMLEscape(s, table, badRunes) {
		return s
	}
	return string(appendHTML(make([]byte, 0, len(s)+16), s, table, badRunes))
}

// needsHTMLEscape reports whether htmlReplacer would change s.
func needsHTMLEscape(s string, table []string, badRunes bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf {
			if int(c) < len(table) && table[c] != "" {
				return true
			}
		} else if !badRunes {
			return true // let appendHTML decide on the rune
		}
	}
	return false
}

// appendHTML appends s to dst with the replacements htmlReplacer makes.
func appendHTML(dst []byte, s string, table []string, badRunes bool) []byte {
	written := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if int(c) < len(table) && table[c] != "" {
				dst = append(dst, s[written:i]...)
				dst = append(dst, table[c]...)
				written = i + 1
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if !badRunes && (0xfdd0 <= r && r <= 0xfdef || 0xfff0 <= r && r <= 0xffff) {
			dst = append(dst, s[written:i]...)
			dst = append(dst, "&#x"...)
			dst = strconv.AppendUint(dst, uint64(r), 16)
			dst = append(dst, ';')
			written = i + w
		}
		i += w
	}
	return append(dst, s[written:]...)
}

// isSafeURL reports whether s is relative or uses http, https or mailto.
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// processURL percent-encodes the bytes of s that a URL (norm) or a part of
// one (not norm) may not hold as they are.
func processURL(s string, norm bool) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte("0123456789abcdef"[c>>4])
		b.WriteByte("0123456789abcdef"[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// probes are one-action html/template templates whose action html/template
// ends with exactly one escaper, for the cases done by html/template itself.
type probes struct {
	once sync.Once
	set  *template.Template
	err  error
}

// probeSources are the probes: the text before the action, and after it.
var probeSources = map[string][2]string{
	"attr":    {`<a title="`, `">`},
	"nospace": {`<a title=`, `>`},
	"jsval":   {`<script>`, `</script>`},
}

// escaperNamed is the escaper html/template calls name, if it is one this
// package runs.
func escaperNamed(name string) (escaper, bool) {
	e, ok := escapers[name]
	e.name = name
	return e, ok
}

// run escapes arg with the probe's escaper, through html/template.
func (p *probes) run(name string, arg any) (string, error) {
	p.once.Do(func() {
		p.set = template.New("probes")
		for probe, frame := range probeSources {
			if _, err := p.set.New(probe).Parse(frame[0] + "{{.}}" + frame[1]); err != nil {
				p.err = err
			}
		}
	})
	if p.err != nil {
		return "", p.err
	}
	var b bytes.Buffer
	if err := p.set.ExecuteTemplate(&b, name, arg); err != nil {
		return "", err
	}
	frame := probeSources[name]
	out := b.String()
	if !strings.HasPrefix(out, frame[0]) || !strings.HasSuffix(out, frame[1]) || len(out) < len(frame[0])+len(frame[1]) {
		return "", errorf("probe %s gave %q", name, out)
	}
	return out[len(frame[0]) : len(out)-len(frame[1])], nil
}
