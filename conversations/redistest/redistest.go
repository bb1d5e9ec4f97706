// Package redistest starts a throwaway redis-server on 127.0.0.1 for tests of what the bot keeps
// in Redis (conversations, rate limits, interactions already answered), and lets a test stop,
// restart or slow it, as an outage would.
package redistest

import (
	"fmt"
	"net"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// Server is a redis-server run by a test.
type Server struct {
	// URL is the server's address, "redis://127.0.0.1:<port>/0"; it stays the same across a
	// Stop and a Start.
	URL string

	tb   testing.TB
	bin  string
	addr string
	dir  string
	mu   sync.Mutex
	cmd  *exec.Cmd
}

// Start starts a redis-server on a free port of 127.0.0.1, stopped when the test ends, and returns
// its URL; it skips the test, saying why, when redis-server is not installed (.ci/run installs
// Debian's, so CI runs these tests).
func Start(tb testing.TB) string {
	tb.Helper()
	return Run(tb).URL
}

// Run is Start for a test that also stops, restarts or slows the server.
func Run(tb testing.TB) *Server {
	tb.Helper()
	s := New(tb)
	s.Start()
	return s
}

// New returns a server not started yet, for a test of a bot that starts before its Redis.
func New(tb testing.TB) *Server {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		tb.Skip("SKIPPED: redis-server is not installed (apt-get install redis-server); the Redis code is untested here")
	}
	s := &Server{tb: tb, bin: bin, addr: FreeAddr(tb), dir: tb.TempDir()}
	s.URL = "redis://" + s.addr + "/0"
	tb.Cleanup(s.Stop)
	return s
}

// FreeAddr returns a 127.0.0.1 address nothing listens on, for a server started later.
func FreeAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// Start starts the server (again) on its address and waits until it takes connections.
func (s *Server) Start() {
	s.tb.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return
	}
	host, port, _ := net.SplitHostPort(s.addr)
	cmd := exec.Command(s.bin, "--bind", host, "--port", port, "--save", "", "--appendonly", "no",
		"--dir", s.dir, "--enable-debug-command", "local")
	if err := cmd.Start(); err != nil {
		s.tb.Fatal(err)
	}
	s.cmd = cmd
	for range 250 {
		if c, err := net.Dial("tcp", s.addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.tb.Fatal("redis-server did not start")
}

// Stop kills the server, as a crash would; its clients see refused connections.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	s.cmd.Wait()
	s.cmd = nil
}

// Sleep makes the server answer nothing for d (DEBUG SLEEP), as an overloaded server would; it
// returns as soon as the server sleeps.
func (s *Server) Sleep(d time.Duration) {
	s.tb.Helper()
	c, err := net.Dial("tcp", s.addr)
	if err != nil {
		s.tb.Fatal(err)
	}
	// An inline command; its reply comes only after the sleep, and is not waited for.
	if _, err := fmt.Fprintf(c, "DEBUG SLEEP %.3f\r\n", d.Seconds()); err != nil {
		s.tb.Fatal(err)
	}
	go func() {
		c.SetReadDeadline(time.Now().Add(d + 5*time.Second))
		c.Read(make([]byte, 64))
		c.Close()
	}()
	// The server sleeps once a PING gets no PONG in time.
	for range 50 {
		p, err := net.DialTimeout("tcp", s.addr, 50*time.Millisecond)
		if err != nil {
			return
		}
		p.SetDeadline(time.Now().Add(30 * time.Millisecond))
		fmt.Fprintf(p, "PING\r\n")
		_, rerr := p.Read(make([]byte, 16))
		p.Close()
		if rerr != nil {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
