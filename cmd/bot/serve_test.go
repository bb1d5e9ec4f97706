package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nmi-factbot/nmibot/conversations/redistest"
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

// lockedBuffer is a log sink safe for the server's goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serveInProcess runs `bot serve` in this process with the environment vars, until the test
// ends or stop is called; it returns the address once the server answers /healthz.
func serveInProcess(t *testing.T, vars map[string]string, args ...string) (addr string, stop func() error, log *lockedBuffer) {
	t.Helper()
	addr = freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	log = &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, append([]string{"--addr", addr}, args...), log, func(k string) string { return vars[k] }, nil)
	}()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() { cancel(); err = <-done })
		return err
	}
	t.Cleanup(func() { stop() })
	for range 200 {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			return addr, stop, log
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("bot serve did not start: %s", log)
	return
}

// get returns the status and body of a GET.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// A Redis down when the bot starts does not stop it: it serves, answers without context, says
// on /readyz that Redis is what is missing, and is ready once Redis comes up.
func TestServeStartsWithoutRedisAndRecovers(t *testing.T) {
	srv := redistest.New(t)
	addr, _, log := serveInProcess(t, map[string]string{"REDIS_URL": srv.URL})
	if code, body := get(t, "http://"+addr+"/readyz"); code != 503 || !strings.Contains(body, "redis") {
		t.Errorf("/readyz with Redis down = %d %s; want 503 naming redis", code, body)
	}
	if code, body := get(t, "http://"+addr+"/v1/ask?q="+url.QueryEscape("Qui commande la NMI ?")); code != 200 || !strings.Contains(body, "Hintzy") {
		t.Errorf("/v1/ask with Redis down = %d %s; want an answer", code, body)
	}
	srv.Start()
	deadline := time.Now().Add(5 * time.Second)
	for {
		code, body := get(t, "http://"+addr+"/readyz")
		if code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still %d %s after Redis came up", code, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Conversations are kept again: a follow-up follows.
	get(t, "http://"+addr+"/v1/ask?conversation=c1&q="+url.QueryEscape("Qui commandait la NMI fin 2020 ?"))
	if _, body := get(t, "http://"+addr+"/v1/ask?conversation=c1&q="+url.QueryEscape("il vient d'où ?")); !strings.Contains(body, "Danemark") {
		t.Errorf("follow-up once Redis is up = %s; want Olsen's country", body)
	}
	if !strings.Contains(log.String(), "redis unreachable at start") {
		t.Errorf("the log does not say Redis was unreachable:\n%s", log)
	}
}

// A slow Redis costs a reply its context, not its time: /v1/ask and /readyz answer within the
// store's budget while Redis sleeps (the bound is generous: it catches waiting for Redis).
func TestServeAnswersInTimeWhileRedisIsSlow(t *testing.T) {
	srv := redistest.Run(t)
	addr, _, _ := serveInProcess(t, map[string]string{"REDIS_URL": srv.URL})
	srv.Sleep(5 * time.Second)
	for _, path := range []string{"/v1/ask?q=" + url.QueryEscape("who commands NMI?"), "/readyz"} {
		start := time.Now()
		code, body := get(t, "http://"+addr+path)
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("GET %s took %v while Redis sleeps 5 s", path, took)
		}
		if path == "/readyz" && code != 503 {
			t.Errorf("/readyz while Redis sleeps = %d %s, want 503", code, body)
		}
		if path != "/readyz" && (code != 200 || !strings.Contains(body, "Hintzy")) {
			t.Errorf("GET %s while Redis sleeps = %d %s, want the answer", path, code, body)
		}
	}
}

// With Redis, replicas share each user's budget: questions spent on one count on the other.
func TestServeSharesRateLimitsAcrossReplicas(t *testing.T) {
	srv := redistest.Run(t)
	vars := map[string]string{"REDIS_URL": srv.URL}
	a, _, _ := serveInProcess(t, vars, "--rate-limit", "3")
	b, _, _ := serveInProcess(t, vars, "--rate-limit", "3")
	q := "/v1/ask?q=" + url.QueryEscape("Qui commande la NMI ?")
	for i, replica := range []string{a, b, a} {
		if code, body := get(t, "http://"+replica+q); code != 200 {
			t.Fatalf("question %d of 3 = %d %s", i+1, code, body)
		}
	}
	if code, _ := get(t, "http://"+b+q); code != 429 {
		t.Errorf("4th question on the other replica = %d, want 429", code)
	}
}

// On shutdown the server drains: /readyz fails at once, so a load balancer polling it stops
// sending new requests; then each kept-alive connection gets the reply to the request it sent and
// is closed; only then does the server stop. No request sent is left without a reply, whether the
// clients go through a "balancer" that checks /readyz every 50 ms or keep sending regardless, as
// wrk does (then only connections refused, once the listener is closed: nothing was sent). The
// clients post, which Go's client never retries, over kept-alive connections.
func TestServeDrainsKeepAliveClientsOnShutdown(t *testing.T) {
	for _, tt := range []struct {
		name     string
		balancer bool
	}{
		{"behind a balancer", true},
		{"sending regardless", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			addr, stop, _ := serveInProcess(t, nil, "--drain", "500ms", "--rate-limit", "0")
			answered, lost, example := driveThroughShutdown(t, addr, stop, tt.balancer)
			if lost > 0 {
				t.Errorf("%d of %d requests sent got no reply (e.g. %v)", lost, answered+lost, example)
			}
			t.Logf("%d requests answered, %d lost", answered, lost)
		})
	}
}

// driveThroughShutdown posts questions from 16 kept-alive clients, stops the server meanwhile,
// and counts the requests answered and those sent that got no reply.
func driveThroughShutdown(t *testing.T, addr string, stop func() error, balancer bool) (answered, lost int64, example any) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	var sent, failed atomic.Int64
	var failure atomic.Value
	var out atomic.Bool // the balancer took the server out of rotation
	quit := make(chan struct{})
	var wg sync.WaitGroup
	if balancer {
		wg.Go(func() {
			for !out.Load() {
				select {
				case <-quit:
					return
				case <-time.After(50 * time.Millisecond):
				}
				if resp, err := http.Get("http://" + addr + "/readyz"); err != nil || resp.StatusCode != 200 {
					out.Store(true)
				} else {
					resp.Body.Close()
				}
			}
		})
	}
	for range 16 {
		wg.Go(func() {
			for !out.Load() {
				select {
				case <-quit:
					return
				default:
				}
				resp, err := client.Post("http://"+addr+"/v1/ask", "application/json", strings.NewReader(`{"question":"Qui commande la NMI ?"}`))
				if err != nil {
					var op *net.OpError
					if errors.As(err, &op) && op.Op == "dial" {
						continue // refused: the listener is closed, nothing was sent
					}
					failed.Add(1)
					failure.Store(err.Error())
					continue
				}
				sent.Add(1)
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	time.Sleep(300 * time.Millisecond) // load before the shutdown
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	time.Sleep(100 * time.Millisecond) // within the drain
	if code, _ := get(t, "http://"+addr+"/readyz"); code != 503 {
		t.Errorf("/readyz while draining = %d, want 503", code)
	}
	if err := <-stopped; err != nil {
		t.Errorf("serve = %v", err)
	}
	close(quit)
	wg.Wait()
	return sent.Load(), failed.Load(), failure.Load()
}
