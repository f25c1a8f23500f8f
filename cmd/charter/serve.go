package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/charter-ssg/charter/generator/preview"
	"github.com/charter-ssg/charter/generator/scaffold"
	"github.com/charter-ssg/charter/generator/watch"
	"github.com/spf13/pflag"
)

const serveUsage = `charter serve [--source DIR] [--bind 127.0.0.1] [--port 8080] [--poll] [--date YYYY-MM-DD]

  --source DIR   the site folder (default: the current folder)
  --bind ADDR    the address to listen on (default: 127.0.0.1, this computer only)
  --port N       the port (default: 8080)
  --poll         poll for changes instead of using file system events
  --date DATE    today's date for overdue reviews (default: today)

The public site is served at /, the staff site at /_staff/.`

const newUsage = `charter new site DIR
charter new promise|playbook|team TITLE [--source DIR]`

func runServe(args []string, env *environment) int {
	var sf siteFlags
	var bind string
	var port int
	var poll bool
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	sf.register(fs)
	fs.StringVar(&bind, "bind", "127.0.0.1", "address to listen on")
	fs.IntVar(&port, "port", 8080, "port to listen on")
	fs.BoolVar(&poll, "poll", false, "poll for changes")
	opts, ok := sf.parse(fs, args, serveUsage, env)
	if !ok {
		return exitUsage
	}
	if port < 0 || port > 65535 {
		fmt.Fprintf(env.stderr, "charter: --port %d is not a port number\n", port)
		return exitUsage
	}
	if ip := net.ParseIP(bind); ip == nil || !ip.IsLoopback() {
		fmt.Fprintf(env.stderr, "warning: serving on %s makes the staff pages at /_staff/ reachable from the network\n", bind)
	}
	fixedDate := sf.date != "" || env.getenv("SOURCE_DATE_EPOCH") != ""
	p := preview.New(preview.Options{
		Dir:   sf.source,
		Build: opts,
		Log:   env.stderr,
		Poll:  poll,
		Today: func() string {
			if fixedDate {
				return opts.Today
			}
			return time.Now().Format("2006-01-02")
		},
	})
	ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
	if err != nil {
		fmt.Fprintf(env.stderr, "charter: %v\n", err)
		return exitUsage
	}
	srv := &http.Server{Handler: p.Server(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(env.stderr, "serving the public site at http://%s/ and the staff site at http://%s/_staff/ (Ctrl+C to stop)\n", ln.Addr(), ln.Addr())
	stop := make(chan struct{})
	watchErr := make(chan error, 1)
	go func() { watchErr <- p.Watch(stop) }()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	code := exitOK
	select {
	case <-signals:
	case err := <-watchErr:
		if err != nil {
			fmt.Fprintf(env.stderr, "charter: cannot watch for changes: %v\n", err)
			if errors.Is(err, watch.ErrWatchLimit) {
				fmt.Fprintln(env.stderr, "charter: or run charter serve --poll")
			}
			code = exitContent
		}
	case err := <-serveErr:
		fmt.Fprintf(env.stderr, "charter: %v\n", err)
		code = exitContent
	}
	close(stop)
	p.Server().Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
	return code
}

func runNew(args []string, env *environment) int {
	var source string
	fs := pflag.NewFlagSet("new", pflag.ContinueOnError)
	fs.StringVar(&source, "source", ".", "the site folder")
	fs.SetOutput(env.stderr)
	fs.Usage = func() { fmt.Fprintf(env.stderr, "Usage:\n  %s\n", newUsage) }
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return exitUsage
	}
	kind, arg := fs.Arg(0), fs.Arg(1)
	if kind == "site" {
		files, err := scaffold.Site(arg)
		if err != nil {
			fmt.Fprintf(env.stderr, "charter: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(env.stdout, "wrote a starter site in %s (%d files); run: cd %s && charter serve\n", arg, len(files), arg)
		return exitOK
	}
	if _, ok := scaffold.Kinds[kind]; !ok {
		fmt.Fprintf(env.stderr, "charter: cannot make a %q: choose site, promise, playbook or team\n", kind)
		return exitUsage
	}
	path, err := scaffold.Document(source, kind, arg)
	if err != nil {
		fmt.Fprintf(env.stderr, "charter: %v\n", err)
		return exitContent
	}
	fmt.Fprintf(env.stdout, "wrote %s; fill in its fields, then run charter check\n", path)
	return exitOK
}
