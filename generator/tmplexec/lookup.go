package tmplexec

import (
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"text/template/parse"
)

// fieldStep is one name of a field chain (.A.B.C), with what the name
// resolved to for each receiver type seen so far. Templates see few
// types at each step, so the list stays short; it is replaced, never
// changed, so executions in parallel read it without a lock.
type fieldStep struct {
	name      string
	nameValue reflect.Value
	seen      atomic.Pointer[[]*resolution]
}

// resolution is what a name means on one receiver type.
type resolution struct {
	typ      reflect.Type
	addr     bool // whether the receiver was addressable
	takeAddr bool // whether the method is called on its address

	kind   resolvedKind
	method *function // the method, its receiver first
	index  []int     // the struct field
}

type resolvedKind int

const (
	viaNothing resolvedKind = iota // an error: no such field, unexported, nil pointer
	viaMethod
	viaField
	viaMapKey
)

// resolve returns what the step's name means on a receiver of type typ,
// after text/template's indirection: a method of the receiver or of a
// pointer to it, else a struct field, else a map key.
func (f *fieldStep) resolve(typ reflect.Type, addr bool, direct []Direct) *resolution {
	if seen := f.seen.Load(); seen != nil {
		for _, r := range *seen {
			if r.typ == typ && r.addr == addr {
				return r
			}
		}
	}
	r := f.lookup(typ, addr, direct)
	var next []*resolution
	if seen := f.seen.Load(); seen != nil {
		next = append(next, *seen...)
	}
	next = append(next, r)
	f.seen.Store(&next)
	return r
}

func (f *fieldStep) lookup(typ reflect.Type, addr bool, direct []Direct) *resolution {
	r := &resolution{typ: typ, addr: addr}
	// Like text/template, look for methods on a pointer to the receiver
	// when its address can be taken, so methods of T and *T are found.
	// (typ is never an interface here: indirection went through it.)
	ptrType := typ
	if addr && typ.Kind() != reflect.Pointer {
		ptrType, r.takeAddr = reflect.PointerTo(typ), true
	}
	if m, ok := ptrType.MethodByName(f.name); ok {
		r.kind, r.method = viaMethod, newFunction(f.name, m.Func, direct)
		return r
	}
	switch typ.Kind() {
	case reflect.Struct:
		if field, ok := typ.FieldByName(f.name); ok && field.IsExported() {
			r.kind, r.index = viaField, field.Index
		}
	case reflect.Map:
		if stringType.AssignableTo(typ.Key()) {
			r.kind = viaMapKey
		}
	}
	return r
}

// function is a template function or method, with how to call it.
type function struct {
	name  string
	value reflect.Value
	typ   reflect.Type
	err   error // the signature text/template refuses, if it does
	andOr int   // 1 for the builtin and, 2 for or: they short-circuit
	// direct calls the function without reflect.Value.Call, for the
	// signatures templates use most; nil means call through reflection.
	direct func(args []reflect.Value) (reflect.Value, error)
}

func newFunction(name string, v reflect.Value, direct []Direct) *function {
	fn := &function{name: name, value: v, typ: v.Type()}
	if fn.typ.Kind() != reflect.Func {
		fn.err = errorf("value for %s not a function", name)
		return fn
	}
	switch out := fn.typ.NumOut(); {
	case out == 1:
	case out == 2 && fn.typ.Out(1) == errorType:
	default:
		fn.err = errorf("function %s has a signature text/template refuses", name)
	}
	f := v.Interface()
	fn.direct = directCall(f)
	for _, d := range direct {
		if fn.direct != nil {
			break
		}
		fn.direct = d(f)
	}
	return fn
}

// A Direct returns a caller for fn, a function or a method expression
// (its receiver first), that calls it without reflect.Value.Call; or nil
// when fn's signature is not the one it calls. The program has checked
// and converted the arguments, as for a call through reflection. Method0
// and Method1 make them for a program's commonest methods.
type Direct func(fn any) func(args []reflect.Value) (reflect.Value, error)

// Method0 calls methods of the shape func(T) R. R must not be an interface
// type, whose result reflection would keep as an interface.
func Method0[T, R any]() Direct {
	return func(fn any) func([]reflect.Value) (reflect.Value, error) {
		f, ok := fn.(func(T) R)
		if !ok || reflect.TypeFor[R]().Kind() == reflect.Interface {
			return nil
		}
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(T))), nil
		}
	}
}

// Method1 calls methods of the shape func(T, A) R, like Method0.
func Method1[T, A, R any]() Direct {
	return func(fn any) func([]reflect.Value) (reflect.Value, error) {
		f, ok := fn.(func(T, A) R)
		if !ok || reflect.TypeFor[R]().Kind() == reflect.Interface {
			return nil
		}
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].Interface().(T), argAs[A](a[1]))), nil
		}
	}
}

