// Command genthesaurus writes intents/thesaurus.yaml from lexicon.yaml and the LibreOffice
// thesauri of Debian's mythes-fr and mythes-en-us packages. Run it with go generate ./intents.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/nmi-factbot/nmibot/intents/internal/thesaurus"
)

func main() {
	lexicon := flag.String("lexicon", "lexicon.yaml", "the lexicon whose concepts to expand")
	fr := flag.String("fr", thesaurus.DefaultFR, "the French thesaurus (MyThes .dat)")
	en := flag.String("en", thesaurus.DefaultEN, "the English thesaurus (MyThes .dat)")
	out := flag.String("o", "thesaurus.yaml", "where to write the table")
	flag.Parse()
	if err := run(*lexicon, *fr, *en, *out); err != nil {
		fmt.Fprintln(os.Stderr, "genthesaurus:", err)
		os.Exit(1)
	}
}

func run(lexicon, fr, en, out string) error {
	b, err := thesaurus.FromFiles(lexicon, fr, en)
	if err != nil {
		return err
	}
	return os.WriteFile(out, b, 0o644)
}
