// Package messengerauth computes what a website or app hands Intercom's Messenger to
// prove who its user is: the identity verification user_hash (HMAC-SHA256) and the
// Messenger security JWT (HS256), both keyed with an identity verification secret.
package messengerauth

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
)

// UserHash is the Messenger's user_hash: lower-case hex HMAC-SHA256 of the user id,
// keyed with the secret string as shown (not decoded), as Intercom documents it.
func UserHash(secret, userID string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(userID))
	return hex.EncodeToString(mac.Sum(nil))
}

// isNumericDate accepts the JSON numbers a Go value marshals to.
func isNumericDate(v any) bool {
	switch n := v.(type) {
	case int, int64, int32, uint, uint64, uint32, float32:
		return true
	case float64:
		return !math.IsNaN(n) && !math.IsInf(n, 0)
	case json.Number:
		_, err := n.Float64()
		return err == nil
	}
	return false
}

// jsonKind names the JSON kind of a claim value ("a string", "an object"…), for errors that
// must not print the value.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a bool"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	default:
		return "a value that is not a finite number"
	}
}

// jwtHeader is fixed, so the same claims always give the same token.
const jwtHeader = `{"alg":"HS256","typ":"JWT"}`

// JWT returns an HS256 JWT signed with secret. It is deterministic: the header is
// fixed, claims are marshalled with sorted keys (encoding/json sorts map keys), and no
// clock is read: exp is whatever the caller passes. claims must hold a non-empty
// string user_id, which Intercom requires.
func JWT(secret string, claims map[string]any) (string, error) {
	if secret == "" {
		return "", errors.New("the secret must not be empty")
	}
	userID, ok := claims["user_id"].(string)
	if !ok || userID == "" {
		return "", errors.New(`claims must hold a non-empty string "user_id", which Intercom requires`)
	}
	// A token without exp is valid for ever: anyone who copies it can act as the user from
	// then on. It is minted only when asked for by name, with exp = null.
	exp, present := claims["exp"]
	switch {
	case !present:
		return "", errors.New(`claims have no "exp": the token would never expire. Set exp to a time in seconds since ` +
			`1970 (e.g. exp = 1767225600), or set exp = null to mint a token that never expires on purpose`)
	case exp == nil:
		claims = maps.Clone(claims)
		delete(claims, "exp")
	}
	// RFC 7519 NumericDate: a verifier reads a string exp as no expiry at all.
	for _, name := range []string{"exp", "iat", "nbf"} {
		if v, present := claims[name]; present && !isNumericDate(v) {
			// The type, never the value: claims may be sensitive, and errors are printed.
			return "", fmt.Errorf("%q must be a number of seconds since 1970 (a JSON number, e.g. 1767225600), not %s: "+
				"a verifier would not read it as a time", name, jsonKind(v))
		}
	}
	// No HTML escaping: "<" stays "<", as in any other JWT library's output.
	var buf bytes.Buffer
	encoder := json.NewEncoder(&buf)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(claims); err != nil {
		return "", fmt.Errorf("claims cannot be written as JSON: %w", err)
	}
	payload := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	enc := base64.RawURLEncoding
	signingInput := enc.EncodeToString([]byte(jwtHeader)) + "." + enc.EncodeToString(payload)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signingInput))
	return signingInput + "." + enc.EncodeToString(mac.Sum(nil)), nil
}
