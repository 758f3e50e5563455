package main

import "testing"

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
