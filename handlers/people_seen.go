package handlers

import (
	"sync"
	"time"

	"linli/bot"
)

// seenFor is how long a recorded sighting spares the writes of Identify: a
// person's, a group's and a membership's "last seen" lag the truth by at
// most this, which lists that show it (群列表 "最近") round to the minute.
const seenFor = time.Minute

// seenMax bounds each of the cache's maps; a busy community of a few
// thousand accounts fits, and a flood of strangers cannot grow it.
const seenMax = 4096

// seenCache remembers what Identify recently wrote — an account under a
// name, a group under a title, a member of a group — so that the next
// messages of a conversation skip three upserts. The database stays the
// truth: a new name or title, an expired entry or a forgotten chat writes
// again. It is safe for concurrent use.
type seenCache struct {
	mu        sync.Mutex
	residents map[string]seenAs // account key → id and name
	chats     map[string]seenAs // chat key → id and title
	members   map[[2]uint]time.Time
}

// seenAs is one recorded account or chat.
type seenAs struct {
	id   uint
	name string
	at   time.Time
}

func newSeenCache() *seenCache {
	return &seenCache{residents: map[string]seenAs{}, chats: map[string]seenAs{}, members: map[[2]uint]time.Time{}}
}

// resident returns the id of an account recorded under name since now-seenFor.
func (c *seenCache) resident(u bot.User, now time.Time) (uint, bool) {
	return lookup(c, c.residents, u.Key(), seenName(u), now)
}

// chat returns the id of a group recorded under title since now-seenFor.
func (c *seenCache) chat(ch bot.Chat, now time.Time) (uint, bool) {
	return lookup(c, c.chats, ch.Key(), ch.Title, now)
}

func lookup(c *seenCache, m map[string]seenAs, key, name string, now time.Time) (uint, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := m[key]
	if !ok || e.name != name || !fresh(e.at, now) {
		return 0, false
	}
	return e.id, true
}

// member reports whether resident was recorded in chat since now-seenFor.
func (c *seenCache) member(chat, resident uint, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	at, ok := c.members[[2]uint{chat, resident}]
	return ok && fresh(at, now)
}

func (c *seenCache) sawResident(u bot.User, id uint, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	put(c.residents, u.Key(), seenAs{id: id, name: seenName(u), at: now})
}

func (c *seenCache) sawChat(ch bot.Chat, id uint, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	put(c.chats, ch.Key(), seenAs{id: id, name: ch.Title, at: now})
}

func (c *seenCache) sawMember(chat, resident uint, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	put(c.members, [2]uint{chat, resident}, now)
}

// forgetResident drops an account, so that its next message is recorded
// afresh (after 注销 its old row is nameless).
func (c *seenCache) forgetResident(u bot.User) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.residents, u.Key())
}

// forgetChat drops a chat, so its next message writes (and reactivates) it.
func (c *seenCache) forgetChat(ch bot.Chat) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.chats, ch.Key())
}

// fresh reports whether a sighting at at still spares a write at now. A
// clock set back (tests) makes it stale rather than fresh for long.
func fresh(at, now time.Time) bool {
	d := now.Sub(at)
	return d >= 0 && d < seenFor
}

// put stores v, first evicting an arbitrary entry (Go's map order is
// random) when m is full, so the cache stays bounded.
func put[K comparable, V any](m map[K]V, k K, v V) {
	if _, ok := m[k]; !ok && len(m) >= seenMax {
		for old := range m {
			delete(m, old)
			break
		}
	}
	m[k] = v
}

// seenName is what of an account is recorded: a new name or @username is
// written again.
func seenName(u bot.User) string { return u.Name + "\x00" + u.Handle }
