// Command charter compiles a customer charter — promises, service
// standards, results and the staff playbooks behind them — into a public
// site and a staff site. This package only parses flags and wires the
// generator packages together.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// version is set at release time with -ldflags "-X main.version=…".
var version = ""

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1
	exitUsage   = 2
)

type command struct {
	name    string
	summary string
	usage   string
	run     func(args []string, env *environment) int
}

// environment is what a command may touch: its streams and variables.
type environment struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	isTerminal     bool
}

func commands() []command {
	return []command{
		{"build", "build the public and staff sites", buildUsage, runBuild},
		{"serve", "preview both sites with live reload", serveUsage, runServe},
		{"check", "check the site without writing anything", checkUsage, runCheck},
		{"new", "start a site, or add a promise, playbook or team", newUsage, runNew},
		{"help", "show help for a command", "charter help [COMMAND]", nil},
		{"version", "print charter's version", "charter version", nil},
	}
}

func main() {
	env := &environment{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, isTerminal: isTerminal(os.Stderr)}
	os.Exit(run(os.Args[1:], env))
}

func run(args []string, env *environment) int {
	if len(args) == 0 {
		printHelp(env.stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "--help":
		if len(rest) > 0 {
			for _, c := range commands() {
				if c.name == rest[0] {
					fmt.Fprintf(env.stdout, "%s — %s\n\nUsage:\n  %s\n", c.name, c.summary, c.usage)
					return exitOK
				}
			}
			fmt.Fprintf(env.stderr, "charter: unknown command %q\n", rest[0])
			return exitUsage
		}
		printHelp(env.stdout)
		return exitOK
	case "version", "--version":
		fmt.Fprintf(env.stdout, "charter %s\n", versionString())
		return exitOK
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(rest, env)
		}
	}
	fmt.Fprintf(env.stderr, "charter: unknown command %q\n\n", name)
	printHelp(env.stderr)
	return exitUsage
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "charter compiles a customer charter into a public site and a staff site.")
	fmt.Fprintln(w, "\nUsage:\n  charter COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun \"charter help COMMAND\" for a command's flags.")
}

func versionString() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		v := info.Main.Version
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v = strings.TrimSuffix(v+" "+s.Value[:12], " ")
			}
		}
		if v != "" {
			return v
		}
	}
	return "(devel)"
}

func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
