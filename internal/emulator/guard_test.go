package emulator

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
)

// The emulator on a developer's machine cannot be read or driven by a web page: not
// through DNS rebinding (a foreign Host), not through a cross-site form post.

func rawRequest(t *testing.T, s *Server, method, path, host, contentType, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Authorization", "Bearer "+DefaultWorkspace.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

func TestForeignHostIsRefused(t *testing.T) {
	s := start(t, Config{})
	if a := do(t, s, http.MethodPost, "/secure_mode_secrets", "Preview", map[string]any{"name": "web", "supports_web": true}); a.status/100 != 2 {
		t.Fatalf("creating a secret: %d %s", a.status, a.raw)
	}
	for _, path := range []string{"/_emulator/workspaces/" + DefaultWorkspace.IDCode, "/secure_mode_secrets", "/me"} {
		code, body := rawRequest(t, s, http.MethodGet, path, "attacker.example", "", "")
		if code != http.StatusMisdirectedRequest || strings.Contains(body, "secret") && !strings.Contains(body, "loopback") {
			t.Errorf("GET %s with Host attacker.example: %d %s", path, code, body)
		}
	}
	code, _ := rawRequest(t, s, http.MethodPost, "/_emulator/workspaces", "attacker.example:80", "application/json",
		`{"id_code":"evil1","name":"Evil","token":"evil"}`)
	if code != http.StatusMisdirectedRequest || hasWorkspace(s, "evil1") {
		t.Errorf("a control write with a foreign Host answered %d (workspace created: %v)", code, hasWorkspace(s, "evil1"))
	}
	for _, host := range []string{"localhost", "LOCALHOST:8089", "127.0.0.1:1", "[::1]:8089", "127.8.9.10"} {
		if code, body := rawRequest(t, s, http.MethodGet, "/me", host, "", ""); code != http.StatusOK {
			t.Errorf("Host %s refused: %d %s", host, code, body)
		}
	}
	open := start(t, Config{AllowAnyHost: true})
	if code, body := rawRequest(t, open, http.MethodGet, "/me", "emulator.internal.example", "", ""); code != http.StatusOK {
		t.Errorf("AllowAnyHost refused a foreign Host: %d %s", code, body)
	}
}

func TestControlWritesMustBeJSON(t *testing.T) {
	s := start(t, Config{})
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""} {
		code, _ := rawRequest(t, s, http.MethodPost, "/_emulator/workspaces", "", ct, `{"id_code":"form1","name":"F","token":"f"}`)
		if code != http.StatusUnsupportedMediaType || hasWorkspace(s, "form1") {
			t.Errorf("a %q control POST answered %d (workspace created: %v)", ct, code, hasWorkspace(s, "form1"))
		}
	}
	if code, _ := rawRequest(t, s, http.MethodPost, "/_emulator/workspaces/"+DefaultWorkspace.IDCode+"/revoke_token", "", "text/plain", ""); code != http.StatusUnsupportedMediaType {
		t.Errorf("a text/plain revoke_token answered %d", code)
	}
	if code, body := rawRequest(t, s, http.MethodPost, "/_emulator/workspaces", "", "application/json; charset=utf-8",
		`{"id_code":"json1","name":"J","token":"j"}`); code/100 != 2 || !hasWorkspace(s, "json1") {
		t.Errorf("a JSON control POST answered %d %s", code, body)
	}
}

func TestBodiesAreBounded(t *testing.T) {
	s := start(t, Config{})
	huge := `{"ip":"` + strings.Repeat("1", maxBodyBytes+10) + `"}`
	code, _ := rawRequest(t, s, http.MethodPut, "/_emulator/workspaces/"+DefaultWorkspace.IDCode+"/caller_ip", "", "application/json", huge)
	if code != http.StatusBadRequest {
		t.Errorf("a body past %d bytes answered %d", maxBodyBytes, code)
	}
	if s.http.ReadTimeout == 0 || s.http.WriteTimeout == 0 || s.http.IdleTimeout == 0 {
		t.Errorf("the server has no read, write or idle timeout: %v %v %v", s.http.ReadTimeout, s.http.WriteTimeout, s.http.IdleTimeout)
	}
}

// A page number so large that (page-1)*per_page overflows answers an empty page.
func TestHugeSearchPageDoesNotPanic(t *testing.T) {
	s := start(t, Config{})
	for _, page := range []int{math.MaxInt, math.MaxInt / 20, math.MaxInt/20 + 2} {
		body := fmt.Sprintf(`{"created_at_after":0,"page":%d,"per_page":20}`, page)
		code, raw := rawRequest(t, s, http.MethodPost, "/admins/activity_logs/search", "", "application/json", body)
		if code != http.StatusOK || !strings.Contains(raw, `"activity_logs":[]`) {
			t.Errorf("page %d: %d %s", page, code, raw)
		}
	}
}

func hasWorkspace(s *Server, idCode string) bool {
	_, ok := s.Workspace(idCode)
	return ok
}
