package tmplexec

import (
	"fmt"
	"reflect"
	"strings"
	"text/template/parse"
)

// The compiled forms of text/template's parse nodes. Each keeps what
// evaluating it needs, resolved once: the called template, the function,
// the escapers, the literal's value.

type node interface{ isNode() }

type textNode struct{ text []byte }

type actionNode struct {
	pipe     *pipeline
	print    bool      // false when the action declares variables
	escapers []escaper // html/template's escapers that end the pipeline, applied to its value
}

type ifNode struct {
	with           bool
	pipe           *pipeline
	list, elseList []node
}

type rangeNode struct {
	pipe           *pipeline
	list, elseList []node
}

type templateNode struct {
	target *compiled
	pipe   *pipeline
}

type breakNode struct{}

type continueNode struct{}

func (*textNode) isNode()     {}
func (*actionNode) isNode()   {}
func (*ifNode) isNode()       {}
func (*rangeNode) isNode()    {}
func (*templateNode) isNode() {}
func (*breakNode) isNode()    {}
func (*continueNode) isNode() {}

type pipeline struct {
	decl     []string
	isAssign bool
	cmds     []*command
}

// command is one command of a pipeline: its first word says what it is,
// the rest are the arguments.
type command struct {
	kind  commandKind
	first *operand   // the word itself, for field, chain, variable, pipe and literal commands
	fn    *function  // for a function call
	args  []*operand // the arguments after the first word
}

type commandKind int

const (
	cmdField commandKind = iota
	cmdChain
	cmdFunction
	cmdPipe
	cmdVariable
	cmdLiteral
	cmdDot
	cmdNil
)

// operand is a word of a command as an argument: a field chain, a variable,
// a parenthesised pipeline, a function, a chain on any of these, or a
// literal.
type operand struct {
	kind   operandKind
	fields []*fieldStep // .A.B, $x.A.B, (pipe).A.B
	name   string       // a variable's name
	pipe   *pipeline
	fn     *function
	inner  *operand // what a chain's fields apply to
	lit    *literal
	text   string // the node as written, for messages
}

type operandKind int

const (
	opDot operandKind = iota
	opNil
	opField
	opVariable
	opPipe
	opFunction
	opChain
	opLiteral
)

func (p *Program) compileList(list *parse.ListNode) ([]node, error) {
	if list == nil {
		return nil, nil
	}
	out := make([]node, 0, len(list.Nodes))
	for _, n := range list.Nodes {
		c, err := p.compileNode(n)
		if err != nil {
			return nil, err
		}
		if c != nil {
			out = append(out, c)
		}
	}
	return out, nil
}

func (p *Program) compileNode(n parse.Node) (node, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		return &textNode{text: n.Text}, nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		return p.compileAction(n)
	case *parse.IfNode:
		pipe, list, elseList, err := p.compileBranch(&n.BranchNode)
		return &ifNode{pipe: pipe, list: list, elseList: elseList}, err
	case *parse.WithNode:
		pipe, list, elseList, err := p.compileBranch(&n.BranchNode)
		return &ifNode{with: true, pipe: pipe, list: list, elseList: elseList}, err
	case *parse.RangeNode:
		pipe, list, elseList, err := p.compileBranch(&n.BranchNode)
		return &rangeNode{pipe: pipe, list: list, elseList: elseList}, err
	case *parse.TemplateNode:
		target, err := p.compile(n.Name)
		if err != nil {
			return nil, err
		}
		pipe, err := p.compilePipeline(n.Pipe)
		if err != nil {
			return nil, err
		}
		return &templateNode{target: target, pipe: pipe}, nil
	case *parse.BreakNode:
		return &breakNode{}, nil
	case *parse.ContinueNode:
		return &continueNode{}, nil
	}
	return nil, fmt.Errorf("tmplexec: unknown node %s", n)
}

// compileBranch compiles what if, with and range have: a pipeline, a
// list, and the list after else.
func (p *Program) compileBranch(b *parse.BranchNode) (pipe *pipeline, list, elseList []node, err error) {
	if pipe, err = p.compilePipeline(b.Pipe); err != nil {
		return nil, nil, nil, err
	}
	if list, err = p.compileList(b.List); err != nil {
		return nil, nil, nil, err
	}
	elseList, err = p.compileList(b.ElseList)
	return pipe, list, elseList, err
}

