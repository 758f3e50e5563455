package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

// Listening beyond loopback takes -allow-remote.
func TestCheckListen(t *testing.T) {
	for listen, ok := range map[string]bool{
		"127.0.0.1:8089": true, "localhost:0": true, "[::1]:8089": true,
		"0.0.0.0:8089": false, ":8089": false, "192.0.2.7:8089": false, "[::]:8089": false,
	} {
		if err := checkListen(listen, false); (err == nil) != ok {
			t.Errorf("checkListen(%q) = %v, want allowed %v", listen, err, ok)
		}
		if err := checkListen(listen, true); err != nil {
			t.Errorf("checkListen(%q, allowRemote) = %v", listen, err)
		}
	}
}

// A DPO rehearses a request offline: -config seeds contacts, a merge and a conversation,
// named by ref, and the emulator prints the id it gave each contact.
func TestApplySeedFromConfig(t *testing.T) {
	raw := `{"seed": [{"workspace": "abc12345",
	  "contacts": [{"ref": "pat", "role": "user", "email": "pat@example.org", "external_id": "u-1", "tags": ["vip"], "notes": ["called"]},
	               {"ref": "pat-lead", "role": "lead", "merged_into": "pat"}],
	  "conversations": [{"contact": "pat", "source": {"body": "hello", "redactable": true}, "parts": [{"body": "my card is 4111", "redactable": true}]}],
	  "tickets": [{"contact": "pat", "title": "Refund"}]}]}`
	var fc fileConfig
	if err := json.Unmarshal([]byte(raw), &fc); err != nil {
		t.Fatal(err)
	}
	srv := emulator.New(emulator.Config{})
	lines, err := applySeed(srv, fc.Seed)
	if err != nil {
		t.Fatal(err)
	}
	contacts := srv.Contacts("abc12345")
	if len(contacts) != 2 || len(lines) != 2 || !strings.Contains(lines[0], `"pat"`) || !strings.Contains(lines[0], contacts[0].ID) {
		t.Fatalf("contacts %+v, lines %q", contacts, lines)
	}
	if len(contacts[0].Tags) != 1 || len(contacts[0].Notes) != 1 {
		t.Errorf("pat's tags %v and notes %v, want the seeded ones", contacts[0].Tags, contacts[0].Notes)
	}
	if tickets := srv.Tickets("abc12345"); len(tickets) != 1 || tickets[0].ContactID != contacts[0].ID || tickets[0].Title != "Refund" {
		t.Errorf("tickets %+v", tickets)
	}
	if contacts[1].MergedInto != contacts[0].ID {
		t.Errorf("the lead is merged into %q, want %q", contacts[1].MergedInto, contacts[0].ID)
	}
	if convs := srv.Conversations("abc12345"); len(convs) != 1 || convs[0].ContactID != contacts[0].ID || len(convs[0].Parts) != 1 {
		t.Errorf("conversations %+v", convs)
	}
	bad := []seed{{Workspace: "abc12345"}}
	bad[0].Conversations = fc.Seed[0].Conversations
	bad[0].Conversations[0].ContactRef = "nobody"
	if _, err := applySeed(emulator.New(emulator.Config{}), bad); err == nil || !strings.Contains(err.Error(), `"nobody"`) {
		t.Errorf("a conversation of an unknown ref: %v", err)
	}
}