// argAs is an argument as its parameter's type; a string is read without
// the copy that making an interface of it costs.
func argAs[A any](v reflect.Value) A {
	var a A
	if p, ok := any(&a).(*string); ok {
		*p = v.String()
		return a
	}
	return v.Interface().(A)
}

// directCall returns a caller for the common signatures of template
// functions, which needs no reflection to call them.
func directCall(f any) func(args []reflect.Value) (reflect.Value, error) {
	switch f := f.(type) {
	case func(string) string:
		return func(a []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(f(a[0].String())), nil }
	case func(string, string) string:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(a[0].String(), a[1].String())), nil
		}
	case func(int, int) int:
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(int(a[0].Int()), int(a[1].Int()))), nil
		}
	case func(...any) (map[string]any, error):
		return func(a []reflect.Value) (reflect.Value, error) {
			m, err := f(interfaces(a)...)
			return reflect.ValueOf(m), err
		}
	case func(...any) string:
		return func(a []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(f(interfaces(a)...)), nil }
	}
	return nil
}

// interfaces converts arguments evaluated for ...any parameters.
func interfaces(args []reflect.Value) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if a.IsValid() {
			out[i] = a.Interface()
		}
	}
	return out
}

// literal is a constant of the template: a bool, number or string. Its
// value depends on the parameter it is passed to, as in text/template; the
// conversions are kept per type.
type literal struct {
	node parse.Node
	seen atomic.Pointer[[]literalAs]
}

type literalAs struct {
	typ   reflect.Type
	value reflect.Value
	err   error
}

func newLiteral(n parse.Node) *literal { return &literal{node: n} }

// ideal is the literal's value where nothing says its type, as a command of
// its own.
func (l *literal) ideal() (reflect.Value, error) {
	switch n := l.node.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(n.True), nil
	case *parse.StringNode:
		return reflect.ValueOf(n.Text), nil
	case *parse.NumberNode:
		return idealConstant(n)
	}
	return reflect.Value{}, errorf("not a literal: %s", l.node)
}

// idealConstant is text/template's reading of a number of unknown type.
func idealConstant(n *parse.NumberNode) (reflect.Value, error) {
	switch {
	case n.IsComplex:
		return reflect.ValueOf(n.Complex128), nil
	case n.IsFloat && !isHexInt(n.Text) && !isRuneInt(n.Text) && strings.ContainsAny(n.Text, ".eEpP"):
		return reflect.ValueOf(n.Float64), nil
	case n.IsInt:
		i := int(n.Int64)
		if int64(i) != n.Int64 {
			return reflect.Value{}, errorf("%s overflows int", n.Text)
		}
		return reflect.ValueOf(i), nil
	}
	return reflect.Value{}, errorf("%s overflows int", n.Text)
}

func isRuneInt(s string) bool { return len(s) > 0 && s[0] == '\'' }

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

// as returns the literal as an argument of type typ.
func (l *literal) as(typ reflect.Type) (reflect.Value, error) {
	if seen := l.seen.Load(); seen != nil {
		for _, a := range *seen {
			if a.typ == typ {
				return a.value, a.err
			}
		}
	}
	v, err := l.convert(typ)
	var next []literalAs
	if seen := l.seen.Load(); seen != nil {
		next = append(next, *seen...)
	}
	next = append(next, literalAs{typ, v, err})
	l.seen.Store(&next)
	return v, err
}

func (l *literal) convert(typ reflect.Type) (reflect.Value, error) {
	switch typ.Kind() {
	case reflect.Interface:
		if typ.NumMethod() == 0 {
			return l.ideal()
		}
	case reflect.Struct:
		if typ == reflectValueType {
			v, err := l.ideal()
			return reflect.ValueOf(v), err
		}
	}
	value := reflect.New(typ).Elem()
	switch n := l.node.(type) {
	case *parse.BoolNode:
		if typ.Kind() == reflect.Bool {
			value.SetBool(n.True)
			return value, nil
		}
	case *parse.StringNode:
		if typ.Kind() == reflect.String {
			value.SetString(n.Text)
			return value, nil
		}
	case *parse.NumberNode:
		switch typ.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if n.IsInt {
				value.SetInt(n.Int64)
				return value, nil
			}
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			if n.IsUint {
				value.SetUint(n.Uint64)
				return value, nil
			}
		case reflect.Float32, reflect.Float64:
			if n.IsFloat {
				value.SetFloat(n.Float64)
				return value, nil
			}
		case reflect.Complex64, reflect.Complex128:
			if n.IsComplex {
				value.SetComplex(n.Complex128)
				return value, nil
			}
		}
	}
	return reflect.Value{}, fmt.Errorf("tmplexec: can't pass %s as %s", l.node, typ)
}
