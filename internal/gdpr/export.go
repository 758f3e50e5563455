package gdpr

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/salestim/terraform-provider-intercom/internal/intercom"
)

// Source is what an access request (GDPR article 15) reads of Intercom; *intercom.Client
// is one.
type Source interface {
	Finder
	GetContactRecord(ctx context.Context, id string) (json.RawMessage, error)
	ListContact(ctx context.Context, id string, list intercom.ContactList) (intercom.Page, error)
	SearchConversationIDsByContact(ctx context.Context, contactID string) ([]string, error)
	GetConversation(ctx context.Context, id string) (intercom.Conversation, error)
	SearchTicketsByContact(ctx context.Context, contactID string) ([]json.RawMessage, error)
}

// ExportOutcomes are an access request's outcomes, in the order reports list them.
var ExportOutcomes = []Outcome{Exported, AlreadyAbsent, NotFound, Refused, Incomplete, NotAttempted}

// Export finds the contacts of every subject and writes everything Intercom serves of each
// into the bundle: the contact, its companies, tags, notes, segments and subscriptions,
// its tickets where the workspace's API serves them, and each of its conversations with
// its parts. A subject is exported only when every record was read whole; otherwise its
// outcome is incomplete and the reason names what is missing. It changes nothing in
// Intercom.
func Export(ctx context.Context, src Source, req Request, opts Options, bundle *Bundle) Report {
	scrub := scrubberFor(req)
	opts.DryRun = false
	convs := &conversationFiles{src: src, bundle: bundle, scrub: scrub, files: map[string]*conversationFile{}}
	return run(ctx, src, req, opts, operation{
		outcomes: ExportOutcomes, doneWhat: "exported", wouldWhat: "would be exported", noun: "export(s)", mixed: Incomplete,
		apply: func(ctx context.Context, id string) contactOutcome {
			return exportOne(ctx, src, bundle, convs, id, scrub)
		},
	})
}

// conversationFiles reads and writes each conversation once per request: a conversation
// two subjects of the request take part in is one file of the bundle, listed for each
// (the bundle never writes a file twice).
type conversationFiles struct {
	src    Source
	bundle *Bundle
	scrub  func(string) string

	mu    sync.Mutex
	files map[string]*conversationFile
}

type conversationFile struct {
	once    sync.Once
	conv    intercom.Conversation
	name    string
	failure string // what could not be done, and why; empty when the file was written
}

// file reads and writes conversation id the first time it is asked for, and returns what
// that did every time (workers asking at once wait for the first).
func (c *conversationFiles) file(ctx context.Context, id string) *conversationFile {
	c.mu.Lock()
	f := c.files[id]
	if f == nil {
		f = &conversationFile{}
		c.files[id] = f
	}
	c.mu.Unlock()
	f.once.Do(func() {
		conv, err := c.src.GetConversation(ctx, id)
		if err != nil {
			f.failure = "conversation " + id + " could not be read: " + c.scrub(err.Error())
			return
		}
		f.conv = conv
		if f.name, err = c.bundle.write("conversation-"+id, conv.Record); err != nil {
			f.failure = "conversation " + id + " could not be written: " + c.scrub(err.Error())
		}
	})
	return f
}

// exportOne writes one contact's records into the bundle.
func exportOne(ctx context.Context, src Source, bundle *Bundle, convs *conversationFiles, id string, scrub func(string) string) contactOutcome {
	counts := ContactCounts{ContactID: id, Lists: map[string]int{}}
	defer func() { bundle.recordContact(counts) }()
	fail := func(what string, err error) {
		counts.Missing = append(counts.Missing, what+": "+scrub(err.Error()))
	}

	record, err := src.GetContactRecord(ctx, id)
	if err != nil {
		fail("the contact could not be read", err)
		return contactOutcome{outcome: Incomplete, reason: fmt.Sprintf("contact %s: nothing was exported: %s", id, counts.Missing[0])}
	}
	data := map[string]any{"contact": record}
	for _, list := range intercom.ContactLists {
		page, err := src.ListContact(ctx, id, list)
		switch {
		case err != nil:
			fail("its "+list.Name+" could not be read", err)
		case !page.Complete():
			counts.Missing = append(counts.Missing, fmt.Sprintf("Intercom served %d of its %d %s", len(page.Items), page.Total, list.Name))
		}
		data[list.Name] = orNone(page.Items)
		counts.Lists[list.Name] = len(page.Items)
	}

	tickets, err := src.SearchTicketsByContact(ctx, id)
	switch {
	case status(err) == http.StatusNotFound:
		// The search itself is not served (the contact was just read): the workspace's API
		// serves no tickets, so there are none to export, and the manifest says why.
		data["tickets"] = nil
		counts.TicketsNote = "POST /tickets/search answered 404: this workspace's API serves no tickets"
	case err != nil:
		fail("its tickets could not be searched", err)
		data["tickets"] = nil
	default:
		n := len(tickets)
		counts.Tickets = &n
		data["tickets"] = orNone(tickets)
	}

	convIDs, err := src.SearchConversationIDsByContact(ctx, id)
	if err != nil {
		fail("its conversations could not be searched", err)
	}
	files := []string{}
	for _, convID := range convIDs {
		file := convs.file(ctx, convID)
		if file.failure != "" {
			counts.Missing = append(counts.Missing, file.failure)
			continue
		}
		conv := file.conv
		files = append(files, file.name)
		if slices.ContainsFunc(conv.ContactIDs, func(other string) bool { return other != id }) {
			counts.SharedConversations = append(counts.SharedConversations, convID)
		}
		counts.Conversations++
		counts.ConversationParts += conv.Parts
		if !conv.AllPartsWereServed {
			counts.Missing = append(counts.Missing, fmt.Sprintf("Intercom served %d of the %d parts of conversation %s "+
				"(it serves at most %d parts of a conversation)", conv.Parts, conv.PartsTotal, convID, intercom.MaxConversationParts))
		}
	}
	data["conversation_files"] = files

	if _, err := bundle.write("contact-"+id, data); err != nil {
		fail("the contact's file could not be written", err)
	}
	out := contactOutcome{outcome: Exported,
		progress: fmt.Sprintf("%d conversation(s), %d part(s)", counts.Conversations, counts.ConversationParts)}
	if len(counts.Missing) > 0 {
		out.outcome = Incomplete
		out.reason = fmt.Sprintf("contact %s: %s", id, strings.Join(counts.Missing, "; "))
	}
	return out
}

// orNone is items, or an empty list for none (a bundle says "none", never null).
func orNone(items []json.RawMessage) []json.RawMessage {
	if items == nil {
		return []json.RawMessage{}
	}
	return items
}
