package emulator

import (
	"net/http"
	"slices"
	"strconv"
)

// DataAttribute is a contact or company attribute, as GET /data_attributes serves it.
// Standard attributes have no id (Intercom gives ids to custom attributes only).
type DataAttribute struct {
	ID                int64  `json:"id,omitempty"`
	Type              string `json:"type"`
	Model             string `json:"model"`
	Name              string `json:"name"`
	FullName          string `json:"full_name"`
	Label             string `json:"label"`
	Description       string `json:"description"`
	DataType          string `json:"data_type"`
	APIWritable       bool   `json:"api_writable"`
	UIWritable        bool   `json:"ui_writable"`
	MessengerWritable bool   `json:"messenger_writable"`
	Custom            bool   `json:"custom"`
	Archived          bool   `json:"archived"`
	CreatedAt         int64  `json:"created_at,omitempty"`
	UpdatedAt         int64  `json:"updated_at,omitempty"`
}

// seedDataAttributes is what every new workspace holds: a few of Intercom's standard
// attributes, and custom ones a test can protect (some writable from the Messenger, one
// already protected, one archived). The names are the emulator's, not Intercom's.
func (s *Server) seedDataAttributes(createdAt int64) []DataAttribute {
	// Intercom's example answers show standard attributes writable from the Messenger.
	standard := func(model, name, label string) DataAttribute {
		return DataAttribute{Type: "data_attribute", Model: model, Name: name, FullName: name, Label: label,
			DataType: "string", APIWritable: true, MessengerWritable: true}
	}
	custom := func(model, name, dataType string, messengerWritable, archived bool) DataAttribute {
		return DataAttribute{ID: s.newID(), Type: "data_attribute", Model: model, Name: name,
			FullName: "custom_attributes." + name, Label: name, DataType: dataType, APIWritable: true,
			MessengerWritable: messengerWritable, Custom: true, Archived: archived, CreatedAt: createdAt, UpdatedAt: createdAt}
	}
	return []DataAttribute{
		standard("contact", "name", "Name"),
		standard("contact", "email", "Email"),
		standard("contact", "phone", "Phone"),
		standard("contact", "user_id", "User ID"),
		standard("company", "name", "Company name"),
		standard("company", "company_id", "Company ID"),
		custom("contact", "plan", "string", true, false),
		custom("contact", "account_tier", "string", true, false),
		custom("contact", "is_admin", "boolean", true, false),
		custom("contact", "internal_score", "integer", false, false),
		custom("contact", "legacy_flag", "boolean", true, true),
		custom("company", "monthly_spend", "float", true, false),
		custom("company", "contract_tier", "string", true, false),
	}
}

func handleListDataAttributes(_ *Server, c *call) {
	q := c.r.URL.Query()
	model := q.Get("model")
	if model != "" && model != "contact" && model != "company" {
		writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid", "model must be contact or company", "model")
		return
	}
	includeArchived := q.Get("include_archived") == "true"
	out := []DataAttribute{}
	for _, a := range c.ws.attributes {
		if (model == "" || a.Model == model) && (includeArchived || !a.Archived) {
			out = append(out, a)
		}
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"type": "list", "data": out})
}

func handleUpdateDataAttribute(s *Server, c *call) {
	id, err := strconv.ParseInt(c.r.PathValue("data_attribute_id"), 10, 64)
	i := slices.IndexFunc(c.ws.attributes, func(a DataAttribute) bool { return a.ID != 0 && a.ID == id })
	if err != nil || i < 0 {
		writeError(c.w, http.StatusNotFound, "field_not_found", "We couldn't find that data attribute to update", "")
		return
	}
	var body struct {
		MessengerWritable *bool   `json:"messenger_writable"`
		Archived          *bool   `json:"archived"`
		Description       *string `json:"description"`
		Options           []struct {
			Value string `json:"value"`
		} `json:"options"`
	}
	if !decodeBody(c, &body) {
		return
	}
	a := &c.ws.attributes[i]
	if body.MessengerWritable != nil {
		a.MessengerWritable = *body.MessengerWritable
	}
	if body.Archived != nil {
		a.Archived = *body.Archived
	}
	if body.Description != nil {
		a.Description = *body.Description
	}
	a.UpdatedAt = s.now().Unix()
	writeJSON(c.w, http.StatusOK, a)
}
