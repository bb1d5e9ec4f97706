package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/nmi-factbot/nmibot/adapters"
	"github.com/nmi-factbot/nmibot/adapters/discord"
	"github.com/nmi-factbot/nmibot/adapters/telegram"
	"github.com/nmi-factbot/nmibot/service"
)

// platforms are the chat platforms the bot answers on: `bot serve` runs each one whose token is
// set, `bot NAME` runs one alone, and both usages list their settings. A new platform is one
// line here (see the adapters package).
func platforms() []adapters.Platform {
	return []adapters.Platform{
		discord.Platform(),
		telegram.Platform(),
	}
}

// lookup reads settings from the environment: NAME, or for a secret the file NAME_FILE names.
func lookup(getenv env) adapters.Lookup {
	return func(name string) (string, error) {
		v, err := getenv.secret(name)
		return strings.TrimSpace(v), err
	}
}

// build makes the adapters of the platforms configured, each on core with its errors counted
// under its name. A mistake in a platform's settings is a usage error.
func build(plats []adapters.Platform, getenv env, core adapters.Core, metrics *service.Metrics) ([]adapters.Adapter, error) {
	var out []adapters.Adapter
	for _, p := range plats {
		c := core
		c.OnError = func(error) { metrics.AdapterError(p.Name) }
		a, err := p.Build(lookup(getenv), c)
		if err != nil {
			return nil, usageError{fmt.Sprintf("%s: %v", p.Name, err)}
		}
		if a != nil {
			out = append(out, a)
		}
	}
	return out, nil
}

// ready reports the first adapter not ready: the fact base is loaded by then.
func ready(comps []adapters.Adapter) error {
	for _, c := range comps {
		if r, ok := c.(adapters.Readier); ok {
			if err := r.Ready(); err != nil {
				return err
			}
		}
	}
	return nil
}

// settingsHelp documents the settings read from the environment only: the platforms' and Redis.
func settingsHelp(plats []adapters.Platform) string {
	var b strings.Builder
	b.WriteString("\nEnvironment (a NAME_FILE variable may hold the path of a file with a secret instead of NAME):\n")
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, p := range plats {
		for _, s := range p.Settings {
			name := s.Name
			if s.Secret {
				name += "[_FILE]"
			}
			fmt.Fprintf(w, "  %s\t%s\n", name, s.Help)
		}
	}
	fmt.Fprintf(w, "  %s\t%s\n", "REDIS_URL[_FILE]", "keep conversations, rate limits and events taken in Redis, shared by replicas")
	w.Flush()
	b.WriteString("Tokens are never printed or logged.\n")
	return b.String()
}

// platformCommand is `bot NAME`: the platform alone beside the HTTP server of `bot serve`, with
// the flags of `bot serve` and the platform's own, each overriding its environment variable.
func platformCommand(p adapters.Platform) func(context.Context, []string, io.Reader, io.Writer) error {
	return func(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
		return runPlatform(ctx, args, stdout, os.Getenv, p)
	}
}

func runPlatform(ctx context.Context, args []string, stdout io.Writer, getenv env, p adapters.Platform) error {
	fs := newFlags(p.Name, stdout)
	var sc serveConfig
	sc.flags(fs, getenv)
	own := map[string]string{} // flag → variable
	for _, s := range p.Settings {
		if s.Flag != "" {
			fs.String(s.Flag, getenv(s.Name), s.Help+" (env "+s.Name+")")
			own[s.Flag] = s.Name
		}
	}
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: bot %s [flags]\n\nRuns %s alone, beside the HTTP server of bot serve.\n\nFlags (each can be set by its environment variable):\n", p.Name, p.Title)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), settingsHelp([]adapters.Platform{p}))
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	// The platform's own flags set on the command line win over the environment; the others go
	// to serve as given.
	overrides := map[string]string{}
	for k, v := range p.Alone {
		overrides[k] = v
	}
	var rest []string
	fs.Visit(func(f *flag.Flag) {
		if name, ok := own[f.Name]; ok {
			overrides[name] = f.Value.String()
			return
		}
		rest = append(rest, "-"+f.Name+"="+f.Value.String())
	})
	e := env(func(name string) string {
		if v, ok := overrides[name]; ok {
			return v
		}
		return getenv(name)
	})
	token, err := e.secret(p.Token)
	if err != nil {
		return err
	}
	if token == "" {
		return usageError{fmt.Sprintf("%s or %s_FILE must be set", p.Token, p.Token)}
	}
	return serve(ctx, rest, stdout, e, []adapters.Platform{p})
}
