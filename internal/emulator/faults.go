package emulator

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"
)

// Fault is an injected misbehaviour for requests matching Method, PathPrefix and
// Workspace (each "" for any). It never applies to the control surface.
type Fault struct {
	Method         string        `json:"method"`
	PathPrefix     string        `json:"path_prefix"`
	Workspace      string        `json:"workspace"`
	Status         int           `json:"status"` // answer this status with Intercom's envelope (500, 503, 429…)
	Latency        time.Duration `json:"-"`      // wait this long first
	LatencyMS      int           `json:"latency_ms"`
	Drop           bool          `json:"drop"`             // close the connection without an answer
	DropAfterApply bool          `json:"drop_after_apply"` // handle the request (state changes), then close without an answer
	// ApplyLate waits Latency even when the client has given up meanwhile, then handles
	// the request and drops the answer: Intercom committing a call after the client's
	// timeout.
	ApplyLate bool `json:"apply_late"`
	// CommitLate answers now (Status in Intercom's envelope, or a dropped connection with
	// Drop) and handles the request Latency later: a gateway answering 502/503/504 while
	// Intercom commits the call after the answer.
	CommitLate  bool    `json:"commit_late"`
	Count       int     `json:"count"`       // next N matching requests; 0: all
	Probability float64 `json:"probability"` // 0 or 1: always; else that chance, seeded
}

type activeFault struct {
	id   string
	f    Fault
	left int // remaining when Count > 0
}

// InjectFault adds a fault and returns its id.
func (s *Server) InjectFault(f Fault) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Latency == 0 && f.LatencyMS > 0 {
		f.Latency = time.Duration(f.LatencyMS) * time.Millisecond
	}
	s.nextFault++
	af := &activeFault{id: "fault-" + strconv.Itoa(s.nextFault), f: f, left: f.Count}
	s.faults = append(s.faults, af)
	return af.id
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// pickFaults returns the faults that apply to this request, spending their counts.
func (s *Server) pickFaults(r *http.Request, ws *workspace) []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Fault
	kept := s.faults[:0]
	for _, af := range s.faults {
		f := af.f
		match := (f.Method == "" || strings.EqualFold(f.Method, r.Method)) &&
			strings.HasPrefix(r.URL.Path, f.PathPrefix) &&
			(f.Workspace == "" || (ws != nil && ws.cfg.IDCode == f.Workspace))
		if match && (f.Probability <= 0 || f.Probability >= 1 || s.rng.Float64() < f.Probability) {
			out = append(out, f)
			if af.left > 0 {
				af.left--
				if af.left == 0 {
					continue // spent
				}
			}
		}
		kept = append(kept, af)
	}
	s.faults = kept
	return out
}

// applyFaults plays the faults for a request. It returns true when it answered (or
// dropped) the request itself; serve runs the real handler for drop-after-apply.
func (s *Server) applyFaults(w http.ResponseWriter, r *http.Request, pattern string, ws *workspace, serve func(http.ResponseWriter, *http.Request)) bool {
	faults := s.pickFaults(r, ws)
	if len(faults) == 0 {
		return false
	}
	for _, f := range faults {
		if f.CommitLate {
			s.commitLate(r, f.Latency, serve)
			if f.Drop || f.Status == 0 {
				dropConnection(w)
				return true
			}
			writeError(w, f.Status, "server_error", "Injected fault on "+pattern+" (the call is committed later)", "")
			return true
		}
	}
	for _, f := range faults {
		switch {
		case f.Latency > 0 && f.ApplyLate:
			time.Sleep(f.Latency)
		case f.Latency > 0:
			select {
			case <-time.After(f.Latency):
			case <-r.Context().Done():
				return true
			}
		}
	}
	for _, f := range faults {
		switch {
		case f.ApplyLate:
			serve(httptest.NewRecorder(), r) // the change happens, after the client gave up
			dropConnection(w)
			return true
		case f.Drop:
			dropConnection(w)
			return true
		case f.DropAfterApply:
			serve(httptest.NewRecorder(), r) // the change happens; its answer is lost
			dropConnection(w)
			return true
		case f.Status == http.StatusTooManyRequests:
			s.mu.Lock()
			if ws != nil {
				reset := strconv.FormatInt(time.Unix(0, (s.now().UnixNano()/int64(s.window)+1)*int64(s.window)).Add(999*time.Millisecond).Unix(), 10)
				w.Header().Set("Date", s.now().UTC().Format(http.TimeFormat))
				w.Header().Set("X-RateLimit-Limit", strconv.Itoa(s.rateLimit))
				w.Header().Set("X-RateLimit-Remaining", "0")
				w.Header().Set("X-RateLimit-Reset", reset)
			}
			s.stats.RateLimited++
			s.mu.Unlock()
			writeError(w, f.Status, "rate_limit_exceeded", "Exceeded rate limit (injected fault)", "")
			return true
		case f.Status >= 400:
			code := "server_error"
			if f.Status < 500 {
				code = "parameter_invalid"
			}
			writeError(w, f.Status, code, "Injected fault on "+pattern, "")
			return true
		}
	}
	return false // latency only: serve normally
}

// commitLate handles a copy of r after delay, in the background: the request's own body
// and context end with the answer given now.
func (s *Server) commitLate(r *http.Request, delay time.Duration, serve func(http.ResponseWriter, *http.Request)) {
	body, _ := io.ReadAll(r.Body)
	late := r.Clone(context.Background())
	late.Body = io.NopCloser(bytes.NewReader(body))
	s.lateCommits.Add(1)
	go func() {
		defer s.lateCommits.Done()
		time.Sleep(delay)
		serve(httptest.NewRecorder(), late)
	}()
}

// dropConnection closes the TCP connection without writing an answer.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // net/http closes the connection
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
