package emulator

import (
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// The emulator's answers on published endpoints must match Intercom's own OpenAPI
// descriptions, kept with their MIT licence in testdata/openapi. The documents as a whole
// do not validate (Intercom's own defects, in parts we do not use), so each answer is
// checked against its response schema. (internal/intercom's conformance test checks the
// client's requests and the emulator's answers operation by operation.)

var (
	specsOnce sync.Once
	specs     map[string]*openapi3.T
	specsErr  error
)

// loadSpecs loads both documents from testdata; a missing file fails the test.
func loadSpecs(t *testing.T) map[string]*openapi3.T {
	t.Helper()
	specsOnce.Do(func() {
		specs = map[string]*openapi3.T{}
		for version, name := range map[string]string{"2.16": "api.intercom.io.2.16.yaml", "Preview": "api.intercom.io.preview.yaml"} {
			doc, err := openapi3.NewLoader().LoadFromFile(filepath.Join("testdata", "openapi", name))
			if err != nil {
				specsErr = err
				return
			}
			specs[version] = doc
		}
	})
	if specsErr != nil {
		t.Fatalf("loading Intercom's OpenAPI descriptions from testdata/openapi: %v", specsErr)
	}
	return specs
}

// checkSchema validates a raw JSON answer against a named component schema.
func checkSchema(t *testing.T, doc *openapi3.T, schema string, raw []byte) {
	t.Helper()
	ref, ok := doc.Components.Schemas[schema]
	if !ok || ref.Value == nil {
		t.Fatalf("schema %q not in the description", schema)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("answer is not JSON: %v", err)
	}
	if err := ref.Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		t.Errorf("answer does not match schema %s: %v\n%s", schema, err, raw)
	}
}

func TestAnswersMatchIntercomOpenAPI(t *testing.T) {
	docs := loadSpecs(t)
	s := start(t, Config{})
	// Some state so lists are not empty.
	s.SetCallerIP(DefaultWorkspace.IDCode, "192.168.1.7")
	do(t, s, "POST", "/secure_mode_secrets", "Preview", map[string]any{"name": "web", "supports_web": true})
	do(t, s, "PUT", "/ip_allowlist", "2.16", map[string]any{"enabled": true, "ip_allowlist": []string{"192.168.1.0/24", "10.0.0.1"}})
	_ = s.ChangeByHand(DefaultWorkspace.IDCode, HandChange{TwoFactorRequired: ptrTo(true)})
	contactID, _ := s.AddContact(DefaultWorkspace.IDCode, Contact{Role: "user", ExternalID: "u-1", Email: "a@example.org"})
	gone, _ := s.AddContact(DefaultWorkspace.IDCode, Contact{Role: "lead", Email: "b@example.org"})
	merged, _ := s.AddContact(DefaultWorkspace.IDCode, Contact{Role: "lead"})
	_ = s.MergeContacts(DefaultWorkspace.IDCode, merged, contactID)

	cases := []struct {
		method, path, version, schema string
		body                          any
		status                        int
	}{
		{"GET", "/me", "2.16", "admin_with_app", nil, 200},
		{"GET", "/admins", "2.16", "admin_list", nil, 200},
		{"GET", "/admins/activity_logs?created_at_after=0&per_page=2", "2.16", "activity_log_list", nil, 200},
		{"GET", "/ip_allowlist", "2.16", "ip_allowlist", nil, 200},
		{"PUT", "/ip_allowlist", "2.16", "ip_allowlist", map[string]any{"enabled": true, "ip_allowlist": []string{"192.168.1.0/24"}}, 200},
		{"GET", "/secure_mode_secrets", "Preview", "identity_verification_secret_list", nil, 200},
		{"POST", "/secure_mode_secrets", "Preview", "identity_verification_secret_with_material", map[string]any{"name": "ios", "supports_ios": true}, 201},
		{"GET", "/data_attributes?model=contact&include_archived=true", "2.16", "data_attribute_list", nil, 200},
		{"GET", "/data_attributes?model=company", "2.16", "data_attribute_list", nil, 200},
		{"PUT", "/data_attributes/107", "2.16", "data_attribute", map[string]any{"messenger_writable": false}, 200},
		{"PUT", "/data_attributes/999999", "2.16", "error", map[string]any{"messenger_writable": false}, 404},
		{"GET", "/contacts/find_by_external_id/u-1", "2.16", "contact", nil, 200},
		{"POST", "/contacts/search", "2.16", "contact_list", map[string]any{"query": map[string]any{"field": "email", "operator": "=", "value": "a@example.org"}}, 200},
		{"DELETE", "/contacts/" + gone, "2.16", "contact_deleted", nil, 200},
		{"GET", "/contacts/" + gone, "2.16", "error", nil, 404},
		{"GET", "/contacts/" + merged, "2.16", "error", nil, 410},
		{"GET", "/me", "9.9", "error", nil, 400},  // checked against the 2.16 description
		{"GET", "/me", "2.16", "error", nil, 401}, // wrong token below
		// Intercom's ip_allowlist schema carries "type": a PUT may send it back.
		{"PUT", "/ip_allowlist", "2.16", "ip_allowlist", map[string]any{"type": "ip_allowlist", "enabled": true, "ip_allowlist": []string{"192.168.1.0/24"}}, 200},
		// Preview describes no /ip_allowlist: the emulator must not serve it there.
		{"GET", "/ip_allowlist", "Preview", "error", nil, 404},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.path+" "+c.schema, func(t *testing.T) {
			token := DefaultWorkspace.Token
			if c.status == 401 {
				token = "wrong"
			}
			a := doWith(t, s, c.method, c.path, c.version, token, c.body)
			if a.status != c.status {
				t.Fatalf("status %d, want %d: %s", a.status, c.status, a.raw)
			}
			doc := docs[c.version]
			if doc == nil {
				doc = docs["2.16"] // an invalid version's error is described there
			}
			checkSchema(t, doc, c.schema, a.raw)
		})
	}
}

// The check must catch a wrong field type, or it proves nothing.
func TestSchemaCheckCatchesAWrongType(t *testing.T) {
	docs := loadSpecs(t)
	broken := []byte(`{"type":"admin","id":1295,"name":"Joe","email":"joe@example.com","app":{"id_code":"abc","created_at":"yesterday"}}`)
	err := docs["2.16"].Components.Schemas["admin_with_app"].Value.VisitJSON(mustDecode(t, broken))
	if err == nil {
		t.Fatal("an admin with a numeric id and a string created_at passed the schema check")
	}
}

func mustDecode(t *testing.T, raw []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func ptrTo[T any](v T) *T { return &v }
