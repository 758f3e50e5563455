package provider

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
)

// terraform apply -invoke of an objection: alice and bob are unsubscribed from e-mail and
// opted out of every live opt-out type (never the opt-in one), the bystander untouched,
// the receipt records both by position, and no e-mail address is printed or stored.
func TestAccContactOptOut_invoke(t *testing.T) {
	t.Parallel()
	f := newErasureFixture(t, `
action "intercom_contact_opt_out" "this" {
  config {
    request_id    = "DSR-2026-0003"
    subjects_file = "subjects.json"
    receipt_file  = "DSR-2026-0003.receipt.json"
  }
}
`, "{}")
	// bob by his contact id, which the emulator gives when the fixture adds him.
	subjects := `{"emails": ["` + aliceEmail + `"], "contact_ids": ["` + f.bob + `"]}`
	if err := os.WriteFile(filepath.Join(f.wd.Dir, "subjects.json"), []byte(subjects), 0o600); err != nil {
		t.Fatal(err)
	}
	res := f.wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-invoke=action.intercom_contact_opt_out.this"})
	text := strings.Join(strings.Fields(res.Output()), " ")
	for _, want := range []string{"opting out of e-mail and 2 subscription type(s): 1, 2",
		"2 subject(s): 2 opted out and verified, 0 already absent, 0 not found by their identifier, 0 refused, 0 outcome unknown, 0 not attempted"} {
		if !strings.Contains(text, want) {
			t.Errorf("the run does not say %q:\n%s", want, res.Output())
		}
	}
	for _, c := range f.srv.Contacts(emulator.DefaultWorkspace.IDCode) {
		want := c.ID == f.alice || c.ID == f.bob
		if c.MergedInto != "" {
			continue
		}
		if want != c.UnsubscribedFromEmails || (want && !slices.Equal(c.Subscriptions, []string{"1", "2"})) || (!want && len(c.Subscriptions) > 0) {
			t.Errorf("contact %s: unsubscribed %v, subscriptions %v (named: %v)", c.ID, c.UnsubscribedFromEmails, c.Subscriptions, want)
		}
	}
	rc, err := gdpr.ReadReceiptOfKind(filepath.Join(f.wd.Dir, "DSR-2026-0003.receipt.json"), gdpr.OptOutReceiptKind)
	if err != nil {
		t.Fatal(err)
	}
	if !rc.Complete || rc.Counts[gdpr.OptedOut] != 2 || len(rc.Subjects) != 2 || rc.Subjects[0].Position != "emails entry 1 of 1 in subjects_file" {
		t.Errorf("receipt: complete %v counts %v subjects %+v", rc.Complete, rc.Counts, rc.Subjects)
	}
	f.requireNoEmail(t, res.Stdout, res.Stderr)
}

// An opt-in type named refuses the request before any write, by position.
func TestAccContactOptOut_refusesAnOptInType(t *testing.T) {
	t.Parallel()
	f := newErasureFixture(t, `
action "intercom_contact_opt_out" "this" {
  config {
    request_id            = "DSR-2026-0004"
    subjects_file         = "subjects.json"
    subscription_type_ids = ["1", "3"]
  }
}
`, `{"emails": ["`+aliceEmail+`"]}`)
	res := f.wd.MustRun([]string{"apply", "-auto-approve", "-input=false", "-invoke=action.intercom_contact_opt_out.this"}, 1)
	text := strings.Join(strings.Fields(res.Output()), " ")
	if !strings.Contains(text, "subscription_type_ids entry 2 of 2: is an opt_in type: attaching it would opt the contact in, not out") {
		t.Errorf("the opt-in type was not refused:\n%s", res.Output())
	}
	for _, c := range f.srv.Contacts(emulator.DefaultWorkspace.IDCode) {
		if c.UnsubscribedFromEmails || len(c.Subscriptions) > 0 {
			t.Errorf("contact %s was changed by a refused request", c.ID)
		}
	}
}
