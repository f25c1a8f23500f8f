package tmplexec

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
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
	name string
	fn   func(p *probes, arg any) (string, error)
}

var escapers = map[string]func(p *probes, arg any) (string, error){
	"_html_template_htmlescaper": func(_ *probes, arg any) (string, error) {
		s, t := stringify(arg)
		if t == contentHTML {
			return s, nil
		}
		return htmlReplacer(s, htmlTable, true), nil
	},
	"_html_template_attrescaper": func(p *probes, arg any) (string, error) {
		s, t := stringify(arg)
		if t == contentHTML {
			return p.run("attr", arg) // strips the markup
		}
		return htmlReplacer(s, htmlTable, true), nil
	},
	"_html_template_rcdataescaper": func(_ *probes, arg any) (string, error) {
		s, t := stringify(arg)
		if t == contentHTML {
			return htmlReplacer(s, htmlNormTable, true), nil
		}
		return htmlReplacer(s, htmlTable, true), nil
	},
	"_html_template_nospaceescaper": func(p *probes, arg any) (string, error) {
		s, t := stringify(arg)
		switch {
		case s == "":
			return "ZgotmplZ", nil
		case t == contentHTML:
			return p.run("nospace", arg) // strips the markup
		}
		return htmlReplacer(s, htmlNospaceTable, false), nil
	},
	"_html_template_urlfilter": func(_ *probes, arg any) (string, error) {
		s, t := stringify(arg)
		if t != contentURL && !isSafeURL(s) {
			return "#ZgotmplZ", nil
		}
		return s, nil
	},
	"_html_template_urlnormalizer": func(_ *probes, arg any) (string, error) {
		s, _ := stringify(arg)
		return processURL(s, true), nil
	},
	"_html_template_urlescaper": func(_ *probes, arg any) (string, error) {
		s, t := stringify(arg)
		return processURL(s, t == contentURL), nil
	},
	"_html_template_jsvalescaper": func(p *probes, arg any) (string, error) {
		if s, ok := arg.(template.JS); ok {
			return string(s), nil
		}
		return p.run("jsval", arg)
	},
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
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if int(c) < len(table) && table[c] != "" {
				if written == 0 {
					b.Grow(len(s) + 16)
				}
				b.WriteString(s[written:i])
				b.WriteString(table[c])
				written = i + 1
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if !badRunes && (0xfdd0 <= r && r <= 0xfdef || 0xfff0 <= r && r <= 0xffff) {
			if written == 0 {
				b.Grow(len(s) + 16)
			}
			b.WriteString(s[written:i])
			fmt.Fprintf(&b, "&#x%x;", r)
			written = i + w
		}
		i += w
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
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
	once   sync.Once
	set    *template.Template
	frames map[string][2]string
	err    error
}

// probeSources are the probes: the text before the action, and after it.
var probeSources = map[string][2]string{
	"attr":    {`<a title="`, `">`},
	"nospace": {`<a title=`, `>`},
	"jsval":   {`<script>`, `</script>`},
}

func newProbes() *probes { return &probes{frames: probeSources} }

func (p *probes) escaper(name string) (escaper, bool) {
	fn, ok := escapers[name]
	return escaper{name: name, fn: fn}, ok
}

// run escapes arg with the probe's escaper, through html/template.
func (p *probes) run(name string, arg any) (string, error) {
	p.once.Do(func() {
		p.set = template.New("probes")
		for probe, frame := range p.frames {
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
	frame := p.frames[name]
	out := b.String()
	if !strings.HasPrefix(out, frame[0]) || !strings.HasSuffix(out, frame[1]) || len(out) < len(frame[0])+len(frame[1]) {
		return "", errorf("probe %s gave %q", name, out)
	}
	return out[len(frame[0]) : len(out)-len(frame[1])], nil
}
