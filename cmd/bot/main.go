// Command bot is the NATO Mission Iraq fact bot: it answers questions in French or English from
// five source documents, with verbatim quotes.
//
// Usage:
//
//	bot ask [--json] [--lang fr|en] ["question"]   answer one question, or one a line from stdin
//	bot chat [--lang fr|en]                        an interactive session
//	bot intents --json                             export what the matcher knows
//	bot check                                      validate the fact base and print counts
//	bot serve | telegram | discord                 run as a service (see README)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// usage is printed for "bot", "bot help" and an unknown subcommand.
const usage = `bot answers questions about NATO Mission Iraq (NMI) from its five source documents.

Usage:
  bot ask [--json] [--lang fr|en] ["question"]   answer a question; with no question, one a line from stdin
  bot chat [--lang fr|en]                        ask questions interactively
  bot intents --json                             export the intents (id, phrases, answer) as JSON
  bot check                                      validate the fact base and print counts

Run "bot COMMAND -h" for a command's flags.
`

// Run runs the bot with the command-line arguments args (without the program name) and returns
// the process exit code: 0 on success, 1 on failure, 2 on a usage error.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmds := map[string]func(context.Context, []string, io.Reader, io.Writer) error{
		"ask":      runAsk,
		"chat":     runChat,
		"intents":  runIntents,
		"check":    runCheck,
		"explain":  runExplain,
		"serve":    runServe,
		"discord":  runDiscord,
		"telegram": runTelegram,
		"coverage": runCoverage,
		"timeline": runTimeline,
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "bot: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	err := cmd(ctx, args[1:], stdin, stdout)
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

// parse parses a subcommand's flags, turning a bad flag into a usage error.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}
