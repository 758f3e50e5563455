package intercom

import (
	"html"
	"strconv"
	"strings"
)

// tokenWindow is the length of the smallest piece of the access token that is treated as
// the token: a body that echoes eight characters of it in a row is not shown at all.
const tokenWindow = 8

// withheldBody replaces an answer's body that holds part of the access token.
const withheldBody = "[the answer's body was withheld: it held part of the access token]"

// tokenGuard finds the access token, or any tokenWindow-long piece of it, in text a
// server sent back (a proxy or WAF that echoes the request into its error page, say),
// raw or in the encodings such a page uses: URL percent-encoding, JSON's \/ and \uXXXX
// escapes, and HTML character references. The caller checks a whole body before cutting
// it, so a cut cannot fall inside the token and leave the rest of it readable.
type tokenGuard struct {
	pieces map[string]struct{}
	window int
}

func newTokenGuard(token string) tokenGuard {
	g := tokenGuard{pieces: map[string]struct{}{}, window: min(tokenWindow, len(token))}
	for i := 0; g.window > 0 && i+g.window <= len(token); i++ {
		g.pieces[token[i:i+g.window]] = struct{}{}
	}
	return g
}

// leaks reports whether text holds a piece of the token, raw or decoded.
func (g tokenGuard) leaks(text string) bool {
	if len(g.pieces) == 0 || len(text) < g.window {
		return false
	}
	for _, candidate := range []string{
		text,
		percentDecoded(text),
		strings.ReplaceAll(text, `\/`, "/"),
		jsonUnescaped(text),
		html.UnescapeString(text),
		html.UnescapeString(percentDecoded(jsonUnescaped(strings.ReplaceAll(text, `\/`, "/")))),
	} {
		for i := 0; i+g.window <= len(candidate); i++ {
			if _, ok := g.pieces[candidate[i:i+g.window]]; ok {
				return true
			}
		}
	}
	return false
}

// scrub returns text, or a sentence saying it was withheld when it holds part of the token.
func (g tokenGuard) scrub(text string) string {
	if g.leaks(text) {
		return withheldBody
	}
	return text
}

// percentDecoded decodes every valid %XX and '+' (a space in a query), leaving the rest as
// it is: unlike url.QueryUnescape, one malformed escape does not stop the decoding.
func percentDecoded(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			v, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b.WriteByte(byte(v))
			i += 2
		case s[i] == '+':
			b.WriteByte(' ')
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// jsonUnescaped decodes JSON's \uXXXX escapes (how Go and others write '=', '<' or '&'),
// leaving the rest as it is.
func jsonUnescaped(s string) string {
	if !strings.Contains(s, `\u`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+5 < len(s) && s[i+1] == 'u' {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteRune(rune(v))
				i += 5
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}
