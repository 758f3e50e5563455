package gdpr

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Redactor is what a redaction needs of Intercom; *intercom.Client is one.
type Redactor interface {
	RedactConversationPart(ctx context.Context, conversationID, partID string, source bool) error
}

// PartOutcome is how one part's redaction ended.
type PartOutcome string

const (
	Redacted      PartOutcome = "redacted"
	NotRedactable PartOutcome = "not_redactable" // Intercom answered 400 or 422
	PartNotFound  PartOutcome = "not_found"      // Intercom's 404
	NotAllowed    PartOutcome = "not_allowed"    // 401 or 403: the token or its scopes
	RateLimited   PartOutcome = "rate_limited"   // 429, after the client's retries
	RedactUnknown PartOutcome = "unknown"        // no answer or a server error: it may have been redacted
	PartNotTried  PartOutcome = "not_attempted"  // after a 401/403, or Ctrl-C
)

// Part is one part to redact: a conversation part, or the conversation's source.
type Part struct {
	ID     string
	Source bool
}

// PartResult is what became of a part. Detail is Intercom's answer (part and conversation
// ids are pseudonymous; no subject value is sent in a redaction).
type PartResult struct {
	Part    Part
	Outcome PartOutcome
	Detail  string
}

// Redact tries every part, and stops only when going on cannot succeed (the token was
// refused) or the run is cancelled; the parts left are not attempted.
func Redact(ctx context.Context, r Redactor, conversationID string, parts []Part, progress func(string)) []PartResult {
	if progress == nil {
		progress = func(string) {}
	}
	results := make([]PartResult, len(parts))
	stop := ""
	for i, p := range parts {
		results[i].Part = p
		if stop == "" && ctx.Err() != nil {
			stop = "the run was interrupted first"
		}
		if stop != "" {
			results[i].Outcome, results[i].Detail = PartNotTried, stop
			continue
		}
		err := r.RedactConversationPart(ctx, conversationID, p.ID, p.Source)
		results[i].Outcome = partOutcome(err)
		if err != nil {
			results[i].Detail = err.Error()
		}
		if results[i].Outcome == NotAllowed {
			stop = "the token was refused on an earlier part"
		}
		progress(fmt.Sprintf("part %d of %d of conversation %s: %s", i+1, len(parts), conversationID, results[i].Outcome))
	}
	return results
}

// partOutcome classifies a redaction's answer. Only 400 and 422 say a part cannot be
// redacted; any other failure says nothing about the part.
func partOutcome(err error) PartOutcome {
	var apiErr *intercom.Error
	switch {
	case err == nil:
		return Redacted
	case intercom.IsNotFound(err):
		return PartNotFound
	case errors.As(err, &apiErr) && (apiErr.StatusCode == http.StatusBadRequest || apiErr.StatusCode == http.StatusUnprocessableEntity):
		return NotRedactable
	case errors.As(err, &apiErr) && (apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusForbidden):
		return NotAllowed
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusTooManyRequests:
		return RateLimited
	}
	var te *intercom.TransportError
	if errors.As(err, &te) && te.NotSent {
		return PartNotTried
	}
	return RedactUnknown
}
