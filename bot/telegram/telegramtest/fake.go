// Package telegramtest is a fake Telegram Bot API server for tests: the
// real telego client talks to it over HTTP, so tests exercise the adapter as
// it runs in production. It keeps an update queue with Telegram's offset
// rules, records what the bot sent, and can enforce Telegram's rate limits,
// fail sends, or play a group that removed the bot or became a supergroup.
//
// It uses the standard library only and its own JSON shapes, so it checks
// the adapter against the Bot API, not against the SDK's idea of it.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Token is a well-formed bot token the fake accepts.
const Token = "123456789:AAFakeTokenForTestsOnly_abcdefghijk"

// BotID and BotUsername are the bot's identity as getMe answers.
const (
	BotID       = 123456789
	BotUsername = "LinliTestBot"
)

// Limits are the rate limits the fake enforces (zero: none): too fast a
// send is answered 429 with retry_after, as Telegram does.
type Limits struct {
	PerChat        time.Duration
	GroupPerMinute int
	PerSecond      int
	RetryAfter     int // seconds, in the 429 answer; default 5
}

// Sent is one message the bot sent.
type Sent struct {
	ChatID int64
	// MessageID is the id Telegram gave the message: a test taps its
	// buttons with it.
	MessageID   int
	Text        string
	ReplyTo     int
	AllowNoRepl bool
	ParseMode   string
	Buttons     [][]Button
	At          time.Time
	// Document is the file of a sendDocument (Text is its caption).
	Document *Document
}

// Document is a file the bot uploaded with sendDocument.
type Document struct {
	Name        string
	Data        []byte
	ContentType string
}

// Button is an inline keyboard button of a sent message.
type Button struct {
	Text string `json:"text"`
	Data string `json:"callback_data"`
}

// Server is the fake Bot API.
type Server struct {
	*httptest.Server
	// Now is the fake's clock for rate limits; tests may share a fake one.
	Now func() time.Time
	// Limits are enforced on sendMessage.
	Limits Limits
	// FailSend, when set, is asked before each sendMessage (counted from
	// 1) and may answer an HTTP status to fail it with (500), or 0.
	FailSend func(n int) int
	// FailPoll, when set, is asked before each getUpdates (counted from 1)
	// and may answer an HTTP status to fail it with (502), or 0.
	FailPoll func(n int) int

	mu        sync.Mutex
	queue     []json.RawMessage // unconfirmed updates, oldest first
	pushed    map[int]json.RawMessage
	ids       []int
	nextID    int
	nextMsg   int
	arrived   chan struct{}
	sent      []Sent
	sends     int
	pollsN    int
	floods    int
	refused   []string
	kicked    map[int64]bool
	migrated  map[int64]int64
	calls     map[string]int
	answered  []string
	commands  []map[string]string
	polls     []pollCall
	webhook   string
	lastChat  map[int64]time.Time
	chatSends map[int64][]time.Time
	allSends  []time.Time
}

type pollCall struct{ Offset, Timeout int }

// New starts a fake Bot API server; Close it when done.
func New() *Server {
	s := &Server{Now: time.Now, arrived: make(chan struct{}), kicked: map[int64]bool{},
		migrated: map[int64]int64{}, pushed: map[int]json.RawMessage{}, calls: map[string]int{}, lastChat: map[int64]time.Time{},
		chatSends: map[int64][]time.Time{}, nextID: 1000, nextMsg: 5000}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// statusWriter notes the status the fake answered with.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w, status: 200}
	defer func() {
		if sw.status != 200 && sw.status != http.StatusTooManyRequests {
			s.mu.Lock()
			s.refused = append(s.refused, fmt.Sprintf("%s %d", r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:], sw.status))
			s.mu.Unlock()
		}
	}()
	s.route(sw, r)
}

// Refused lists the calls the fake refused other than for flood control,
// as "method status": a bot that keeps Telegram's rules sees none.
func (s *Server) Refused() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.refused...)
}

