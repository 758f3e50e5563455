package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Contacts (users and leads) and conversations: what a data-subject request erases or
// redacts. Published endpoints; the emulator keeps counters a test can assert on
// ("deleted exactly once").

// Contact is a user or lead. MergedInto is set once it was merged into another contact:
// Intercom then answers its id with 410 and a Link to the contact it lives on as.
type Contact struct {
	ID         string `json:"id"`
	Role       string `json:"role"` // "user" or "lead"
	ExternalID string `json:"external_id,omitempty"`
	Email      string `json:"email,omitempty"`
	Name       string `json:"name,omitempty"`
	MergedInto string `json:"merged_into,omitempty"`

	// What an access request exports and an objection changes.
	Phone                  string         `json:"phone,omitempty"`
	CustomAttributes       map[string]any `json:"custom_attributes,omitempty"`
	UnsubscribedFromEmails bool           `json:"unsubscribed_from_emails,omitempty"`
	Companies              []string       `json:"companies,omitempty"`     // company names
	Tags                   []string       `json:"tags,omitempty"`          // tag names
	Notes                  []string       `json:"notes,omitempty"`         // note bodies
	Segments               []string       `json:"segments,omitempty"`      // segment names
	Subscriptions          []string       `json:"subscriptions,omitempty"` // ids of the subscription types attached
}

// Conversation is a conversation with its source (the first message) and parts.
type Conversation struct {
	ID        string `json:"id"`
	ContactID string `json:"contact_id"`
	CreatedAt int64  `json:"created_at,omitempty"`
	// OtherContactIDs take part too (a group conversation).
	OtherContactIDs []string           `json:"other_contact_ids,omitempty"`
	Source          ConversationPart   `json:"source"`
	Parts           []ConversationPart `json:"parts"`
}

// ConversationPart is a message of a conversation. Redactable is false for parts
// Intercom will not redact (the emulator's stand-in for Intercom's refusal, whose exact
// answer Intercom does not document).
type ConversationPart struct {
	ID         string `json:"id"`
	Body       string `json:"body"`
	Redacted   bool   `json:"redacted"`
	Redactable bool   `json:"redactable"`
}

// AddContact adds a contact to a workspace and returns its id.
func (s *Server) AddContact(idCode string, c Contact) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, ok := s.workspaces[idCode]
	if !ok {
		return "", fmt.Errorf("no workspace %q", idCode)
	}
	if c.Role == "" {
		c.Role = "user"
	}
	c.ID = fmt.Sprintf("6%023x", s.newID()) // Intercom's contact ids are 24 hex digits
	ws.contacts = append(ws.contacts, c)
	return c.ID, nil
}

// MergeContacts merges contact from into into, as POST /contacts/merge does: from's id
// answers 410 from now on, with a Link to into.
func (s *Server) MergeContacts(idCode, from, into string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, ok := s.workspaces[idCode]
	if !ok {
		return fmt.Errorf("no workspace %q", idCode)
	}
	i := slices.IndexFunc(ws.contacts, func(c Contact) bool { return c.ID == from })
	if i < 0 {
		return fmt.Errorf("no contact %q", from)
	}
	ws.contacts[i].MergedInto = into
	return nil
}

// AddConversation adds a conversation; its source and parts get ids when they have none.
func (s *Server) AddConversation(idCode string, c Conversation) (Conversation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws, ok := s.workspaces[idCode]
	if !ok {
		return c, fmt.Errorf("no workspace %q", idCode)
	}
	c.ID = strconv.FormatInt(s.newID(), 10)
	if c.Source.ID == "" {
		c.Source.ID = strconv.FormatInt(s.newID(), 10)
	}
	for i := range c.Parts {
		if c.Parts[i].ID == "" {
			c.Parts[i].ID = strconv.FormatInt(s.newID(), 10)
		}
	}
	ws.conversations = append(ws.conversations, c)
	return c, nil
}

// Contacts and Conversations are snapshots, for assertions.
func (s *Server) Contacts(idCode string) []Contact {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ws, ok := s.workspaces[idCode]; ok {
		return slices.Clone(ws.contacts)
	}
	return nil
}

