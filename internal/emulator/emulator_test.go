package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// These tests drive the emulator over real HTTP on loopback, as the provider does.

func start(t *testing.T, cfg Config) *Server {
	t.Helper()
	s := New(cfg)
	if err := s.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

type answer struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

// do sends one request with the default workspace's token and the given version.
func do(t *testing.T, s *Server, method, path, version string, body any) answer {
	t.Helper()
	return doWith(t, s, method, path, version, DefaultWorkspace.Token, body)
}

func doWith(t *testing.T, s *Server, method, path, version, token string, body any) answer {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if version != "" {
		req.Header.Set("Intercom-Version", version)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &a.body)
	}
	return a
}

// errorCode returns the first error's code of an error envelope, checking its shape.
func errorCode(t *testing.T, a answer) string {
	t.Helper()
	if a.body["type"] != "error.list" {
		t.Fatalf("answer %d is not an error envelope: %s", a.status, a.raw)
	}
	errs, _ := a.body["errors"].([]any)
	if len(errs) == 0 || a.body["request_id"] == "" || a.body["request_id"] != a.header.Get("X-Request-Id") {
		t.Fatalf("malformed envelope: %s", a.raw)
	}
	return errs[0].(map[string]any)["code"].(string)
}

func TestAuthentication(t *testing.T) {
	s := start(t, Config{})
	cases := []struct {
		token  string
		status int
		code   string
	}{
		{"", 401, "missing_authorization"},
		{"nope", 401, "unauthorized"},
	}
	for _, c := range cases {
		a := doWith(t, s, "GET", "/me", "2.16", c.token, nil)
		if a.status != c.status || errorCode(t, a) != c.code {
			t.Errorf("token %q: %d %s, want %d %s", c.token, a.status, a.raw, c.status, c.code)
		}
	}
	s.RevokeToken(DefaultWorkspace.IDCode)
	if a := do(t, s, "GET", "/me", "2.16", nil); a.status != 401 || errorCode(t, a) != "token_revoked" {
		t.Errorf("revoked token: %d %s", a.status, a.raw)
	}
}

func TestVersions(t *testing.T) {
	s := start(t, Config{})
	if a := do(t, s, "GET", "/me", "9.99", nil); a.status != 400 || errorCode(t, a) != "intercom_version_invalid" {
		t.Errorf("unknown version: %d %s", a.status, a.raw)
	}
	if a := do(t, s, "GET", "/me", "", nil); a.status != 200 {
		t.Errorf("no version header (the app's default): %d %s", a.status, a.raw)
	}
	if a := do(t, s, "GET", "/secure_mode_secrets", "2.16", nil); a.status != 404 || errorCode(t, a) != "not_found" {
		t.Errorf("secrets outside Preview: %d %s", a.status, a.raw)
	}
	if a := do(t, s, "GET", "/secure_mode_secrets", "Preview", nil); a.status != 200 {
		t.Errorf("secrets under Preview: %d %s", a.status, a.raw)
	}
	if a := do(t, s, "GET", "/ip_allowlist", "2.13", nil); a.status != 404 {
		t.Errorf("ip_allowlist before 2.14: %d %s", a.status, a.raw)
	}
	if a := do(t, s, "GET", "/nowhere", "2.16", nil); a.status != 404 || errorCode(t, a) != "not_found" {
		t.Errorf("unknown path: %d %s", a.status, a.raw)
	}
}

func TestScopes(t *testing.T) {
	w := WorkspaceConfig{IDCode: "scoped01", Token: "scoped-token", Scopes: []string{"read_admins"}}
	s := start(t, Config{Workspaces: []WorkspaceConfig{w}})
	if a := doWith(t, s, "GET", "/ip_allowlist", "2.16", w.Token, nil); a.status != 401 || errorCode(t, a) != "token_unauthorized" {
		t.Errorf("ip_allowlist without manage_ip_allowlist: %d %s", a.status, a.raw)
	}
}

