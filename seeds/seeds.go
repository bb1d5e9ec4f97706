// Package seeds embeds the five French source documents the bot answers from, with SOURCES.md.
//
// The files are kept byte for byte as they were published; citations name them.
package seeds

import "embed"

// FS holds the source documents (*.txt) and SOURCES.md.
//
//go:embed *.txt SOURCES.md
var FS embed.FS
