package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBot builds the command into a temporary folder, for tests that run it as a user would.
func buildBot(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to build the bot")
	}
	bin := filepath.Join(t.TempDir(), "bot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// freeAddr returns a loopback address with a free port.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startServe starts `bot serve` and waits until it answers /readyz.
func startServe(t *testing.T, bin string, env []string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for range 200 {
		if resp, err := http.Get("http://" + addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return cmd, addr
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("bot serve did not become ready")
	return nil, ""
}

// SIGTERM stops the server taking new connections but lets a request in flight finish.
func TestServeFinishesARequestInFlightOnSIGTERM(t *testing.T) {
	bin := buildBot(t)
	cmd, addr := startServe(t, bin, nil)

	body := `{"question":"Qui commande la NMI ?"}`
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	r := bufio.NewReader(conn)
	// A first, whole request proves the server has accepted the connection: one still in the
	// listen queue would be reset by the shutdown, having never been in flight.
	fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	if resp, err := http.ReadResponse(r, nil); err != nil {
		t.Fatal(err)
	} else {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	// Then half a request: once the server reads its header, it is in flight.
	fmt.Fprintf(conn, "POST /v1/ask HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", addr, len(body), body[:10])
	// Not a timing assertion: it only gives the server time to read the header it was sent.
	time.Sleep(200 * time.Millisecond)

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Shutdown has begun once the listener refuses new connections.
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			break
		}
		c.Close()
		if i == 200 {
			t.Fatal("server still accepts connections after SIGTERM")
		}
		time.Sleep(25 * time.Millisecond)
	}
	// The rest of the request still gets its answer.
	io.WriteString(conn, body[10:])
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("request in flight lost: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(b), "Hintzy") {
		t.Errorf("request in flight: %d %s", resp.StatusCode, b)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("bot serve exited with %v after SIGTERM, want 0", err)
	}
}

func TestServeHelpDocumentsEverySetting(t *testing.T) {
	code, out, _ := run(t, "", "serve", "--help")
	if code != 0 {
		t.Fatalf("bot serve --help: exit %d", code)
	}
	for _, want := range []string{"-addr", "BOT_ADDR", "-rate-limit", "BOT_RATE_LIMIT", "-log-format", "-shutdown-timeout",
		"TELEGRAM_TOKEN", "DISCORD_PUBLIC_KEY", "REDIS_URL"} {
		if !strings.Contains(out, want) {
			t.Errorf("bot serve --help lacks %q:\n%s", want, out)
		}
	}
}