func TestMeReportsIdentityVerification(t *testing.T) {
	s := start(t, Config{})
	me := do(t, s, "GET", "/me", "2.16", nil)
	app := me.body["app"].(map[string]any)
	if app["id_code"] != DefaultWorkspace.IDCode || app["identity_verification"] != false {
		t.Fatalf("GET /me: %s", me.raw)
	}
	do(t, s, "POST", "/secure_mode_secrets", "Preview", map[string]any{"name": "w", "supports_web": true})
	if a := do(t, s, "PUT", "/messenger/identity_verification", "2.16", map[string]any{"enforced_on_web": true}); a.status != 200 {
		t.Fatalf("enforce web: %d %s", a.status, a.raw)
	}
	me = do(t, s, "GET", "/me", "2.16", nil)
	if me.body["app"].(map[string]any)["identity_verification"] != true {
		t.Fatalf("GET /me after enforcing: %s", me.raw)
	}
}

func TestIdentityVerificationNeedsASecret(t *testing.T) {
	s := start(t, Config{})
	a := do(t, s, "PUT", "/messenger/identity_verification", "2.16", map[string]any{"enforced_on_ios": true})
	if a.status != 422 || errorCode(t, a) != "parameter_invalid" || !strings.Contains(string(a.raw), `"field":"enforced_on_ios"`) {
		t.Fatalf("enforcing iOS without a secret: %d %s", a.status, a.raw)
	}
}

