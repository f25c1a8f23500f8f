package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sort"
)

// maxDepth is text/template's limit on nested template calls.
const maxDepth = 100000

var (
	errBreak    = errors.New("break")
	errContinue = errors.New("continue")
)

// state is one execution: the output and the variable stack. A called
// template sees only the variables from base up, as text/template gives
// it a fresh stack.
type state struct {
	prog  *Program
	w     *bytes.Buffer
	vars  []variable
	base  int
	depth int
}

type variable struct {
	name  string
	value reflect.Value
}

// missing marks the absence of a pipeline's previous value, as
// text/template's missingVal does.
type missingType struct{}

var missing = reflect.ValueOf(missingType{})

func isMissing(v reflect.Value) bool {
	return v.IsValid() && v.Type() == missing.Type()
}

func errorf(format string, args ...any) error {
	return fmt.Errorf("tmplexec: "+format, args...)
}

func (s *state) varValue(name string) (reflect.Value, error) {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value, nil
		}
	}
	return reflect.Value{}, errorf("undefined variable: %s", name)
}

func (s *state) setVar(name string, value reflect.Value) error {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = value
			return nil
		}
	}
	return errorf("undefined variable: %s", name)
}

func (s *state) walkList(dot reflect.Value, list []node) error {
	for _, n := range list {
		if err := s.walk(dot, n); err != nil {
			return err
		}
	}
	return nil
}

func (s *state) walk(dot reflect.Value, n node) error {
	switch n := n.(type) {
	case *textNode:
		s.w.Write(n.text)
		return nil
	case *actionNode:
		// Variables an action declares persist to the end of the
		// enclosing block.
		v, err := s.evalPipeline(dot, n.pipe)
		if err != nil || !n.print {
			return err
		}
		if len(n.escapers) > 0 {
			return s.printEscaped(v, n.escapers)
		}
		return s.printValue(v)
	case *ifNode:
		mark := len(s.vars)
		defer func() { s.vars = s.vars[:mark] }()
		v, err := s.evalPipeline(dot, n.pipe)
		if err != nil {
			return err
		}
		truth, ok := isTrue(indirectInterface(v))
		if !ok {
			return errorf("if/with can't use %v", v)
		}
		switch {
		case truth && n.with:
			return s.walkList(v, n.list)
		case truth:
			return s.walkList(dot, n.list)
		}
		return s.walkList(dot, n.elseList)
	case *rangeNode:
		return s.walkRange(dot, n)
	case *templateNode:
		return s.walkTemplate(dot, n)
	case *breakNode:
		return errBreak
	case *continueNode:
		return errContinue
	}
	return errorf("unknown node %T", n)
}

func (s *state) walkTemplate(dot reflect.Value, t *templateNode) error {
	if s.depth == maxDepth {
		return errorf("exceeded maximum template depth (%v)", maxDepth)
	}
	// Variables declared by the pipeline persist.
	dot, err := s.evalPipeline(dot, t.pipe)
	if err != nil {
		return err
	}
	mark, base := len(s.vars), s.base
	s.vars = append(s.vars, variable{"$", dot})
	s.base = mark
	s.depth++
	err = s.walkList(dot, t.target.root)
	s.depth--
	s.vars, s.base = s.vars[:mark], base
	if err == errBreak || err == errContinue {
		return errorf("break or continue outside range in %s", t.target.name)
	}
	return err
}

