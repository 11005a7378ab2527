package bot

// turns lets a lane serve its chats in turn (round robin) rather than
// oldest message first. Oldest first lets a flood in one group hold every
// other chat back behind its whole backlog; on WeChat, where all chats
// share one account's pace, that is minutes per hundred messages. In turn,
// a chat with something to send waits at most one send per other chat
// that is ready too. Only the lane's goroutine touches it.
type turns struct {
	n    uint64
	last map[string]uint64 // chat id → the turn it was last served in; absent: never
}

// keepTurns is how many chats' turns are remembered before those with
// nothing queued are forgotten.
const keepTurns = 1024

// before reports whether a's chat should be served before b's: the one
// served longer ago first (a chat never served before any other), and
// between two never served, the older message.
func (t *turns) before(a, b Outgoing) bool {
	ta, tb := t.last[a.Chat.ID], t.last[b.Chat.ID]
	if ta != tb {
		return ta < tb
	}
	return a.ID < b.ID
}

// served records that chat had its turn. Chats with nothing queued are
// forgotten when many are remembered: one that comes back then counts as
// never served, which only moves it ahead of chats with a backlog.
func (t *turns) served(chat string, queued func(chat string) bool) {
	if t.last == nil {
		t.last = map[string]uint64{}
	}
	t.n++
	t.last[chat] = t.n
	if len(t.last) <= keepTurns {
		return
	}
	for id := range t.last {
		if !queued(id) {
			delete(t.last, id)
		}
	}
}