func TestTrustedDomainsValidation(t *testing.T) {
	s := start(t, Config{})
	for _, bad := range []string{"Salestim.com", "https://salestim.com", "salestim.com:443", "salestim.com/x", "192.0.2.1", "localhost", "a.*.salestim.com", "intranet"} {
		a := do(t, s, "PUT", "/messenger/trusted_domains", "2.16", map[string]any{"domains": []string{bad}})
		if a.status != 422 || !strings.Contains(string(a.raw), `"field":`+strings.ReplaceAll(mustJSON(bad), "/", `\/`)) && !strings.Contains(string(a.raw), mustJSON(bad)) {
			t.Errorf("%q: %d %s, want 422 naming the entry", bad, a.status, a.raw)
		}
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = "d" + strings.Repeat("x", i%5) + string(rune('a'+i%26)) + ".example" + string(rune('a'+i/26))
	}
	// Intercom documents no limit on the list's length: the emulator invents none.
	if a := do(t, s, "PUT", "/messenger/trusted_domains", "2.16", map[string]any{"domains": many}); a.status != 200 {
		t.Errorf("101 domains: %d %s", a.status, a.raw)
	}
	ok := do(t, s, "PUT", "/messenger/trusted_domains", "2.16", map[string]any{"domains": []string{"salestim.com", "*.salestim.com"}})
	if ok.status != 200 {
		t.Fatalf("valid list: %d %s", ok.status, ok.raw)
	}
	ws, _ := s.Workspace(DefaultWorkspace.IDCode)
	if len(ws.TrustedDomains) != 2 || ws.ActivityLogs[len(ws.ActivityLogs)-1].ActivityType != "trusted_domains_setting_change" {
		t.Fatalf("state after PUT: %+v", ws)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestIPAllowlistLockout(t *testing.T) {
	s := start(t, Config{})
	a := do(t, s, "PUT", "/ip_allowlist", "2.16", map[string]any{"enabled": true, "ip_allowlist": []string{"203.0.113.0/24"}})
	if a.status != 422 || !strings.Contains(string(a.raw), "Your IP (127.0.0.1) is not on the allowlist. Saving would lock you out of this workspace.") {
		t.Fatalf("lockout: %d %s", a.status, a.raw)
	}
	if ws, _ := s.Workspace(DefaultWorkspace.IDCode); ws.IPAllowlist.Enabled {
		t.Fatal("a refused change was applied")
	}
	s.SetCallerIP(DefaultWorkspace.IDCode, "203.0.113.9")
	if a := do(t, s, "PUT", "/ip_allowlist", "2.16", map[string]any{"enabled": true, "ip_allowlist": []string{"203.0.113.0/24"}}); a.status != 200 {
		t.Fatalf("caller inside the range: %d %s", a.status, a.raw)
	}
	if a := do(t, s, "PUT", "/ip_allowlist", "2.16", map[string]any{"enabled": true, "ip_allowlist": []string{"203.0.113.0/24", "nope"}}); a.status != 422 || !strings.Contains(string(a.raw), `"field":"nope"`) {
		t.Fatalf("bad entry: %d %s", a.status, a.raw)
	}
}

func TestSecretsLifecycle(t *testing.T) {
	s := start(t, Config{})
	if a := do(t, s, "POST", "/secure_mode_secrets", "Preview", map[string]any{"name": "x"}); a.status != 422 {
		t.Errorf("no platform: %d", a.status)
	}
	if a := do(t, s, "POST", "/secure_mode_secrets", "Preview", map[string]any{"supports_web": true}); a.status != 422 {
		t.Errorf("no name: %d", a.status)
	}
	created := do(t, s, "POST", "/secure_mode_secrets", "Preview", map[string]any{"name": "web", "supports_web": true})
	if created.status != 201 || len(created.body["secret"].(string)) != 43 {
		t.Fatalf("create: %d %s", created.status, created.raw)
	}
	list := do(t, s, "GET", "/secure_mode_secrets", "Preview", nil)
	if strings.Contains(string(list.raw), created.body["secret"].(string)) {
		t.Fatal("the list shows a secret's material")
	}
	id := created.body["id"].(string)
	if a := do(t, s, "DELETE", "/secure_mode_secrets/"+id, "Preview", nil); a.status != 204 {
		t.Fatalf("delete: %d", a.status)
	}
	if a := do(t, s, "DELETE", "/secure_mode_secrets/"+id, "Preview", nil); a.status != 404 || errorCode(t, a) != "identity_verification_secret_not_found" {
		t.Fatalf("delete again: %d %s", a.status, a.raw)
	}
}

func TestTestWorkspaces(t *testing.T) {
	s := start(t, Config{})
	created := do(t, s, "POST", "/test_workspaces", "2.16", map[string]any{"name": "Staging"})
	if created.status != 201 {
		t.Fatalf("create: %d %s", created.status, created.raw)
	}
	if a := do(t, s, "POST", "/test_workspaces", "2.16", map[string]any{"name": "Second"}); a.status != 422 {
		t.Fatalf("second test workspace: %d", a.status)
	}
	id := created.body["id_code"].(string)
	token, ok := s.TestWorkspaceToken(id)
	if !ok {
		t.Fatal("no token for the test workspace")
	}
	// The test workspace is a workspace of its own, which cannot have a test workspace.
	if a := doWith(t, s, "POST", "/test_workspaces", "2.16", token, map[string]any{"name": "Nested"}); a.status != 422 {
		t.Fatalf("nested test workspace: %d", a.status)
	}
	if a := do(t, s, "PATCH", "/test_workspaces/"+id, "2.16", map[string]any{"name": "Renamed"}); a.status != 200 || a.body["name"] != "Renamed" {
		t.Fatalf("rename: %d %s", a.status, a.raw)
	}
	if a := do(t, s, "DELETE", "/test_workspaces/"+id, "2.16", nil); a.status != 204 {
		t.Fatalf("delete: %d", a.status)
	}
	if a := doWith(t, s, "GET", "/me", "2.16", token, nil); a.status != 401 {
		t.Fatalf("a deleted test workspace's token still works: %d", a.status)
	}
}

func TestRateLimitWindows(t *testing.T) {
	now := time.Unix(1_800_000_003, 0)
	s := start(t, Config{RateLimit: 2, Now: func() time.Time { return now }})
	for i, wantRemaining := range []string{"1", "0"} {
		a := do(t, s, "GET", "/me", "2.16", nil)
		if a.status != 200 || a.header.Get("X-RateLimit-Remaining") != wantRemaining || a.header.Get("X-RateLimit-Limit") != "2" ||
			a.header.Get("X-RateLimit-Reset") != "1800000010" {
			t.Fatalf("call %d: %d %v", i, a.status, a.header)
		}
	}
	a := do(t, s, "GET", "/me", "2.16", nil)
	if a.status != 429 || errorCode(t, a) != "rate_limit_exceeded" || !strings.Contains(string(a.raw), "Exceeded rate limit of 2 in 10_seconds") {
		t.Fatalf("third call: %d %s", a.status, a.raw)
	}
	if s.Stats().RateLimited != 1 {
		t.Fatalf("429s counted: %d", s.Stats().RateLimited)
	}
	now = now.Add(10 * time.Second) // next window
	if a := do(t, s, "GET", "/me", "2.16", nil); a.status != 200 || a.header.Get("X-RateLimit-Remaining") != "1" {
		t.Fatalf("next window: %d %v", a.status, a.header)
	}
}

func TestFaults(t *testing.T) {
	s := start(t, Config{})
	s.InjectFault(Fault{Method: "GET", PathPrefix: "/security", Status: 503, Count: 1})
	if a := do(t, s, "GET", "/security/two_factor", "2.16", nil); a.status != 503 || errorCode(t, a) != "server_error" {
		t.Fatalf("status fault: %d %s", a.status, a.raw)
	}
	if a := do(t, s, "GET", "/security/two_factor", "2.16", nil); a.status != 200 {
		t.Fatalf("a Count: 1 fault applied twice: %d", a.status)
	}

	// A fresh connection each time: net/http silently repeats a GET whose reused
	// connection dropped, which would hide the fault.
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	s.InjectFault(Fault{PathPrefix: "/me", Drop: true, Count: 1})
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/me", nil)
	req.Header.Set("Authorization", "Bearer "+DefaultWorkspace.Token)
	if resp, err := fresh.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("dropped connection answered %d", resp.StatusCode)
	}

	s.InjectFault(Fault{Method: "PUT", PathPrefix: "/security/two_factor", DropAfterApply: true, Count: 1})
	body := bytes.NewBufferString(`{"required":true}`)
	req, _ = http.NewRequest(http.MethodPut, s.URL()+"/security/two_factor", body)
	req.Header.Set("Authorization", "Bearer "+DefaultWorkspace.Token)
	if resp, err := fresh.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("drop-after-apply answered")
	}
	if ws, _ := s.Workspace(DefaultWorkspace.IDCode); !ws.TwoFactorRequired {
		t.Fatal("drop-after-apply did not apply the change")
	}

	s.InjectFault(Fault{PathPrefix: "/admins", Latency: 150 * time.Millisecond, Count: 1})
	start := time.Now()
	if a := do(t, s, "GET", "/admins", "2.16", nil); a.status != 200 || time.Since(start) < 150*time.Millisecond {
		t.Fatalf("latency fault: %d after %v", a.status, time.Since(start))
	}

	s.InjectFault(Fault{Status: 500, Probability: 0.5})
	failures := 0
	for range 200 {
		if do(t, s, "GET", "/me", "2.16", nil).status == 500 {
			failures++
		}
	}
	if failures < 60 || failures > 140 {
		t.Fatalf("probability 0.5 failed %d of 200 calls", failures)
	}
	s.ClearFaults()
	if a := do(t, s, "GET", "/me", "2.16", nil); a.status != 200 {
		t.Fatalf("after ClearFaults: %d", a.status)
	}
}