func (s *state) walkRange(dot reflect.Value, r *rangeNode) error {
	outer := len(s.vars)
	defer func() { s.vars = s.vars[:outer] }()
	v, err := s.evalPipeline(dot, r.pipe)
	if err != nil {
		return err
	}
	val, _ := indirect(v)
	decl := r.pipe.decl
	// mark is the top of the stack before the body's variables.
	mark := len(s.vars)
	iteration := func(index, elem reflect.Value) error {
		if len(decl) > 0 {
			if r.pipe.isAssign {
				if len(decl) > 1 {
					if err := s.setVar(decl[0], index); err != nil {
						return err
					}
				} else if err := s.setVar(decl[0], elem); err != nil {
					return err
				}
			} else {
				s.vars[len(s.vars)-1].value = elem
			}
		}
		if len(decl) > 1 {
			if r.pipe.isAssign {
				if err := s.setVar(decl[1], elem); err != nil {
					return err
				}
			} else {
				s.vars[len(s.vars)-2].value = index
			}
		}
		err := s.walkList(elem, r.list)
		s.vars = s.vars[:mark]
		if err == errContinue {
			err = nil
		}
		return err
	}
	// done reports the loop's end: a break ends it early without error.
	done := func(err error) error {
		if err == errBreak {
			return nil
		}
		return err
	}
	switch val.Kind() {
	case reflect.Array, reflect.Slice:
		if val.Len() == 0 {
			break
		}
		for i := 0; i < val.Len(); i++ {
			if err := iteration(reflect.ValueOf(i), val.Index(i)); err != nil {
				return done(err)
			}
		}
		return nil
	case reflect.Map:
		if val.Len() == 0 {
			break
		}
		keys, err := sortedKeys(val)
		if err != nil {
			return err
		}
		for _, k := range keys {
			if err := iteration(k, val.MapIndex(k)); err != nil {
				return done(err)
			}
		}
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if len(decl) > 1 {
			return errorf("can't use %v to iterate over more than one variable", val)
		}
		run := false
		for v := range val.Seq() {
			run = true
			if err := iteration(reflect.Value{}, v); err != nil {
				return done(err)
			}
		}
		if run {
			return nil
		}
	case reflect.Invalid:
		// A nil map and the like range like an empty one.
	default:
		// Channels and iterator functions are left to text/template.
		return errorf("range over %s is not supported", val.Kind())
	}
	if r.elseList != nil {
		return s.walkList(dot, r.elseList)
	}
	return nil
}

// sortedKeys orders a map's keys as text/template's range does, for the
// key kinds whose order is plain; other maps are left to text/template.
func sortedKeys(m reflect.Value) ([]reflect.Value, error) {
	keys := m.MapKeys()
	switch m.Type().Key().Kind() {
	case reflect.String:
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		sort.Slice(keys, func(i, j int) bool { return keys[i].Int() < keys[j].Int() })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		sort.Slice(keys, func(i, j int) bool { return keys[i].Uint() < keys[j].Uint() })
	default:
		return nil, errorf("range over a map keyed by %s is not supported", m.Type().Key())
	}
	return keys, nil
}

func (s *state) evalPipeline(dot reflect.Value, pipe *pipeline) (reflect.Value, error) {
	if pipe == nil {
		return reflect.Value{}, nil
	}
	value := missing
	for _, cmd := range pipe.cmds {
		v, err := s.evalCommand(dot, cmd, value)
		if err != nil {
			return v, err
		}
		// A value of type interface{} is replaced by what it holds.
		if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			v = v.Elem()
		}
		value = v
	}
	for _, name := range pipe.decl {
		if pipe.isAssign {
			if err := s.setVar(name, value); err != nil {
				return value, err
			}
		} else {
			s.vars = append(s.vars, variable{name, value})
		}
	}
	return value, nil
}

func notAFunction(args []*operand, final reflect.Value) error {
	if len(args) > 0 || !isMissing(final) {
		return errorf("can't give argument to non-function")
	}
	return nil
}

