package intercom

import (
	"context"
	"net/http"
)

// TestWorkspace is a production workspace's linked test workspace. Modelled endpoint.
type TestWorkspace struct {
	IDCode    string `json:"id_code"`
	Name      string `json:"name"`
	Region    string `json:"region"`
	CreatedAt int64  `json:"created_at"`
}

// ListTestWorkspaces calls GET /test_workspaces (modelled).
func (c *Client) ListTestWorkspaces(ctx context.Context) ([]TestWorkspace, error) {
	var list struct {
		Data []TestWorkspace `json:"data"`
	}
	err := c.do(ctx, requestOptions{method: http.MethodGet, path: "/test_workspaces", version: VersionCurrent, modelled: true}, &list)
	return list.Data, err
}

// CreateTestWorkspace calls POST /test_workspaces (modelled). A production workspace
// has at most one test workspace: a second answers 422.
func (c *Client) CreateTestWorkspace(ctx context.Context, name string) (*TestWorkspace, error) {
	var out TestWorkspace
	err := c.do(ctx, requestOptions{
		method: http.MethodPost, path: "/test_workspaces", version: VersionCurrent,
		body: map[string]string{"name": name}, modelled: true,
	}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// RenameTestWorkspace calls PATCH /test_workspaces/{id_code} (modelled).
func (c *Client) RenameTestWorkspace(ctx context.Context, idCode, name string) (*TestWorkspace, error) {
	seg, err := segment("test workspace", idCode)
	if err != nil {
		return nil, err
	}
	var out TestWorkspace
	err = c.do(ctx, requestOptions{
		method: http.MethodPatch, path: "/test_workspaces/" + seg, route: "/test_workspaces/{id_code}", version: VersionCurrent,
		body: map[string]string{"name": name},
	}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteTestWorkspace calls DELETE /test_workspaces/{id_code} (modelled). Irreversible.
func (c *Client) DeleteTestWorkspace(ctx context.Context, idCode string) error {
	seg, err := segment("test workspace", idCode)
	if err != nil {
		return err
	}
	return c.do(ctx, requestOptions{
		method: http.MethodDelete, path: "/test_workspaces/" + seg, route: "/test_workspaces/{id_code}", version: VersionCurrent,
	}, nil)
}