func TestStatsCountPerEndpoint(t *testing.T) {
	s := start(t, Config{})
	do(t, s, "GET", "/me", "2.16", nil)
	do(t, s, "GET", "/me", "2.16", nil)
	do(t, s, "DELETE", "/secure_mode_secrets/42", "Preview", nil)
	st := s.Stats()
	if st.Endpoints["GET /me"] != 2 || st.Endpoints["DELETE /secure_mode_secrets/{id}"] != 1 || st.Total != 3 ||
		st.PerWorkspace[DefaultWorkspace.IDCode]["GET /me"] != 2 {
		t.Fatalf("stats: %+v", st)
	}
	s.ResetStats()
	if s.Stats().Total != 0 {
		t.Fatal("ResetStats kept counts")
	}
}

func TestHandChangesAndActivityLogPagination(t *testing.T) {
	s := start(t, Config{})
	for i := range 45 {
		on := i%2 == 0
		if err := s.ChangeByHand(DefaultWorkspace.IDCode, HandChange{TwoFactorRequired: &on}); err != nil {
			t.Fatal(err)
		}
	}
	ws, _ := s.Workspace(DefaultWorkspace.IDCode)
	last := ws.ActivityLogs[len(ws.ActivityLogs)-1]
	if !ws.TwoFactorRequired || last.PerformedBy.Email != uiTeammateEmail || last.ActivityType != "security_settings_change" {
		t.Fatalf("after hand changes: %+v, last log %+v", ws.TwoFactorRequired, last)
	}
	seen, cursor, pages := 0, "", 0
	for {
		path := "/admins/activity_logs?created_at_after=0"
		if cursor != "" {
			path += "&starting_after=" + cursor
		}
		a := do(t, s, "GET", path, "2.16", nil)
		if a.status != 200 || a.body["type"] != "activity_log.list" {
			t.Fatalf("page %d: %d %s", pages, a.status, a.raw)
		}
		pages++
		seen += len(a.body["activity_logs"].([]any))
		next, _ := a.body["pages"].(map[string]any)["next"].(map[string]any)
		if next == nil {
			break
		}
		cursor = next["starting_after"].(string)
	}
	if seen != 45 || pages != 3 {
		t.Fatalf("followed %d pages holding %d entries, want 3 pages, 45 entries", pages, seen)
	}
	if a := do(t, s, "GET", "/admins/activity_logs", "2.16", nil); a.status != 400 {
		t.Fatalf("without created_at_after: %d", a.status)
	}
}

