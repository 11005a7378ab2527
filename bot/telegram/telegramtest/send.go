package telegramtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// sendMessage records a message, unless the fake was told to refuse it.
func (s *Server) sendMessage(w http.ResponseWriter, p map[string]json.RawMessage) {
	s.record(w, decodeSent(p))
}

// sendDocument records a file the bot uploaded, as the Bot API takes a
// new one: multipart/form-data, the file in the part "document", the
// other parameters as form fields (objects as JSON). The caption is the
// Sent's Text.
func (s *Server) sendDocument(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(64 << 20); err != nil {
		reply(w, 400, apiError(400, "Bad Request: "+err.Error(), nil))
		return
	}
	f, header, err := r.FormFile("document")
	if err != nil {
		reply(w, 400, apiError(400, "Bad Request: there is no document in the request", nil))
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil || len(data) == 0 {
		reply(w, 400, apiError(400, "Bad Request: file must be non-empty", nil))
		return
	}
	p := map[string]json.RawMessage{}
	for _, k := range []string{"chat_id", "reply_parameters", "reply_markup"} {
		if v := r.FormValue(k); v != "" {
			p[k] = json.RawMessage(v)
		}
	}
	m := decodeSent(p)
	m.Text = r.FormValue("caption")
	m.Document = &Document{Name: header.Filename, Data: data, ContentType: header.Header.Get("Content-Type")}
	s.record(w, m)
}

// record delivers m unless the fake refuses it, and answers the bot.
func (s *Server) record(w http.ResponseWriter, m Sent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sends++
	if status, body := s.refusal(m); status != 0 {
		reply(w, status, body)
		return
	}
	now := s.Now()
	m.At = now
	s.lastChat[m.ChatID] = now
	s.chatSends[m.ChatID] = append(s.chatSends[m.ChatID], now)
	s.allSends = append(s.allSends, now)
	s.nextMsg++
	m.MessageID = s.nextMsg
	s.sent = append(s.sent, m)
	msg := map[string]any{"message_id": s.nextMsg, "date": now.Unix(), "text": m.Text,
		"chat": map[string]any{"id": m.ChatID, "type": chatType(m.ChatID)}}
	if m.Document != nil {
		delete(msg, "text")
		msg["caption"] = m.Text
		msg["document"] = map[string]any{"file_id": fmt.Sprintf("DOC%d", s.nextMsg), "file_unique_id": fmt.Sprintf("U%d", s.nextMsg),
			"file_name": m.Document.Name, "file_size": len(m.Document.Data)}
	}
	reply(w, 200, ok200(msg))
}

// decodeSent reads a sendMessage request.
func decodeSent(p map[string]json.RawMessage) Sent {
	var m Sent
	json.Unmarshal(p["chat_id"], &m.ChatID)
	json.Unmarshal(p["text"], &m.Text)
	json.Unmarshal(p["parse_mode"], &m.ParseMode)
	var rp struct {
		MessageID int  `json:"message_id"`
		Allow     bool `json:"allow_sending_without_reply"`
	}
	if raw, ok := p["reply_parameters"]; ok {
		json.Unmarshal(raw, &rp)
	}
	m.ReplyTo, m.AllowNoRepl = rp.MessageID, rp.Allow
	var kb struct {
		Rows [][]Button `json:"inline_keyboard"`
	}
	if raw, ok := p["reply_markup"]; ok {
		json.Unmarshal(raw, &kb)
	}
	m.Buttons = kb.Rows
	return m
}

// refusal is the error Telegram would answer m with, if any: an injected
// failure, an empty text, a kicked bot, a migrated group, a flood. The
// caller holds mu.
func (s *Server) refusal(m Sent) (int, map[string]any) {
	if s.FailSend != nil {
		if status := s.FailSend(s.sends); status != 0 {
			return status, apiError(status, "Internal Server Error", nil)
		}
	}
	switch {
	case m.Text == "" && m.Document == nil:
		return 400, apiError(400, "Bad Request: message text is empty", nil)
	case s.kicked[m.ChatID]:
		return 403, apiError(403, "Forbidden: bot was kicked from the group chat", nil)
	}
	if to, ok := s.migrated[m.ChatID]; ok {
		return 400, apiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
			map[string]any{"migrate_to_chat_id": to})
	}
	if s.tooFast(m.ChatID, s.Now()) {
		s.floods++
		after := s.Limits.RetryAfter
		if after <= 0 {
			after = 5
		}
		return 429, apiError(429, "Too Many Requests: retry after 5", map[string]any{"retry_after": after})
	}
	return 0, nil
}

func chatType(id int64) string {
	switch {
	case id > 0:
		return "private"
	case id < -1000000000000:
		return "supergroup"
	}
	return "group"
}

// tooFast applies Limits: one message a PerChat to a chat, GroupPerMinute
// to a group in any minute, PerSecond in all in any second.
func (s *Server) tooFast(chat int64, now time.Time) bool {
	l := s.Limits
	if last, ok := s.lastChat[chat]; ok && l.PerChat > 0 && now.Sub(last) < l.PerChat {
		return true
	}
	within := func(ts []time.Time, span time.Duration) int {
		n := 0
		for _, t := range ts {
			if now.Sub(t) < span {
				n++
			}
		}
		return n
	}
	if chat < 0 && l.GroupPerMinute > 0 && within(s.chatSends[chat], time.Minute) >= l.GroupPerMinute {
		return true
	}
	return l.PerSecond > 0 && within(s.allSends, time.Second) >= l.PerSecond
}

// Documents returns the files delivered so far, in order, with their
// captions as Text.
func (s *Server) Documents() []Sent {
	var docs []Sent
	for _, m := range s.Sent() {
		if m.Document != nil {
			docs = append(docs, m)
		}
	}
	return docs
}

// Sent returns the messages delivered so far, in order.
func (s *Server) Sent() []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Sent(nil), s.sent...)
}

// SentCount is how many messages were delivered, for a benchmark that
// stops its clock when the replies are sent.
func (s *Server) SentCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sent)
}

// SentTo returns the texts delivered to one chat, in order.
func (s *Server) SentTo(chat int64) []string {
	var texts []string
	for _, m := range s.Sent() {
		if m.ChatID == chat {
			texts = append(texts, m.Text)
		}
	}
	return texts
}

// Floods is how many sends were refused with 429.
func (s *Server) Floods() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.floods
}

// Calls is how many times a method was called.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// Answered lists the callback query ids answered.
func (s *Server) Answered() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.answered...)
}

// Commands is the last command menu set with setMyCommands.
func (s *Server) Commands() []map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]string(nil), s.commands...)
}

// Webhook is the URL last given to setWebhook.
func (s *Server) Webhook() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook
}

// Polls lists the offset and timeout of every getUpdates round.
func (s *Server) Polls() (offsets, timeouts []int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.polls {
		offsets, timeouts = append(offsets, p.Offset), append(timeouts, p.Timeout)
	}
	return offsets, timeouts
}

// Kick plays a group that removed the bot: sends to it are refused (403).
func (s *Server) Kick(chat int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kicked[chat] = true
}

// Migrate plays a group that became a supergroup: sends to the old id are
// refused with migrate_to_chat_id.
func (s *Server) Migrate(from, to int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.migrated[from] = to
}
