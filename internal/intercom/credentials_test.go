package intercom_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// The access token and any credential in base_url stay out of every error the client
// builds, and the token is never carried to another host, over plain http, or to a path
// the caller did not name.

const echoedToken = "dG9rOnNlY3JldC10b2tlbi12YWx1ZQ=="

func clientFor(t *testing.T, url string) *intercom.Client {
	t.Helper()
	c, err := intercom.New(intercom.Config{BaseURL: url, AccessToken: echoedToken})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A proxy or WAF that echoes the request into its error (as text, or inside Intercom's
// envelope) must not make the error print the token, bare or in its Bearer form.
func TestErrorsNeverPrintAnEchoedToken(t *testing.T) {
	for name, body := range map[string]func(*http.Request) string{
		"a proxy's plain page": func(r *http.Request) string {
			return "400 Bad Request\nAuthorization: " + r.Header.Get("Authorization")
		},
		"Intercom's envelope": func(r *http.Request) string {
			return fmt.Sprintf(`{"type":"error.list","request_id":%q,"errors":[{"code":"bad %s","message":"header was %s","field":%q}]}`,
				r.Header.Get("Authorization"), echoedToken, r.Header.Get("Authorization"), echoedToken)
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(body(r)))
			}))
			defer srv.Close()
			_, err := clientFor(t, srv.URL).Me(context.Background())
			if err == nil {
				t.Fatal("a 400 gave no error")
			}
			var apiErr *intercom.Error
			if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
				t.Fatalf("err = %v, want the 400 as *intercom.Error", err)
			}
			printed := fmt.Sprintf("%v %+v %s %s %s", err, apiErr, apiErr.Message(), apiErr.Field(), apiErr.RequestID)
			if strings.Contains(printed, echoedToken) {
				t.Fatalf("the error prints the token:\n%s", printed)
			}
			if !strings.Contains(printed, "withheld") {
				t.Errorf("the error does not say the body was withheld:\n%s", printed)
			}
		})
	}
}

// base_url with userinfo is refused, and the refusal shows no password; a name before @
// is how https://api.intercom.io@evil.example hides its real host.
func TestBaseURLWithCredentialsIsRefused(t *testing.T) {
	for _, raw := range []string{
		"https://user:hunter2-password@proxy.example",
		"https://api.intercom.io@evil.example",
		"https://hunter2-password@api.intercom.io",
	} {
		_, err := intercom.CheckBaseURL(raw)
		if err == nil {
			t.Errorf("CheckBaseURL(%q) accepted credentials", raw)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("the refusal of %q prints the password: %v", raw, err)
		}
		if !strings.Contains(err.Error(), "HTTPS_PROXY") {
			t.Errorf("the refusal of %q does not say where proxy credentials belong: %v", raw, err)
		}
		if _, err := intercom.New(intercom.Config{BaseURL: raw, AccessToken: "t"}); err == nil {
			t.Errorf("New accepted base URL %q", raw)
		}
	}
	if got := intercom.RedactURL("https://u:hunter2@proxy.example/x"); strings.Contains(got, "hunter2") {
		t.Errorf("RedactURL left the password: %s", got)
	}
	if got := intercom.RedactURL("https://hunter2@proxy.example/x"); strings.Contains(got, "hunter2") {
		t.Errorf("RedactURL left a user name, which may be a token: %s", got)
	}
}

// Plain http is for loopback only: IP literals in 127.0.0.0/8 and ::1, or localhost.
func TestPlainHTTPOnlyForLoopback(t *testing.T) {
	for raw, ok := range map[string]bool{
		"http://127.0.0.1:8080": true, "http://127.1.2.3": true, "http://[::1]:80": true, "http://localhost:1": true,
		"http://10.0.0.1": false, "http://api.intercom.io": false, "http://localhost.evil.example": false,
		"http://127.0.0.1.nip.io": false, "https://api.intercom.io": true,
	} {
		if _, err := intercom.CheckBaseURL(raw); (err == nil) != ok {
			t.Errorf("CheckBaseURL(%q) = %v, want accepted %v", raw, err, ok)
		}
	}
}

