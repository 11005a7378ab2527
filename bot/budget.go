package bot

import (
	"context"
	"hash/maphash"
	"strings"
	"sync"
	"time"
)

// FloodConfig bounds what one person can make the bot say. A resident who
// sends 帮助 a hundred times, or a script, must not fill the outbox: on
// WeChat every chat shares one account's pace, so a hundred replies to one
// person are minutes of silence for everyone else. Zero fields take the
// defaults.
type FloodConfig struct {
	// Burst is how many messages that bring nothing new (a repeat, one the
	// bot cannot read, one refused or failed) a person may send in a row
	// before the bot stops answering them: the budget when full.
	Burst int
	// Refill is how long the budget takes to win back one message.
	Refill time.Duration
	// Window is how long the bot remembers what a person asked and what
	// it last told them: a text asked again within it is a repeat, and
	// the very reply it last gave them in that chat is not given again.
	Window time.Duration
}

// FloodWarning is what a person is told, once, when their budget is spent;
// after it, they hear nothing more until it has filled again.
const FloodWarning = "您发得太快了，请稍等再发。\n同样的话不用重复发，我已经收到了。"

// floodgate is the router's memory of each person's budget and recent
// exchanges. It lives in memory: a platform's messages are received by one
// process at a time (the leader, with replicas), and a restart forgiving
// everyone is harmless.
type floodgate struct {
	cfg    FloodConfig
	seed   maphash.Seed
	mu     sync.Mutex
	people map[string]*bucket     // person (platform:user) → budget
	asked  map[exchange]time.Time // person, chat and text → when last asked
	said   map[exchange]told      // person and chat → what they were last told
	swept  time.Time
}

// exchange is a person in a chat, and a text's hash: what they asked, or
// what they were last told.
type exchange struct {
	person, chat string
	text         uint64
}

// told is the hash of a reply and when it was given.
type told struct {
	text uint64
	at   time.Time
}

// bucket is one person's budget: a token bucket filled by the clock.
type bucket struct {
	tokens float64
	at     time.Time
	warned bool // told FloodWarning since the budget was last full
}

func newFloodgate(cfg FloodConfig) *floodgate {
	if cfg.Burst <= 0 {
		cfg.Burst = 5
	}
	setDefault(&cfg.Refill, 30*time.Second)
	setDefault(&cfg.Window, time.Minute)
	return &floodgate{cfg: cfg, seed: maphash.MakeSeed(), people: map[string]*bucket{},
		asked: map[exchange]time.Time{}, said: map[exchange]told{}}
}

// budgeted is one message's account with the floodgate.
type budgeted struct {
	g            *floodgate
	person, chat string
	charged      bool // it has drawn on the budget (a message draws once)
	silent       bool // the budget was spent: nothing more is said to it
}

// admit is the floodgate's step before a command is handled; false: the
// message is left unanswered. Staff (anyone holding a role) and the
// console are not budgeted: the community's workers must be able to
// repeat themselves, and the console is the operator at the server. A
// text the person sent in this chat within the window is a repeat: it
// draws on their budget, and once that is spent it is not even handled.
func (rt *Router) admit(ctx context.Context, req *Request) bool {
	if rt.flood == nil || req.Msg.Chat.Platform == Console || len(req.Caller.Grants) > 0 {
		return true
	}
	b := &budgeted{g: rt.flood, person: req.Msg.Sender.Key(), chat: req.Msg.Chat.Key()}
	req.budget = b
	if !b.g.repeated(b, req.Msg.Text, req.Now) {
		return true
	}
	ok, err := b.charge(ctx, req)
	if err != nil {
		if i, known := rt.index[req.Intent.Name]; known {
			req.Route = rt.routes[i] // so a discreet command is logged as one
		}
		rt.log.Error("reply failed", append(who(req), "err", err)...)
	}
	return ok
}

// decline answers a message the bot could not carry out (unreadable, not
// allowed, a mistake in it, refused by its handler): such a message draws
// on the person's budget, and is answered only while some is left.
func (rt *Router) decline(ctx context.Context, req *Request, text string) {
	ok, err := req.budget.charge(ctx, req)
	if err != nil {
		rt.log.Error("reply failed", append(who(req), "err", err)...)
	}
	if ok {
		rt.answer(ctx, req, text)
	}
}