// compileAction splits off the escapers html/template appended to the
// action's pipeline: argument-less commands naming them, at its end.
func (p *Program) compileAction(n *parse.ActionNode) (node, error) {
	cmds := n.Pipe.Cmds
	var escapers []escaper
	for len(cmds) > 1 {
		last := cmds[len(cmds)-1]
		id, ok := last.Args[0].(*parse.IdentifierNode)
		if !ok || len(last.Args) != 1 || !strings.HasPrefix(id.Ident, "_html_template_") {
			break
		}
		e, ok := escaperNamed(id.Ident)
		if !ok {
			return nil, fmt.Errorf("tmplexec: escaper %s is not supported", id.Ident)
		}
		escapers = append([]escaper{e}, escapers...)
		cmds = cmds[:len(cmds)-1]
	}
	pipe, err := p.compilePipeline(&parse.PipeNode{Decl: n.Pipe.Decl, IsAssign: n.Pipe.IsAssign, Cmds: cmds})
	if err != nil {
		return nil, err
	}
	return &actionNode{pipe: pipe, print: len(n.Pipe.Decl) == 0, escapers: escapers}, nil
}

func (p *Program) compilePipeline(pipe *parse.PipeNode) (*pipeline, error) {
	if pipe == nil {
		return nil, nil
	}
	out := &pipeline{isAssign: pipe.IsAssign}
	for _, v := range pipe.Decl {
		out.decl = append(out.decl, v.Ident[0])
	}
	for _, c := range pipe.Cmds {
		cmd, err := p.compileCommand(c)
		if err != nil {
			return nil, err
		}
		out.cmds = append(out.cmds, cmd)
	}
	return out, nil
}

func (p *Program) compileCommand(c *parse.CommandNode) (*command, error) {
	cmd := &command{}
	for _, a := range c.Args[1:] {
		op, err := p.compileOperand(a)
		if err != nil {
			return nil, err
		}
		cmd.args = append(cmd.args, op)
	}
	switch first := c.Args[0].(type) {
	case *parse.IdentifierNode:
		fn, err := p.function(first.Ident)
		if err != nil {
			return nil, err
		}
		cmd.kind, cmd.fn = cmdFunction, fn
		return cmd, nil
	case *parse.FieldNode:
		cmd.kind = cmdField
	case *parse.ChainNode:
		cmd.kind = cmdChain
	case *parse.PipeNode:
		cmd.kind = cmdPipe
	case *parse.VariableNode:
		cmd.kind = cmdVariable
	case *parse.DotNode:
		cmd.kind = cmdDot
	case *parse.NilNode:
		cmd.kind = cmdNil
	case *parse.BoolNode, *parse.NumberNode, *parse.StringNode:
		cmd.kind = cmdLiteral
	default:
		return nil, fmt.Errorf("tmplexec: can't evaluate command %q", first)
	}
	op, err := p.compileOperand(c.Args[0])
	if err != nil {
		return nil, err
	}
	cmd.first = op
	return cmd, nil
}

func (p *Program) compileOperand(n parse.Node) (*operand, error) {
	op := &operand{text: n.String()}
	switch n := n.(type) {
	case *parse.DotNode:
		op.kind = opDot
	case *parse.NilNode:
		op.kind = opNil
	case *parse.FieldNode:
		op.kind, op.fields = opField, steps(n.Ident)
	case *parse.VariableNode:
		op.kind, op.name, op.fields = opVariable, n.Ident[0], steps(n.Ident[1:])
	case *parse.PipeNode:
		pipe, err := p.compilePipeline(n)
		if err != nil {
			return nil, err
		}
		op.kind, op.pipe = opPipe, pipe
	case *parse.IdentifierNode:
		fn, err := p.function(n.Ident)
		if err != nil {
			return nil, err
		}
		op.kind, op.fn = opFunction, fn
	case *parse.ChainNode:
		if n.Node.Type() == parse.NodeNil {
			return nil, fmt.Errorf("tmplexec: indirection through explicit nil in %s", n)
		}
		inner, err := p.compileOperand(n.Node)
		if err != nil {
			return nil, err
		}
		op.kind, op.inner, op.fields = opChain, inner, steps(n.Field)
	case *parse.BoolNode, *parse.NumberNode, *parse.StringNode:
		op.kind, op.lit = opLiteral, newLiteral(n)
	default:
		return nil, fmt.Errorf("tmplexec: can't handle operand %s", n)
	}
	return op, nil
}

func steps(names []string) []*fieldStep {
	out := make([]*fieldStep, len(names))
	for i, name := range names {
		out[i] = &fieldStep{name: name, nameValue: reflect.ValueOf(name)}
	}
	return out
}

// function finds a function by name as text/template does: the set's
// functions first, then the builtins. The JavaScript and URL builtins and
// call and slice are not run here.
func (p *Program) function(name string) (*function, error) {
	if fn, ok := p.funcs[name]; ok {
		return fn, nil
	}
	if name == "_eval_args_" {
		return evalArgsFunction, nil
	}
	if fn, ok := builtins[name]; ok {
		return fn, nil
	}
	return nil, fmt.Errorf("tmplexec: function %q is not supported", name)
}
