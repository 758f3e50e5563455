package intercom_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// These tests run the client against the emulator over real HTTP on loopback, and use
// its fault injection and counters to observe retries, waits and pacing.

func startEmulator(t *testing.T, cfg emulator.Config) *emulator.Server {
	t.Helper()
	srv := emulator.New(cfg)
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatalf("starting emulator: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

type recordingLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *recordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf("%s %v", msg, fields))
}

func newClient(t *testing.T, srv *emulator.Server, token string, maxRetries int, logger intercom.Logger) *intercom.Client {
	t.Helper()
	c, err := intercom.New(intercom.Config{
		BaseURL:      srv.URL(),
		AccessToken:  token,
		MaxRetries:   maxRetries,
		RetryWaitMin: 5 * time.Millisecond,
		RetryWaitMax: 20 * time.Millisecond,
		Logger:       logger,
	})
	if err != nil {
		t.Fatalf("intercom.New: %v", err)
	}
	return c
}

var token = emulator.DefaultWorkspace.Token

func TestMe(t *testing.T) {
	srv := startEmulator(t, emulator.Config{})
	me, err := newClient(t, srv, token, 0, nil).Me(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if me.App == nil || me.App.IDCode != emulator.DefaultWorkspace.IDCode || me.Email != emulator.DefaultWorkspace.AdminEmail {
		t.Fatalf("Me() = %+v, app %+v", me, me.App)
	}
}

func TestErrorCarriesStatusCodeAndRequestID(t *testing.T) {
	srv := startEmulator(t, emulator.Config{})
	_, err := newClient(t, srv, "wrong-token", 3, nil).Me(context.Background())
	var apiErr *intercom.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (%T), want *intercom.Error", err, err)
	}
	if apiErr.StatusCode != http.StatusUnauthorized || apiErr.Code() != "unauthorized" || apiErr.RequestID == "" {
		t.Fatalf("error = %+v, want 401 unauthorized with a request id", apiErr)
	}
	for _, want := range []string{"401", "unauthorized", apiErr.RequestID, "GET /me"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error text %q lacks %q", err.Error(), want)
		}
	}
	if got := srv.Stats().Endpoints["GET /me"]; got != 1 {
		t.Errorf("a 401 was tried %d times, want 1 (never retried)", got)
	}
}

func TestValidationErrorNamesField(t *testing.T) {
	srv := startEmulator(t, emulator.Config{})
	_, err := newClient(t, srv, token, 0, nil).UpdateTrustedDomains(context.Background(),
		intercom.TrustedDomains{Domains: []string{"https://bad.example.com"}})
	var apiErr *intercom.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnprocessableEntity || apiErr.Code() != "parameter_invalid" || apiErr.Field() == "" {
		t.Fatalf("err = %v, want 422 parameter_invalid naming a field", err)
	}
}

func TestRetriesIdempotentCallsOnServerErrors(t *testing.T) {
	srv := startEmulator(t, emulator.Config{})
	srv.InjectFault(emulator.Fault{Method: http.MethodGet, PathPrefix: "/security/two_factor", Status: 503, Count: 2})
	got, err := newClient(t, srv, token, 3, nil).GetTwoFactor(context.Background())
	if err != nil {
		t.Fatalf("GetTwoFactor after two 503s: %v", err)
	}
	if got.Required {
		t.Errorf("Required = true on a fresh workspace")
	}
	if n := srv.Stats().Endpoints["GET /security/two_factor"]; n != 3 {
		t.Fatalf("GET /security/two_factor served %d times, want 3 (two 503s, one success)", n)
	}
}

func TestGivesUpAfterMaxRetries(t *testing.T) {
	srv := startEmulator(t, emulator.Config{})
	srv.InjectFault(emulator.Fault{Method: http.MethodGet, PathPrefix: "/security/two_factor", Status: 500})
	_, err := newClient(t, srv, token, 2, nil).GetTwoFactor(context.Background())
	var apiErr *intercom.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusInternalServerError || apiErr.Code() != "server_error" {
		t.Fatalf("err = %v, want the last 500 server_error", err)
	}
	if n := srv.Stats().Endpoints["GET /security/two_factor"]; n != 3 {
		t.Fatalf("served %d times, want 3 (first attempt + 2 retries)", n)
	}
}

