package telegram

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// secretHeader is the header Telegram sends the webhook secret in.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// Routes adds the webhook route to mux in webhook mode; in polling mode it adds nothing.
func (a *Adapter) Routes(mux *http.ServeMux) {
	if a.webhookPath != "" {
		mux.Handle(a.webhookPath, a.webhookHandler())
	}
}

// webhookHandler wraps the library's webhook handler, which compares the secret with != and
// answers 200 even when it is wrong: ours takes POST only, compares the secret in constant
// time, answers 401 and processes nothing when it is missing or wrong, limits the body, drops
// an update that does not decode without logging its body (checkUpdate), and answers 503 when
// the bot is not running, so that Telegram retries later.
func (a *Adapter) webhookHandler() http.Handler {
	lib := a.client.WebhookHandler()
	want := sha256.Sum256([]byte(a.secret))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// Hashing both sides first makes the comparison's time independent of the length too.
		got := sha256.Sum256([]byte(r.Header.Get(secretHeader)))
		if r.Header.Get(secretHeader) == "" || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		if !a.running.Load() {
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "update too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "cannot read the update", http.StatusBadRequest)
			return
		}
		if !json.Valid(body) {
			http.Error(w, "not a JSON update", http.StatusBadRequest)
			return
		}
		if _, ok := a.checkUpdate(body); !ok {
			// Dropped, and acknowledged, so that Telegram does not send it again.
			w.WriteHeader(http.StatusOK)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		lib(w, r)
	})
}