func (s *state) evalCommand(dot reflect.Value, cmd *command, final reflect.Value) (reflect.Value, error) {
	switch cmd.kind {
	case cmdField:
		return s.evalFieldChain(dot, dot, cmd.first.fields, cmd.args, final)
	case cmdChain:
		receiver, err := s.evalArg(dot, nil, cmd.first.inner)
		if err != nil {
			return receiver, err
		}
		return s.evalFieldChain(dot, receiver, cmd.first.fields, cmd.args, final)
	case cmdFunction:
		return s.evalCall(dot, cmd.fn, reflect.Value{}, cmd.args, final)
	case cmdVariable:
		value, err := s.varValue(cmd.first.name)
		if err != nil {
			return value, err
		}
		if len(cmd.first.fields) == 0 {
			return value, notAFunction(cmd.args, final)
		}
		return s.evalFieldChain(dot, value, cmd.first.fields, cmd.args, final)
	}
	if err := notAFunction(cmd.args, final); err != nil {
		return reflect.Value{}, err
	}
	switch cmd.kind {
	case cmdPipe:
		return s.evalPipeline(dot, cmd.first.pipe)
	case cmdDot:
		return dot, nil
	case cmdLiteral:
		return cmd.first.lit.ideal()
	}
	return reflect.Value{}, errorf("nil is not a command")
}

// evalFieldChain evaluates .X.Y.Z on receiver; the last may be a method
// that takes the command's arguments. dot is where the arguments are
// evaluated.
func (s *state) evalFieldChain(dot, receiver reflect.Value, fields []*fieldStep, args []*operand, final reflect.Value) (reflect.Value, error) {
	var err error
	n := len(fields)
	for i := 0; i < n-1; i++ {
		receiver, err = s.evalField(dot, fields[i], nil, missing, receiver)
		if err != nil {
			return receiver, err
		}
	}
	return s.evalField(dot, fields[n-1], args, final, receiver)
}

// evalField evaluates .Field or .Method args on receiver, as
// text/template's evalField does, with the lookup cached per type.
func (s *state) evalField(dot reflect.Value, f *fieldStep, args []*operand, final, receiver reflect.Value) (reflect.Value, error) {
	if !receiver.IsValid() {
		return reflect.Value{}, nil // missingkey=default: nothing of nothing is nothing
	}
	receiver, isNil := indirect(receiver)
	if receiver.Kind() == reflect.Interface && isNil {
		return reflect.Value{}, errorf("nil pointer evaluating %s", f.name)
	}
	r := f.resolve(receiver.Type(), receiver.CanAddr(), s.prog.direct)
	hasArgs := len(args) > 0 || !isMissing(final)
	switch r.kind {
	case viaMethod:
		ptr := receiver
		if r.takeAddr {
			ptr = receiver.Addr()
		}
		return s.evalCall(dot, r.method, ptr, args, final)
	case viaField:
		if hasArgs {
			return reflect.Value{}, errorf("%s has arguments but cannot be invoked as function", f.name)
		}
		return receiver.FieldByIndexErr(r.index)
	case viaMapKey:
		if hasArgs {
			return reflect.Value{}, errorf("%s is not a method but has arguments", f.name)
		}
		return receiver.MapIndex(f.nameValue), nil
	}
	return reflect.Value{}, errorf("can't evaluate field %s in type %s", f.name, receiver.Type())
}

// evalCall calls fn with the command's arguments and the pipeline's
// previous value, if any, last. For a method, recv is the receiver, passed
// first, and fn's parameters count from the second.
func (s *state) evalCall(dot reflect.Value, fn *function, recv reflect.Value, args []*operand, final reflect.Value) (reflect.Value, error) {
	if fn.err != nil {
		return reflect.Value{}, fn.err
	}
	if fn.andOr != 0 {
		return s.evalAndOr(dot, fn, args, final)
	}
	typ := fn.typ
	off := 0
	if recv.IsValid() {
		off = 1
	}
	params := typ.NumIn() - off
	numIn := len(args)
	if !isMissing(final) {
		numIn++
	}
	numFixed := len(args)
	if typ.IsVariadic() {
		numFixed = params - 1
		if numIn < numFixed {
			return reflect.Value{}, errorf("wrong number of args for %s", fn.name)
		}
	} else if numIn != params {
		return reflect.Value{}, errorf("wrong number of args for %s: want %d got %d", fn.name, params, numIn)
	}
	argv := make([]reflect.Value, off+numIn)
	if off == 1 {
		argv[0] = recv
	}
	var err error
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		if argv[off+i], err = s.evalArg(dot, typ.In(off+i), args[i]); err != nil {
			return reflect.Value{}, err
		}
	}
	if typ.IsVariadic() {
		elem := typ.In(typ.NumIn() - 1).Elem()
		for ; i < len(args); i++ {
			if argv[off+i], err = s.evalArg(dot, elem, args[i]); err != nil {
				return reflect.Value{}, err
			}
		}
	}
	if !isMissing(final) {
		t := typ.In(typ.NumIn() - 1)
		if typ.IsVariadic() {
			if numIn-1 < numFixed {
				t = typ.In(off + numIn - 1)
			} else {
				t = t.Elem()
			}
		}
		if argv[off+i], err = validateType(final, t); err != nil {
			return reflect.Value{}, err
		}
	}
	var v reflect.Value
	if fn.direct != nil {
		v, err = fn.direct(argv)
	} else {
		v, err = call(fn.value, argv)
	}
	if err != nil {
		return reflect.Value{}, err
	}
	if v.IsValid() && v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v, nil
}

