// Package attribution decides whether an activity-log entry names a setting: by whole
// tokens, never by substring. help.salestim.com does not name salestim.com, and secret
// 1104 does not name secret 104: a drift warning that blamed the wrong teammate with
// certainty would be worse than one that says the log is silent.
package attribution

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Mentions reports whether text holds word as a whole token, case-insensitively: the
// characters on each side of it are not letters or digits, nor a '.' or '-' that joins it
// to more of a host name or an id (a '.' ending a sentence does not).
func Mentions(text, word string) bool {
	if word == "" {
		return false
	}
	text, word = strings.ToLower(text), strings.ToLower(word)
	for from := 0; ; {
		i := strings.Index(text[from:], word)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(word)
		if !joinedBefore(text, start) && !joinedAfter(text, end) {
			return true
		}
		_, size := utf8.DecodeRuneInString(text[start:])
		from = start + size
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// joinedBefore reports whether the token starting at i continues to its left.
func joinedBefore(text string, i int) bool {
	if i == 0 {
		return false
	}
	r, size := utf8.DecodeLastRuneInString(text[:i])
	if isWordRune(r) {
		return true
	}
	if r == '.' || r == '-' {
		// At the start of text this decodes utf8.RuneError, which is not a word rune.
		prev, _ := utf8.DecodeLastRuneInString(text[:i-size])
		return isWordRune(prev)
	}
	return false
}

// joinedAfter reports whether the token ending at i continues to its right.
func joinedAfter(text string, i int) bool {
	// At the end of text these decode utf8.RuneError, which is neither a word rune nor a
	// joiner.
	r, size := utf8.DecodeRuneInString(text[i:])
	if isWordRune(r) {
		return true
	}
	if r == '.' || r == '-' {
		next, _ := utf8.DecodeRuneInString(text[i+size:])
		return isWordRune(next)
	}
	return false
}

// MentionsAny reports whether text mentions any of words.
func MentionsAny(text string, words []string) bool {
	for _, w := range words {
		if Mentions(text, w) {
			return true
		}
	}
	return false
}

// Verb is how a warning words what the entries of these activity types did: "deleted"
// when every one is a deletion (Intercom's types end in "_deletion"), else "changed".
func Verb(activityTypes []string) string {
	if len(activityTypes) == 0 {
		return "changed"
	}
	for _, t := range activityTypes {
		if !strings.HasSuffix(t, "_deletion") {
			return "changed"
		}
	}
	return "deleted"
}
