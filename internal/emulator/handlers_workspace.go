package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// GET /me: the token's admin and its workspace (schema admin_with_app).
func handleMe(s *Server, c *call) {
	ws := c.ws
	writeJSON(c.w, http.StatusOK, map[string]any{
		"type": "admin", "id": ws.cfg.AdminID, "name": ws.cfg.AdminName, "email": ws.cfg.AdminEmail,
		"email_verified": true, "job_title": "Security lead", "away_mode_enabled": false,
		"away_mode_reassign": false, "has_inbox_seat": true, "team_ids": []int{},
		"app": map[string]any{
			"type": "app", "id_code": ws.cfg.IDCode, "name": ws.cfg.Name, "region": ws.cfg.Region,
			"timezone": ws.cfg.Timezone, "created_at": ws.createdAt,
			"identity_verification": ws.iv.Web || ws.iv.IOS || ws.iv.Android,
		},
	})
}

// GET /admins: the token's admin, the UI teammate and one more (schema admin_list).
func handleAdmins(s *Server, c *call) {
	admin := func(id, name, email, title string, away bool, teams []int) map[string]any {
		return map[string]any{
			"type": "admin", "id": id, "name": name, "email": email, "job_title": title,
			"away_mode_enabled": away, "away_mode_reassign": false, "has_inbox_seat": true, "team_ids": teams,
			"avatar": nil, // the admin schema has a URL string here, not admin_with_app's object
		}
	}
	ws := c.ws
	admins := []map[string]any{
		admin(uiTeammateID, uiTeammateName, uiTeammateEmail, "Support", false, []int{814865}),
		admin("991269", "Bob Builder", "bob@salestim.com", "Engineer", true, []int{}),
	}
	if !ws.tokenTeammateRemoved {
		admins = append([]map[string]any{admin(ws.cfg.AdminID, ws.cfg.AdminName, ws.cfg.AdminEmail, "Security lead", false, []int{814865})}, admins...)
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"type": "admin.list", "admins": admins})
}

// GET /admins/activity_logs: the audit trail between two Unix times, cursor-paginated.
func handleActivityLogs(s *Server, c *call) {
	q := c.r.URL.Query()
	after, err := strconv.ParseInt(q.Get("created_at_after"), 10, 64)
	if q.Get("created_at_after") == "" {
		writeError(c.w, http.StatusBadRequest, "parameter_not_found", "created_at_after is required", "created_at_after")
		return
	}
	if err != nil {
		writeError(c.w, http.StatusBadRequest, "parameter_invalid", "created_at_after must be a Unix timestamp", "created_at_after")
		return
	}
	before := int64(1) << 62
	if v := q.Get("created_at_before"); v != "" {
		if before, err = strconv.ParseInt(v, 10, 64); err != nil {
			writeError(c.w, http.StatusBadRequest, "parameter_invalid", "created_at_before must be a Unix timestamp", "created_at_before")
			return
		}
	}
	perPage := 20
	if v := q.Get("per_page"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 && n <= 150 {
			perPage = n
		}
	}
	matching := logsBetween(c.ws.logs, after, before, nil, s.logOldestFirst)
	// The cursor is the offset of the next page.
	offset := 0
	if v := q.Get("starting_after"); v != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(v, "cursor-"))
		if err != nil || n < 0 {
			writeError(c.w, http.StatusBadRequest, "parameter_invalid", "starting_after is not a cursor this endpoint gave", "starting_after")
			return
		}
		offset = min(n, len(matching))
	}
	end := min(offset+perPage, len(matching))
	totalPages := max((len(matching)+perPage-1)/perPage, 1)
	pages := map[string]any{"type": "pages", "page": offset/perPage + 1, "per_page": perPage, "total_pages": totalPages}
	if end < len(matching) {
		pages["next"] = map[string]any{"per_page": perPage, "starting_after": "cursor-" + strconv.Itoa(end)}
	}
	page := matching[offset:end]
	if page == nil {
		page = []ActivityLog{}
	}
	writeJSON(c.w, http.StatusOK, map[string]any{"type": "activity_log.list", "pages": pages, "activity_logs": page})
}

// logsBetween returns the entries created between after and before (Unix seconds,
// inclusive) of one of types (any, when empty): newest first unless oldestFirst. Intercom
// documents no order (see Config.LogOldestFirst).
func logsBetween(logs []ActivityLog, after, before int64, types []string, oldestFirst bool) []ActivityLog {
	var out []ActivityLog
	for _, l := range logs {
		if l.CreatedAt >= after && l.CreatedAt <= before && (len(types) == 0 || slices.Contains(types, l.ActivityType)) {
			out = append(out, l)
		}
	}
	if !oldestFirst {
		slices.Reverse(out)
	}
	return out
}

// POST /admins/activity_logs/search (2.16): the audit trail between two Unix times,
// filtered by event type, paginated by page number.
func handleSearchActivityLogs(s *Server, c *call) {
	var in struct {
		CreatedAtAfter  *int64   `json:"created_at_after"`
		CreatedAtBefore *int64   `json:"created_at_before"`
		EventTypes      []string `json:"event_types"`
		Page            *int     `json:"page"`
		PerPage         *int     `json:"per_page"`
	}
	if err := json.NewDecoder(c.r.Body).Decode(&in); err != nil {
		writeError(c.w, http.StatusBadRequest, "parameter_invalid", "The body is not valid JSON", "")
		return
	}
	if in.CreatedAtAfter == nil {
		writeError(c.w, http.StatusBadRequest, "parameter_not_found", "created_at_after is required", "created_at_after")
		return
	}
	before := int64(1) << 62
	if in.CreatedAtBefore != nil {
		before = *in.CreatedAtBefore
	}
	page, perPage := 1, 20
	if in.Page != nil && *in.Page > 0 {
		page = *in.Page
	}
	if in.PerPage != nil {
		if *in.PerPage < 1 || *in.PerPage > 250 {
			writeError(c.w, http.StatusBadRequest, "parameter_invalid", "per_page must be between 1 and 250", "per_page")
			return
		}
		perPage = *in.PerPage
	}
	matching := logsBetween(c.ws.logs, *in.CreatedAtAfter, before, in.EventTypes, s.logOldestFirst)
	totalPages := max((len(matching)+perPage-1)/perPage, 1)
	// A page past the last is empty; compared before multiplying, so a huge page number
	// cannot overflow into a negative offset.
	start := len(matching)
	if page-1 <= len(matching)/perPage {
		start = min((page-1)*perPage, len(matching))
	}
	end := min(start+perPage, len(matching))
	found := matching[start:end]
	if found == nil {
		found = []ActivityLog{}
	}
	pages := map[string]any{"type": "pages", "page": page, "per_page": perPage, "total_pages": totalPages}
	writeJSON(c.w, http.StatusOK, map[string]any{"type": "activity_log.list", "pages": pages, "activity_logs": found})
}

// adminActor is the token's admin, as the activity log records them.
func adminActor(c *call) PerformedBy {
	return PerformedBy{Type: "admin", ID: c.ws.cfg.AdminID, Email: c.ws.cfg.AdminEmail, IP: c.callerIP}
}
