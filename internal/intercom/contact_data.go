package intercom

import (
	"context"
	"encoding/json"
	"net/http"
)

// What an access request (GDPR article 15) and an objection (article 21) read and write
// of a contact. The records are kept as Intercom serves them (json.RawMessage): a bundle
// handed to a data subject holds every field Intercom holds, not the ones this client
// happens to know. They are personal data: callers write them only into the bundle.

// Page is the part of a list Intercom served, and the total it says it holds: Total
// larger than len(Items) means the list was not served whole.
type Page struct {
	Items []json.RawMessage
	Total int
}

// Complete reports whether every item the list counts was served.
func (p Page) Complete() bool { return p.Total <= len(p.Items) }

// GetContactRecord calls GET /contacts/{id} and returns the whole contact.
func (c *Client) GetContactRecord(ctx context.Context, id string) (json.RawMessage, error) {
	seg, err := segment("contact", id)
	if err != nil {
		return nil, err
	}
	var out json.RawMessage
	err = c.do(ctx, requestOptions{method: http.MethodGet, path: "/contacts/" + seg, route: "/contacts/{contact_id}", version: VersionCurrent}, &out)
	return out, err
}

// ContactList names one of a contact's lists: its path under /contacts/{id} and the key
// its items are served under.
type ContactList struct {
	Name, key string
}

// The lists of a contact an access request reads.
var (
	ContactCompanies     = ContactList{"companies", "companies"}
	ContactTags          = ContactList{"tags", "data"}
	ContactNotes         = ContactList{"notes", "data"}
	ContactSegments      = ContactList{"segments", "data"}
	ContactSubscriptions = ContactList{"subscriptions", "data"}
)

// ContactLists are every list an access request reads, in the order a bundle holds them.
var ContactLists = []ContactList{ContactCompanies, ContactTags, ContactNotes, ContactSegments, ContactSubscriptions}

// ListContact calls GET /contacts/{id}/{list}. Intercom serves these lists in one answer;
// a total larger than what was served is reported by Page.Complete.
func (c *Client) ListContact(ctx context.Context, id string, list ContactList) (Page, error) {
	seg, err := segment("contact", id)
	if err != nil {
		return Page{}, err
	}
	var raw map[string]json.RawMessage
	err = c.do(ctx, requestOptions{method: http.MethodGet, path: "/contacts/" + seg + "/" + list.Name,
		route: "/contacts/{contact_id}/" + list.Name, version: VersionCurrent}, &raw)
	if err != nil {
		return Page{}, err
	}
	return pageOf(raw, list.key)
}

// pageOf reads the items under key and the answer's total_count (the number of items
// when it gives none).
func pageOf(raw map[string]json.RawMessage, key string) (Page, error) {
	var p Page
	if v, ok := raw[key]; ok && string(v) != "null" {
		if err := json.Unmarshal(v, &p.Items); err != nil {
			return Page{}, err
		}
	}
	p.Total = len(p.Items)
	if v, ok := raw["total_count"]; ok {
		var total int
		if json.Unmarshal(v, &total) == nil && total > p.Total {
			p.Total = total
		}
	}
	return p, nil
}

// searchPerPage is the largest page Intercom's conversation and ticket searches serve.
const searchPerPage = 150

// SearchConversationIDsByContact calls POST /conversations/search for the conversations a
// contact takes part in, following every page, and returns their ids. The contact id
// travels in the body.
func (c *Client) SearchConversationIDsByContact(ctx context.Context, contactID string) ([]string, error) {
	var ids []string
	err := c.searchByContact(ctx, "/conversations/search", "conversations", contactID, func(items []json.RawMessage) error {
		for _, item := range items {
			var conv struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(item, &conv); err != nil {
				return err
			}
			ids = append(ids, conv.ID)
		}
		return nil
	})
	return ids, err
}

// SearchTicketsByContact calls POST /tickets/search for the tickets of a contact,
// following every page, and returns them whole.
func (c *Client) SearchTicketsByContact(ctx context.Context, contactID string) ([]json.RawMessage, error) {
	var out []json.RawMessage
	err := c.searchByContact(ctx, "/tickets/search", "tickets", contactID, func(items []json.RawMessage) error {
		out = append(out, items...)
		return nil
	})
	return out, err
}

// searchByContact pages through a search for contact_ids = contactID.
func (c *Client) searchByContact(ctx context.Context, path, key, contactID string, each func([]json.RawMessage) error) error {
	pagination := map[string]any{"per_page": searchPerPage}
	for {
		body := map[string]any{
			"query":      map[string]any{"field": "contact_ids", "operator": "=", "value": contactID},
			"pagination": pagination,
		}
		var raw map[string]json.RawMessage
		if err := c.do(ctx, requestOptions{method: http.MethodPost, path: path, version: VersionCurrent, body: body, safe: true}, &raw); err != nil {
			return err
		}
		p, err := pageOf(raw, key)
		if err != nil {
			return err
		}
		if err := each(p.Items); err != nil {
			return err
		}
		var pages struct {
			Next *struct {
				StartingAfter string `json:"starting_after"`
			} `json:"next"`
		}
		_ = json.Unmarshal(raw["pages"], &pages)
		if pages.Next == nil || pages.Next.StartingAfter == "" || len(p.Items) == 0 {
			return nil
		}
		pagination = map[string]any{"per_page": searchPerPage, "starting_after": pages.Next.StartingAfter}
	}
}

