package posture

import (
	"fmt"
	"strings"
)

// KeyAccessToken is the check of the provider's own access token: the health a
// data-subject request needs.
const KeyAccessToken = "access_token"

// TokenHealth is what was read of the access token: the teammate it acts as (GET /me),
// whether GET /admins still lists that teammate, and what a harmless read of each
// permission a data-subject request needs answered. Intercom publishes no way to read a
// token's scopes: reads are proven by a read, writes only by a write, which a posture
// check never makes.
type TokenHealth struct {
	AdminID string
	// TeammateListed is nil when GET /admins could not be read (AdminsWhyUnread says why).
	TeammateListed  *bool
	AdminsWhyUnread string
	Reads           []TokenRead
}

// TokenRead is one permission's probe.
type TokenRead struct {
	Permission string // "read contacts", "read conversations"
	// Granted is nil when the probe's answer does not tell (a 5xx, a timeout): Why says it.
	Granted *bool
	Why     string
}

// WritesUnreadable is what the check says of the write permissions an erasure and an
// objection need.
const WritesUnreadable = "whether it may delete or update contacts cannot be read from Intercom's API: only a write proves " +
	"it (an erasure or opt-out reports a refusal per subject)"

func accessToken(f Findings) Check {
	t := f.Token
	if t == nil {
		return check(KeyAccessToken, NotApplicable, Published, "The access token was not checked.")
	}
	var refused, untold, granted []string
	for _, r := range t.Reads {
		switch {
		case r.Granted == nil:
			untold = append(untold, r.Permission+" ("+r.Why+")")
		case *r.Granted:
			granted = append(granted, r.Permission)
		default:
			refused = append(refused, r.Permission+" ("+r.Why+")")
		}
	}
	switch {
	case t.TeammateListed != nil && !*t.TeammateListed:
		return check(KeyAccessToken, Fail, Published, fmt.Sprintf("The access token acts as teammate %s, who is no longer "+
			"among the workspace's teammates (GET /admins): Intercom may refuse its calls part-way through a request. Use the "+
			"token of an app whose teammate is active.", t.AdminID))
	case len(refused) > 0:
		return check(KeyAccessToken, Fail, Published, "The access token may not "+strings.Join(refused, "; ")+
			": a data-subject request needs it. Grant the permission to the app in the Developer Hub.")
	case t.TeammateListed == nil:
		return check(KeyAccessToken, Unknown, Published, "Whether the token's teammate "+t.AdminID+" is still active could not be "+
			"read: "+t.AdminsWhyUnread+".")
	case len(untold) > 0:
		return check(KeyAccessToken, Unknown, Published, "Whether the access token may "+strings.Join(untold, "; ")+" could not be told.")
	}
	return check(KeyAccessToken, Pass, Published, fmt.Sprintf("The token's teammate %s is active (GET /admins), and it may %s. "+
		"The check covers no more: %s.", t.AdminID, strings.Join(granted, " and "), WritesUnreadable))
}

func tokenCurrent(t *TokenHealth) string {
	if t == nil {
		return notRead
	}
	var parts []string
	switch {
	case t.TeammateListed == nil:
		parts = append(parts, "teammate "+t.AdminID+" not checked")
	case *t.TeammateListed:
		parts = append(parts, "teammate "+t.AdminID+" active")
	default:
		parts = append(parts, "teammate "+t.AdminID+" no longer listed")
	}
	for _, r := range t.Reads {
		switch {
		case r.Granted == nil:
			parts = append(parts, r.Permission+": not told")
		case *r.Granted:
			parts = append(parts, r.Permission+": granted")
		default:
			parts = append(parts, r.Permission+": refused")
		}
	}
	return strings.Join(append(parts, "writes: not readable"), "; ")
}