func TestRetriesDroppedConnections(t *testing.T) {
	srv := startEmulator(t, emulator.Config{})
	srv.InjectFault(emulator.Fault{Method: http.MethodGet, PathPrefix: "/messenger/trusted_domains", Drop: true, Count: 1})
	if _, err := newClient(t, srv, token, 2, nil).GetTrustedDomains(context.Background()); err != nil {
		t.Fatalf("GetTrustedDomains after a dropped connection: %v", err)
	}
	if n := srv.Stats().Endpoints["GET /messenger/trusted_domains"]; n != 2 {
		t.Fatalf("served %d times, want 2 (the dropped attempt and the retry)", n)
	}
}

func TestNeverRepeatsACreateWithUnknownOutcome(t *testing.T) {
	srv := startEmulator(t, emulator.Config{})
	srv.InjectFault(emulator.Fault{Method: http.MethodPost, PathPrefix: "/secure_mode_secrets", DropAfterApply: true, Count: 1})
	c := newClient(t, srv, token, 3, nil)
	_, err := c.CreateIdentityVerificationSecret(context.Background(),
		intercom.NewIdentityVerificationSecret{Name: "web", SupportsWeb: true})
	var transportErr *intercom.TransportError
	if !errors.As(err, &transportErr) {
		t.Fatalf("err = %v (%T), want a TransportError for the lost answer", err, err)
	}
	if n := srv.Stats().Endpoints["POST /secure_mode_secrets"]; n != 1 {
		t.Fatalf("POST served %d times, want 1: a create whose answer was lost must not be repeated blindly", n)
	}
	ws, _ := srv.Workspace(emulator.DefaultWorkspace.IDCode)
	if len(ws.Secrets) != 1 {
		t.Fatalf("%d secrets exist, want exactly 1", len(ws.Secrets))
	}
}

func TestRetriesPOSTOn429(t *testing.T) {
	srv := startEmulator(t, emulator.Config{Window: time.Second})
	srv.InjectFault(emulator.Fault{Method: http.MethodPost, PathPrefix: "/test_workspaces", Status: 429, Count: 1})
	if _, err := newClient(t, srv, token, 2, nil).CreateTestWorkspace(context.Background(), "Staging"); err != nil {
		t.Fatalf("a POST answered 429 (not applied) must be retried after the window: %v", err)
	}
	ws, _ := srv.Workspace(emulator.DefaultWorkspace.IDCode)
	if len(ws.TestWorkspaces) != 1 {
		t.Fatalf("%d test workspaces, want 1", len(ws.TestWorkspaces))
	}
}

func TestWaitsForTheWindowToResetOn429(t *testing.T) {
	srv := startEmulator(t, emulator.Config{Window: time.Second, RateLimit: 2})
	filler := newClient(t, srv, token, 0, nil)
	// Exhaust the window behind the client's back, so its pacer cannot know.
	for range 2 {
		_, _ = filler.GetTwoFactor(context.Background())
	}
	fresh := newClient(t, srv, token, 2, nil)
	if _, err := fresh.GetTwoFactor(context.Background()); err != nil {
		t.Fatalf("after a 429 the client must wait for the reset and succeed: %v", err)
	}
	if srv.Stats().RateLimited == 0 {
		t.Fatalf("the emulator answered no 429: the test did not exercise the wait")
	}
}

