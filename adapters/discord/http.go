package discord

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
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

// Routes adds POST /discord/interactions to mux when the Bot has a public key.
func (b *Bot) Routes(mux *http.ServeMux) {
	if b.publicKey == nil {
		return
	}
	mux.Handle("POST "+InteractionsPath, http.HandlerFunc(b.serveInteraction))
}

// serveInteraction answers one interaction in the HTTP reply itself: PONG to a PING, a message
// (type 4) to a command or a button, choices to autocomplete. A request without a valid, fresh
// signature gets 401, as Discord's own checks require.
func (b *Bot) serveInteraction(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			b.log.Error("discord: interaction handler panicked", "panic", fmt.Sprint(v))
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxInteractionBody))
	if err != nil {
		if errors.As(err, new(*http.MaxBytesError)) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "cannot read the request body", http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if !discordgo.VerifyInteraction(r, b.publicKey) || !fresh(r.Header.Get("X-Signature-Timestamp"), time.Now()) {
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil {
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	resp, err := b.respond(r.Context(), &i)
	if err != nil {
		b.log.Warn("discord: interaction not answered", "err", err)
		http.Error(w, "unsupported interaction", http.StatusBadRequest)
		return
	}
	out, err := json.Marshal(resp)
	if err != nil {
		b.log.Error("discord: encoding an interaction response", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(out)
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