// A redirect is not followed: not to another host or over http (the token would go with
// it), nor to another path (a router's redirect to / answered 404 would read as "gone").
func TestRedirectsAreNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"type":"error.list","errors":[{"code":"not_found","message":"gone"}]}`))
	}))
	defer other.Close()
	for name, target := range map[string]string{
		"to another host over http": other.URL + "/secure_mode_secrets/x",
		"to another path":           "/",
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/" {
					elsewhere.Add(1)
					w.WriteHeader(http.StatusNotFound)
					_, _ = w.Write([]byte(`{"type":"error.list","errors":[{"code":"not_found","message":"gone"}]}`))
					return
				}
				http.Redirect(w, r, target, http.StatusTemporaryRedirect)
			}))
			defer srv.Close()
			elsewhere.Store(0)
			err := clientFor(t, srv.URL).DeleteIdentityVerificationSecret(context.Background(), "x")
			if err == nil || intercom.IsNotFound(err) {
				t.Fatalf("a redirect was read as %v", err)
			}
			if !errors.Is(err, intercom.ErrRedirect) {
				t.Errorf("err = %v, want ErrRedirect", err)
			}
			if n := elsewhere.Load(); n != 0 {
				t.Errorf("the redirect was followed %d times", n)
			}
		})
	}
}

// Ids are path segments escaped once; those that would address another path are refused
// before any call.
func TestIDsArePathSegments(t *testing.T) {
	var calls atomic.Int32
	var gotPath, gotRaw string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		gotPath, gotRaw = r.URL.Path, r.URL.EscapedPath()
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	c := clientFor(t, srv.URL)
	for _, id := range []string{"", ".", "..", "a/b", "../admins", `a\b`} {
		if err := c.DeleteIdentityVerificationSecret(context.Background(), id); err == nil {
			t.Errorf("id %q was accepted", id)
		}
		if err := c.DeleteTestWorkspace(context.Background(), id); err == nil {
			t.Errorf("test workspace id %q was accepted", id)
		}
	}
	if n := calls.Load(); n != 0 {
		t.Fatalf("%d calls were sent for refused ids", n)
	}
	if err := c.DeleteIdentityVerificationSecret(context.Background(), "a b%2F?#"); err != nil {
		t.Fatal(err)
	}
	if gotPath != "/secure_mode_secrets/a b%2F?#" || gotRaw != "/secure_mode_secrets/a%20b%252F%3F%23" {
		t.Errorf("the server saw path %q (raw %q): the id was not escaped exactly once", gotPath, gotRaw)
	}
}

// A refused base_url is described by its scheme and host only: a password with '#', '/',
// '?', a space or '%' makes the URL unparsable or moves the host, and a query may hold a
// key; neither may be printed, wherever the value came from.
func TestBaseURLRefusalsShowOnlySchemeAndHost(t *testing.T) {
	for _, tc := range []struct{ raw, wantShown string }{
		{"https://user:pa#ss-SECRET1@proxy.example", "https://[hidden]@"},
		{"https://user:pa/ss-SECRET1@proxy.example", "https://[hidden]@proxy.example"},
		{"https://user:pa?ss-SECRET1@proxy.example", "https://[hidden]@proxy.example"},
		{"https://user:pa ss-SECRET1@proxy.example", "https://[hidden]@proxy.example"},
		{"https://user:pa%zzss-SECRET1@proxy.example", "https://[hidden]@proxy.example"},
		{"https://user:SECRET1@proxy.example/x", "https://[hidden]@proxy.example"},
		{"https://api.intercom.io/?key=SECRET1", "https://api.intercom.io"},
		{"https://api.intercom.io/#SECRET1", "https://api.intercom.io"},
		{"http://10.0.0.1/SECRET1?k=SECRET1", "http://10.0.0.1"},
		{"ftp://host/SECRET1", "ftp://host"},
		{"not a url SECRET1", "[hidden]"},
	} {
		_, err := intercom.CheckBaseURL(tc.raw)
		if err == nil {
			t.Errorf("CheckBaseURL accepted %q", tc.raw)
			continue
		}
		if strings.Contains(err.Error(), "SECRET1") || strings.Contains(err.Error(), "ss-") {
			t.Errorf("the refusal of %q prints more than scheme and host: %v", tc.raw, err)
		}
		if !strings.Contains(err.Error(), tc.wantShown) {
			t.Errorf("the refusal of %q does not name %q: %v", tc.raw, tc.wantShown, err)
		}
	}
}
