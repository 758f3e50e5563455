package gdpr_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/gdpr"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

func contactOf(srv *emulator.Server, ws, id string) emulator.Contact {
	i := slices.IndexFunc(srv.Contacts(ws), func(c emulator.Contact) bool { return c.ID == id })
	return srv.Contacts(ws)[i]
}

// An objection with no type named opts the contact out of e-mail and of every live
// opt-out type: never into an opt-in type, never an archived one; and the read-back
// proves it.
func TestOptOutOfEveryLiveOptOutType(t *testing.T) {
	t.Parallel()
	srv, c, ws := workspace(t)
	jane, _ := srv.AddContact(ws, emulator.Contact{Email: "jane@example.org", Subscriptions: []string{"2"}})
	bystander, _ := srv.AddContact(ws, emulator.Contact{Email: "john@example.org"})
	ctx := context.Background()
	types, problems, err := gdpr.OptOutTypes(ctx, c, nil)
	if err != nil || len(problems) > 0 || !slices.Equal(types, []string{"1", "2"}) {
		t.Fatalf("types %v, problems %v, err %v; want the live opt-out types [1 2]", types, problems, err)
	}
	srv.ResetStats()
	report := gdpr.OptOut(ctx, c, request(t, `{"emails": ["JANE@example.org"]}`), gdpr.Options{}, types)
	// Only the type she is not attached to yet is written.
	if n := srv.Stats().Endpoints["POST /contacts/{contact_id}/subscriptions"]; n != 1 {
		t.Errorf("%d attach call(s), want 1: she was opted out of type 2 already", n)
	}
	if res := report.Results[0]; res.Outcome != gdpr.OptedOut || !report.Complete() {
		t.Fatalf("outcome %s (%s); want opted_out", res.Outcome, res.Reason)
	}
	got := contactOf(srv, ws, jane)
	if !got.UnsubscribedFromEmails || !slices.Equal(got.Subscriptions, []string{"2", "1"}) {
		t.Errorf("contact: unsubscribed %v, subscriptions %v", got.UnsubscribedFromEmails, got.Subscriptions)
	}
	if other := contactOf(srv, ws, bystander); other.UnsubscribedFromEmails || len(other.Subscriptions) > 0 {
		t.Errorf("a contact not named was changed: %+v", other)
	}
}

// Types named that are not opt-out types, or not this workspace's, refuse the request
// before any write, each by position.
func TestOptOutTypesRefusesOptInAndUnknownTypesByPosition(t *testing.T) {
	t.Parallel()
	_, c, _ := workspace(t)
	_, problems, err := gdpr.OptOutTypes(context.Background(), c, []string{"1", "3", "99", "1"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		"subscription_type_ids entry 2 of 4: is an opt_in type: attaching it would opt the contact in, not out",
		"subscription_type_ids entry 3 of 4: is no subscription type of this workspace (GET /subscription_types lists them)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A write that answers 500 but whose read-back shows the contact opted out is opted out;
// one whose read-back does not is unknown, naming what is not shown: never "done" on the
// write's word alone.
func TestOptOutTrustsOnlyTheReadBack(t *testing.T) {
	t.Parallel()
	srv, _, ws := workspace(t)
	c, _ := intercom.New(intercom.Config{BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token, MaxRetries: 0})
	committed, _ := srv.AddContact(ws, emulator.Contact{ExternalID: "committed"})
	lost, _ := srv.AddContact(ws, emulator.Contact{ExternalID: "lost"})
	srv.InjectFault(emulator.Fault{Method: "PUT", PathPrefix: "/contacts/" + committed, Status: 500, DropAfterApply: true})
	srv.InjectFault(emulator.Fault{Method: "PUT", PathPrefix: "/contacts/" + lost, Status: 500})
	report := gdpr.OptOut(context.Background(), c, request(t, `{"external_ids": ["committed", "lost"]}`), gdpr.Options{}, []string{"1"})
	if res := report.Results[0]; res.Outcome != gdpr.OptedOut {
		t.Errorf("the committed write: %s (%s); want opted_out", res.Outcome, res.Reason)
	}
	res := report.Results[1]
	if res.Outcome != gdpr.Unknown || !strings.Contains(res.Reason, "it is still subscribed to e-mail") || report.Complete() {
		t.Errorf("the lost write: %s (%s); want unknown, saying it is still subscribed", res.Outcome, res.Reason)
	}
}