func (s *Server) Conversations(idCode string) []Conversation {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ws, ok := s.workspaces[idCode]; ok {
		return slices.Clone(ws.conversations)
	}
	return nil
}

// ContactDeletions counts the DELETE /contacts/{id} calls that deleted each contact.
func (s *Server) ContactDeletions(idCode string) map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	if ws, ok := s.workspaces[idCode]; ok {
		for id, n := range ws.contactDeletions {
			out[id] = n
		}
	}
	return out
}

func contactJSON(c Contact) map[string]any {
	attrs := c.CustomAttributes
	if attrs == nil {
		attrs = map[string]any{}
	}
	return map[string]any{"type": "contact", "id": c.ID, "role": c.Role, "external_id": nullIfEmpty(c.ExternalID),
		"email": c.Email, "name": nullIfEmpty(c.Name), "phone": nullIfEmpty(c.Phone), "custom_attributes": attrs,
		"unsubscribed_from_emails": c.UnsubscribedFromEmails}
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// contactByID finds a contact, following merges (up to 3 hops, as Intercom's Link does).
// It answers the error itself and returns nil when there is none to serve.
func contactByID(c *call, id string) *Contact {
	for hop := 0; hop <= 3; hop++ {
		i := slices.IndexFunc(c.ws.contacts, func(x Contact) bool { return x.ID == id })
		if i < 0 {
			writeError(c.w, http.StatusNotFound, "not_found", "User Not Found", "")
			return nil
		}
		if c.ws.contacts[i].MergedInto == "" {
			if hop > 0 {
				c.w.Header().Set("Link", "</contacts/"+id+">; rel=\"canonical\"")
				writeError(c.w, http.StatusGone, "contact_merged", "This contact has been merged. See the 'Link' header for the canonical contact.", "")
				return nil
			}
			return &c.ws.contacts[i]
		}
		id = c.ws.contacts[i].MergedInto
	}
	writeError(c.w, http.StatusNotFound, "not_found", "User Not Found", "")
	return nil
}

func handleGetContact(_ *Server, c *call) {
	if contact := contactByID(c, c.r.PathValue("contact_id")); contact != nil {
		writeJSON(c.w, http.StatusOK, contactJSON(*contact))
	}
}

func handleDeleteContact(_ *Server, c *call) {
	contact := contactByID(c, c.r.PathValue("contact_id"))
	if contact == nil {
		return
	}
	deleted := *contact
	c.ws.contacts = slices.DeleteFunc(c.ws.contacts, func(x Contact) bool { return x.ID == deleted.ID })
	// Contacts merged into it go with it, and so do its conversations: Intercom's help says
	// that deleting a user deletes their conversations too.
	c.ws.contacts = slices.DeleteFunc(c.ws.contacts, func(x Contact) bool { return x.MergedInto == deleted.ID })
	c.ws.conversations = slices.DeleteFunc(c.ws.conversations, func(x Conversation) bool { return x.ContactID == deleted.ID })
	if c.ws.contactDeletions == nil {
		c.ws.contactDeletions = map[string]int{}
	}
	c.ws.contactDeletions[deleted.ID]++
	writeJSON(c.w, http.StatusOK, map[string]any{"type": "contact", "id": deleted.ID, "external_id": nullIfEmpty(deleted.ExternalID), "deleted": true})
}

func handleFindContactByExternalID(_ *Server, c *call) {
	external := c.r.PathValue("external_id")
	for _, x := range c.ws.contacts {
		if x.ExternalID == external && x.MergedInto == "" {
			writeJSON(c.w, http.StatusOK, contactJSON(x))
			return
		}
	}
	writeError(c.w, http.StatusNotFound, "not_found", "User Not Found", "")
}

// POST /contacts/search: the emulator understands one filter, field "email" or
// "external_id" with operator "=" (what a data-subject request needs), alone or inside an
// "AND"/"OR" of filters. An empty value answers 400: what Intercom answers is not
// documented, and a request must never erase the contacts that have no address.
func handleSearchContacts(_ *Server, c *call) {
	var body struct {
		Query      json.RawMessage `json:"query"`
		Pagination *struct {
			PerPage int `json:"per_page"`
		} `json:"pagination"`
	}
	if err := json.NewDecoder(c.r.Body).Decode(&body); err != nil || len(body.Query) == 0 {
		writeError(c.w, http.StatusBadRequest, "parameter_invalid", "query is required", "query")
		return
	}
	field, value, ok := fieldFilter(body.Query)
	if !ok {
		writeError(c.w, http.StatusBadRequest, "parameter_invalid", "the emulator searches contacts by email or external_id only", "query")
		return
	}
	if value == "" {
		writeError(c.w, http.StatusBadRequest, "parameter_invalid", "value must not be empty", "query")
		return
	}
	found := []map[string]any{}
	for _, x := range c.ws.contacts {
		if x.MergedInto != "" {
			continue
		}
		if (field == "email" && strings.EqualFold(x.Email, value)) || (field == "external_id" && x.ExternalID == value) {
			found = append(found, contactJSON(x))
		}
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"type": "list", "data": found, "total_count": len(found),
		"pages": map[string]any{"type": "pages", "page": 1, "per_page": 50, "total_pages": 1}})
}