// call calls fun through reflection; a panic in it is an error, as in
// text/template.
func call(fun reflect.Value, args []reflect.Value) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	ret := fun.Call(args)
	if len(ret) == 2 && !ret[1].IsNil() {
		return ret[0], ret[1].Interface().(error)
	}
	return ret[0], nil
}

// evalAndOr runs the builtins and and or, which evaluate their arguments
// only until the result is known.
func (s *state) evalAndOr(dot reflect.Value, fn *function, args []*operand, final reflect.Value) (reflect.Value, error) {
	if len(args) == 0 && isMissing(final) {
		return reflect.Value{}, errorf("wrong number of args for %s", fn.name)
	}
	isOr := fn.andOr == 2
	var v reflect.Value
	for _, arg := range args {
		w, err := s.evalArg(dot, reflectValueType, arg)
		if err != nil {
			return w, err
		}
		v = w.Interface().(reflect.Value)
		if truth(v) == isOr {
			return v, nil
		}
	}
	if !isMissing(final) {
		w, err := validateType(final, reflectValueType)
		if err != nil {
			return w, err
		}
		v = w
		if v.Type() == reflectValueType {
			v = v.Interface().(reflect.Value)
		}
	}
	return v, nil
}

var reflectValueType = reflect.TypeFor[reflect.Value]()

func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	case reflect.Struct:
		return typ == reflectValueType
	}
	return false
}

// validateType makes value fit a parameter of type typ, as text/template
// does: nil becomes the type's zero, an interface gives up what it holds,
// and one pointer step is taken either way.
func validateType(value reflect.Value, typ reflect.Type) (reflect.Value, error) {
	if !value.IsValid() {
		if typ == nil {
			return reflect.ValueOf(nil), nil
		}
		if canBeNil(typ) {
			return reflect.Zero(typ), nil
		}
		return reflect.Value{}, errorf("invalid value; expected %s", typ)
	}
	if typ == reflectValueType && value.Type() != typ {
		return reflect.ValueOf(value), nil
	}
	if typ != nil && !value.Type().AssignableTo(typ) {
		if value.Kind() == reflect.Interface && !value.IsNil() {
			value = value.Elem()
			if value.Type().AssignableTo(typ) {
				return value, nil
			}
		}
		switch {
		case value.Kind() == reflect.Pointer && value.Type().Elem().AssignableTo(typ):
			value = value.Elem()
			if !value.IsValid() {
				return reflect.Value{}, errorf("dereference of nil pointer of type %s", typ)
			}
		case reflect.PointerTo(value.Type()).AssignableTo(typ) && value.CanAddr():
			value = value.Addr()
		default:
			return reflect.Value{}, errorf("wrong type for value; expected %s; got %s", typ, value.Type())
		}
	}
	return value, nil
}

