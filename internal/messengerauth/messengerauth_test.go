package messengerauth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"strings"
	"testing"
)

// opensslHMAC is an implementation independent of ours.
func opensslHMAC(t *testing.T, key, message string) string {
	t.Helper()
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not on PATH: cannot check against an independent implementation")
	}
	cmd := exec.Command("openssl", "dgst", "-sha256", "-hmac", key)
	cmd.Stdin = strings.NewReader(message)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("openssl: %v", err)
	}
	f := strings.Fields(string(out))
	return f[len(f)-1]
}

func TestUserHashIntercomVector(t *testing.T) {
	const want = "aa747c502a898200f9e4fa21bac68136f886a0e27aec70ba06daf2e2a5cb5597"
	if got := UserHash("secret", "Message"); got != want {
		t.Fatalf("UserHash(secret, Message) = %s, want Intercom's published %s", got, want)
	}
}

func TestUserHashMatchesOpenSSL(t *testing.T) {
	for _, c := range [][2]string{{"s3cr3t", "user-42"}, {"k", "ada@salestim.com"}, {"Zm9vYmFy_-", "ünïcode"}} {
		if got, want := UserHash(c[0], c[1]), opensslHMAC(t, c[0], c[1]); got != want {
			t.Errorf("UserHash(%q, %q) = %s, openssl says %s", c[0], c[1], got, want)
		}
	}
}

func TestJWTMatchesOpenSSL(t *testing.T) {
	token, err := JWT("s3cr3t", map[string]any{"user_id": "42", "exp": 1767225600, "email": "a<b>@salestim.com"})
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	header, _ := base64.RawURLEncoding.DecodeString(parts[0])
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if string(header) != `{"alg":"HS256","typ":"JWT"}` {
		t.Fatalf("header %s", header)
	}
	if string(payload) != `{"email":"a<b>@salestim.com","exp":1767225600,"user_id":"42"}` {
		t.Fatalf("payload %s: want sorted keys, no HTML escaping", payload)
	}
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	if hex.EncodeToString(sig) != opensslHMAC(t, "s3cr3t", parts[0]+"."+parts[1]) {
		t.Fatal("signature differs from openssl's HMAC of header.payload")
	}
}

func TestJWTRefuses(t *testing.T) {
	if _, err := JWT("", map[string]any{"user_id": "1", "exp": 1767225600}); err == nil {
		t.Error("empty secret accepted")
	}
	for _, claims := range []map[string]any{{}, {"user_id": ""}, {"user_id": 42}, {"email": "a@b.c"}} {
		if _, err := JWT("k", claims); err == nil || !strings.Contains(err.Error(), "user_id") {
			t.Errorf("claims %v: %v, want an error naming user_id", claims, err)
		}
	}
}

// exp, iat and nbf are NumericDates: a string would read as no expiry to a verifier.
func TestJWTRefusesNonNumericTimes(t *testing.T) {
	for _, name := range []string{"exp", "iat", "nbf"} {
		bads := []any{"1767225600", "tomorrow", true, map[string]any{}}
		if name != "exp" {
			bads = append(bads, nil) // exp = null is the explicit "never expires"
		}
		for _, bad := range bads {
			if _, err := JWT("k", map[string]any{"user_id": "1", "exp": 1767225600, name: bad}); err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("%s = %#v: %v, want an error naming %s", name, bad, err, name)
			}
		}
		for _, good := range []any{int64(1767225600), 1767225600.0, json.Number("1767225600")} {
			if _, err := JWT("k", map[string]any{"user_id": "1", "exp": 1767225600, name: good}); err != nil {
				t.Errorf("%s = %#v refused: %v", name, good, err)
			}
		}
	}
}

// A token without exp never expires: refused unless asked for by name (exp = null),
// and then the token carries no exp at all (not "exp": null, which verifiers differ on).
func TestJWTWithoutExpiryOnlyWhenAskedFor(t *testing.T) {
	if _, err := JWT("k", map[string]any{"user_id": "1"}); err == nil || !strings.Contains(err.Error(), `no "exp"`) ||
		!strings.Contains(err.Error(), "exp = null") {
		t.Errorf("no exp: %v", err)
	}
	claims := map[string]any{"user_id": "1", "exp": nil}
	token, err := JWT("k", claims)
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
	if string(payload) != `{"user_id":"1"}` {
		t.Errorf("payload %s", payload)
	}
	if _, still := claims["exp"]; !still {
		t.Error("the caller's claims were changed")
	}
}

func FuzzUserHash(f *testing.F) {
	f.Add("secret", "Message")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, secret, userID string) {
		got := UserHash(secret, userID)
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(userID))
		if got != hex.EncodeToString(mac.Sum(nil)) || got != strings.ToLower(got) || len(got) != 64 {
			t.Fatalf("UserHash(%q, %q) = %q", secret, userID, got)
		}
	})
}

func FuzzJWT(f *testing.F) {
	f.Add("secret", "user-42", "ada@salestim.com", int64(1767225600))
	f.Add("k", "\x00", "<>&", int64(-1))
	f.Fuzz(func(t *testing.T, secret, userID, email string, exp int64) {
		token, err := JWT(secret, map[string]any{"user_id": userID, "email": email, "exp": exp})
		if secret == "" || userID == "" {
			if err == nil {
				t.Fatal("accepted an empty secret or user_id")
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(token, ".")
		if len(parts) != 3 {
			t.Fatalf("%d parts", len(parts))
		}
		payload, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			t.Fatal(err)
		}
		var claims map[string]any
		if err := json.Unmarshal(payload, &claims); err != nil {
			t.Fatalf("payload is not JSON: %v", err)
		}
		// encoding/json writes each invalid UTF-8 byte as U+FFFD, as converting to runes does.
		if claims["user_id"] != string([]rune(userID)) {
			t.Fatalf("user_id %q came back as %q", userID, claims["user_id"])
		}
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(parts[0] + "." + parts[1]))
		if parts[2] != base64.RawURLEncoding.EncodeToString(mac.Sum(nil)) {
			t.Fatal("signature does not verify")
		}
		again, _ := JWT(secret, map[string]any{"exp": exp, "email": email, "user_id": userID})
		if again != token {
			t.Fatal("not deterministic")
		}
	})
}

// A bad exp, iat or nbf is named with its type, never its value: a claim may be
// sensitive (a token pasted into the wrong field), and the error is printed.
func TestJWTErrorsNameTheTypeNotTheValue(t *testing.T) {
	for bad, kind := range map[any]string{
		"sk_live_pasted-by-mistake": "string",
		true:                        "bool",
		math.NaN():                  "value that is not a finite number",
	} {
		_, err := JWT("k", map[string]any{"user_id": "1", "exp": bad})
		if err == nil {
			t.Fatalf("exp = %v accepted", bad)
		}
		if !strings.Contains(err.Error(), "not a "+kind) && !strings.Contains(err.Error(), "not "+kind) {
			t.Errorf("exp = %v: %v, want the kind %q named", bad, err, kind)
		}
		if s, ok := bad.(string); ok && strings.Contains(err.Error(), s) {
			t.Errorf("the error prints the value: %v", err)
		}
		if b, ok := bad.(bool); ok && strings.Contains(err.Error(), fmt.Sprint(b)) {
			t.Errorf("the error prints the value: %v", err)
		}
	}
	_, err := JWT("k", map[string]any{"user_id": "1", "exp": 1767225600, "nbf": map[string]any{"secret": "inside"}})
	if err == nil || strings.Contains(err.Error(), "inside") || !strings.Contains(err.Error(), "not an object") {
		t.Errorf("nbf = object: %v", err)
	}
}
