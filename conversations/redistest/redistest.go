// Package redistest starts a throwaway redis-server on 127.0.0.1 for tests of what keeps
// conversations in Redis.
package redistest

import (
	"fmt"
	"net"
	"os/exec"
	"testing"
	"time"
)

// Start starts a redis-server on a free port of 127.0.0.1, stopped when the test ends, and returns
// its URL; it skips the test, saying why, when redis-server is not installed (.ci/run installs
// Debian's, so CI runs these tests).
func Start(tb testing.TB) string {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		tb.Skip("SKIPPED: redis-server is not installed (apt-get install redis-server); the Redis store is untested here")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin, "--bind", "127.0.0.1", "--port", fmt.Sprint(port), "--save", "", "--appendonly", "no", "--dir", tb.TempDir())
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for range 100 {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "redis://" + addr + "/0"
		}
		time.Sleep(20 * time.Millisecond)
	}
	tb.Fatal("redis-server did not start")
	return ""
}
