// Package emulator is an Intercom API emulator: a real HTTP server on loopback with
// in-memory workspaces, for tests and for trying configurations offline. It is the only
// place in the project that knows how Intercom behaves, and it imports none of the
// project's other packages, so the client and the emulator are two independent
// readings of the API contract (docs/guides/intercom-api.md).
//
// Besides Intercom's paths it serves a control surface under /_emulator/ to change
// settings "by hand" (as a teammate in Intercom's UI would), inject faults, set the
// rate limit and read request counters. The Go methods of Server do the same in-process.
package emulator

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"
)

// WorkspaceConfig describes one workspace (an Intercom "app") and its access token.
type WorkspaceConfig struct {
	IDCode     string   `json:"id_code"`
	Name       string   `json:"name"`
	Region     string   `json:"region"` // "US", "EU" or "AU"
	Timezone   string   `json:"timezone"`
	Token      string   `json:"token"`
	AdminID    string   `json:"admin_id"`
	AdminName  string   `json:"admin_name"`
	AdminEmail string   `json:"admin_email"`
	Scopes     []string `json:"scopes,omitempty"` // nil: every scope
}

// DefaultWorkspace is served when Config names none, and by `make demo`.
var DefaultWorkspace = WorkspaceConfig{ //nolint:gosec // the emulator's made-up workspace, not a credential
	IDCode: "abc12345", Name: "SalesTim", Region: "US", Timezone: "Europe/Paris",
	Token:   "dG9rOmRlbW8tdG9rZW4tYWJjMTIzNDU=",
	AdminID: "991267", AdminName: "Ada Admin", AdminEmail: "ada@salestim.com",
}

// The teammate who makes hand changes unless one is named.
const (
	uiTeammateID    = "991268"
	uiTeammateName  = "Ulysses UI"
	uiTeammateEmail = "ulysses@salestim.com"
	uiTeammateIP    = "192.0.2.44"
)

// Config configures a Server.
type Config struct {
	Workspaces []WorkspaceConfig
	RateLimit  int              // calls per window per workspace; 0: 1666 (10,000 a minute)
	Window     time.Duration    // 0: 10s, as Intercom counts
	Seed       int64            // seeds the fault probabilities
	Now        func() time.Time // optional clock
	// PublishedOnly makes the modelled endpoints (2FA, trusted domains, identity
	// verification enforcement, test workspaces) answer 404 not_found, as Intercom's
	// hosts do today: only what Intercom publishes is served.
	PublishedOnly bool
	// AllowAnyHost answers requests whatever their Host header says. By default only
	// loopback names are answered (localhost, 127.0.0.0/8, ::1), so a web page that
	// rebinds its own DNS name to 127.0.0.1 cannot read or change the emulator.
	AllowAnyHost bool
	// LogOldestFirst lists activity-log entries oldest first. Intercom documents no
	// order; the default, newest first, is the emulator's guess, and the provider's tests
	// run under both.
	LogOldestFirst bool
}

// Server is the emulator. Its methods are safe for concurrent use.
type Server struct {
	mu         sync.Mutex
	now        func() time.Time
	window     time.Duration
	rateLimit  int
	workspaces map[string]*workspace // by id_code
	byToken    map[string]*workspace
	faults     []*activeFault
	nextFault  int
	rng        *rand.Rand
	stats      Stats
	nextID     int64
	// logOldestFirst: see Config.LogOldestFirst.
	logOldestFirst bool
	// lateCommits counts the calls a commit_late fault will still handle; Close waits.
	lateCommits sync.WaitGroup

	handler  http.Handler
	listener net.Listener
	http     *http.Server
	url      string
}

// New returns a Server holding cfg's workspaces (DefaultWorkspace when none).
func New(cfg Config) *Server {
	s := &Server{
		now:            cfg.Now,
		window:         cfg.Window,
		rateLimit:      cfg.RateLimit,
		workspaces:     map[string]*workspace{},
		byToken:        map[string]*workspace{},
		rng:            rand.New(rand.NewPCG(uint64(cfg.Seed), 0x1c7e)), //nolint:gosec // a seeded fault schedule, which must repeat; no secret
		nextID:         100,
		logOldestFirst: cfg.LogOldestFirst,
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.window <= 0 {
		s.window = 10 * time.Second
	}
	if s.rateLimit <= 0 {
		s.rateLimit = 1666
	}
	s.stats = newStats()
	workspaces := cfg.Workspaces
	if len(workspaces) == 0 {
		workspaces = []WorkspaceConfig{DefaultWorkspace}
	}
	for _, w := range workspaces {
		if err := s.AddWorkspace(w); err != nil {
			panic("emulator: " + err.Error()) // a test's own configuration is wrong
		}
	}
	s.handler = guard(s.routes(cfg.PublishedOnly), cfg.AllowAnyHost)
	return s
}

// Handler serves Intercom's paths and the control surface.
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on addr (e.g. "127.0.0.1:0") and serves in the background.
func (s *Server) Start(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.listener = l
	s.url = "http://" + l.Addr().String()
	// Bounded reads and writes, so a slow or stuck client cannot hold connections open.
	// WriteTimeout leaves room for the latency faults tests inject.
	s.http = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	go func() { _ = s.http.Serve(l) }()
	return nil
}

// URL is the base URL clients use, e.g. http://127.0.0.1:40123.
func (s *Server) URL() string { return s.url }

// Close stops the server.
func (s *Server) Close() error {
	if s.http == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	s.lateCommits.Wait()
	if errors.Is(err, context.DeadlineExceeded) {
		return s.http.Close()
	}
	return err
}

// newID returns a fresh numeric id, as Intercom's ids are numeric strings.
func (s *Server) newID() int64 {
	s.nextID++
	return s.nextID
}
