package telegram

import (
	"strings"
	"sync"

	"github.com/mymmrac/telego"
)

// maxHandles bounds the usernames remembered: a few thousand neighbours
// fit, and a flood of strangers cannot grow the map without end.
const maxHandles = 8192

// handles remembers the @username of everyone who wrote to the bot, so that
// a plain "@li_shifu" in a command (a mention entity carries only the text)
// can be resolved to the account behind it. Telegram offers no lookup of a
// username; a username the bot has not seen since it started stays
// unresolved and the command asks for the person to speak first, instead
// of inventing an account. It is safe for concurrent use.
type handles struct {
	mu    sync.Mutex
	byKey map[string]telego.User // lower-cased username → account
	order []string
}

func newHandles() *handles { return &handles{byKey: map[string]telego.User{}} }

// saw records u's username, if it has one.
func (h *handles) saw(u telego.User) {
	if u.Username == "" || u.IsBot {
		return
	}
	key := strings.ToLower(u.Username)
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.byKey[key]; !ok {
		h.order = append(h.order, key)
		if len(h.order) > maxHandles {
			delete(h.byKey, h.order[0])
			h.order = h.order[1:]
		}
	}
	h.byKey[key] = u
}

// lookup finds the account of a username seen before.
func (h *handles) lookup(username string) (telego.User, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	u, ok := h.byKey[strings.ToLower(username)]
	return u, ok
}
