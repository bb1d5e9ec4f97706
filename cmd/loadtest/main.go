// Command loadtest drives `bot serve`'s /v1/ask with many concurrent clients on 127.0.0.1 and
// reports throughput, latency percentiles and errors. It starts the server itself (the binary
// given by --bot, with rate limits off), bounds the run in time and in requests, stops the server
// with SIGTERM, and exits 1 if any request failed.
//
// Usage:
//
//	go build -o bot ./cmd/bot && go run ./cmd/loadtest --bot ./bot --clients 200 --rate 10 --duration 10s
//
// Each client sends --rate requests a second (an open loop, like people asking); --rate 0 makes
// each client send its next request as soon as it has the answer (a closed loop), to measure the
// most the server takes.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// questions are asked in turn: answered, declined, typos, time questions.
var questions = []string{
	"Quand la NMI a-t-elle été lancée ?",
	"who commnds the nato mision in irak",
	"Qui commandait la NMI en 2019 ?",
	"Que s'est-il passé en décembre 2008 ?",
	"Combien de personnes la NTM-I a-t-elle formées ?",
	"What is the price of bitcoin?",
	"awacs",
	"Pourquoi la NTM-I a-t-elle pris fin ?",
}

type config struct {
	bot      string
	addr     string
	clients  int
	rate     float64
	duration time.Duration
	max      int64
}

func main() {
	var c config
	flag.StringVar(&c.bot, "bot", "./bot", "the bot binary to start with `serve`")
	flag.StringVar(&c.addr, "addr", "", "drive a server already listening here instead (127.0.0.1:PORT)")
	flag.IntVar(&c.clients, "clients", 200, "concurrent clients")
	flag.Float64Var(&c.rate, "rate", 10, "requests a second per client; 0 for a closed loop")
	flag.DurationVar(&c.duration, "duration", 10*time.Second, "how long to drive the server")
	flag.Int64Var(&c.max, "requests", 1_000_000, "stop after this many requests")
	flag.Parse()
	if err := run(c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(c config, out io.Writer) error {
	addr := c.addr
	if addr == "" {
		var stop func() error
		var err error
		addr, stop, err = startBot(c.bot)
		if err != nil {
			return err
		}
		defer func() {
			if err := stop(); err != nil {
				fmt.Fprintln(out, "server stop:", err)
			}
		}()
	}
	url := "http://" + addr + "/v1/ask"
	client := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{MaxIdleConns: c.clients, MaxIdleConnsPerHost: c.clients},
	}
	bodies := make([][]byte, len(questions))
	for i, q := range questions {
		bodies[i], _ = json.Marshal(map[string]string{"question": q})
	}

	ctx, cancel := context.WithTimeout(context.Background(), c.duration)
	defer cancel()
	var sent, failed atomic.Int64
	var firstErr atomic.Value
	lat := make([][]time.Duration, c.clients)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range c.clients {
		wg.Go(func() {
			var tick *time.Ticker
			if c.rate > 0 {
				// Clients start spread over one period, as people do not all ask at once;
				// otherwise every tick would be a burst of all the clients together.
				period := time.Duration(float64(time.Second) / c.rate)
				select {
				case <-ctx.Done():
					return
				case <-time.After(period * time.Duration(w) / time.Duration(c.clients)):
				}
				tick = time.NewTicker(period)
				defer tick.Stop()
			}
			for i := w; ; i++ {
				if tick != nil {
					select {
					case <-ctx.Done():
						return
					case <-tick.C:
					}
				} else if ctx.Err() != nil {
					return
				}
				if sent.Add(1) > c.max {
					return
				}
				t0 := time.Now()
				err := ask(client, url, bodies[i%len(bodies)])
				lat[w] = append(lat[w], time.Since(t0))
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	all := slices.Concat(lat...)
	slices.Sort(all)
	pct := func(p float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[min(len(all)-1, int(p*float64(len(all))))]
	}
	mode := fmt.Sprintf("open loop, %.0f req/s per client", c.rate)
	if c.rate <= 0 {
		mode = "closed loop"
	}
	fmt.Fprintf(out, "%d clients (%s), %s: %d requests, %.0f req/s, %d errors\n",
		c.clients, mode, elapsed.Round(time.Millisecond), len(all), float64(len(all))/elapsed.Seconds(), failed.Load())
	fmt.Fprintf(out, "latency p50 %s  p90 %s  p99 %s  max %s\n", pct(0.50), pct(0.90), pct(0.99), pct(1))
	if n := failed.Load(); n > 0 {
		return fmt.Errorf("%d requests failed, the first: %v", n, firstErr.Load())
	}
	return nil
}

// ask sends one question and checks the reply is a 200 JSON answer.
func ask(client *http.Client, url string, body []byte) error {
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var a struct {
		Text string `json:"text"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	if resp.StatusCode != http.StatusOK || a.Text == "" {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

// startBot starts `bot serve` on a free loopback port with rate limits off, waits until it is
// ready, and returns its address and a function that stops it with SIGTERM.
func startBot(bin string) (string, func() error, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--rate-limit", "0", "--log-level", "warn")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start %s: %w", bin, err)
	}
	stop := func() error {
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			return err
		}
		return cmd.Wait()
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return addr, stop, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "", nil, errors.Join(errors.New("server not ready within 10s"), stop())
}
