package bot

import (
	"context"
	"fmt"
	"runtime/debug"
)

// way is the way every message goes, as middleware, outermost first: a
// panic anywhere becomes an apology with a reference; the message is read
// (pure and cheap); what the bot must not act on whoever sends it is
// screened out; chatter is only noted (who spoke where) and needs no
// record of being handled — a redelivered 「今天天气不错」 is ignored again;
// a command is claimed from the Deduper (a redelivery is dropped), its
// sender identified and charged to their budget; a 是 takes up the open
// question it answers; the intent finds its route (or a feature reads a
// bare word), the caller's roles are checked, a reading the reader was not
// sure of is asked back, a mistake in it is answered with the usage; and
// the route's handler runs inside the configured middleware (run). Each
// step answers what it stops.
func (rt *Router) way() HandlerFunc {
	steps := []Middleware{rt.recovering, rt.reading, rt.screening, rt.chattering, rt.claiming, rt.identifying,
		rt.admitting, rt.confirming, rt.routing, rt.permitting, rt.asking, rt.checking}
	h := HandlerFunc(rt.run)
	for i := len(steps) - 1; i >= 0; i-- {
		h = steps[i](h)
	}
	return h
}

func (rt *Router) recovering(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req *Request) error {
		defer func() {
			if p := recover(); p != nil {
				rt.fail(ctx, req, fmt.Errorf("panic: %v\n%s", p, debug.Stack()))
			}
		}()
		return next(ctx, req)
	}
}

func (rt *Router) reading(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req *Request) error {
		req.Intent = rt.read(req.Msg, req.Now)
		return next(ctx, req)
	}
}

func (rt *Router) screening(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req *Request) error {
		if rt.screened(ctx, req) {
			return nil
		}
		return next(ctx, req)
	}
}

func (rt *Router) chattering(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req *Request) error {
		if req.Intent.IsCommand() {
			return next(ctx, req)
		}
		if _, err := rt.dir.Identify(ctx, req.Msg); err != nil {
			rt.log.Error("identify failed", "chat", req.Msg.Chat.Key(), "user", req.Msg.Sender.Key(), "err", err)
		}
		return nil
	}
}

func (rt *Router) claiming(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req *Request) error {
		first, record := rt.claim(ctx, req.Msg)
		req.record = record
		if !first {
			return nil
		}
		if record {
			ctx = rt.enclose(ctx, req)
		}
		return next(ctx, req)
	}
}

func (rt *Router) identifying(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req *Request) error {
		caller, err := rt.dir.Identify(ctx, req.Msg)
		if err != nil {
			rt.fail(ctx, req, fmt.Errorf("identify: %w", err))
			return nil
		}
		req.Caller = caller
		return next(ctx, req)
	}
}

func (rt *Router) admitting(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req *Request) error {
		if !rt.admit(ctx, req) {
			return nil
		}
		return next(ctx, req)
	}
}

func (rt *Router) confirming(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req *Request) error {
		if !rt.answered(ctx, req) {
			return nil
		}
		return next(ctx, req)
	}
}

// routing finds the intent's route; an intent the reader could not read
// may be a bare word a feature knows for this person (a bare 取消 with
// orders and sign-ups open: ask which), else the person gets a hint.
func (rt *Router) routing(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req *Request) error {
		if req.Intent.Name == IntentUnknown {
			if rt.unknown != nil && req.Msg.Addressed() {
				if answered, err := rt.unknown(ctx, req); err != nil || answered {
					if err != nil {
						rt.fail(ctx, req, err)
					}
					return nil
				}
			}
			rt.decline(ctx, req, rt.unknownHint(req))
			return nil
		}
		i, ok := rt.index[req.Intent.Name]
		if !ok {
			rt.decline(ctx, req, "这个功能还没有开通。发「帮助」看看现在能做什么。")
			return nil
		}
		req.Route = rt.routes[i]
		return next(ctx, req)
	}
}

func (rt *Router) permitting(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req *Request) error {
		if !req.Caller.May(req.Route.Roles) {
			rt.decline(ctx, req, refusal(req.Route))
			return nil
		}
		return next(ctx, req)
	}
}

func (rt *Router) asking(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req *Request) error {
		if rt.asked(ctx, req) {
			return nil
		}
		return next(ctx, req)
	}
}

// checking answers a command the reader found a mistake in with what was
// wrong and the route's usage.
func (rt *Router) checking(next HandlerFunc) HandlerFunc {
	return func(ctx context.Context, req *Request) error {
		if req.Intent.Problem != "" {
			rt.decline(ctx, req, withUsage(req.Intent.Problem, req.Route))
			return nil
		}
		return next(ctx, req)
	}
}
