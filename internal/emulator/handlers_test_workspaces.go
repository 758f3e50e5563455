package emulator

import (
	"net/http"
	"slices"
	"strings"
)

// Modelled /test_workspaces: a production workspace's one linked test workspace, which
// is a workspace of its own with its own id code and token.

func testWorkspaceJSON(tw TestWorkspace) map[string]any {
	return map[string]any{"type": "test_workspace", "id_code": tw.IDCode, "name": tw.Name, "region": tw.Region, "created_at": tw.CreatedAt}
}

func handleListTestWorkspaces(s *Server, c *call) {
	data := []map[string]any{}
	for _, id := range c.ws.testWorkspaces {
		data = append(data, testWorkspaceJSON(s.testWorkspaceLocked(id)))
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"type": "list", "data": data})
}

func handleCreateTestWorkspace(s *Server, c *call) {
	var body struct {
		Name string `json:"name"`
	}
	if !decodeBody(c, &body) {
		return
	}
	switch {
	case strings.TrimSpace(body.Name) == "":
		writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid", "name is required", "name")
		return
	case c.ws.parent != "":
		writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid", "A test workspace cannot have a test workspace", "")
		return
	case len(c.ws.testWorkspaces) > 0:
		writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid", "This workspace already has a test workspace", "")
		return
	}
	cfg := WorkspaceConfig{
		IDCode: randomIDCode(), Name: strings.TrimSpace(body.Name), Region: c.ws.cfg.Region, Timezone: c.ws.cfg.Timezone,
		Token: randomToken(24), AdminID: c.ws.cfg.AdminID, AdminName: c.ws.cfg.AdminName, AdminEmail: c.ws.cfg.AdminEmail,
		Scopes: c.ws.cfg.Scopes,
	}
	if err := s.addWorkspaceLocked(cfg, c.ws.cfg.IDCode); err != nil {
		writeError(c.w, http.StatusInternalServerError, "server_error", err.Error(), "")
		return
	}
	s.workspaces[cfg.IDCode].createdAt = s.now().Unix()
	c.ws.testWorkspaces = append(c.ws.testWorkspaces, cfg.IDCode)
	s.logActivity(c.ws, adminActor(c), "app_name_change", "Created test workspace "+cfg.Name, map[string]any{"id_code": cfg.IDCode})
	writeJSON(c.w, http.StatusCreated, testWorkspaceJSON(s.testWorkspaceLocked(cfg.IDCode)))
}

func handleRenameTestWorkspace(s *Server, c *call) {
	id := c.r.PathValue("id_code")
	if !slices.Contains(c.ws.testWorkspaces, id) {
		writeError(c.w, http.StatusNotFound, "not_found", "Test workspace not found", "id_code")
		return
	}
	var body struct {
		Name string `json:"name"`
	}
	if !decodeBody(c, &body) {
		return
	}
	if strings.TrimSpace(body.Name) == "" {
		writeError(c.w, http.StatusUnprocessableEntity, "parameter_invalid", "name is required", "name")
		return
	}
	s.workspaces[id].cfg.Name = strings.TrimSpace(body.Name)
	s.logActivity(c.ws, adminActor(c), "app_name_change", "Renamed test workspace", map[string]any{"id_code": id})
	writeJSON(c.w, http.StatusOK, testWorkspaceJSON(s.testWorkspaceLocked(id)))
}

func handleDeleteTestWorkspace(s *Server, c *call) {
	id := c.r.PathValue("id_code")
	if !slices.Contains(c.ws.testWorkspaces, id) {
		writeError(c.w, http.StatusNotFound, "not_found", "Test workspace not found", "id_code")
		return
	}
	s.deleteTestWorkspaceLocked(c.ws, id)
	s.logActivity(c.ws, adminActor(c), "app_data_deletion", "Deleted test workspace", map[string]any{"id_code": id})
	c.w.WriteHeader(http.StatusNoContent)
}

func (s *Server) deleteTestWorkspaceLocked(parent *workspace, id string) {
	parent.testWorkspaces = slices.DeleteFunc(parent.testWorkspaces, func(x string) bool { return x == id })
	if tw, ok := s.workspaces[id]; ok {
		delete(s.byToken, tw.cfg.Token)
		delete(s.workspaces, id)
	}
}
