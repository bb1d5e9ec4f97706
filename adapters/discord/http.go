package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/hashicorp/golang-lru/v2/expirable"

	"github.com/nmi-factbot/nmibot/adapters"
)

// InteractionsPath is where Discord posts interactions in HTTP interactions mode: the
// "Interactions Endpoint URL" of the application is the server's public URL with this path.
const InteractionsPath = "/discord/interactions"

// MaxInteractionBody is the largest interaction read. A button's interaction carries the message
// it is under (an embed of at most 6000 characters) and the user: far below this.
const MaxInteractionBody = 256 << 10

// MaxSignatureAge is how old, or how far ahead, a signed timestamp may be. The signature covers
// the timestamp but discordgo does not check its age, so an old request would replay.
const MaxSignatureAge = 5 * time.Minute

// Routes adds POST /discord/interactions to mux when the adapter has a public key.
func (b *Adapter) Routes(mux *http.ServeMux) {
	if b.publicKey == nil {
		return
	}
	mux.Handle("POST "+InteractionsPath, http.HandlerFunc(b.serveInteraction))
}

// serveInteraction answers one interaction in the HTTP reply itself: PONG to a PING, a message
// (type 4) to a command or a button, choices to autocomplete. An answer not ready within the
// deadline (the conversation store is slow) is deferred: the reply says "thinking…" (type 5) and
// the answer is edited in when ready.
func (b *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request) {
	deadline := time.Now().Add(b.respondWithin())
	defer adapters.Recover(b.log, func(err error) {
		b.failed(err)
		http.Error(w, "internal error", http.StatusInternalServerError)
	}, "an interaction")
	i, ok := b.take(w, r, deadline)
	if !ok {
		return
	}
	// The answer may outlive the request, when deferred.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), handlerTimeout)
	pending := b.compose(ctx, i)
	deferred := deferral(i)
	c, ready := await(pending, deadline)
	if !ready && deferred == nil {
		c, ready = <-pending, true // nothing to defer it with: the response goes late
	}
	if !ready {
		b.log.Info("discord: answer not ready in time, deferring it", "type", int(i.Type))
		writeJSON(w, b.log, deferred)
		http.NewResponseController(w).Flush() // Discord has the deferral before the edit
		b.inflight.Add(1)                     // before the handler returns, so that Run's wait counts it
		go func() {
			defer b.inflight.Done()
			b.recovered("deferred interaction", func() {
				defer cancel()
				b.finish(ctx, i, pending)
			})
		}()
		return
	}
	cancel()
	if c.err != nil {
		b.log.Warn("discord: interaction not answered", "err", c.err)
		http.Error(w, "unsupported interaction", http.StatusBadRequest)
		return
	}
	writeJSON(w, b.log, c.resp)
}

// take reads the interaction of a request, or replies with why it does not take it: 401 for a
// request without a valid, fresh signature, as Discord's own checks require, or one already
// taken (a replay); 400 or 413 for a body that is no interaction. Seen may take until deadline.
func (b *Adapter) take(w http.ResponseWriter, r *http.Request, deadline time.Time) (*discordgo.Interaction, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxInteractionBody))
	if err != nil {
		if errors.As(err, new(*http.MaxBytesError)) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return nil, false
		}
		http.Error(w, "cannot read the request body", http.StatusBadRequest)
		return nil, false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if !discordgo.VerifyInteraction(r, b.publicKey) || !fresh(r.Header.Get("X-Signature-Timestamp"), time.Now()) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return nil, false
	}
	i := new(discordgo.Interaction)
	if err := json.Unmarshal(body, i); err != nil || i.ID == "" {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return nil, false
	}
	ctx, cancel := context.WithDeadline(r.Context(), deadline)
	defer cancel()
	if !b.first(ctx, i) {
		http.Error(w, "interaction already received", http.StatusUnauthorized)
		return nil, false
	}
	return i, true
}

// writeJSON writes resp as the HTTP reply.
func writeJSON(w http.ResponseWriter, log *slog.Logger, resp *discordgo.InteractionResponse) {
	out, err := json.Marshal(resp)
	if err != nil {
		log.Error("discord: encoding an interaction response", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(out)
}

// seenTTL is how long an interaction id is remembered: as long as a request signed with its
// timestamp is taken, MaxSignatureAge either side of now.
const seenTTL = 2 * MaxSignatureAge

// first reports whether i is taken for the first time, false for a replay. A PING is always
// taken, as answering it again does nothing. An error of Seen is logged and counted, and the
// interaction taken.
func (b *Adapter) first(ctx context.Context, i *discordgo.Interaction) bool {
	if i.Type == discordgo.InteractionPing {
		return true
	}
	ok, err := b.seen.First(ctx, "discord:"+i.ID, seenTTL)
	if err != nil {
		b.log.Warn("discord: cannot tell whether an interaction is replayed, answering it", "err", err)
		b.failed(err)
		return true
	}
	if !ok {
		b.log.Warn("discord: replayed interaction refused", "type", int(i.Type))
	}
	return ok
}

// maxSeen bounds the interaction ids the in-process Seen keeps: a replica answering 80 a second
// for seenTTL. Past it the oldest are forgotten, and a replay of one of them is answered.
const maxSeen = 50_000

// memorySeen is the in-process Seen: the ids of the last interactions, each until its ttl ends.
type memorySeen struct {
	mu  sync.Mutex // makes a look-up and its record one step
	ids *expirable.LRU[string, time.Time]
}

func newMemorySeen(size int) *memorySeen {
	return &memorySeen{ids: expirable.NewLRU[string, time.Time](size, nil, seenTTL)}
}

// First records id until ttl from now (seenTTL at most) and reports whether it was not
// recorded already. It never fails.
func (m *memorySeen) First(_ context.Context, id string, ttl time.Duration) (bool, error) {
	now := time.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	if until, ok := m.ids.Peek(id); ok && now.Before(until) {
		return false, nil
	}
	m.ids.Add(id, now.Add(ttl))
	return true, nil
}

// fresh reports whether a signature timestamp (Unix seconds) is within MaxSignatureAge of now.
func fresh(ts string, now time.Time) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	d := now.Sub(time.Unix(sec, 0))
	return d <= MaxSignatureAge && d >= -MaxSignatureAge
}
