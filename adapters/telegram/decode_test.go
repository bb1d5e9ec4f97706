package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The errors the library reports lose the bodies they quote, which hold what users wrote, and
// keep what says what went wrong.
func TestWithoutBodies(t *testing.T) {
	const body = `{"update_id":7,"message":{"message_id":"seven","text":"Quel est le mot de passe ?"}}`
	var v struct {
		Message struct {
			ID int `json:"message_id"`
		} `json:"message"`
	}
	typeErr := json.Unmarshal([]byte(body), &v)
	syntaxErr := json.Unmarshal([]byte(`{"ok":tru`+body), &v)
	tests := []struct {
		name string
		err  error
		want string
		is   error // an error the result still wraps
	}{
		{"webhook body", fmt.Errorf("error decode request body, %s, %w", body, typeErr),
			"error decode request body: (body left out): field message.message_id: want int", typeErr},
		{"getUpdates answer", fmt.Errorf("error get updates, %w", fmt.Errorf("error decode response body for method getUpdates, %s, %w", `{"ok":tru`+body, syntaxErr)),
			"error get updates, error decode response body for method getUpdates: (body left out): invalid JSON at byte 10", syntaxErr},
		{"no body", fmt.Errorf("error get updates, %w", context.Canceled),
			"error get updates, context canceled", context.Canceled},
		{"body without a wrapped error", fmt.Errorf("error decode, %s", body),
			"error decode: (body left out)", nil},
	}
	for _, tt := range tests {
		got := withoutBodies(tt.err)
		if got.Error() != tt.want || strings.Contains(got.Error(), "mot de passe") {
			t.Errorf("%s: withoutBodies(%q) = %q, want %q", tt.name, tt.err, got, tt.want)
		}
		if tt.is != nil && !errors.Is(got, tt.is) {
			t.Errorf("%s: withoutBodies(%q) does not wrap %v", tt.name, tt.err, tt.is)
		}
	}
}
