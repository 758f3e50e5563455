package emulator

import (
	"mime"
	"net"
	"net/http"
	"strings"
)

// maxBodyBytes bounds every request body: the largest real one (a list of trusted
// domains or IP ranges) is a few kilobytes.
const maxBodyBytes = 1 << 20

// guard is what every route passes first. The emulator is a developer's tool on loopback
// with a published demo token and a control surface that needs none, so:
//   - it answers only requests whose Host is a loopback name (unless allowAnyHost), which
//     defeats DNS rebinding: a page on evil.example that rebinds to 127.0.0.1 still sends
//     Host: evil.example;
//   - control writes must be application/json, which a cross-site form or a "simple"
//     cross-origin request cannot send without a CORS preflight, which it never grants;
//   - request bodies are bounded.
func guard(next http.Handler, allowAnyHost bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowAnyHost && !isLoopbackHostHeader(r.Host) {
			controlError(w, http.StatusMisdirectedRequest, "this emulator answers loopback hosts only (localhost, 127.0.0.1, [::1]), not "+
				strings.ReplaceAll(r.Host, "\n", ""))
			return
		}
		if strings.HasPrefix(r.URL.Path, "/_emulator/") && r.Method != http.MethodGet && r.Method != http.MethodHead {
			if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
				controlError(w, http.StatusUnsupportedMediaType, "control requests that change something must be sent as Content-Type: application/json")
				return
			}
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}

// isLoopbackHostHeader reports a Host header naming localhost or a loopback IP, with or
// without a port.
func isLoopbackHostHeader(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
