package bot

import (
	"context"
	"errors"
	"sync"
)

// Encloser is a Finisher that can keep what a command writes for the
// commit of its record: Enclose returns the context the command is handled
// under, and end, which commits whatever was written under it and is still
// open. Finish (or FinishLater) commits the command's changes with its
// record and replies, in one commit: a booking is then one commit, not
// one for the order and one for the record. When that commit fails, Finish
// returns an error wrapping ErrUndone, and the router tells the person it
// was not done instead of sending what the handler said.
type Encloser interface {
	Enclose(ctx context.Context) (enclosed context.Context, end func())
}

// ErrUndone is a Finisher's error when the command's changes themselves
// could not be committed (see Encloser).
var ErrUndone = errors.New("the command's changes were not kept")

// enclosure is what the router keeps of an enclosed command: the context
// it was handled under, the Encloser's end, and the senders to wake once
// what was stored under it is committed (a message stored by Outbox.Send
// inside the command cannot be read by its lane before).
type enclosure struct {
	ctx context.Context
	end func()

	mu    sync.Mutex
	wakes []func()
	done  bool
}

type enclosureKey struct{}

// enclose opens an enclosure for a command recorded by an Encloser, and
// returns the context to handle it under; ctx when there is none.
func (rt *Router) enclose(ctx context.Context, req *Request) context.Context {
	e, ok := rt.dedup.(Encloser)
	if !ok {
		return ctx
	}
	in := &enclosure{}
	ctx, in.end = e.Enclose(context.WithValue(ctx, enclosureKey{}, in))
	in.ctx = ctx
	req.enclosed = in
	return ctx
}

// afterCommit runs wake once what ctx's command stored is committed, and
// reports whether it will; false: there is no enclosure open, wake now.
func afterCommit(ctx context.Context, wake func()) bool {
	in, _ := ctx.Value(enclosureKey{}).(*enclosure)
	if in == nil {
		return false
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.done {
		return false
	}
	in.wakes = append(in.wakes, wake)
	return true
}

// close ends the enclosure, once its Finisher has committed what it could:
// the rest is committed, and the senders are woken.
func (in *enclosure) close() {
	if in == nil {
		return
	}
	in.end()
	in.mu.Lock()
	wakes := in.wakes
	in.wakes, in.done = nil, true
	in.mu.Unlock()
	for _, wake := range wakes {
		wake()
	}
}
