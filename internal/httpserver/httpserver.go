// Package httpserver builds the HTTP servers Linli listens with (the
// Telegram webhook, health and metrics) with every limit set. net/http's
// zero values wait forever: a client that sends its headers a byte at a
// time, never finishes its body, never reads the answer or keeps an idle
// connection open holds a goroutine and a file descriptor for as long as
// it likes, and enough of them exhaust the process (slowloris).
package httpserver

import (
	"net/http"
	"time"
)

// Limits bound what one connection may take of a server.
type Limits struct {
	// ReadHeader is how long a client has to send a request's headers.
	ReadHeader time.Duration
	// Read is how long it has to send the whole request, body included.
	Read time.Duration
	// Write is how long the request may take from the end of its headers
	// until the answer is written: the handler's work fits within it.
	Write time.Duration
	// Idle is how long a kept-alive connection may wait for its next request.
	Idle time.Duration
	// MaxHeaderBytes caps the request line and headers (net/http allows a
	// little over it for buffering); a larger one is refused with 431.
	MaxHeaderBytes int
}

// Or returns l with each zero limit taken from d.
func (l Limits) Or(d Limits) Limits {
	pick := func(v, w time.Duration) time.Duration {
		if v > 0 {
			return v
		}
		return w
	}
	l.ReadHeader, l.Read = pick(l.ReadHeader, d.ReadHeader), pick(l.Read, d.Read)
	l.Write, l.Idle = pick(l.Write, d.Write), pick(l.Idle, d.Idle)
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = d.MaxHeaderBytes
	}
	return l
}

// Server is an http.Server serving h within l.
func (l Limits) Server(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: l.ReadHeader,
		ReadTimeout:       l.Read,
		WriteTimeout:      l.Write,
		IdleTimeout:       l.Idle,
		MaxHeaderBytes:    l.MaxHeaderBytes,
	}
}
