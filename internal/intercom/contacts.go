package intercom

import (
	"context"
	"errors"
	"net/http"
	"regexp"
)

// Contact is a user or lead, with what a data-subject request needs to find it. Its
// e-mail is personal data: callers keep it out of anything Terraform prints or stores.
type Contact struct {
	ID         string `json:"id"`
	Role       string `json:"role"`
	ExternalID string `json:"external_id"`
	Email      string `json:"email"`
}

// GetContact calls GET /contacts/{id}. A contact merged into another answers 410 with a
// Link to the contact it lives on as: see MergedInto.
func (c *Client) GetContact(ctx context.Context, id string) (*Contact, error) {
	seg, err := segment("contact", id)
	if err != nil {
		return nil, err
	}
	var out Contact
	if err := c.do(ctx, requestOptions{method: http.MethodGet, path: "/contacts/" + seg, route: "/contacts/{contact_id}", version: VersionCurrent}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// linkContact reads the contact id out of a Link header: </contacts/{id}>; rel="canonical".
var linkContact = regexp.MustCompile(`</contacts/([^/>]+)>`)

// MergedInto returns the id of the contact a merged contact lives on as, when err is
// Intercom's 410 for a merged contact with its Link header.
func MergedInto(err error) (string, bool) {
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusGone {
		return "", false
	}
	m := linkContact.FindStringSubmatch(e.Link)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// SearchContactsByEmail calls POST /contacts/search for contacts (users and leads) with
// this e-mail. The e-mail travels in the body, never in the URL, so it is in no log line.
func (c *Client) SearchContactsByEmail(ctx context.Context, email string) ([]Contact, error) {
	return c.searchContacts(ctx, "email", email)
}

// SearchContactsByExternalID calls POST /contacts/search for contacts with this external
// id. Unlike GET /contacts/find_by_external_id/{external_id}, the id travels in the body:
// many apps use an e-mail address as their user id, and a URL is logged and printed.
func (c *Client) SearchContactsByExternalID(ctx context.Context, externalID string) ([]Contact, error) {
	return c.searchContacts(ctx, "external_id", externalID)
}

func (c *Client) searchContacts(ctx context.Context, field, value string) ([]Contact, error) {
	body := map[string]any{
		"query":      map[string]any{"field": field, "operator": "=", "value": value},
		"pagination": map[string]any{"per_page": 50},
	}
	var out struct {
		Data []Contact `json:"data"`
	}
	err := c.do(ctx, requestOptions{method: http.MethodPost, path: "/contacts/search", version: VersionCurrent, body: body, safe: true}, &out)
	return out.Data, err
}

// DeleteContact calls DELETE /contacts/{id}: Intercom erases the contact.
func (c *Client) DeleteContact(ctx context.Context, id string) error {
	seg, err := segment("contact", id)
	if err != nil {
		return err
	}
	return c.do(ctx, requestOptions{method: http.MethodDelete, path: "/contacts/" + seg, route: "/contacts/{contact_id}", version: VersionCurrent}, nil)
}

// RedactConversationPart calls POST /conversations/redact for one part (type
// "conversation_part") or the conversation's source (type "source").
func (c *Client) RedactConversationPart(ctx context.Context, conversationID, partID string, source bool) error {
	body := map[string]string{"type": "conversation_part", "conversation_id": conversationID, "conversation_part_id": partID}
	if source {
		body = map[string]string{"type": "source", "conversation_id": conversationID, "source_id": partID}
	}
	return c.do(ctx, requestOptions{method: http.MethodPost, path: "/conversations/redact", version: VersionCurrent, body: body}, nil)
}
