// Package golden compares what a test renders with a file under testdata/, the way the Go source
// tree's tests do: `go test ./pkg -update` rewrites the files from what the code renders now.
package golden

import (
	"flag"
	"os"
	"testing"
)

// update is the -update flag of the test binaries that import this package.
var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// Check fails tb when got differs from the file at path; with -update it writes got there first.
func Check(tb testing.TB, path, got string) {
	tb.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run go test with -update to create it)", err)
	}
	if got != string(want) {
		tb.Errorf("got:\n%s\nwant (%s):\n%s", got, path, want)
	}
}
