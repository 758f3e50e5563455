package intercom_test

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// A token with the characters that each encoding changes: '/', '+' and '='.
const slashedToken = "dG9r/OnNlY3+JldC10b2tlbi12YWx1ZQ==a1b2c3d4e5f6g7h8i9j0k1l2m3n4"

// tokenWindow reports the first 8-character piece of token that text holds, or "".
func tokenWindow(text, token string) string {
	for i := 0; i+8 <= len(token); i++ {
		if strings.Contains(text, token[i:i+8]) {
			return token[i : i+8]
		}
	}
	return ""
}

func errorFor(t *testing.T, token string, status int, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	c, err := intercom.New(intercom.Config{BaseURL: srv.URL, AccessToken: token})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Me(context.Background())
	if err == nil {
		t.Fatalf("HTTP %d gave no error", status)
	}
	return err.Error()
}

// A middle box that echoes the Authorization header into its page, after enough text that
// the 200-byte cut falls inside the token, or in an encoding that exact matching misses,
// must not print any 8-character piece of the token. The error says the body was withheld.
func TestErrorsWithholdABodyThatHoldsPartOfTheToken(t *testing.T) {
	bearer := "Bearer " + slashedToken
	prefix := strings.Repeat("x", 100) + " Authorization: "
	for name, body := range map[string]string{
		"cut at 200 bytes inside the token": prefix + bearer + strings.Repeat(" trailing", 20),
		"a piece of it":                     "<html>token " + slashedToken[10:30] + "</html>",
		"URL-encoded":                       "request was /?auth=" + url.QueryEscape(bearer),
		"path-encoded":                      "request was /" + url.PathEscape(slashedToken),
		`JSON's \/`:                         `{"echo":"` + strings.ReplaceAll(bearer, "/", `\/`) + `"}`,
		"HTML-escaped":                      "<pre>" + html.EscapeString(strings.ReplaceAll(bearer, "+", "&#43;")) + "</pre>",
		"JSON unicode escapes":              `{"echo":"` + strings.ReplaceAll(bearer, "=", `\u003d`) + `"}`,
		"in Intercom's envelope":            `{"type":"error.list","errors":[{"code":"bad","message":"saw ` + url.QueryEscape(slashedToken) + `"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			printed := errorFor(t, slashedToken, http.StatusBadRequest, body)
			if piece := tokenWindow(printed, slashedToken); piece != "" {
				t.Fatalf("the error prints %q of the token:\n%s", piece, printed)
			}
			if !strings.Contains(printed, "withheld") {
				t.Errorf("the error does not say the body was withheld:\n%s", printed)
			}
			if !strings.Contains(printed, "HTTP 400") {
				t.Errorf("the error lost its status:\n%s", printed)
			}
		})
	}
}

// A body that holds nothing of the token is still shown, cut to 200 bytes.
func TestErrorsShowABodyWithoutTheToken(t *testing.T) {
	printed := errorFor(t, slashedToken, http.StatusBadGateway, "upstream timed out "+strings.Repeat("z", 300))
	if !strings.Contains(printed, "upstream timed out") || strings.Contains(printed, "withheld") {
		t.Fatalf("a body without the token was not shown:\n%s", printed)
	}
	if strings.Count(printed, "z") > 200 {
		t.Errorf("the body was not cut:\n%s", printed)
	}
}
