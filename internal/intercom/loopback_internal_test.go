package intercom

import "testing"

// The dial check behind plain-http base URLs: only loopback addresses, after resolution.
func TestRequireLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:80": true, "127.9.9.9:1": true, "[::1]:443": true,
		"10.0.0.1:80": false, "192.0.2.1:80": false, "[2001:db8::1]:80": false, "localhost:80": false, "nonsense": false,
	} {
		if err := requireLoopback("tcp", addr, nil); (err == nil) != ok {
			t.Errorf("requireLoopback(%q) = %v, want allowed %v", addr, err, ok)
		}
	}
}

// A client for an http base URL dials through the check; an https one does not need it.
func TestPlainHTTPClientsDialLoopbackOnly(t *testing.T) {
	for url, checked := range map[string]bool{"http://localhost:1": true, "https://api.intercom.io": false} {
		c, err := New(Config{BaseURL: url, AccessToken: "t"})
		if err != nil {
			t.Fatal(err)
		}
		tr := c.http.HTTPClient.Transport.(*pacingTransport)
		if got := tr.next != nil && isLoopbackOnly(tr.next); got != checked {
			t.Errorf("%s: dials through the loopback check %v, want %v", url, got, checked)
		}
	}
}
