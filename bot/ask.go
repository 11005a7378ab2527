package bot

import (
	"context"
	"strings"
	"sync"
	"time"
)

// askFor is how long a question the bot asked waits for its 是;
// askRemembered how long it is remembered after, so that a late 是 is told
// it came too late rather than taken for a courtesy.
const (
	askFor        = 5 * time.Minute
	askRemembered = time.Hour
)

// asks are the readings the bot asked people to confirm, one per person:
// a read it was not sure of is never acted on silently. A 是 within askFor
// carries it out; anything else the person says drops it. They live in the
// memory of the process that receives the person's messages (a restart
// forgets them, and the person is asked again).
type asks struct {
	mu sync.Mutex
	m  map[string]asked
}

type asked struct {
	in Intent
	at time.Time
}

func (a *asks) put(who string, in Intent, now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.m == nil {
		a.m = map[string]asked{}
	}
	for k, v := range a.m { // keep it small: drop what is long over
		if now.Sub(v.at) > askRemembered {
			delete(a.m, k)
		}
	}
	a.m[who] = asked{in: in, at: now}
}

// take returns and forgets who's question: whether there was one (within
// askRemembered) and whether it is still open (within askFor).
func (a *asks) take(who string, now time.Time) (in Intent, was, open bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	q, ok := a.m[who]
	delete(a.m, who)
	return q.in, ok, ok && now.Sub(q.at) <= askFor
}

// answered turns a 是 into the intent the bot asked about (true: carry
// it on). Anything else the person says drops an open question; said right
// after it and not a command (算了, 不用了), it is taken as the no it
// usually is. A 是 without a question is a courtesy, or came too late.
func (rt *Router) answered(ctx context.Context, req *Request) bool {
	in, was, open := rt.asks.take(req.Msg.Sender.Key(), req.Now)
	switch {
	case req.Intent.Name == IntentConfirm && open: // stored without Ask by Request.Ask
		req.Intent = in
		return true
	case req.Intent.Name == IntentConfirm && was:
		rt.answer(ctx, req, "刚才问您的已经过了好几分钟，没有办。\n要办的话请再说一遍。")
		return false
	case req.Intent.Name == IntentConfirm:
		rt.answer(ctx, req, "好的，有事随时找我。")
		return false
	case open && req.Intent.Name == IntentUnknown:
		rt.answer(ctx, req, "好的，那就不办了。\n有事随时找我。")
		return false
	}
	return true
}

// asked asks back about an intent the reader was not sure of, instead of
// carrying it out, and reports whether it did.
func (rt *Router) asked(ctx context.Context, req *Request) bool {
	if !req.Intent.Ask || req.Intent.Problem != "" {
		return false
	}
	if err := req.Ask(ctx, req.Intent, rt.describe(req)); err != nil {
		rt.log.Error("reply failed", append(who(req), "err", err)...)
	}
	return true
}

// Ask asks the person to confirm in, which what describes in a few words
// (「取消订餐 D1（明天午餐 1份）」), as the router asks back about a reading
// it was not sure of: 是 within a few minutes carries it out, as if they
// had said it; anything else drops it.
func (r *Request) Ask(ctx context.Context, in Intent, what string) error {
	if r.asks != nil {
		in.Ask = false // confirmed, it is carried out, not asked again
		r.asks.put(r.Msg.Sender.Key(), in, r.Now)
	}
	return r.Reply(ctx, "您是要"+what+"吗？\n回复「是」就办，说别的就不办。")
}

// describe says in a few words what an intent would do, for a question.
func (rt *Router) describe(req *Request) string {
	if req.Route.Describe != nil {
		return req.Route.Describe(req.Intent, req.Now)
	}
	return "「" + strings.TrimPrefix(req.Route.Title, "看") + "」"
}
