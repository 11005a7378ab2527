package telegram

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"sync"
	"time"

	"github.com/mymmrac/telego"

	"linli/bot"
)

// maxCallbackData is Telegram's limit on a button's callback data, in bytes.
const maxCallbackData = 64

// tokenPrefix marks callback data that stands for a longer command.
const tokenPrefix = "~"

// keyboard turns buttons into an inline keyboard, three to a row: a
// button's callback data is its command, or a token for a long one.
func (a *Adapter) keyboard(buttons []bot.Button) *telego.InlineKeyboardMarkup {
	var rows [][]telego.InlineKeyboardButton
	for i, b := range buttons {
		if i%3 == 0 {
			rows = append(rows, nil)
		}
		data := b.Command
		if len(data) > maxCallbackData || (len(data) > 0 && data[:1] == tokenPrefix) {
			data = a.tokens.put(b.Command)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], telego.InlineKeyboardButton{Text: b.Label, CallbackData: data})
	}
	return &telego.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// tap turns a button tap into the command it stands for. The query is
// answered at once (it stops the spinner on the person's phone); a second
// tap on the same button within moments is answered but not delivered.
func (a *Adapter) tap(ctx context.Context, q *telego.CallbackQuery) (bot.Message, bool) {
	answer := func(text string) {
		err := a.bot.AnswerCallbackQuery(ctx, &telego.AnswerCallbackQueryParams{CallbackQueryID: q.ID, Text: text})
		if err != nil {
			a.cfg.Log.Warn("telegram: answerCallbackQuery failed", "err", a.redact(err))
		}
	}
	if q.Message == nil || q.From.IsBot {
		answer("")
		return bot.Message{}, false
	}
	a.handles.saw(q.From)
	tc := q.Message.GetChat()
	chat, ok := a.chat(tc, q.From)
	if !ok {
		answer("")
		return bot.Message{}, false
	}
	command, known := q.Data, true
	if len(command) > 0 && command[:1] == tokenPrefix {
		command, known = a.tokens.get(q.Data)
	}
	if !known || command == "" {
		answer("这个按钮已经过期了，请直接发文字。")
		return bot.Message{}, false
	}
	now := a.cfg.Now()
	key := strconv.FormatInt(tc.ID, 10) + ":" + strconv.Itoa(q.Message.GetMessageID()) + ":" + strconv.FormatInt(q.From.ID, 10) + ":" + q.Data
	if !a.taps.first(key, now) {
		answer("")
		return bot.Message{}, false
	}
	answer("")
	return bot.Message{ID: "cb:" + q.ID, Chat: chat, Sender: user(q.From), Text: command, Callback: q.ID, At: now}, true
}

// taps remembers recent button taps to drop a double tap.
type taps struct {
	mu     sync.Mutex
	window time.Duration
	seen   map[string]time.Time
}

func newTaps(window time.Duration) *taps { return &taps{window: window, seen: map[string]time.Time{}} }

// first reports whether key was not tapped within the window before now.
func (t *taps) first(key string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, at := range t.seen {
		if now.Sub(at) >= t.window {
			delete(t.seen, k)
		}
	}
	if at, ok := t.seen[key]; ok && now.Sub(at) < t.window {
		return false
	}
	t.seen[key] = now
	return true
}

// tokens maps short callback data to commands too long for Telegram's 64
// bytes. They live in memory: a button older than the last restart, or
// than the newest cap commands, asks the person to type instead.
type tokens struct {
	mu    sync.Mutex
	cap   int
	byKey map[string]string
	order []string
}

func newTokens(cap int) *tokens { return &tokens{cap: cap, byKey: map[string]string{}} }

func (t *tokens) put(command string) string {
	sum := sha256.Sum256([]byte(command))
	key := tokenPrefix + hex.EncodeToString(sum[:12])
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.byKey[key]; !ok {
		t.byKey[key] = command
		t.order = append(t.order, key)
		if len(t.order) > t.cap {
			delete(t.byKey, t.order[0])
			t.order = t.order[1:]
		}
	}
	return key
}

func (t *tokens) get(key string) (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	c, ok := t.byKey[key]
	return c, ok
}