func fieldFilter(raw json.RawMessage) (field, value string, ok bool) {
	var q struct {
		Field    string          `json:"field"`
		Operator string          `json:"operator"`
		Value    json.RawMessage `json:"value"`
	}
	if json.Unmarshal(raw, &q) != nil {
		return "", "", false
	}
	if (q.Field == "email" || q.Field == "external_id") && q.Operator == "=" {
		var v string
		return q.Field, v, json.Unmarshal(q.Value, &v) == nil
	}
	if q.Operator == "AND" || q.Operator == "OR" {
		var subs []json.RawMessage
		if json.Unmarshal(q.Value, &subs) != nil {
			return "", "", false
		}
		for _, sub := range subs {
			if f, v, ok := fieldFilter(sub); ok {
				return f, v, true
			}
		}
	}
	return "", "", false
}

// POST /conversations/redact: {"type":"conversation_part","conversation_id","conversation_part_id"}
// or {"type":"source","conversation_id","source_id"}.
func handleRedactConversation(_ *Server, c *call) {
	var body struct {
		Type               string `json:"type"`
		ConversationID     string `json:"conversation_id"`
		ConversationPartID string `json:"conversation_part_id"`
		SourceID           string `json:"source_id"`
	}
	if !decodeBody(c, &body) {
		return
	}
	i := slices.IndexFunc(c.ws.conversations, func(x Conversation) bool { return x.ID == body.ConversationID })
	if i < 0 {
		writeError(c.w, http.StatusNotFound, "conversation_part_or_message_not_found", "Conversation part or message not found", "")
		return
	}
	conv := &c.ws.conversations[i]
	var part *ConversationPart
	switch body.Type {
	case "source":
		if conv.Source.ID == body.SourceID {
			part = &conv.Source
		}
	case "conversation_part":
		for j := range conv.Parts {
			if conv.Parts[j].ID == body.ConversationPartID {
				part = &conv.Parts[j]
			}
		}
	default:
		writeError(c.w, http.StatusBadRequest, "parameter_invalid", "type must be conversation_part or source", "type")
		return
	}
	if part == nil {
		writeError(c.w, http.StatusNotFound, "conversation_part_or_message_not_found", "Conversation part or message not found", "")
		return
	}
	if !part.Redactable {
		// Intercom's reference documents no answer for a part it will not redact: this is the
		// emulator's assumption (a 400 in Intercom's envelope).
		writeError(c.w, http.StatusBadRequest, "parameter_invalid", "This conversation part can't be redacted", "")
		return
	}
	part.Body, part.Redacted = "", true
	writeJSON(c.w, http.StatusOK, map[string]any{"type": "conversation", "id": conv.ID})
}
