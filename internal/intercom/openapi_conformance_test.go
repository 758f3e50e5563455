package intercom

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// The client and the emulator are two independent readings of Intercom's API. This test
// holds both to Intercom's own OpenAPI descriptions (kept, with their licence, in
// internal/emulator/testdata/openapi): every published call the client makes against the
// emulator is matched to an operation of the description for the Intercom-Version it
// sends, its request is validated (path, query, body), and the emulator's answer must be
// a status that operation declares, with a body matching the declared schema.

// exchange is one request the client sent and the answer it got.
type exchange struct {
	req        *http.Request
	reqBody    []byte
	status     int
	header     http.Header
	answerBody []byte
}

// recorder is an http.RoundTripper that keeps a copy of every exchange.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	log  []exchange
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	answer, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(answer))
	r.mu.Lock()
	r.log = append(r.log, exchange{req: req.Clone(context.Background()), reqBody: reqBody, status: resp.StatusCode, header: resp.Header.Clone(), answerBody: answer})
	r.mu.Unlock()
	return resp, nil
}

// loadDescription loads one of Intercom's OpenAPI documents and points its servers at
// the emulator, so that routes match the emulator's URLs.
func loadDescription(t *testing.T, file, serverURL string) routers.Router {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(filepath.Join("..", "emulator", "testdata", "openapi", file))
	if err != nil {
		t.Fatalf("loading %s: %v", file, err)
	}
	doc.Servers = openapi3.Servers{{URL: serverURL}}
	// Routing validates the whole document, and Intercom's has defects of its own in
	// operations we never call: keep the paths the client uses (any operation on them).
	for path := range doc.Paths.Map() {
		if !slices.Contains(publishedPaths, path) {
			doc.Paths.Delete(path)
		}
	}
	for _, ref := range doc.Components.Schemas {
		giveArraysItems(ref, map[*openapi3.Schema]bool{})
	}
	// Intercom's documents carry defects of their own in parts we do not use (examples of
	// the wrong type): those checks are off, the operations and schemas are still checked.
	router, err := legacy.NewRouter(doc, openapi3.DisableExamplesValidation())
	if err != nil {
		t.Fatalf("routing %s: %v", file, err)
	}
	return router
}

// giveArraysItems repairs one defect of Intercom's documents (an array schema without
// items, in an operation we do not use) that stops the router from loading them.
func giveArraysItems(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) {
	if ref == nil || ref.Value == nil || seen[ref.Value] {
		return
	}
	s := ref.Value
	seen[s] = true
	if s.Type.Is("array") && s.Items == nil {
		s.Items = openapi3.NewSchemaRef("", openapi3.NewSchema())
	}
	for _, list := range []openapi3.SchemaRefs{s.AnyOf, s.OneOf, s.AllOf} {
		for _, r := range list {
			giveArraysItems(r, seen)
		}
	}
	for _, r := range s.Properties {
		giveArraysItems(r, seen)
	}
	giveArraysItems(s.Items, seen)
	giveArraysItems(s.AdditionalProperties.Schema, seen)
}

// publishedPaths are the described paths the client calls.
var publishedPaths = []string{"/me", "/admins", "/admins/activity_logs", "/admins/activity_logs/search",
	"/ip_allowlist", "/secure_mode_secrets", "/secure_mode_secrets/{id}", "/data_attributes", "/data_attributes/{data_attribute_id}",
	"/contacts/{contact_id}", "/contacts/search", "/conversations/redact",
	"/contacts/{contact_id}/companies", "/contacts/{contact_id}/tags", "/contacts/{contact_id}/notes",
	"/contacts/{contact_id}/segments", "/contacts/{contact_id}/subscriptions", "/subscription_types",
	"/conversations/search", "/conversations/{conversation_id}", "/tickets/search"}

// modelledPaths are the endpoints Intercom has not published: no description covers them.
var modelledPaths = []string{"/security/two_factor", "/messenger/trusted_domains", "/messenger/identity_verification", "/test_workspaces"}

func isModelled(path string) bool {
	return slices.ContainsFunc(modelledPaths, func(p string) bool { return strings.HasPrefix(path, p) })
}

