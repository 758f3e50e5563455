package intercom

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// Data attribute models GET /data_attributes takes.
const (
	ModelContact = "contact"
	ModelCompany = "company"
)

// DataAttribute is a contact or company attribute (published, every version since 2.11
// has messenger_writable). Only custom attributes have an id, and only they can be
// changed through the API.
type DataAttribute struct {
	ID                int64  `json:"id,omitempty"`
	Name              string `json:"name"`
	FullName          string `json:"full_name"`
	Label             string `json:"label"`
	Model             string `json:"model"`
	DataType          string `json:"data_type"`
	Custom            bool   `json:"custom"`
	Archived          bool   `json:"archived"`
	APIWritable       bool   `json:"api_writable"`
	UIWritable        bool   `json:"ui_writable"`
	MessengerWritable bool   `json:"messenger_writable"`
}

// ListDataAttributes calls GET /data_attributes?model=…&include_archived=true: every
// attribute of the model, archived ones included (they are flagged).
func (c *Client) ListDataAttributes(ctx context.Context, model string) ([]DataAttribute, error) {
	var list struct {
		Data []DataAttribute `json:"data"`
	}
	err := c.do(ctx, requestOptions{
		method: http.MethodGet, path: "/data_attributes", version: VersionCurrent,
		query: url.Values{"model": {model}, "include_archived": {"true"}},
	}, &list)
	return list.Data, err
}

// SetMessengerWritable calls PUT /data_attributes/{id} with {"messenger_writable": …}:
// whether the Messenger (its JavaScript and mobile SDKs) may set the attribute.
func (c *Client) SetMessengerWritable(ctx context.Context, id int64, writable bool) (*DataAttribute, error) {
	if id <= 0 {
		return nil, &ErrNoID{}
	}
	var out DataAttribute
	err := c.do(ctx, requestOptions{
		method: http.MethodPut, path: "/data_attributes/" + strconv.FormatInt(id, 10), route: "/data_attributes/{data_attribute_id}", version: VersionCurrent,
		body: map[string]bool{"messenger_writable": writable},
	}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ErrNoID is a data attribute without an id: a standard attribute, which the API cannot change.
type ErrNoID struct{}

func (*ErrNoID) Error() string {
	return "intercom: only custom data attributes have an id and can be changed through Intercom's API"
}