func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot"+Token+"/")
	if !ok {
		reply(w, http.StatusUnauthorized, apiError(401, "Unauthorized", nil))
		return
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		s.upload(w, r, rest)
		return
	}
	var p map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil && r.ContentLength != 0 {
		reply(w, http.StatusBadRequest, apiError(400, "Bad Request: "+err.Error(), nil))
		return
	}
	s.mu.Lock()
	s.calls[rest]++
	s.mu.Unlock()
	switch rest {
	case "getMe":
		reply(w, 200, ok200(map[string]any{"id": BotID, "is_bot": true, "first_name": "邻里", "username": BotUsername}))
	case "getUpdates":
		if status := s.pollFails(); status != 0 {
			reply(w, status, apiError(status, "Bad Gateway", nil))
			return
		}
		s.getUpdates(w, r, p)
	case "sendMessage":
		s.sendMessage(w, p)
	case "answerCallbackQuery":
		var id string
		json.Unmarshal(p["callback_query_id"], &id)
		s.mu.Lock()
		s.answered = append(s.answered, id)
		s.mu.Unlock()
		reply(w, 200, ok200(true))
	case "setMyCommands":
		var cmds []map[string]string
		json.Unmarshal(p["commands"], &cmds)
		s.mu.Lock()
		s.commands = cmds
		s.mu.Unlock()
		reply(w, 200, ok200(true))
	case "deleteWebhook":
		reply(w, 200, ok200(true))
	case "setWebhook":
		var url string
		json.Unmarshal(p["url"], &url)
		s.mu.Lock()
		s.webhook = url
		s.mu.Unlock()
		reply(w, 200, ok200(true))
	default:
		reply(w, http.StatusNotFound, apiError(404, "Not Found: method "+rest, nil))
	}
}

// upload answers a method called with a file (multipart): only
// sendDocument takes one here.
func (s *Server) upload(w http.ResponseWriter, r *http.Request, method string) {
	s.mu.Lock()
	s.calls[method]++
	s.mu.Unlock()
	if method != "sendDocument" {
		reply(w, http.StatusBadRequest, apiError(400, "Bad Request: no file is taken by "+method, nil))
		return
	}
	s.sendDocument(w, r)
}

func reply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

func ok200(result any) map[string]any { return map[string]any{"ok": true, "result": result} }

func apiError(code int, desc string, params map[string]any) map[string]any {
	e := map[string]any{"ok": false, "error_code": code, "description": desc}
	if params != nil {
		e["parameters"] = params
	}
	return e
}

// pollFails counts a getUpdates and says the status FailPoll fails it with.
func (s *Server) pollFails() int {
	s.mu.Lock()
	s.pollsN++
	n, fail := s.pollsN, s.FailPoll
	s.mu.Unlock()
	if fail == nil {
		return 0
	}
	return fail(n)
}

// getUpdates confirms updates below offset, then answers what is queued,
// waiting up to timeout seconds for something to arrive (long polling).
func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, p map[string]json.RawMessage) {
	var offset, timeout, limit int
	json.Unmarshal(p["offset"], &offset)
	json.Unmarshal(p["timeout"], &timeout)
	json.Unmarshal(p["limit"], &limit)
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	deadline := time.After(time.Duration(timeout) * time.Second)
	for {
		s.mu.Lock()
		s.polls = append(s.polls, pollCall{offset, timeout})
		s.confirm(offset)
		n := min(len(s.queue), limit)
		batch := append([]json.RawMessage(nil), s.queue[:n]...)
		arrived := s.arrived
		s.mu.Unlock()
		if n > 0 || timeout == 0 {
			reply(w, 200, ok200(batch))
			return
		}
		select {
		case <-arrived:
		case <-deadline:
			timeout = 0
		case <-r.Context().Done():
			return
		}
	}
}

// confirm forgets updates below offset, as Telegram does.
func (s *Server) confirm(offset int) {
	if offset == 0 {
		return
	}
	ids, queue := s.ids[:0], s.queue[:0]
	for i, id := range s.ids {
		if id >= offset {
			ids, queue = append(ids, id), append(queue, s.queue[i])
		}
	}
	s.ids, s.queue = ids, queue
}

// Push queues an update (given without update_id) and returns its id.
func (s *Server) Push(u map[string]any) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	u["update_id"] = s.nextID
	b, err := json.Marshal(u)
	if err != nil {
		panic(fmt.Sprintf("telegramtest: update does not marshal: %v", err))
	}
	s.pushed[s.nextID] = b
	s.enqueue(s.nextID, b)
	return s.nextID
}

func (s *Server) enqueue(id int, b json.RawMessage) {
	s.ids = append(s.ids, id)
	s.queue = append(s.queue, b)
	close(s.arrived)
	s.arrived = make(chan struct{})
}

// Redeliver queues an update again with its old id, as Telegram does when
// a bot stopped before confirming it (or a webhook answer was lost).
func (s *Server) Redeliver(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.enqueue(id, s.pushed[id])
}

// Pending is how many updates the bot has not confirmed yet.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}
