package intercom

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// fuzzToken has the characters that each encoding changes: '/', '+' and '='.
const fuzzToken = "dG9r/OnNlY3+JldC10b2tlbi12YWx1ZQ==a1b2c3d4e5f6g7h8i9j0k1l2m3n4"

// Fuzzed: whatever surrounds a piece of the token, and however it is encoded, no
// 8-character piece of it reaches the error the client returns for the answer. It calls
// the client's own answerError (no server: a fuzz run makes tens of thousands of calls).
func FuzzErrorNeverPrintsTheToken(f *testing.F) {
	for _, n := range []int{0, 1, 100, 150, 190, 195, 199, 200, 250, 4000} {
		f.Add(strings.Repeat("a", n), uint8(n%5), 0, len(fuzzToken))
	}
	f.Add("{\"type\":\"error.list\",\"errors\":[{\"message\":\"", uint8(1), 3, 40)
	c, err := New(Config{BaseURL: "https://api.intercom.io", AccessToken: fuzzToken})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, prefix string, encoding uint8, from, to int) {
		if from < 0 || to > len(fuzzToken) || to-from < tokenWindow {
			t.Skip()
		}
		piece := fuzzToken[from:to]
		var echoed string
		switch encoding % 5 {
		case 0:
			echoed = piece
		case 1:
			echoed = url.QueryEscape(piece)
		case 2:
			echoed = strings.ReplaceAll(piece, "/", `\/`)
		case 3:
			echoed = html.EscapeString(strings.ReplaceAll(piece, "=", "&#61;"))
		case 4:
			echoed = url.PathEscape(piece)
		}
		resp := &http.Response{StatusCode: http.StatusForbidden, Header: http.Header{"X-Request-Id": {prefix}}}
		e := c.answerError(requestOptions{method: http.MethodGet, path: "/me"}, resp, []byte(prefix+echoed+"\"}]}"))
		printed := e.Error()
		for i := 0; i+tokenWindow <= len(fuzzToken); i++ {
			if strings.Contains(printed, fuzzToken[i:i+tokenWindow]) {
				t.Fatalf("the error prints %q of the token:\n%s", fuzzToken[i:i+tokenWindow], printed)
			}
		}
	})
}
