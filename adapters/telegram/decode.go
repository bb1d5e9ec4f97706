package telegram

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

// What the library cannot decode. An update's body holds what a user wrote, which is logged only
// with LogQuestions, and the library quotes whole bodies in its errors ("error decode request
// body, {…}, …"). So the adapter decodes each update first, drops with an error line that quotes
// nothing those that do not decode, and cuts the bodies out of the errors the library reports.

// checkUpdate reports whether an update's JSON decodes into the library's types; one that does
// not is logged, without its body, and counted with OnError: it is dropped, not answered. id is
// the update's id, 0 when it cannot be read.
func (a *Adapter) checkUpdate(raw []byte) (id int64, ok bool) {
	var head struct {
		ID int64 `json:"update_id"`
	}
	_ = json.Unmarshal(raw, &head)
	var upd models.Update
	err := json.Unmarshal(raw, &upd)
	if err == nil {
		return head.ID, true
	}
	err = fmt.Errorf("telegram: malformed update %d dropped: %s", head.ID, decodeProblem(err))
	a.log.Error("malformed update dropped", "update", head.ID, "err", err)
	if a.core.OnError != nil {
		a.core.OnError(err)
	}
	return head.ID, false
}

// decodeProblem says why JSON does not decode, without quoting it: encoding/json's errors may
// quote a number or a map key.
func decodeProblem(err error) string {
	var typ *json.UnmarshalTypeError
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Sprintf("field %s: want %s", typ.Field, typ.Type)
	case errors.As(err, &typ):
		return fmt.Sprintf("want %s", typ.Type)
	case errors.As(err, &syntax):
		return fmt.Sprintf("invalid JSON at byte %d", syntax.Offset)
	}
	return err.Error() // the models' own errors: "unsupported ChatMember type"
}

// pollClient is the library's HTTP client. It takes out of getUpdates' answers the updates that
// do not decode: the library would fail to decode the whole answer, poll again from the same
// offset and get the same update, forever, answering no one. A dropped update is replaced by
// its update_id alone, so that the library moves past it (and dispatches an empty update, which
// gets no answer); one whose id cannot be read is left, as there is nothing to move past.
type pollClient struct {
	a    *Adapter
	http *http.Client
}

// Do sends a request, checking the updates of a getUpdates answer.
func (c pollClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.http.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK || path.Base(req.URL.Path) != "getUpdates" {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read the updates: %w", err)
	}
	body = c.a.dropMalformed(body)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// dropMalformed returns a getUpdates answer with the updates that do not decode replaced by their
// update_id. An answer it cannot read is returned as it is, for the library to report.
func (a *Adapter) dropMalformed(body []byte) []byte {
	var answer map[string]json.RawMessage
	var updates []json.RawMessage
	if json.Unmarshal(body, &answer) != nil || json.Unmarshal(answer["result"], &updates) != nil {
		return body
	}
	changed := false
	for i, u := range updates {
		if id, ok := a.checkUpdate(u); !ok && id != 0 {
			updates[i] = json.RawMessage(`{"update_id":` + strconv.FormatInt(id, 10) + `}`)
			changed = true
		}
	}
	if !changed {
		return body
	}
	result, err := json.Marshal(updates)
	if err != nil {
		return body
	}
	answer["result"] = result
	out, err := json.Marshal(answer)
	if err != nil {
		return body
	}
	return out
}

// clientError is the library's error handler: a poll that failed, a webhook request it could not
// read. It logs the error, with the token and any body it quotes cut out, and counts it with
// OnError.
func (a *Adapter) clientError(err error) {
	err = withoutBodies(a.redact(err))
	a.log.Warn("telegram client", "err", err)
	if a.core.OnError != nil {
		a.core.OnError(err)
	}
}

// bodyless is an error of the library with the request or response body its text quoted cut out.
// It wraps the error at the root of the library's, which quotes none.
type bodyless struct {
	text string
	root error
}

func (e *bodyless) Error() string { return e.text }
func (e *bodyless) Unwrap() error { return e.root }

// withoutBodies cuts out of err's text the JSON body it quotes, if any: the text from its first
// "{" or "[" on, which the library puts after the method's name ("error decode response body for
// method getUpdates, {…}, invalid character …"). The error at the root of the chain, a JSON or
// network error, is kept: it quotes no body.
func withoutBodies(err error) error {
	text := err.Error()
	i := strings.IndexAny(text, "{[")
	if i < 0 {
		return err
	}
	root := err
	for u := errors.Unwrap(root); u != nil; u = errors.Unwrap(root) {
		root = u
	}
	cut := strings.TrimRight(text[:i], ", ") + ": (body left out)"
	var typ *json.UnmarshalTypeError
	var syntax *json.SyntaxError
	switch {
	case root == err:
	case errors.As(root, &typ), errors.As(root, &syntax):
		cut += ": " + decodeProblem(root)
	case !strings.ContainsAny(root.Error(), "{["):
		cut += ": " + root.Error()
	}
	return &bodyless{text: cut, root: root}
}