func TestClientAndEmulatorMatchIntercomOpenAPI(t *testing.T) {
	srv := emulator.New(emulator.Config{Workspaces: []emulator.WorkspaceConfig{emulator.DefaultWorkspace}})
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	id := emulator.DefaultWorkspace.IDCode
	srv.SetCallerIP(id, "192.168.1.7")
	// Enough activity for the log to span several pages (the emulator's pages hold 20).
	for i := range 25 {
		if err := srv.ChangeByHand(id, emulator.HandChange{TwoFactorRequired: ptr(i%2 == 0)}); err != nil {
			t.Fatal(err)
		}
	}

	rec := &recorder{next: http.DefaultTransport}
	c, err := New(Config{
		BaseURL: srv.URL(), AccessToken: emulator.DefaultWorkspace.Token,
		HTTPClient: &http.Client{Transport: rec}, MaxRetries: 0,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	mustFail := func(what string, status int, err error) {
		t.Helper()
		var apiErr *Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
			t.Fatalf("%s: want HTTP %d, got %v", what, status, err)
		}
	}

	_, err = c.Me(ctx)
	must("GET /me", err)
	_, err = c.ListAdmins(ctx)
	must("GET /admins", err)
	logs, err := c.ListActivityLogs(ctx, ActivityLogQuery{After: time.Now().Add(-time.Hour)})
	must("GET /admins/activity_logs", err)
	if len(logs) < 25 {
		t.Fatalf("the activity log read followed %d entries, want the 25 hand changes over several pages", len(logs))
	}
	found, err := c.SearchActivityLogs(ctx, ActivityLogSearch{After: time.Now().Add(-time.Hour), EventTypes: []string{"security_settings_change"}})
	must("POST /admins/activity_logs/search", err)
	if len(found) == 0 {
		t.Fatal("the activity log search found none of the hand changes")
	}
	_, err = c.GetIPAllowlist(ctx)
	must("GET /ip_allowlist", err)
	_, err = c.UpdateIPAllowlist(ctx, IPAllowlist{Enabled: true, Ranges: []string{"192.168.1.0/24", "10.0.0.1"}})
	must("PUT /ip_allowlist", err)
	_, err = c.UpdateIPAllowlist(ctx, IPAllowlist{Enabled: true, Ranges: []string{"10.0.0.1"}})
	mustFail("PUT /ip_allowlist locking the caller out", http.StatusUnprocessableEntity, err)
	_, err = c.ListIdentityVerificationSecrets(ctx)
	must("GET /secure_mode_secrets", err)
	created, err := c.CreateIdentityVerificationSecret(ctx, NewIdentityVerificationSecret{Name: "Production web", SupportsWeb: true})
	must("POST /secure_mode_secrets", err)
	_, err = c.CreateIdentityVerificationSecret(ctx, NewIdentityVerificationSecret{Name: "No platform"})
	mustFail("POST /secure_mode_secrets without a platform", http.StatusUnprocessableEntity, err)
	must("DELETE /secure_mode_secrets/{id}", c.DeleteIdentityVerificationSecret(ctx, created.ID))
	mustFail("DELETE /secure_mode_secrets/{id} of a deleted secret", http.StatusNotFound,
		c.DeleteIdentityVerificationSecret(ctx, created.ID))
	attrs, err := c.ListDataAttributes(ctx, ModelContact)
	must("GET /data_attributes", err)
	var customID int64
	for _, a := range attrs {
		if a.Custom && !a.Archived && a.MessengerWritable {
			customID = a.ID
		}
	}
	if customID == 0 {
		t.Fatalf("the emulator lists no writable custom contact attribute: %+v", attrs)
	}
	_, err = c.SetMessengerWritable(ctx, customID, false)
	must("PUT /data_attributes/{data_attribute_id}", err)
	_, err = c.SetMessengerWritable(ctx, 999999999, false)
	mustFail("PUT /data_attributes/{data_attribute_id} of no attribute", http.StatusNotFound, err)
	ws := emulator.DefaultWorkspace.IDCode
	alice, _ := srv.AddContact(ws, emulator.Contact{Role: "user", ExternalID: "u-1", Email: "alice@example.org"})
	old, _ := srv.AddContact(ws, emulator.Contact{Role: "lead"})
	_ = srv.MergeContacts(ws, old, alice)
	conv, _ := srv.AddConversation(ws, emulator.Conversation{Source: emulator.ConversationPart{Body: "x", Redactable: true},
		Parts: []emulator.ConversationPart{{Body: "y", Redactable: true}}})
	// What an access request reads and an objection writes.
	bob, _ := srv.AddContact(ws, emulator.Contact{Role: "user", Email: "bob@example.org", Companies: []string{"Acme"},
		Tags: []string{"vip"}, Notes: []string{"called"}, Segments: []string{"Active"}, Subscriptions: []string{"2"},
		CustomAttributes: map[string]any{"plan": "pro"}})
	for range 3 {
		_, _ = srv.AddConversation(ws, emulator.Conversation{ContactID: bob, Source: emulator.ConversationPart{Body: "hi"},
			Parts: []emulator.ConversationPart{{Body: "hello"}}})
	}
	_, _ = srv.AddTicket(ws, emulator.Ticket{ContactID: bob, Title: "Refund"})
	_, err = c.GetContactRecord(ctx, bob)
	must("GET /contacts/{contact_id} (record)", err)
	for _, list := range ContactLists {
		p, err := c.ListContact(ctx, bob, list)
		must("GET /contacts/{contact_id}/"+list.Name, err)
		if len(p.Items) != 1 || !p.Complete() {
			t.Errorf("GET /contacts/{contact_id}/%s: %d item(s) of %d, want the one seeded", list.Name, len(p.Items), p.Total)
		}
	}
	convIDs, err := c.SearchConversationIDsByContact(ctx, bob)
	must("POST /conversations/search", err)
	if len(convIDs) != 3 {
		t.Errorf("POST /conversations/search found %d conversation(s), want 3", len(convIDs))
	}
	got, err := c.GetConversation(ctx, convIDs[0])
	must("GET /conversations/{conversation_id}", err)
	if got.Parts != 1 || !got.AllPartsWereServed {
		t.Errorf("GET /conversations/{conversation_id}: %d part(s), all served %v; want 1, true", got.Parts, got.AllPartsWereServed)
	}
	tickets, err := c.SearchTicketsByContact(ctx, bob)
	must("POST /tickets/search", err)
	if len(tickets) != 1 {
		t.Errorf("POST /tickets/search found %d ticket(s), want 1", len(tickets))
	}
	_, err = c.ListSubscriptionTypes(ctx)
	must("GET /subscription_types", err)
	must("PUT /contacts/{contact_id}", c.UnsubscribeFromEmails(ctx, bob))
	must("POST /contacts/{contact_id}/subscriptions", c.AttachOptOut(ctx, bob, "1"))
	optOut, err := c.EmailOptOutOf(ctx, bob)
	must("GET /contacts/{contact_id} (opt-out)", err)
	subs, err := c.ContactSubscriptionIDs(ctx, bob)
	must("GET /contacts/{contact_id}/subscriptions", err)
	if !optOut.UnsubscribedFromEmails || !slices.Equal(subs, []string{"1", "2"}) {
		t.Errorf("after the objection: unsubscribed %v, subscriptions %v; want true, [1 2]", optOut.UnsubscribedFromEmails, subs)
	}
	_, err = c.SearchContactsByExternalID(ctx, "u-1")
	must("POST /contacts/search (external_id)", err)
	_, err = c.SearchContactsByEmail(ctx, "alice@example.org")
	must("POST /contacts/search", err)
	_, err = c.GetContact(ctx, old)
	if next, ok := MergedInto(err); !ok || next != alice {
		t.Errorf("GET /contacts/{merged id}: %v, want a 410 leading to %s", err, alice)
	}
	must("DELETE /contacts/{contact_id}", c.DeleteContact(ctx, alice))
	// What GET answers for an erased contact, Intercom's description does not say (no 404
	// is declared): the emulator's 404 is an assumption, so it is not checked here.
	must("POST /conversations/redact", c.RedactConversationPart(ctx, conv.ID, conv.Parts[0].ID, false))
	must("POST /conversations/redact (source)", c.RedactConversationPart(ctx, conv.ID, conv.Source.ID, true))
	// Modelled calls are made too, to prove the check leaves them out rather than failing.
	_, err = c.GetTwoFactor(ctx)
	must("GET /security/two_factor", err)

	routerByVersion := map[string]routers.Router{
		VersionCurrent: loadDescription(t, "api.intercom.io.2.16.yaml", srv.URL()),
		VersionPreview: loadDescription(t, "api.intercom.io.preview.yaml", srv.URL()),
	}
	opts := &openapi3filter.Options{
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
		IncludeResponseStatus: true, // an undeclared status is a failure
		MultiError:            true,
	}
	covered := map[string]bool{}
	for _, x := range rec.log {
		if isModelled(x.req.URL.Path) {
			continue
		}
		version := x.req.Header.Get("Intercom-Version")
		name := fmt.Sprintf("%s %s (%s) -> %d", x.req.Method, x.req.URL.Path, version, x.status)
		router := routerByVersion[version]
		if router == nil {
			t.Errorf("%s: the client sent an Intercom-Version with no description here", name)
			continue
		}
		x.req.Body = io.NopCloser(bytes.NewReader(x.reqBody))
		route, params, err := router.FindRoute(x.req)
		if err != nil {
			t.Errorf("%s: Intercom's %s description has no such operation: %v", name, version, err)
			continue
		}
		in := &openapi3filter.RequestValidationInput{Request: x.req, PathParams: params, Route: route, Options: opts}
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			t.Errorf("%s: the client's request does not match the description: %v", name, err)
		}
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: x.status, Header: x.header, Options: opts}
		out.SetBodyBytes(x.answerBody)
		if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
			t.Errorf("%s: the emulator's answer does not match the description: %v\n%s", name, err, x.answerBody)
		}
		covered[fmt.Sprintf("%s %s %d", route.Method, route.Path, x.status)] = true
	}
	// Every published operation the client uses was exercised, with its error answers.
	for _, want := range []string{
		"GET /me 200", "GET /admins 200", "GET /admins/activity_logs 200", "POST /admins/activity_logs/search 200",
		"GET /ip_allowlist 200", "PUT /ip_allowlist 200", "PUT /ip_allowlist 422",
		"GET /secure_mode_secrets 200", "POST /secure_mode_secrets 201", "POST /secure_mode_secrets 422",
		"DELETE /secure_mode_secrets/{id} 204", "DELETE /secure_mode_secrets/{id} 404",
		"GET /data_attributes 200", "PUT /data_attributes/{data_attribute_id} 200", "PUT /data_attributes/{data_attribute_id} 404",
		"POST /contacts/search 200", "GET /contacts/{contact_id} 410",
		"DELETE /contacts/{contact_id} 200",
		"GET /contacts/{contact_id}/companies 200", "GET /contacts/{contact_id}/tags 200", "GET /contacts/{contact_id}/notes 200",
		"GET /contacts/{contact_id}/segments 200", "GET /contacts/{contact_id}/subscriptions 200",
		"POST /contacts/{contact_id}/subscriptions 200", "PUT /contacts/{contact_id} 200", "GET /subscription_types 200",
		"POST /conversations/search 200", "GET /conversations/{conversation_id} 200", "POST /tickets/search 200",
	} {
		if !covered[want] {
			t.Errorf("no checked exchange for %s (checked: %v)", want, covered)
		}
	}
	pages := 0
	for _, x := range rec.log {
		if x.req.URL.Path == "/admins/activity_logs" {
			pages++
		}
	}
	if pages < 2 {
		t.Errorf("the activity log was read in %d page(s): the paginated read was not checked", pages)
	}
}

func ptr[T any](v T) *T { return &v }

// The activity types the provider accepts are exactly those Intercom's 2.16 description
// enumerates.
func TestActivityTypesMatchTheDescription(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromFile(filepath.Join("..", "emulator", "testdata", "openapi", "api.intercom.io.2.16.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	schema := doc.Components.Schemas["activity_log"].Value.Properties["activity_type"].Value
	var described []string
	for _, v := range schema.Enum {
		described = append(described, v.(string))
	}
	if !slices.Equal(described, ActivityTypes) {
		t.Fatalf("ActivityTypes differ from the description's %d values", len(described))
	}
}
