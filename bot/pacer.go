package bot

import (
	"math/rand/v2"
	"time"
)

// pacer remembers what one platform's sender loop sent recently and says
// when the next message to a chat may go, so the outbox keeps the
// platform's limits instead of provoking its flood control. It belongs to
// one sender loop and is not safe for concurrent use.
type pacer struct {
	p        Pacing
	lastChat map[string]time.Time
	holdChat map[string]time.Time
	groups   map[string]window
	all      window // sends of the last minute, for PerSecond and PerMinute
	last     time.Time
	gap      time.Duration // MinGap plus this turn's jitter
}

// window is a list of send times, oldest first, within the span it serves.
type window []time.Time

func newPacer(p Pacing) *pacer {
	return &pacer{p: p, lastChat: map[string]time.Time{}, holdChat: map[string]time.Time{},
		groups: map[string]window{}, gap: p.MinGap}
}

// chatAt is the earliest time a message to chat may go as far as that
// chat's own limits say (a pause the platform asked for, PerChat, the
// group's messages a minute). It changes only when the chat is sent to or
// held, so the lane computes it once per head.
func (pc *pacer) chatAt(chat Chat) time.Time {
	var at time.Time
	later := func(t time.Time) {
		if t.After(at) {
			at = t
		}
	}
	key := chat.Key()
	later(pc.holdChat[key])
	if last, ok := pc.lastChat[key]; ok && pc.p.PerChat > 0 {
		later(last.Add(pc.p.PerChat))
	}
	if chat.Group {
		later(pc.groups[key].freeAt(pc.p.GroupPerMinute, time.Minute))
	}
	return at
}

// allAt is the earliest time at or after now any message may go, as far
// as the platform-wide limits say (PerSecond, PerMinute, MinGap).
func (pc *pacer) allAt(now time.Time) time.Time {
	at := now
	later := func(t time.Time) {
		if t.After(at) {
			at = t
		}
	}
	later(pc.all.freeAt(pc.p.PerSecond, time.Second))
	later(pc.all.freeAt(pc.p.PerMinute, time.Minute))
	if !pc.last.IsZero() && pc.gap > 0 {
		later(pc.last.Add(pc.gap))
	}
	return at
}

// sent records a message sent to chat at t: reserved when it is picked,
// and moved to when the platform answered by answered, so the platform
// never sees two sends closer than the limits.
func (pc *pacer) sent(chat Chat, t time.Time) {
	key := chat.Key()
	pc.lastChat[key] = t
	if chat.Group && pc.p.GroupPerMinute > 0 {
		pc.groups[key] = pc.groups[key].add(t, time.Minute)
	}
	if pc.p.PerSecond > 0 || pc.p.PerMinute > 0 {
		pc.all = pc.all.add(t, time.Minute)
	}
	pc.last = t
	pc.gap = pc.p.MinGap
	if pc.p.Jitter > 0 {
		pc.gap += rand.N(pc.p.Jitter)
	}
	pc.forget(t)
}

// answered moves the sends to chats that were reserved at reserved (when
// a batch was picked) to t, when the platform answered them: the platform
// counts a send when it arrives, which may be any time until then, so
// the limits are kept from t on, as for a send recorded after it.
func (pc *pacer) answered(chats []Chat, reserved, t time.Time) {
	for _, c := range chats {
		key := c.Key()
		if pc.lastChat[key].Equal(reserved) {
			pc.lastChat[key] = t
		}
		if w := pc.groups[key]; len(w) > 0 && w[len(w)-1].Equal(reserved) {
			w[len(w)-1] = t
		}
	}
	for i := len(pc.all) - 1; i >= 0 && pc.all[i].Equal(reserved); i-- {
		pc.all[i] = t
	}
	if pc.last.Equal(reserved) {
		pc.last = t
	}
}

// hold keeps a chat quiet until t, when the platform asked for a pause.
func (pc *pacer) hold(chat Chat, t time.Time) { pc.holdChat[chat.Key()] = t }

// forget drops what can no longer limit anything, so the maps stay as
// small as the set of chats written to in the last minute.
func (pc *pacer) forget(now time.Time) {
	if len(pc.lastChat) < 256 {
		return
	}
	for k, t := range pc.lastChat {
		if now.Sub(t) > pc.p.PerChat && now.Sub(t) > time.Minute {
			delete(pc.lastChat, k)
			delete(pc.groups, k)
		}
	}
	for k, t := range pc.holdChat {
		if !t.After(now) {
			delete(pc.holdChat, k)
		}
	}
}

// freeAt is when one more send fits: at most n sends in any span.
func (w window) freeAt(n int, span time.Duration) time.Time {
	if n <= 0 || len(w) < n {
		return time.Time{}
	}
	return w[len(w)-n].Add(span)
}

// add appends t and drops sends that left the span before t.
func (w window) add(t time.Time, span time.Duration) window {
	w = append(w, t)
	i := 0
	for i < len(w) && !w[i].Add(span).After(t) {
		i++
	}
	return w[i:]
}
