package emulator

// Stats counts the requests the emulator served on Intercom's paths.
type Stats struct {
	Total        int                       `json:"total"`
	RateLimited  int                       `json:"rate_limited"` // 429s answered
	Endpoints    map[string]int            `json:"endpoints"`    // "GET /me" -> n
	PerWorkspace map[string]map[string]int `json:"per_workspace"`
}

func newStats() Stats {
	return Stats{Endpoints: map[string]int{}, PerWorkspace: map[string]map[string]int{}}
}

func (s *Server) count(pattern string, ws *workspace) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.Total++
	s.stats.Endpoints[pattern]++
	if ws != nil {
		m := s.stats.PerWorkspace[ws.cfg.IDCode]
		if m == nil {
			m = map[string]int{}
			s.stats.PerWorkspace[ws.cfg.IDCode] = m
		}
		m[pattern]++
	}
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := newStats()
	out.Total, out.RateLimited = s.stats.Total, s.stats.RateLimited
	for k, v := range s.stats.Endpoints {
		out.Endpoints[k] = v
	}
	for ws, m := range s.stats.PerWorkspace {
		c := make(map[string]int, len(m))
		for k, v := range m {
			c[k] = v
		}
		out.PerWorkspace[ws] = c
	}
	return out
}

// ResetStats zeroes the counters.
func (s *Server) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats = newStats()
}
