package intercom

import (
	"net/http"
	"strings"
	"testing"
)

func TestDecodeErrorEnvelope(t *testing.T) {
	resp := &http.Response{StatusCode: http.StatusUnprocessableEntity, Header: http.Header{"X-Request-Id": {"from-header"}}}
	body := `{"type":"error.list","request_id":"8f1b","errors":[{"code":"parameter_invalid","message":"bad","field":"domains"},{"code":"other","message":"x","field":null}]}`
	err := decodeError("PUT", "/messenger/trusted_domains", true, resp, []byte(body))
	if err.Code() != "parameter_invalid" || err.Field() != "domains" || err.RequestID != "8f1b" || len(err.Errors) != 2 || err.NotExposed() {
		t.Fatalf("decoded %+v", err)
	}
	for _, want := range []string{"HTTP 422", "parameter_invalid", "bad", `field "domains"`, "request_id 8f1b", "other"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err.Error(), want)
		}
	}
}

func TestDecodeErrorNotAnEnvelope(t *testing.T) {
	resp := &http.Response{StatusCode: http.StatusBadGateway, Header: http.Header{"X-Request-Id": {"hdr-id"}}}
	err := decodeError("GET", "/me", false, resp, []byte("<html>Bad gateway</html>"))
	if err.Code() != "unexpected_response" || !strings.Contains(err.Message(), "Bad gateway") || err.RequestID != "hdr-id" {
		t.Fatalf("decoded %+v", err)
	}
}

func TestNotExposedOnlyForModelledEndpoints(t *testing.T) {
	resp := &http.Response{StatusCode: http.StatusNotFound, Header: http.Header{}}
	body := []byte(`{"type":"error.list","errors":[{"code":"not_found","message":"Resource Not Found"}]}`)
	if !decodeError("GET", "/security/two_factor", true, resp, body).NotExposed() {
		t.Error("a modelled endpoint's 404 is not reported as not exposed")
	}
	if decodeError("GET", "/ip_allowlist", false, resp, body).NotExposed() {
		t.Error("a published endpoint's 404 is reported as not exposed")
	}
}

// Only Intercom's own not-found answers mean "already gone": a proxy's 404, or a 404
// naming a bad parameter, must not let a delete or a read forget a live object.
func TestIsNotFoundOnlyIntercomsCodes(t *testing.T) {
	resp := &http.Response{StatusCode: http.StatusNotFound, Header: http.Header{}}
	for body, want := range map[string]bool{
		`{"type":"error.list","errors":[{"code":"not_found","message":"Resource Not Found"}]}`:                true,
		`{"type":"error.list","errors":[{"code":"identity_verification_secret_not_found","message":"gone"}]}`: true,
		`<html><body>404 Not Found</body></html>`:                                                             false,
		``: false,
		`{"type":"error.list","errors":[{"code":"parameter_not_found","message":"id is missing","field":"id"}]}`: false,
		`{"type":"error.list","errors":[{"code":"unauthorized","message":"Access Token Invalid"}]}`:              false,
	} {
		if got := IsNotFound(decodeError("DELETE", "/secure_mode_secrets/1", false, resp, []byte(body))); got != want {
			t.Errorf("IsNotFound(404 %s) = %v, want %v", body, got, want)
		}
	}
	gone := []byte(`{"type":"error.list","errors":[{"code":"not_found"}]}`)
	if IsNotFound(decodeError("GET", "/me", false, &http.Response{StatusCode: http.StatusBadRequest, Header: http.Header{}}, gone)) {
		t.Error("a 400 is reported as not found")
	}
}

// The decoder meets whatever a proxy or a broken server sends: it must never panic, and
// always give an error that names the call and the status.
func FuzzDecodeError(f *testing.F) {
	f.Add(500, []byte(`{"type":"error.list","errors":[{"code":"server_error"}]}`))
	f.Add(404, []byte(`{"errors":[{"field":null}]}`))
	f.Add(429, []byte(`{"errors":null}`))
	f.Add(400, []byte(`not json`))
	f.Add(401, []byte(``))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		resp := &http.Response{StatusCode: status, Header: http.Header{}}
		e := decodeError("GET", "/me", false, resp, body)
		text := e.Error()
		if !strings.Contains(text, "GET /me") || !strings.Contains(text, "HTTP") {
			t.Fatalf("error %q does not name the call and status", text)
		}
		_, _, _ = e.Code(), e.Message(), e.Field()
	})
}
