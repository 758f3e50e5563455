// Command intercom-emulator serves the Intercom API emulator on loopback, for make demo
// and for trying configurations offline. With -control-url it is instead a small client
// of a running emulator's control surface (make demo uses it for its "hand" change).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/salestim/terraform-provider-intercom/internal/emulator"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8089", "address to listen on (port 0 picks a free one)")
	configFile := flag.String("config", "", `optional JSON file: {"workspaces":[{"id_code":…,"token":…}], "rate_limit":N}`)
	urlFile := flag.String("url-file", "", "write the base URL to this file once listening")
	controlURL := flag.String("control-url", "", "act as a control client of the emulator at this URL instead of serving")
	handChange := flag.String("hand-change", "", "with -control-url: workspace id_code to change by hand; the JSON change is the argument")
	allowRemote := flag.Bool("allow-remote", false, "allow a -listen address that is not loopback, and answer any Host header: the control surface needs no token and the demo token is published, so anyone who can reach the address can read and change every workspace")
	logOldestFirst := flag.Bool("log-oldest-first", false, "list activity-log entries oldest first (Intercom documents no order; the default, newest first, is a guess)")
	publishedOnly := flag.Bool("published-only", false, "answer the modelled endpoints (2FA, trusted domains, identity verification enforcement, test workspaces) with 404 not_found, as Intercom's hosts do today")
	flag.Usage = usage
	flag.Parse()

	if *controlURL != "" {
		if err := runControl(*controlURL, *handChange, flag.Arg(0)); err != nil {
			log.Fatal(err)
		}
		return
	}
	if err := serve(*listen, *configFile, *urlFile, emulator.Config{PublishedOnly: *publishedOnly, AllowAnyHost: *allowRemote, LogOldestFirst: *logOldestFirst}); err != nil {
		log.Fatal(err)
	}
}

type fileConfig struct {
	Workspaces []emulator.WorkspaceConfig `json:"workspaces"`
	RateLimit  int                        `json:"rate_limit"`
	Seed       []seed                     `json:"seed"`
}

// seed is what a workspace holds besides its settings, to rehearse a data-subject request
// offline (an erasure, an export, an opt-out). Contacts are named by ref within the file:
// merged_into, a conversation's and a ticket's contact name a ref; the emulator gives each
// contact an id and prints it. A contact may carry companies, tags, notes, segments,
// subscriptions (subscription type ids), custom_attributes and unsubscribed_from_emails.
type seed struct {
	Workspace string `json:"workspace"`
	Contacts  []struct {
		Ref string `json:"ref"`
		emulator.Contact
		MergedIntoRef string `json:"merged_into"`
	} `json:"contacts"`
	Conversations []struct {
		ContactRef string                      `json:"contact"`
		Source     emulator.ConversationPart   `json:"source"`
		Parts      []emulator.ConversationPart `json:"parts"`
	} `json:"conversations"`
	Tickets []struct {
		ContactRef  string `json:"contact"`
		Title       string `json:"title"`
		Description string `json:"description"`
	} `json:"tickets"`
}

// applySeed adds the seeded contacts, merges and conversations, and returns one line per
// contact: its ref and the id the emulator gave it.
func applySeed(srv *emulator.Server, seeds []seed) ([]string, error) {
	var lines []string
	for _, sd := range seeds {
		ids := map[string]string{}
		for _, c := range sd.Contacts {
			contact := c.Contact
			contact.MergedInto = ""
			id, err := srv.AddContact(sd.Workspace, contact)
			if err != nil {
				return nil, err
			}
			if c.Ref != "" {
				ids[c.Ref] = id
			}
			lines = append(lines, fmt.Sprintf("seeded contact %q of workspace %s as %s", c.Ref, sd.Workspace, id))
		}
		for _, c := range sd.Contacts {
			if c.MergedIntoRef == "" {
				continue
			}
			from, into := ids[c.Ref], ids[c.MergedIntoRef]
			if from == "" || into == "" {
				return nil, fmt.Errorf("seed: contact %q is merged into %q, which no contact of workspace %s has as ref", c.Ref, c.MergedIntoRef, sd.Workspace)
			}
			if err := srv.MergeContacts(sd.Workspace, from, into); err != nil {
				return nil, err
			}
		}
		for _, conv := range sd.Conversations {
			id, ok := ids[conv.ContactRef]
			if !ok {
				return nil, fmt.Errorf("seed: a conversation names contact %q, which no contact of workspace %s has as ref", conv.ContactRef, sd.Workspace)
			}
			if _, err := srv.AddConversation(sd.Workspace, emulator.Conversation{ContactID: id, Source: conv.Source, Parts: conv.Parts}); err != nil {
				return nil, err
			}
		}
		for _, ticket := range sd.Tickets {
			id, ok := ids[ticket.ContactRef]
			if !ok {
				return nil, fmt.Errorf("seed: a ticket names contact %q, which no contact of workspace %s has as ref", ticket.ContactRef, sd.Workspace)
			}
			if _, err := srv.AddTicket(sd.Workspace, emulator.Ticket{ContactID: id, Title: ticket.Title, Description: ticket.Description}); err != nil {
				return nil, err
			}
		}
	}
	return lines, nil
}