func TestControlSurface(t *testing.T) {
	s := start(t, Config{})
	post := func(path, body string) int {
		resp, err := http.Post(s.URL()+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("/_emulator/workspaces/abc12345/hand_change", `{"trusted_domains":["hand.example"],"teammate_email":"eve@salestim.com"}`); code != 200 {
		t.Fatalf("hand_change: %d", code)
	}
	if code := post("/_emulator/faults", `{"path_prefix":"/me","status":503,"count":1}`); code != 201 {
		t.Fatalf("faults: %d", code)
	}
	if a := do(t, s, "GET", "/me", "2.16", nil); a.status != 503 {
		t.Fatalf("fault from the control surface not applied: %d", a.status)
	}
	resp, err := http.Get(s.URL() + "/_emulator/workspaces/abc12345")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st WorkspaceState
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	if len(st.TrustedDomains) != 1 || st.ActivityLogs[0].PerformedBy.Email != "eve@salestim.com" {
		t.Fatalf("state: %+v", st)
	}
	if s.Stats().Endpoints["GET /me"] != 1 || s.Stats().Total != 1 {
		t.Fatalf("the control surface is counted as Intercom traffic: %+v", s.Stats())
	}
}

// Published-only mode answers the modelled endpoints as Intercom's hosts do today, and
// still serves everything Intercom publishes.
func TestPublishedOnly(t *testing.T) {
	s := start(t, Config{PublishedOnly: true})
	for _, c := range []struct{ method, path string }{
		{"GET", "/security/two_factor"}, {"PUT", "/security/two_factor"},
		{"GET", "/messenger/trusted_domains"}, {"PUT", "/messenger/trusted_domains"},
		{"GET", "/messenger/identity_verification"}, {"PUT", "/messenger/identity_verification"},
		{"GET", "/test_workspaces"}, {"POST", "/test_workspaces"}, {"DELETE", "/test_workspaces/x"},
	} {
		if a := do(t, s, c.method, c.path, "2.16", map[string]any{}); a.status != 404 || errorCode(t, a) != "not_found" {
			t.Errorf("%s %s in published-only mode: %d %s", c.method, c.path, a.status, a.raw)
		}
	}
	for _, c := range []struct{ path, version string }{{"/me", "2.16"}, {"/admins", "2.16"}, {"/ip_allowlist", "2.16"}, {"/secure_mode_secrets", "Preview"}} {
		if a := do(t, s, "GET", c.path, c.version, nil); a.status != 200 {
			t.Errorf("GET %s in published-only mode: %d %s", c.path, a.status, a.raw)
		}
	}
	// The default mode serves the modelled endpoints.
	full := start(t, Config{})
	if a := do(t, full, "GET", "/security/two_factor", "2.16", nil); a.status != 200 {
		t.Errorf("GET /security/two_factor in the default mode: %d %s", a.status, a.raw)
	}
}

// A test workspace created through the API has its own token, readable through the
// control surface, and that token reaches the test workspace (not its parent).
func TestTestWorkspaceTokenThroughControl(t *testing.T) {
	s := start(t, Config{})
	created := do(t, s, "POST", "/test_workspaces", "2.16", map[string]any{"name": "Staging"})
	if created.status != 201 {
		t.Fatalf("create: %d %s", created.status, created.raw)
	}
	idCode := created.body["id_code"].(string)
	resp, err := http.Get(s.URL() + "/_emulator/workspaces/" + idCode + "/token")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != http.StatusOK || got.Token == "" {
		t.Fatalf("token of %s: %d %+v %v", idCode, resp.StatusCode, got, err)
	}
	me := doWith(t, s, "GET", "/me", "2.16", got.Token, nil)
	if app, _ := me.body["app"].(map[string]any); me.status != 200 || app["id_code"] != idCode {
		t.Fatalf("GET /me with the test workspace's token: %d %s", me.status, me.raw)
	}
	// The seeded workspace's token is not handed out: only test workspaces' are.
	prod, err := http.Get(s.URL() + "/_emulator/workspaces/" + DefaultWorkspace.IDCode + "/token")
	if err != nil {
		t.Fatal(err)
	}
	_ = prod.Body.Close()
	if prod.StatusCode != http.StatusNotFound {
		t.Fatalf("token of the production workspace: HTTP %d, want 404", prod.StatusCode)
	}
}

// Contacts and conversations seeded through the control surface, as a DPO rehearses a
// request; erasing a contact deletes its conversations, as Intercom's help says.
func TestControlSeedsContactsAndErasureTakesTheirConversations(t *testing.T) {
	s := start(t, Config{})
	post := func(path, body string) (int, map[string]any) {
		resp, err := http.Post(s.URL()+path, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	code, pat := post("/_emulator/workspaces/abc12345/contacts", `{"role":"user","email":"pat@example.org"}`)
	if code != http.StatusCreated || pat["id"] == "" {
		t.Fatalf("adding a contact: %d %v", code, pat)
	}
	patID, _ := pat["id"].(string)
	code, lead := post("/_emulator/workspaces/abc12345/contacts", `{"role":"lead","merged_into":"`+patID+`"}`)
	if code != http.StatusCreated {
		t.Fatalf("adding a merged lead: %d %v", code, lead)
	}
	if code, _ := post("/_emulator/workspaces/abc12345/conversations", `{"contact_id":"`+patID+`","source":{"body":"hi","redactable":true}}`); code != http.StatusCreated {
		t.Fatalf("adding a conversation: %d", code)
	}
	if code, _ := post("/_emulator/workspaces/nope/contacts", `{}`); code != http.StatusUnprocessableEntity {
		t.Errorf("a contact of no workspace: %d", code)
	}
	req, _ := http.NewRequest(http.MethodDelete, s.URL()+"/contacts/"+patID, nil)
	req.Header.Set("Authorization", "Bearer "+DefaultWorkspace.Token)
	req.Header.Set("Intercom-Version", "2.14")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("DELETE /contacts/%s: %d", patID, resp.StatusCode)
	}
	if convs := s.Conversations("abc12345"); len(convs) != 0 {
		t.Errorf("the erased contact's conversations remain: %+v", convs)
	}
	if contacts := s.Contacts("abc12345"); len(contacts) != 0 {
		t.Errorf("contacts remain after erasing the one the lead was merged into: %+v", contacts)
	}
}