// allow says whether a reply may go: not once the budget is spent, and
// not when it is the very reply the person was last given in this chat,
// within the window (that draws on the budget instead). Distinct
// commands get distinct answers, so they always go.
func (b *budgeted) allow(ctx context.Context, req *Request, text string) (bool, error) {
	if b == nil {
		return true, nil
	}
	if b.silent {
		return false, nil
	}
	if !b.g.saidLast(b, text, req.Now) {
		return true, nil
	}
	_, err := b.charge(ctx, req)
	return false, err
}

// charge draws once on the budget for a message; false when it is spent.
// The first message refused is answered with FloodWarning, the rest not.
func (b *budgeted) charge(ctx context.Context, req *Request) (bool, error) {
	if b == nil {
		return true, nil
	}
	if b.charged {
		return !b.silent, nil
	}
	b.charged = true
	ok, warn := b.g.take(b.person, req.Now)
	if ok {
		return true, nil
	}
	b.silent = true
	if !warn {
		return false, nil
	}
	return false, req.Send(ctx, req.Msg.Chat, req.compose(FloodWarning, nil))
}

// repeated records that the person asked text in the chat and reports
// whether they had asked it within the window.
func (g *floodgate) repeated(b *budgeted, text string, now time.Time) bool {
	k := exchange{b.person, b.chat, maphash.String(g.seed, strings.Join(strings.Fields(text), " "))}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sweep(now)
	last, ok := g.asked[k]
	g.asked[k] = now
	return ok && now.Sub(last) < g.cfg.Window
}

// saidLast reports whether text is the reply the person was last given in
// the chat, within the window; else it records text as that reply. Only
// the last reply counts, so that 订餐, 取消订餐, 订餐 is answered three
// times though the first and last answers read the same.
func (g *floodgate) saidLast(b *budgeted, text string, now time.Time) bool {
	k := exchange{person: b.person, chat: b.chat}
	h := maphash.String(g.seed, text)
	g.mu.Lock()
	defer g.mu.Unlock()
	if last, ok := g.said[k]; ok && last.text == h && now.Sub(last.at) < g.cfg.Window {
		return true
	}
	g.said[k] = told{h, now}
	return false
}

// take draws one from person's budget: ok if there was one; warn for the
// first refusal since the budget was last full.
func (g *floodgate) take(person string, now time.Time) (ok, warn bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	b := g.people[person]
	if b == nil {
		b = &bucket{tokens: float64(g.cfg.Burst), at: now}
		g.people[person] = b
	}
	g.refill(b, now)
	if b.tokens >= 1 {
		b.tokens--
		return true, false
	}
	// Refused messages run the budget into debt (as deep as it is full),
	// so that someone who keeps flooding stays unanswered, rather than
	// being answered each time the clock wins one back.
	b.tokens = max(b.tokens-1, -float64(g.cfg.Burst))
	warn = !b.warned
	b.warned = true
	return false, warn
}

// refill adds what the time since the last look has won back; a full
// budget forgets the warning, so a later flood is warned again.
func (g *floodgate) refill(b *bucket, now time.Time) {
	if now.After(b.at) {
		b.tokens = min(float64(g.cfg.Burst), b.tokens+float64(now.Sub(b.at))/float64(g.cfg.Refill))
		b.at = now
	}
	if b.tokens >= float64(g.cfg.Burst) {
		b.warned = false
	}
}

// sweep forgets, at most once a window, what can no longer matter: asks
// and replies older than the window, and full budgets.
func (g *floodgate) sweep(now time.Time) {
	if now.Sub(g.swept) < g.cfg.Window {
		return
	}
	g.swept = now
	for k, at := range g.asked {
		if now.Sub(at) >= g.cfg.Window {
			delete(g.asked, k)
		}
	}
	for k, t := range g.said {
		if now.Sub(t.at) >= g.cfg.Window {
			delete(g.said, k)
		}
	}
	for p, b := range g.people {
		if g.refill(b, now); b.tokens >= float64(g.cfg.Burst) {
			delete(g.people, p)
		}
	}
}
