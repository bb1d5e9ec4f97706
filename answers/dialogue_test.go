package answers

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nmi-factbot/nmibot/conversations"
)

// A conversation is a list of messages, each with what its reply must hold.
func TestDialogueFollowUps(t *testing.T) {
	type turn struct {
		say          string
		want         []string // folded substrings of the reply
		wantAnswered bool
		wantLang     string
	}
	tests := []struct {
		name  string
		turns []turn
	}{
		{"another time", []turn{
			{"Qui commande la NMI ?", []string{"hintzy"}, true, "fr"},
			{"et en 2020 ?", []string{"olsen"}, true, "fr"},
		}},
		{"before that, for a value", []turn{
			{"who commands NMI?", []string{"hintzy"}, true, "en"},
			{"and before that?", []string{"olsen"}, true, "en"},
		}},
		{"before that, for an event", []turn{
			{"What happened on 28 June 2004?", []string{"istanbul"}, true, "en"},
			{"Quand Allawi a-t-il écrit à l'OTAN ?", []string{"22 juin 2004"}, true, "fr"},
			{"et avant ?", []string{"2003", "saddam"}, true, "fr"},
			{"et avant ?", []string{"mes sources ne donnent rien d'anterieur"}, false, "fr"},
		}},
		{"sources", []turn{
			{"Pourquoi la NTM-I a-t-elle pris fin ?", []string{"statut juridique"}, true, "fr"},
			{"source ?", []string{"sources :", "otan"}, true, "fr"},
		}},
		{"switch language", []turn{
			{"Qui commande la NMI ?", []string{"general de division"}, true, "fr"},
			{"in English please", []string{"major general"}, true, "en"},
			// The choice holds for the next questions.
			{"Quand la NMI a-t-elle été lancée ?", []string{"july 2018"}, true, "en"},
			{"en français", []string{"juillet 2018"}, true, "fr"},
		}},
		{"language first", []turn{
			{"in English please", []string{"from now on"}, false, "en"},
			{"Où est basée la NMI ?", []string{"baghdad"}, true, "en"},
		}},
		{"a follow-up with nothing before is a question", []turn{
			{"et en 2019 ?", []string{"2019"}, true, "fr"},
		}},
	}
	e := mustEngine(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Dialogue{Engine: e, Store: conversations.NewMemory(10, time.Minute)}
			for i, tr := range tt.turns {
				a, err := d.Reply(context.Background(), "test", Question{Text: tr.say})
				if err != nil {
					t.Fatal(err)
				}
				text := fold(a.Text)
				for _, w := range tr.want {
					if !strings.Contains(text, w) {
						t.Errorf("turn %d %q: reply %q lacks %q", i+1, tr.say, a.Text, w)
					}
				}
				if a.Answered != tr.wantAnswered || string(a.Lang) != tr.wantLang {
					t.Errorf("turn %d %q: answered %v in %s, want %v in %s (%q)", i+1, tr.say, a.Answered, a.Lang, tr.wantAnswered, tr.wantLang, a.Text)
				}
				if a.Question != tr.say {
					t.Errorf("turn %d: Question = %q, want the message as sent", i+1, a.Question)
				}
			}
		})
	}
}

func TestDialogueKeepsConversationsApart(t *testing.T) {
	e := mustEngine(t)
	d := &Dialogue{Engine: e, Store: conversations.NewMemory(10, time.Minute)}
	ctx := context.Background()
	d.Reply(ctx, "alice", Question{Text: "in English please"})
	a, _ := d.Reply(ctx, "bob", Question{Text: "Qui commande la NMI ?"})
	if a.Lang != "fr" {
		t.Errorf("bob's reply in %s: alice's language leaked", a.Lang)
	}
}

// Every message the bot says has its text in both languages.
func TestEveryMessageInBothLanguages(t *testing.T) {
	for m := msgHelp; m <= msgTypeAny; m++ {
		if txt := messages[m]; txt.FR == "" || txt.EN == "" {
			t.Errorf("message %d: %+v, want French and English", m, txt)
		}
	}
}