func TestContextBoundsTheWait(t *testing.T) {
	srv := startEmulator(t, emulator.Config{})
	srv.InjectFault(emulator.Fault{Latency: 2 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := newClient(t, srv, token, 3, nil).GetTwoFactor(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("cancelled call returned after %v", d)
	}
}

// A parallel burst paces itself on X-RateLimit-Remaining instead of running into 429s.
func TestPacesParallelCallsWithinTheLimit(t *testing.T) {
	srv := startEmulator(t, emulator.Config{Window: time.Second, RateLimit: 5})
	c := newClient(t, srv, token, 5, nil)
	// Learn the window first, as any apply does with GET /me at configure time.
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for range 12 {
		wg.Go(func() {
			if _, err := c.GetTwoFactor(context.Background()); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("paced call failed: %v", err)
	}
	if n := srv.Stats().RateLimited; n > 1 {
		t.Fatalf("the emulator answered %d 429s to a paced burst of 12 calls at 5 per window, want at most 1", n)
	}
	if n := srv.Stats().Endpoints["GET /security/two_factor"]; n < 12 {
		t.Fatalf("served %d calls, want 12", n)
	}
}

// leaks returns the log lines holding any of the values.
func leaks(lines []string, values ...string) []string {
	var out []string
	for _, line := range lines {
		for _, v := range values {
			if v != "" && strings.Contains(line, v) {
				out = append(out, line)
			}
		}
	}
	return out
}

// Every attempt is logged (successes, a retried server error, a refused token), and no
// line holds the token or a secret's material. The detector is proven on a line that
// does hold them, so the test fails if logging ever takes headers or bodies.
func TestLogsNeverHoldTheToken(t *testing.T) {
	srv := startEmulator(t, emulator.Config{})
	srv.InjectFault(emulator.Fault{Method: http.MethodGet, PathPrefix: "/admins", Status: 500, Count: 1})
	logger := &recordingLogger{}
	c := newClient(t, srv, token, 1, logger)
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	created, err := c.CreateIdentityVerificationSecret(context.Background(), intercom.NewIdentityVerificationSecret{Name: "w", SupportsWeb: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListAdmins(context.Background()); err != nil {
		t.Fatal(err)
	}
	wrong := "dG9rOm5vdC10aGUtdG9rZW4="
	_, _ = newClient(t, srv, wrong, 0, logger).Me(context.Background())

	logger.mu.Lock()
	lines := slices.Clone(logger.lines)
	logger.mu.Unlock()
	if len(lines) != 5 {
		t.Fatalf("logged %d lines, want one per attempt (5):\n%s", len(lines), strings.Join(lines, "\n"))
	}
	for _, want := range []string{"status:200", "status:500", "status:401", "path:/secure_mode_secrets", "request_id:"} {
		if len(leaks(lines, want)) == 0 {
			t.Errorf("no log line holds %q: attempts are not logged as they should be", want)
		}
	}
	if l := leaks(lines, token, wrong, created.Secret); len(l) > 0 {
		t.Fatalf("log lines hold the token or a secret:\n%s", strings.Join(l, "\n"))
	}
	// The detector itself: a line with the request's headers is caught.
	withHeaders := fmt.Sprintf("%s %v", "Intercom API request", map[string]any{"headers": http.Header{"Authorization": {"Bearer " + token}}})
	if len(leaks([]string{withHeaders}, token)) != 1 {
		t.Fatal("the leak detector misses a logged Authorization header")
	}
}

// versionRecorder records the Intercom-Version of each request, by method and path.
type versionRecorder struct {
	mu       sync.Mutex
	versions map[string][]string
}

func (v *versionRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	v.mu.Lock()
	v.versions[req.Method+" "+req.URL.Path] = append(v.versions[req.Method+" "+req.URL.Path], req.Header.Get("Intercom-Version"))
	v.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

// The secret endpoints exist only in Intercom's Preview version: every call on them
// sends Intercom-Version: Preview, and the other calls the numbered version.
func TestSecretsUsePreviewVersion(t *testing.T) {
	srv := startEmulator(t, emulator.Config{})
	rec := &versionRecorder{versions: map[string][]string{}}
	c := newClientWith(t, srv, func(cfg *intercom.Config) { cfg.HTTPClient = &http.Client{Transport: rec} })
	t.Cleanup(func() {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		for call, versions := range rec.versions {
			want := intercom.VersionCurrent
			if strings.Contains(call, "/secure_mode_secrets") {
				want = intercom.VersionPreview
			}
			for _, got := range versions {
				if got != want {
					t.Errorf("%s sent Intercom-Version %q, want %q", call, got, want)
				}
			}
		}
		for _, call := range []string{"POST /secure_mode_secrets", "GET /secure_mode_secrets"} {
			if len(rec.versions[call]) == 0 {
				t.Errorf("%s was never sent", call)
			}
		}
	})
	created, err := c.CreateIdentityVerificationSecret(context.Background(),
		intercom.NewIdentityVerificationSecret{Name: "Production web", SupportsWeb: true})
	if err != nil {
		t.Fatal(err)
	}
	if created.Secret == "" || created.ID == "" {
		t.Fatalf("created = %+v, want id and secret", created)
	}
	list, err := c.ListIdentityVerificationSecrets(context.Background())
	if err != nil || len(list) != 1 || list[0].Secret != "" {
		t.Fatalf("list = %+v, %v; want one entry without material", list, err)
	}
	if err := c.DeleteIdentityVerificationSecret(context.Background(), created.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteIdentityVerificationSecret(context.Background(), created.ID); !intercom.IsNotFound(err) {
		t.Fatalf("second delete: %v, want not found", err)
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	for _, cfg := range []intercom.Config{
		{BaseURL: "https://api.intercom.io"},
		{BaseURL: "api.intercom.io", AccessToken: "x"},
		{BaseURL: "https://api.intercom.io", AccessToken: "x", MaxRetries: -1},
	} {
		if _, err := intercom.New(cfg); err == nil {
			t.Errorf("New(%+v) accepted a bad config", cfg)
		}
	}
}
