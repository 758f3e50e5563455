package intercom_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// answering is a client of a server that answers every call with status and body, and
// records the request's User-Agent.
func answering(t *testing.T, status int, body string, userAgent string) (*intercom.Client, *string) {
	t.Helper()
	var seenUA string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seenUA = r.Header.Get("User-Agent")
		w.Header().Set("X-Request-Id", "req-1")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c, err := intercom.New(intercom.Config{BaseURL: srv.URL, AccessToken: "dG9rOmVkZ2VzLXRlc3Q=", UserAgent: userAgent})
	if err != nil {
		t.Fatal(err)
	}
	return c, &seenUA
}

// The edges of how answers become errors (each kills a mutant that lived).
func TestAnswerEdges(t *testing.T) {
	ctx := context.Background()

	// 299 is a success, like any 2xx.
	c, _ := answering(t, 299, `{"type":"ip_allowlist","enabled":true,"ip_allowlist":["10.0.0.1"]}`, "")
	if got, err := c.GetIPAllowlist(ctx); err != nil || !got.Enabled {
		t.Errorf("a 299 answer: %+v, %v", got, err)
	}

	// An envelope with no errors is no envelope: the body is reported as it is.
	c, _ = answering(t, 400, `{"type":"error.list","errors":[]}`, "")
	got, err := c.GetIPAllowlist(ctx)
	var apiErr *intercom.Error
	if got != nil || !errors.As(err, &apiErr) || apiErr.Code() != "unexpected_response" || !strings.Contains(apiErr.Message(), "error.list") {
		t.Errorf("an empty error list: %+v, %v", got, err)
	}

	// A plain body of exactly 200 characters is kept whole; 201 is cut.
	for n, cut := range map[int]bool{200: false, 201: true} {
		c, _ = answering(t, 502, strings.Repeat("x", n), "")
		_, err = c.GetIPAllowlist(ctx)
		if !errors.As(err, &apiErr) || strings.HasSuffix(apiErr.Message(), "…") != cut {
			t.Errorf("a %d-character body: %q, want cut %v", n, apiErr.Message(), cut)
		}
	}

	// The User-Agent is ours when set.
	c, ua := answering(t, 200, `{}`, "terraform-provider-intercom/test")
	_, _ = c.GetIPAllowlist(ctx)
	if *ua != "terraform-provider-intercom/test" {
		t.Errorf("User-Agent %q", *ua)
	}
	c, ua = answering(t, 200, `{}`, "")
	_, _ = c.GetIPAllowlist(ctx)
	if strings.Contains(*ua, "terraform-provider-intercom") || *ua == "" {
		t.Errorf("User-Agent %q with none configured, want Go's default", *ua)
	}

	// A custom attribute id is positive: 0 is refused before any call.
	if _, err := c.SetMessengerWritable(ctx, 0, false); err == nil {
		t.Error("SetMessengerWritable(0) made a call")
	}
}

func TestErrorText(t *testing.T) {
	field := "ip_allowlist"
	e := &intercom.Error{StatusCode: 422, Method: "PUT", Path: "/ip_allowlist", Host: "api.eu.intercom.io", RequestID: "r1",
		Errors: []intercom.ErrorDetail{{Code: "parameter_invalid", Message: "bad", Field: &field}, {Code: "second", Message: "also"}}}
	want := `intercom: PUT /ip_allowlist on api.eu.intercom.io: HTTP 422 parameter_invalid: bad (field "ip_allowlist"); second: also (request_id r1)`
	if e.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", e.Error(), want)
	}
	e.Host = ""
	if strings.Contains(e.Error(), " on ") {
		t.Errorf("an error without a host names one: %q", e.Error())
	}
	// A server error's outcome is unknown from 500 on; a 4xx's is known.
	for status, unknown := range map[int]bool{499: false, 500: true, 503: true} {
		if got := intercom.IsUnknownOutcome(&intercom.Error{StatusCode: status}); got != unknown {
			t.Errorf("IsUnknownOutcome(HTTP %d) = %v", status, got)
		}
	}
}

// External ids are found with POST /contacts/search, in the body: an external id is
// often an e-mail address, and a URL is logged. An empty value is refused by the emulator,
// as a request must never match the contacts that have none.
func TestSearchContactsByExternalID(t *testing.T) {
	srv := startEmulator(t, emulator.Config{})
	id, err := srv.AddContact(emulator.DefaultWorkspace.IDCode, emulator.Contact{ExternalID: "jane.doe@example.org", Email: "x@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AddContact(emulator.DefaultWorkspace.IDCode, emulator.Contact{Role: "lead"}); err != nil {
		t.Fatal(err)
	}
	log := &recordingLogger{}
	c := newClient(t, srv, token, 0, log)
	got, err := c.SearchContactsByExternalID(context.Background(), "jane.doe@example.org")
	if err != nil || len(got) != 1 || got[0].ID != id {
		t.Fatalf("found %+v, %v; want %s", got, err, id)
	}
	got, err = c.SearchContactsByExternalID(context.Background(), "u-404")
	if err != nil || len(got) != 0 {
		t.Fatalf("an unknown external id: %+v, %v", got, err)
	}
	if _, err := c.SearchContactsByExternalID(context.Background(), ""); err == nil {
		t.Error("the emulator answered a search for an empty external id")
	}
	for _, line := range log.lines {
		if strings.Contains(line, "jane.doe") {
			t.Errorf("a log line holds the external id: %s", line)
		}
	}
	if len(log.lines) == 0 {
		t.Fatal("nothing was logged: the check above proves nothing")
	}
}

// Log lines and errors name the route (/contacts/{contact_id}), never the concrete path:
// a path holds an id, and an id can lead to a person.
func TestLogsAndErrorsNameRouteTemplates(t *testing.T) {
	srv := startEmulator(t, emulator.Config{})
	log := &recordingLogger{}
	c := newClient(t, srv, token, 0, log)
	const id = "6000000000000000000000ff"
	_, err := c.GetContact(context.Background(), id)
	if err == nil || !strings.Contains(err.Error(), "GET /contacts/{contact_id}") || strings.Contains(err.Error(), id) {
		t.Errorf("the error names %v; want the route, not the id", err)
	}
	if err := c.DeleteContact(context.Background(), id); err == nil || strings.Contains(err.Error(), id) {
		t.Errorf("the DELETE's error names %v", err)
	}
	if len(log.lines) < 2 {
		t.Fatalf("logged %d lines", len(log.lines))
	}
	for _, line := range log.lines {
		if strings.Contains(line, id) || !strings.Contains(line, "/contacts/{contact_id}") {
			t.Errorf("a log line names the concrete path, or no route: %s", line)
		}
	}
}
