package provider

import (
	"strings"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/acctest"
	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// terraform apply -invoke redacts the named parts and the source; a part Intercom will
// not redact stops the action with a clear error that says what was done before.
func TestAccConversationRedaction(t *testing.T) {
	acctest.SkipUnlessTerraform(t, "1.14.0", "actions")
	srv := acctest.StartEmulator(t)
	ws := emulator.DefaultWorkspace.IDCode
	conv, err := srv.AddConversation(ws, emulator.Conversation{
		Source: emulator.ConversationPart{Body: "my card number is 4111", Redactable: true},
		Parts: []emulator.ConversationPart{
			{Body: "and my address is 1 Main St", Redactable: true},
			{Body: "a bot's answer", Redactable: false},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	wd := acctest.NewWorkdir(t, map[string]string{"main.tf": requiredProviders + `
variable "conversation" { type = string }
variable "part" { type = string }
variable "source_id" { type = string }
variable "bot_part" { type = string }

action "intercom_conversation_redaction" "this" {
  config {
    request_id            = "DSR-2026-0004"
    conversation_id       = var.conversation
    conversation_part_ids = [var.part]
    source_id             = var.source_id
  }
}

action "intercom_conversation_redaction" "bot" {
  config {
    request_id            = "DSR-2026-0004"
    conversation_id       = var.conversation
    conversation_part_ids = [var.bot_part]
  }
}
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	vars := []string{"-var=conversation=" + conv.ID, "-var=part=" + conv.Parts[0].ID, "-var=source_id=" + conv.Source.ID, "-var=bot_part=" + conv.Parts[1].ID}
	res := wd.MustRun(append([]string{"apply", "-auto-approve", "-input=false", "-invoke=action.intercom_conversation_redaction.this"}, vars...))
	if !strings.Contains(res.Output(), "DSR-2026-0004: redacted 2 of 2 part(s)") {
		t.Errorf("the run does not report its progress:\n%s", res.Output())
	}
	got := srv.Conversations(ws)[0]
	if !got.Source.Redacted || !got.Parts[0].Redacted || got.Parts[1].Redacted {
		t.Fatalf("redacted: source %v, part %v, bot part %v", got.Source.Redacted, got.Parts[0].Redacted, got.Parts[1].Redacted)
	}
	bot := wd.Run(append([]string{"apply", "-auto-approve", "-input=false", "-invoke=action.intercom_conversation_redaction.bot"}, vars...)...)
	out := strings.Join(strings.Fields(bot.Output()), " ")
	if bot.ExitCode == 0 || !strings.Contains(out, "Intercom will not redact conversation part "+conv.Parts[1].ID) ||
		!strings.Contains(out, "0 of 1 part(s) were redacted before this one") {
		t.Fatalf("a part Intercom will not redact (exit %d):\n%s", bot.ExitCode, bot.Output())
	}
}
