package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// What an access request reads of a contact (its lists, conversations and tickets) and
// what an objection writes (unsubscribed_from_emails, opt-out subscriptions). Published
// endpoints; shapes follow Intercom's OpenAPI description, which the client's conformance
// test holds the emulator to.

// Ticket is a ticket a contact raised.
type Ticket struct {
	ID          string `json:"id"`
	ContactID   string `json:"contact_id"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

// SubscriptionType is a kind of message contacts opt out of (or into).
type SubscriptionType struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	State       string `json:"state"`        // live, draft or archived
	ConsentType string `json:"consent_type"` // opt_out or opt_in
}

// DefaultSubscriptionTypes are every workspace's subscription types.
var DefaultSubscriptionTypes = []SubscriptionType{
	{ID: "1", Name: "Announcements", State: "live", ConsentType: "opt_out"},
	{ID: "2", Name: "Newsletter", State: "live", ConsentType: "opt_out"},
	{ID: "3", Name: "Beta programme", State: "live", ConsentType: "opt_in"},
	{ID: "4", Name: "Old digest", State: "archived", ConsentType: "opt_out"},
}

// AddTicket adds a ticket to a workspace and returns it with its id.
func (s *Server) AddTicket(idCode string, t Ticket) (Ticket, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, ok := s.workspaces[idCode]
	if !ok {
		return t, fmt.Errorf("no workspace %q", idCode)
	}
	t.ID = strconv.FormatInt(s.newID(), 10)
	ws.tickets = append(ws.tickets, t)
	return t, nil
}

// Tickets is a snapshot of a workspace's tickets, for assertions.
func (s *Server) Tickets(idCode string) []Ticket {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ws, ok := s.workspaces[idCode]; ok {
		return slices.Clone(ws.tickets)
	}
	return nil
}

func subscriptionTypeJSON(st SubscriptionType) map[string]any {
	return map[string]any{"type": "subscription", "id": st.ID, "state": st.State, "consent_type": st.ConsentType,
		"default_translation": map[string]any{"name": st.Name, "description": st.Name, "locale": "en"},
		"translations":        []any{}, "content_types": []string{"email"}}
}

// handleContactList answers GET /contacts/{id}/{list} in the shape Intercom's description
// gives each list.
func handleContactList(_ *Server, c *call) {
	list := c.r.PathValue("list")
	if !slices.Contains([]string{"companies", "tags", "notes", "segments", "subscriptions"}, list) {
		writeError(c.w, http.StatusNotFound, "not_found", "Resource Not Found", "")
		return
	}
	contact := contactByID(c, c.r.PathValue("contact_id"))
	if contact == nil {
		return
	}
	var items []any
	switch list {
	case "companies":
		for i, name := range contact.Companies {
			items = append(items, map[string]any{"type": "company", "id": fmt.Sprintf("%s-c%d", contact.ID, i), "name": name})
		}
		writeJSON(c.w, http.StatusOK, map[string]any{"type": "list", "companies": orEmpty(items), "total_count": len(items),
			"pages": map[string]any{"type": "pages", "page": 1, "per_page": 50, "total_pages": 1}})
		return
	case "tags":
		for i, name := range contact.Tags {
			items = append(items, map[string]any{"type": "tag", "id": fmt.Sprintf("%d", i+1), "name": name})
		}
	case "notes":
		for i, body := range contact.Notes {
			items = append(items, map[string]any{"type": "note", "id": fmt.Sprintf("%s-n%d", contact.ID, i), "body": body,
				"contact": map[string]any{"type": "contact", "id": contact.ID}})
		}
	case "segments":
		for i, name := range contact.Segments {
			items = append(items, map[string]any{"type": "segment", "id": fmt.Sprintf("s%d", i+1), "name": name, "person_type": contact.Role})
		}
	case "subscriptions":
		for _, st := range c.ws.subscriptionTypes {
			if slices.Contains(contact.Subscriptions, st.ID) {
				items = append(items, subscriptionTypeJSON(st))
			}
		}
	}
	answer := map[string]any{"type": "list", "data": orEmpty(items)}
	if list == "notes" {
		answer["total_count"] = len(items)
	}
	writeJSON(c.w, http.StatusOK, answer)
}

func orEmpty(items []any) []any {
	if items == nil {
		return []any{}
	}
	return items
}

// PUT /contacts/{id}: the emulator takes unsubscribed_from_emails (what an objection sets).
func handleUpdateContact(_ *Server, c *call) {
	contact := contactByID(c, c.r.PathValue("contact_id"))
	if contact == nil {
		return
	}
	var body struct {
		UnsubscribedFromEmails *bool `json:"unsubscribed_from_emails"`
	}
	if !decodeBody(c, &body) {
		return
	}
	if body.UnsubscribedFromEmails != nil {
		contact.UnsubscribedFromEmails = *body.UnsubscribedFromEmails
	}
	writeJSON(c.w, http.StatusOK, contactJSON(*contact))
}

// POST /contacts/{id}/subscriptions {"id", "consent_type"}: consent_type must match the
// type's own, as Intercom's reference describes.
func handleAttachSubscription(_ *Server, c *call) {
	contact := contactByID(c, c.r.PathValue("contact_id"))
	if contact == nil {
		return
	}
	var body struct {
		ID          string `json:"id"`
		ConsentType string `json:"consent_type"`
	}
	if !decodeBody(c, &body) {
		return
	}
	i := slices.IndexFunc(c.ws.subscriptionTypes, func(st SubscriptionType) bool { return st.ID == body.ID })
	if i < 0 {
		writeError(c.w, http.StatusNotFound, "not_found", "Resource Not Found", "")
		return
	}
	st := c.ws.subscriptionTypes[i]
	if st.ConsentType != body.ConsentType {
		writeError(c.w, http.StatusBadRequest, "parameter_invalid", "consent_type does not match the subscription type", "consent_type")
		return
	}
	if !slices.Contains(contact.Subscriptions, st.ID) {
		contact.Subscriptions = append(contact.Subscriptions, st.ID)
	}
	writeJSON(c.w, http.StatusOK, subscriptionTypeJSON(st))
}

func handleListSubscriptionTypes(_ *Server, c *call) {
	items := []any{}
	for _, st := range c.ws.subscriptionTypes {
		items = append(items, subscriptionTypeJSON(st))
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"type": "list", "data": items})
}

// searchByContact reads a search body the emulator understands: contact_ids = one id, with
// per_page and starting_after (the emulator's cursor is the index of the next item).
func searchByContact(c *call) (contactID string, perPage, from int, ok bool) {
	var body struct {
		Query struct {
			Field    string `json:"field"`
			Operator string `json:"operator"`
			Value    string `json:"value"`
		} `json:"query"`
		Pagination *struct {
			PerPage       int    `json:"per_page"`
			StartingAfter string `json:"starting_after"`
		} `json:"pagination"`
	}
	if err := json.NewDecoder(c.r.Body).Decode(&body); err != nil || body.Query.Field != "contact_ids" || body.Query.Operator != "=" || body.Query.Value == "" {
		writeError(c.w, http.StatusBadRequest, "parameter_invalid", "the emulator searches by contact_ids = one id only", "query")
		return "", 0, 0, false
	}
	perPage = 20
	if p := body.Pagination; p != nil {
		if p.PerPage > 0 {
			perPage = min(p.PerPage, 150)
		}
		if p.StartingAfter != "" {
			n, err := strconv.Atoi(p.StartingAfter)
			if err != nil || n < 0 {
				writeError(c.w, http.StatusBadRequest, "parameter_invalid", "starting_after is not a cursor of this search", "pagination")
				return "", 0, 0, false
			}
			from = n
		}
	}
	return body.Query.Value, perPage, from, true
}

// searchAnswer is one page of a search's hits, with the cursor of the next.
func searchAnswer(typ, key string, hits []any, perPage, from int) map[string]any {
	end := min(from+perPage, len(hits))
	page := []any{}
	if from < len(hits) {
		page = hits[from:end]
	}
	pages := map[string]any{"type": "pages", "page": from/perPage + 1, "per_page": perPage, "total_pages": (len(hits) + perPage - 1) / perPage}
	if end < len(hits) {
		pages["next"] = map[string]any{"per_page": perPage, "starting_after": strconv.Itoa(end)}
	}
	return map[string]any{"type": typ, key: page, "total_count": len(hits), "pages": pages}
}

func handleSearchConversations(_ *Server, c *call) {
	contactID, perPage, from, ok := searchByContact(c)
	if !ok {
		return
	}
	var hits []any
	for _, conv := range c.ws.conversations {
		if conv.ContactID == contactID || slices.Contains(conv.OtherContactIDs, contactID) {
			hits = append(hits, map[string]any{"type": "conversation", "id": conv.ID, "created_at": conv.CreatedAt})
		}
	}
	writeJSON(c.w, http.StatusOK, searchAnswer("conversation.list", "conversations", hits, perPage, from))
}

// maxServedParts is how many parts Intercom serves of a conversation.
const maxServedParts = 500

func handleGetConversation(_ *Server, c *call) {
	i := slices.IndexFunc(c.ws.conversations, func(x Conversation) bool { return x.ID == c.r.PathValue("conversation_id") })
	if i < 0 {
		writeError(c.w, http.StatusNotFound, "not_found", "Resource Not Found", "")
		return
	}
	conv := c.ws.conversations[i]
	author := map[string]any{"type": "user", "id": conv.ContactID}
	contacts := []any{map[string]any{"type": "contact", "id": conv.ContactID}}
	for _, other := range conv.OtherContactIDs {
		contacts = append(contacts, map[string]any{"type": "contact", "id": other})
	}
	parts := []any{}
	for _, p := range conv.Parts[:min(len(conv.Parts), maxServedParts)] {
		parts = append(parts, map[string]any{"type": "conversation_part", "id": p.ID, "part_type": "comment", "body": p.Body,
			"created_at": conv.CreatedAt, "author": author, "redacted": p.Redacted})
	}
	writeJSON(c.w, http.StatusOK, map[string]any{
		"type": "conversation", "id": conv.ID, "created_at": conv.CreatedAt, "updated_at": conv.CreatedAt,
		"source": map[string]any{"type": "conversation", "id": conv.Source.ID, "delivered_as": "customer_initiated",
			"body": conv.Source.Body, "author": author, "redacted": conv.Source.Redacted},
		"contacts": map[string]any{"type": "contact.list", "contacts": contacts},
		"conversation_parts": map[string]any{"type": "conversation_part.list", "conversation_parts": parts,
			"total_count": len(conv.Parts)},
	})
}

func handleSearchTickets(_ *Server, c *call) {
	contactID, perPage, from, ok := searchByContact(c)
	if !ok {
		return
	}
	var hits []any
	for _, t := range c.ws.tickets {
		if t.ContactID == contactID {
			hits = append(hits, map[string]any{"type": "ticket", "id": t.ID,
				"ticket_attributes": map[string]any{"_default_title_": t.Title, "_default_description_": t.Description},
				"contacts":          map[string]any{"type": "contact.list", "contacts": []any{map[string]any{"type": "contact", "id": t.ContactID}}}})
		}
	}
	writeJSON(c.w, http.StatusOK, searchAnswer("ticket.list", "tickets", hits, perPage, from))
}

// RemoveTokenTeammate removes the teammate a workspace's token acts as from GET /admins,
// as when the teammate who installed the app leaves: GET /me still answers.
func (s *Server) RemoveTokenTeammate(idCode string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, ok := s.workspaces[idCode]
	if !ok {
		return fmt.Errorf("no workspace %q", idCode)
	}
	ws.tokenTeammateRemoved = true
	return nil
}
