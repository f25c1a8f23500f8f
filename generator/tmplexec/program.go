// Package tmplexec executes the templates of an html/template set after
// html/template has escaped them, without text/template's cost per action:
// a field or method is looked up once per type rather than by name on every
// use, the contextual escapers and the builtins are called directly rather
// than through reflect.Value.Call, and output goes straight into a
// bytes.Buffer.
//
// It never decides what is escaped. html/template rewrites each template's
// parse tree to end every printing action with its escapers; this package
// runs those trees as they are, and only templates html/template has
// escaped as an entry point (see Program.Execute).
//
// The contract is all or nothing: Execute either writes exactly what
// html/template's ExecuteTemplate writes for the same template and data, or
// returns an error and the caller executes with html/template instead. It
// assumes the set keeps html/template's default options (missingkey).
// Errors are never shown to anyone: a template mistake, a kind of value or
// a construct this package does not run (call, slice, the JavaScript and
// CSS escapers) all just mean "ask html/template", which then gives the
// output or the message a template author sees.
package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"sync"
)

// Program runs the escaped templates of one html/template set. It is safe
// for use by many goroutines at once.
type Program struct {
	set    *template.Template
	funcs  map[string]*function
	direct []Direct
	probes *probes

	mu      sync.Mutex
	byName  map[string]*compiled // compiled templates, entry points or called ones
	entries map[string]error     // entry points html/template has escaped: nil, or why not runnable
}

// compiled is one template's body. Its nodes are set once, under the
// program's lock, before any execution can reach it.
type compiled struct {
	name string
	root []node
}

// New returns a program for the templates of set. funcs are the template
// functions the program calls: the same names as set's, bound as they
// should be when this program executes (a function that executes another
// template should do it through this program). set must not be changed
// afterwards. direct are callers for the functions and methods called
// most, to spare them reflection (see Direct).
func New(set *template.Template, funcs template.FuncMap, direct ...Direct) *Program {
	p := &Program{
		set:     set,
		funcs:   map[string]*function{},
		direct:  direct,
		probes:  &probes{},
		byName:  map[string]*compiled{},
		entries: map[string]error{},
	}
	for name, fn := range funcs {
		p.funcs[name] = newFunction(name, reflect.ValueOf(fn), direct)
	}
	return p
}

// Execute applies the template name to data and writes the output to w. On
// any error, w may hold part of the output; the caller discards it and
// executes with html/template.
func (p *Program) Execute(w *bytes.Buffer, name string, data any) (err error) {
	t, err := p.entry(name)
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("tmplexec: %s: %v", name, r)
		}
	}()
	value, ok := data.(reflect.Value)
	if !ok {
		value = reflect.ValueOf(data)
	}
	s := &state{prog: p, w: w, vars: make([]variable, 1, 16)}
	s.vars[0] = variable{"$", value}
	switch err := s.walkList(value, t.root); err {
	case nil:
		return nil
	case errBreak, errContinue:
		return fmt.Errorf("tmplexec: %s: break or continue outside range", name)
	default:
		return err
	}
}

// entry returns the compiled entry point name, first having html/template
// escape it as an entry point if that has not happened yet.
func (p *Program) entry(name string) (*compiled, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	err, seen := p.entries[name]
	if !seen {
		err = p.escape(name)
		if err == nil {
			_, err = p.compile(name)
		}
		p.entries[name] = err
	}
	if err != nil {
		return nil, err
	}
	return p.byName[name], nil
}

// escape has html/template escape the template name as an entry point,
// exactly as its first ExecuteTemplate does. html/template offers no other
// way to ask for it, so this executes the template with no data into
// io.Discard: fields of nothing are nothing, and the first function that
// needs a real argument stops it. An error from the escaper (a
// *template.Error) means html/template will refuse the template too, so the
// program does not run it; any other error is the execution's and is
// expected.
func (p *Program) escape(name string) error {
	err := p.set.ExecuteTemplate(io.Discard, name, nil)
	var escapeErr *template.Error
	if errors.As(err, &escapeErr) {
		return err
	}
	if t := p.set.Lookup(name); t == nil || t.Tree == nil || t.Tree.Root == nil {
		return fmt.Errorf("tmplexec: no escaped template %q", name)
	}
	return nil
}

// compile compiles the template name and every template it calls, once.
// The caller holds p.mu.
func (p *Program) compile(name string) (*compiled, error) {
	if c, ok := p.byName[name]; ok {
		return c, nil
	}
	t := p.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		// A template html/template derived for another context (its name
		// carries "$htmltemplate_") is not reachable through Lookup.
		return nil, fmt.Errorf("tmplexec: template %q not found", name)
	}
	c := &compiled{name: name}
	p.byName[name] = c // before the body, so recursive calls find it
	root, err := p.compileList(t.Tree.Root)
	if err != nil {
		delete(p.byName, name)
		return nil, err
	}
	c.root = root
	return c, nil
}
