package intercom

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Error is an answer of Intercom's outside 2xx, decoded from its error envelope:
// {"type":"error.list","request_id":"…","errors":[{"code":"…","message":"…","field":"…"}]}.
type Error struct {
	StatusCode int
	Method     string
	Path       string
	Host       string // the host the call was sent to, e.g. api.eu.intercom.io
	RequestID  string
	Link       string        // the Link header (a merged contact's 410 names the canonical one)
	Errors     []ErrorDetail // at least one; the first is the main one
	// Modelled is true for endpoints Intercom has not published yet (see NotExposed).
	Modelled bool
}

// ErrorDetail is one entry of Intercom's error list.
type ErrorDetail struct {
	Code    string  `json:"code"`
	Message string  `json:"message"`
	Field   *string `json:"field"`
}

// Code is the first error's code, e.g. "unauthorized" or "parameter_invalid".
func (e *Error) Code() string { return e.first().Code }

// Message is the first error's message.
func (e *Error) Message() string { return e.first().Message }

// Field is the first error's field, or "" when Intercom named none.
func (e *Error) Field() string {
	if f := e.first().Field; f != nil {
		return *f
	}
	return ""
}

func (e *Error) first() ErrorDetail {
	if len(e.Errors) == 0 {
		return ErrorDetail{}
	}
	return e.Errors[0]
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "intercom: %s %s%s: HTTP %d", e.Method, e.Path, onHost(e.Host), e.StatusCode)
	for i, d := range e.Errors {
		if i > 0 {
			b.WriteString(";")
		}
		if d.Code != "" {
			fmt.Fprintf(&b, " %s", d.Code)
		}
		if d.Message != "" {
			fmt.Fprintf(&b, ": %s", d.Message)
		}
		if d.Field != nil && *d.Field != "" {
			fmt.Fprintf(&b, " (field %q)", *d.Field)
		}
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request_id %s)", e.RequestID)
	}
	return b.String()
}

// NotExposed reports a modelled endpoint answering 404 not_found: on Intercom's real
// hosts today that means the setting is not yet exposed by the API for this workspace.
func (e *Error) NotExposed() bool {
	return e.Modelled && e.StatusCode == http.StatusNotFound
}

// IsNotFound reports whether err is Intercom's own 404 for a missing object: its error
// envelope with "not_found" or an object's "…_not_found" code. A 404 without Intercom's
// envelope (a proxy, a wrong base path) is not proof that the object is gone, and
// "parameter_not_found" or "field_not_found" name a bad request, not a missing object.
func IsNotFound(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusNotFound {
		return false
	}
	switch code := e.Code(); code {
	case "not_found":
		return true
	case "parameter_not_found", "field_not_found":
		return false
	default:
		return strings.HasSuffix(code, "_not_found")
	}
}

// IsUnauthorized reports whether err is Intercom rejecting the token (401).
func IsUnauthorized(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == http.StatusUnauthorized
}

// TransportError is a call that got no HTTP answer: refused, dropped, timed out, cancelled.
type TransportError struct {
	Method string
	Path   string
	Host   string // the host the call was sent to
	Err    error
	// NotSent is true when the call was given up before it was sent (while waiting for
	// the rate-limit window): Intercom cannot have acted on it.
	NotSent bool
}

func (e *TransportError) Error() string {
	if e.NotSent {
		return fmt.Sprintf("intercom: %s %s%s: %v", e.Method, e.Path, onHost(e.Host), e.Err)
	}
	return fmt.Sprintf("intercom: %s %s%s: no answer from Intercom: %v", e.Method, e.Path, onHost(e.Host), e.Err)
}

func onHost(host string) string {
	if host == "" {
		return ""
	}
	return " on " + host
}

// Interrupted reports a call cancelled by its caller (Ctrl-C, a stopped run) before
// Intercom answered.
func (e *TransportError) Interrupted() bool { return errors.Is(e.Err, context.Canceled) }

func (e *TransportError) Unwrap() error { return e.Err }

// decodeError builds an Error from a non-2xx answer. Bodies that are not Intercom's
// envelope (a proxy's HTML page, say) still give a readable error with the status.
func decodeError(method, path string, modelled bool, resp *http.Response, body []byte) *Error {
	e := &Error{
		StatusCode: resp.StatusCode,
		Method:     method,
		Path:       path,
		RequestID:  resp.Header.Get("X-Request-Id"),
		Link:       resp.Header.Get("Link"),
		Modelled:   modelled,
	}
	var envelope struct {
		Type      string        `json:"type"`
		RequestID string        `json:"request_id"`
		Errors    []ErrorDetail `json:"errors"`
	}
	if json.Unmarshal(body, &envelope) == nil && len(envelope.Errors) > 0 {
		e.Errors = envelope.Errors
		if envelope.RequestID != "" {
			e.RequestID = envelope.RequestID
		}
		return e
	}
	msg := strings.TrimSpace(string(body))
	if len(msg) > 200 {
		msg = msg[:200] + "…"
	}
	if msg == "" {
		msg = http.StatusText(resp.StatusCode)
	}
	e.Errors = []ErrorDetail{{Code: "unexpected_response", Message: msg}}
	return e
}

// IsUnknownOutcome reports an error after which a create may or may not have happened:
// no answer at all, or a server error. Repeating a create then needs a look first.
func IsUnknownOutcome(err error) bool {
	var transportErr *TransportError
	var apiErr *Error
	return (errors.As(err, &transportErr) && !transportErr.NotSent) || (errors.As(err, &apiErr) && apiErr.StatusCode >= 500)
}