func serve(listen, configFile, urlFile string, cfg emulator.Config) error {
	if err := checkListen(listen, cfg.AllowAnyHost); err != nil {
		return err
	}
	allowRemote, publishedOnly := cfg.AllowAnyHost, cfg.PublishedOnly
	var fc fileConfig
	if configFile != "" {
		raw, err := os.ReadFile(configFile) //nolint:gosec // the -config file the person starting the emulator named
		if err != nil {
			return err
		}
		if err := json.Unmarshal(raw, &fc); err != nil {
			return fmt.Errorf("%s: %w", configFile, err)
		}
		cfg.Workspaces, cfg.RateLimit = fc.Workspaces, fc.RateLimit
	}
	srv := emulator.New(cfg)
	seeded, err := applySeed(srv, fc.Seed)
	if err != nil {
		return fmt.Errorf("%s: %w", configFile, err)
	}
	if err := srv.Start(listen); err != nil {
		return err
	}
	for _, line := range seeded {
		fmt.Println(line)
	}
	fmt.Printf("Intercom emulator listening on %s\n", srv.URL())
	if allowRemote {
		fmt.Fprintln(os.Stderr, "WARNING: -allow-remote: the emulator answers every host that can reach "+listen+
			"; its control surface needs no token and its demo token is published. Use it only on a network you control.")
	}
	if publishedOnly {
		fmt.Println("published-only: the modelled endpoints answer 404 not_found, as on Intercom's hosts today")
	}
	if len(cfg.Workspaces) == 0 {
		w := emulator.DefaultWorkspace
		fmt.Printf("workspace %s (%s), demo token %s\n", w.IDCode, w.Name, w.Token)
	} else {
		for _, w := range cfg.Workspaces {
			fmt.Printf("workspace %s (%s)\n", w.IDCode, w.Name)
		}
	}
	if urlFile != "" {
		if err := os.WriteFile(urlFile, []byte(srv.URL()), 0o600); err != nil {
			return err
		}
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	return srv.Close()
}

// checkListen refuses a listen address beyond loopback unless allowRemote says so: the
// emulator holds no real data, but whoever reaches it can change what a plan against it says.
func checkListen(listen string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", listen, err)
	}
	if ip := net.ParseIP(host); (ip != nil && ip.IsLoopback()) || strings.EqualFold(host, "localhost") || allowRemote {
		return nil
	}
	return fmt.Errorf("-listen %q is not a loopback address: the emulator would answer other machines. "+
		"Listen on 127.0.0.1, or pass -allow-remote if that is what you mean", listen)
}

// usage prints the flags and the control surface, so -h is a reference of its own.
func usage() {
	out := flag.CommandLine.Output()
	fmt.Fprintf(out, `intercom-emulator: an Intercom API emulator on loopback, for trying terraform-provider-intercom offline.

Usage:
  intercom-emulator [-listen ADDR] [-config FILE] [-url-file FILE] [-published-only]
  intercom-emulator -control-url URL -hand-change WORKSPACE '{"two_factor_required": false}'

Flags:
`)
	flag.PrintDefaults()
	fmt.Fprint(out, `
Seeded workspace (when -config names none): id_code abc12345 "SalesTim", region US,
token dG9rOmRlbW8tdG9rZW4tYWJjMTIzNDU=.

Control surface (WS is a workspace's id_code; no token needed, loopback Host headers only;
every request that changes something is sent as Content-Type: application/json):
  GET    /_emulator/workspaces/WS              the workspace's state: settings, secrets, test workspaces, activity log
  GET    /_emulator/workspaces/WS/token        the token of a test workspace created through the API
  POST   /_emulator/workspaces                 add a workspace: {"id_code","name","region","timezone","token",
                                               "admin_id","admin_name","admin_email","scopes":[...]}
  POST   /_emulator/workspaces/WS/hand_change  change settings as a teammate in Intercom's UI (logged as theirs):
                                               {"two_factor_required","trusted_domains","identity_verification":{"web","ios","android"},
                                                "ip_allowlist_enabled","ip_allowlist_ranges","delete_secret_id",
                                                "delete_test_workspace","rename_test_workspace":{"id_code","name"},
                                                "teammate_email","teammate_name"}
  POST   /_emulator/workspaces/WS/contacts     add a contact: {"role","email","external_id","name","merged_into"}; answers its id
  POST   /_emulator/workspaces/WS/conversations add a conversation: {"contact_id","source":{"body","redactable"},"parts":[...]}
  PUT    /_emulator/workspaces/WS/caller_ip    the address the IP allowlist sees for this workspace's callers: {"ip"}
  POST   /_emulator/workspaces/WS/revoke_token revoke the workspace's token (its calls then answer 401 token_revoked)
  POST   /_emulator/faults                     inject a fault: {"method","path_prefix","workspace","status","latency_ms",
                                               "drop","drop_after_apply","apply_late","commit_late","count","probability"}
  DELETE /_emulator/faults                     clear every fault
  PUT    /_emulator/rate_limit                 calls per 10-second window and workspace: {"per_window"}
  GET    /_emulator/stats                      request counters per route and workspace
  DELETE /_emulator/stats                      reset the counters
The guide docs/guides/testing-offline.md describes each one.
`)
}

func runControl(base, workspace, change string) error {
	if workspace == "" || change == "" {
		return fmt.Errorf("usage: intercom-emulator -control-url URL -hand-change WORKSPACE '{\"two_factor_required\": false}'")
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Post(base+"/_emulator/workspaces/"+workspace+"/hand_change", "application/json", bytes.NewBufferString(change))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("hand change refused (%s): %s", resp.Status, body)
	}
	fmt.Printf("changed by hand in workspace %s: %s\n", workspace, change)
	return nil
}
