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
	t.Parallel()
	acctest.SkipUnlessTerraform(t, "1.14.0", "actions")
	srv := acctest.StartEmulator(t)
	ws := emulator.DefaultWorkspace.IDCode
	conv, err := srv.AddConversation(ws, emulator.Conversation{
		Source: emulator.ConversationPart{Body: "my card number is 4111", Redactable: true},
		Parts: []emulator.ConversationPart{
			{Body: "and my address is 1 Main St", Redactable: true},
			{Body: "a bot's answer", Redactable: false},
			{Body: "and my phone is 555-0100", Redactable: true},
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
variable "later_part" { type = string }

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
    conversation_part_ids = [var.bot_part, var.later_part]
  }
}
`})
	wd.Env = append(wd.Env, EnvBaseURL+"="+srv.URL(), EnvAccessToken+"="+emulator.DefaultWorkspace.Token)
	vars := []string{"-var=conversation=" + conv.ID, "-var=part=" + conv.Parts[0].ID, "-var=source_id=" + conv.Source.ID, "-var=bot_part=" + conv.Parts[1].ID, "-var=later_part=" + conv.Parts[2].ID}
	res := wd.MustRun(append([]string{"apply", "-auto-approve", "-input=false", "-invoke=action.intercom_conversation_redaction.this"}, vars...))
	if !strings.Contains(res.Output(), "DSR-2026-0004: part 2 of 2 of conversation "+conv.ID+": redacted") {
		t.Errorf("the run does not report its progress:\n%s", res.Output())
	}
	got := srv.Conversations(ws)[0]
	if !got.Source.Redacted || !got.Parts[0].Redacted || got.Parts[1].Redacted {
		t.Fatalf("redacted: source %v, part %v, bot part %v", got.Source.Redacted, got.Parts[0].Redacted, got.Parts[1].Redacted)
	}
	bot := wd.Run(append([]string{"apply", "-auto-approve", "-input=false", "-invoke=action.intercom_conversation_redaction.bot"}, vars...)...)
	out := strings.Join(strings.Fields(bot.Output()), " ")
	// A part Intercom will not redact does not stop the parts after it; the refusal is
	// reported at the end, with what it means.
	if bot.ExitCode == 0 || !strings.Contains(out, "1 of 2 part(s) of conversation "+conv.ID+" not redacted") ||
		!strings.Contains(out, "conversation part "+conv.Parts[1].ID+": Intercom will not redact it (400/422") ||
		!strings.Contains(out, "1 of 2 part(s) were redacted") {
		t.Fatalf("a part Intercom will not redact (exit %d):\n%s", bot.ExitCode, bot.Output())
	}
	if got := srv.Conversations(ws)[0]; !got.Parts[2].Redacted || got.Parts[1].Redacted {
		t.Errorf("after the refused part: later part redacted %v, bot part %v", got.Parts[2].Redacted, got.Parts[1].Redacted)
	}
}