// evalArg evaluates an argument for a parameter of type typ (nil: any).
func (s *state) evalArg(dot reflect.Value, typ reflect.Type, op *operand) (reflect.Value, error) {
	var v reflect.Value
	var err error
	switch op.kind {
	case opDot:
		v = dot
	case opNil:
		if typ != nil && canBeNil(typ) {
			return reflect.Zero(typ), nil
		}
		return reflect.Value{}, errorf("cannot assign nil to %s", typ)
	case opField:
		v, err = s.evalFieldChain(dot, dot, op.fields, nil, missing)
	case opVariable:
		v, err = s.varValue(op.name)
		if err == nil && len(op.fields) > 0 {
			v, err = s.evalFieldChain(dot, v, op.fields, nil, missing)
		}
	case opPipe:
		v, err = s.evalPipeline(dot, op.pipe)
	case opFunction:
		v, err = s.evalCall(dot, op.fn, reflect.Value{}, nil, missing)
	case opChain:
		v, err = s.evalArg(dot, nil, op.inner)
		if err == nil {
			v, err = s.evalFieldChain(dot, v, op.fields, nil, missing)
		}
	case opLiteral:
		if typ == nil {
			return reflect.Value{}, errorf("can't handle %s for arg of no type", op.text)
		}
		return op.lit.as(typ)
	}
	if err != nil {
		return v, err
	}
	return validateType(v, typ)
}

// indirect steps through pointers and interfaces to what they point at;
// isNil reports that it stopped at a nil one.
func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// isTrue is text/template's truth: not the zero of its type.
func isTrue(val reflect.Value) (truth, ok bool) {
	if !val.IsValid() {
		return false, true
	}
	switch val.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		truth = val.Len() > 0
	case reflect.Bool:
		truth = val.Bool()
	case reflect.Complex64, reflect.Complex128:
		truth = val.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		truth = !val.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		truth = val.Int() != 0
	case reflect.Float32, reflect.Float64:
		truth = val.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		truth = val.Uint() != 0
	case reflect.Struct:
		truth = true
	default:
		return
	}
	return truth, true
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

var (
	errorType       = reflect.TypeFor[error]()
	fmtStringerType = reflect.TypeFor[fmt.Stringer]()
)

// printValue writes a value as text/template prints one that no escaper
// has turned into text.
func (s *state) printValue(v reflect.Value) error {
	if v.Kind() == reflect.String && v.Type() == stringType {
		s.w.WriteString(v.String())
		return nil
	}
	if v.Kind() == reflect.Pointer {
		v, _ = indirect(v)
	}
	if !v.IsValid() {
		s.w.WriteString("<no value>")
		return nil
	}
	if !v.Type().Implements(errorType) && !v.Type().Implements(fmtStringerType) {
		if v.CanAddr() && (reflect.PointerTo(v.Type()).Implements(errorType) || reflect.PointerTo(v.Type()).Implements(fmtStringerType)) {
			v = v.Addr()
		} else {
			switch v.Kind() {
			case reflect.Chan, reflect.Func:
				return errorf("can't print value of type %s", v.Type())
			}
		}
	}
	fmt.Fprint(s.w, v.Interface())
	return nil
}

var stringType = reflect.TypeFor[string]()

// printEscaped applies an action's escapers to its value and writes the
// result: the first escaper takes the value as html/template passes it, each
// next one the text before it.
func (s *state) printEscaped(v reflect.Value, escapers []escaper) error {
	in := textOf(v)
	for i, e := range escapers {
		if i == len(escapers)-1 && e.table != nil && in.t == contentPlain {
			if needsHTMLEscape(in.s, e.table, e.badRunes) {
				s.w.Write(appendHTML(s.w.AvailableBuffer(), in.s, e.table, e.badRunes))
			} else {
				s.w.WriteString(in.s)
			}
			return nil
		}
		out, err := e.escape(s.prog.probes, in)
		if err != nil {
			return err
		}
		in = text{s: out}
	}
	s.w.WriteString(in.s)
	return nil
}