// Conversation is a conversation as Intercom serves it, and how many of its parts were
// served: Intercom serves at most 500 parts of a conversation.
type Conversation struct {
	Record             json.RawMessage
	Parts, PartsTotal  int
	AllPartsWereServed bool
	ContactIDs         []string // the contacts taking part (its "contacts" list)
}

// MaxConversationParts is how many parts Intercom serves of one conversation.
const MaxConversationParts = 500

// GetConversation calls GET /conversations/{id} (as plain text) and counts its parts.
func (c *Client) GetConversation(ctx context.Context, id string) (Conversation, error) {
	seg, err := segment("conversation", id)
	if err != nil {
		return Conversation{}, err
	}
	var raw json.RawMessage
	err = c.do(ctx, requestOptions{method: http.MethodGet, path: "/conversations/" + seg, route: "/conversations/{conversation_id}",
		query: map[string][]string{"display_as": {"plaintext"}}, version: VersionCurrent}, &raw)
	if err != nil {
		return Conversation{}, err
	}
	var counted struct {
		Parts *struct {
			Parts []json.RawMessage `json:"conversation_parts"`
			Total *int              `json:"total_count"`
		} `json:"conversation_parts"`
		Contacts *struct {
			Contacts []struct {
				ID string `json:"id"`
			} `json:"contacts"`
		} `json:"contacts"`
	}
	if err := json.Unmarshal(raw, &counted); err != nil {
		return Conversation{}, err
	}
	conv := Conversation{Record: raw, AllPartsWereServed: true}
	if counted.Contacts != nil {
		for _, c := range counted.Contacts.Contacts {
			conv.ContactIDs = append(conv.ContactIDs, c.ID)
		}
	}
	if counted.Parts != nil {
		conv.Parts = len(counted.Parts.Parts)
		conv.PartsTotal = conv.Parts
		if counted.Parts.Total != nil && *counted.Parts.Total > conv.Parts {
			conv.PartsTotal, conv.AllPartsWereServed = *counted.Parts.Total, false
		}
	}
	return conv, nil
}

// SubscriptionType is a kind of message a contact can opt out of (or into).
type SubscriptionType struct {
	ID          string `json:"id"`
	State       string `json:"state"`        // live, draft or archived
	ConsentType string `json:"consent_type"` // opt_out or opt_in
}

// ListSubscriptionTypes calls GET /subscription_types.
func (c *Client) ListSubscriptionTypes(ctx context.Context) ([]SubscriptionType, error) {
	var out struct {
		Data []SubscriptionType `json:"data"`
	}
	err := c.do(ctx, requestOptions{method: http.MethodGet, path: "/subscription_types", version: VersionCurrent}, &out)
	return out.Data, err
}

// ContactSubscriptionIDs calls GET /contacts/{id}/subscriptions and returns the ids of the
// subscription types the contact is attached to (opted out of, for opt-out types).
func (c *Client) ContactSubscriptionIDs(ctx context.Context, contactID string) ([]string, error) {
	p, err := c.ListContact(ctx, contactID, ContactSubscriptions)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(p.Items))
	for _, item := range p.Items {
		var st SubscriptionType
		if err := json.Unmarshal(item, &st); err != nil {
			return nil, err
		}
		ids = append(ids, st.ID)
	}
	return ids, nil
}

// AttachOptOut calls POST /contacts/{id}/subscriptions: the contact is opted out of the
// opt-out subscription type typeID.
func (c *Client) AttachOptOut(ctx context.Context, contactID, typeID string) error {
	seg, err := segment("contact", contactID)
	if err != nil {
		return err
	}
	return c.do(ctx, requestOptions{method: http.MethodPost, path: "/contacts/" + seg + "/subscriptions",
		route: "/contacts/{contact_id}/subscriptions", version: VersionCurrent,
		body: map[string]string{"id": typeID, "consent_type": "opt_out"}}, nil)
}

// EmailOptOut is what an objection reads back of a contact.
type EmailOptOut struct {
	UnsubscribedFromEmails bool `json:"unsubscribed_from_emails"`
}

// UnsubscribeFromEmails calls PUT /contacts/{id} with unsubscribed_from_emails = true.
func (c *Client) UnsubscribeFromEmails(ctx context.Context, contactID string) error {
	seg, err := segment("contact", contactID)
	if err != nil {
		return err
	}
	return c.do(ctx, requestOptions{method: http.MethodPut, path: "/contacts/" + seg, route: "/contacts/{contact_id}",
		version: VersionCurrent, body: map[string]bool{"unsubscribed_from_emails": true}}, nil)
}

// EmailOptOutOf calls GET /contacts/{id} and returns whether it is unsubscribed from e-mail.
func (c *Client) EmailOptOutOf(ctx context.Context, contactID string) (EmailOptOut, error) {
	raw, err := c.GetContactRecord(ctx, contactID)
	if err != nil {
		return EmailOptOut{}, err
	}
	var out EmailOptOut
	err = json.Unmarshal(raw, &out)
	return out, err
}
