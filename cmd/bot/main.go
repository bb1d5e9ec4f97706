// Command bot is the NATO Mission Iraq fact bot: it answers questions in French or English from
// five source documents, with verbatim quotes.
//
// Run "bot help" for its commands; the README says what each does.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// command is one subcommand of bot.
type command struct {
	name, args, summary string
	run                 func(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error
}

// commands are bot's subcommands, in the order the usage lists them; the chat platforms add
// theirs (`bot telegram`, `bot discord`).
func commands() []command {
	cmds := []command{
		{"ask", `[--json] [--lang fr|en] ["question"]`, "answer a question; with no question, one a line from stdin", runAsk},
		{"chat", "[--json] [--lang fr|en]", "ask questions interactively; messages follow up on the last", runChat},
		{"explain", `"question"`, "show what the matcher understood of a question", runExplain},
		{"timeline", "[--from YEAR] [--to YEAR] [--lang fr|en]", "print the dated events in order, with their sources", runTimeline},
		{"intents", "--json", "export the intents (id, phrases, answer) as JSON", runIntents},
		{"check", "", "validate the fact base and print counts", runCheck},
		{"coverage", "[--all]", "list the sentences of the sources no fact cites", runCoverage},
		{"serve", "[flags]", "run the HTTP API and every chat platform whose token is set", runServe},
	}
	for _, p := range platforms() {
		cmds = append(cmds, command{p.Name, "[flags]", "run " + p.Title + " alone, beside the HTTP server", platformCommand(p)})
	}
	return cmds
}

// usage is printed for "bot", "bot help" and an unknown subcommand.
func usage() string {
	var b strings.Builder
	b.WriteString("bot answers questions about NATO Mission Iraq (NMI) from its five source documents.\n\nUsage:\n")
	w := tabwriter.NewWriter(&b, 0, 0, 3, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(w, "  bot %s %s\t%s\n", c.name, c.args, c.summary)
	}
	w.Flush()
	b.WriteString("\nRun \"bot COMMAND -h\" for a command's flags.\n")
	return b.String()
}

// Run runs the bot with the command-line arguments args (without the program name) and returns
// the process exit code: 0 on success, 1 on failure, 2 on a usage error.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage())
		return 0
	}
	i := slices.IndexFunc(commands(), func(c command) bool { return c.name == args[0] })
	if i < 0 {
		fmt.Fprintf(stderr, "bot: unknown command %q\n\n%s", args[0], usage())
		return 2
	}
	err := commands()[i].run(ctx, args[1:], stdin, stdout)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "bot %s: %v\n", args[0], err)
		return 2
	}
	fmt.Fprintf(stderr, "bot %s: %v\n", args[0], err)
	return 1
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// newFlags returns a flag set for a subcommand that reports errors instead of exiting.
func newFlags(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("bot "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	return fs
}

// parse parses a subcommand's flags. The flag package prints a mistake and the usage before
// returning the mistake, which Run would print again: so the flag set prints nothing while
// parsing, and a mistake comes back as one usage error that holds the usage, for Run to print
// once on standard error. -h prints the usage on the flag set's output.
func parse(fs *flag.FlagSet, args []string) error {
	out, usage := fs.Output(), fs.Usage
	if usage == nil {
		usage = func() {
			fmt.Fprintf(fs.Output(), "Usage of %s:\n", fs.Name())
			fs.PrintDefaults()
		}
	}
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.SetOutput(out)
	fs.Usage = usage
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		usage()
		return err
	}
	var b strings.Builder
	fs.SetOutput(&b)
	usage()
	fs.SetOutput(out)
	return usageError{err.Error() + "\n" + strings.TrimSuffix(b.String(), "\n")}
}
