package bot

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// OutboxQueue is an OutboxStore that can list one chat's unsent messages.
// With it, a paced lane merges the replies waiting for one group into one
// message: under Telegram's 20 messages a minute to a group, 30 bookings
// made at once in one group took a minute and a half to answer one by
// one, and are answered in one or two messages now.
type OutboxQueue interface {
	// Queued returns up to limit unsent messages of chat, oldest first
	// (the head first), as Head reads them.
	Queued(ctx context.Context, chat Chat, limit int) ([]Outgoing, error)
}

const (
	// maxMerged bounds how many replies go in one message (and how many
	// claims one send takes).
	maxMerged = 50
	// maxMergedButtons keeps a merged message's keyboard readable: four
	// rows of three, each button named for the person it is for.
	maxMergedButtons = 12
	// mergedTextLimit bounds a merged message on a platform with no known
	// limit.
	mergedTextLimit = 4096
)

// mergeable reports whether a message may share one with others: an
// answer to a named person in a group. A discreet answer (to an anonymous
// command) never goes with another, nor a message that says something in
// another chat when its own cannot be reached (Fallback), nor a message to
// nobody in particular (a notice keeps its own message), nor one carrying
// a file.
func mergeable(m Outgoing) bool {
	r := m.Reply
	return m.Chat.Group && r.Mention != nil && r.Mention.Name != "" && !r.Discreet && r.Fallback == nil && r.File == nil
}

// gather claims, with the claimed head pick, the replies queued right
// behind it for the same group that may share its message: due, mergeable
// and within the platform's length, once pick has waited MergeAfter. They are taken in the chat's order and
// the run stops at the first that may not join, so each person still hears
// their answers in order, and a message claimed by another sender is left
// to it. It returns at least pick.
func (o *Outbox) gather(ctx context.Context, l *lane, pick Outgoing, now time.Time) ([]Outgoing, error) {
	ms := []Outgoing{pick}
	if !l.merge || !mergeable(pick) || now.Sub(pick.CreatedAt) < o.cfg.MergeAfter {
		return ms, nil
	}
	queued, err := o.cfg.Store.(OutboxQueue).Queued(ctx, pick.Chat, maxMerged)
	if err != nil || len(queued) == 0 || queued[0].ID != pick.ID {
		return ms, err // the queue changed under us: this message alone
	}
	for _, m := range queued[1:] {
		if !mergeable(m) || m.NextAt.After(now) || !fits(append(ms, m)) {
			break
		}
		ok, err := o.cfg.Store.Claim(ctx, m.ID, o.owner, now, now.Add(o.cfg.Lease))
		if err != nil || !ok {
			return ms, err
		}
		ms = append(ms, m)
	}
	return ms, nil
}

// fits reports whether ms merged fit in one message of their platform.
func fits(ms []Outgoing) bool {
	if len(ms) > maxMerged {
		return false
	}
	r := merged(ms)
	if len(r.Buttons) > maxMergedButtons {
		return false
	}
	limit, count := textLimit(ms[0].Chat.Platform)
	if limit == 0 {
		limit, count = mergedTextLimit, utf8.RuneCountInString
	}
	return count(r.Text) <= limit
}

// merged is one reply saying what ms say, each on its own line after the
// name of the person it answers (a reply of several lines is set apart by
// a blank line). It quotes no message: it answers several. Buttons are
// kept, each labelled with whom it is for.
func merged(ms []Outgoing) Reply {
	sep := "\n"
	for _, m := range ms {
		if strings.Contains(m.Reply.Text, "\n") {
			sep = "\n\n"
		}
	}
	parts := make([]string, len(ms))
	var buttons []Button
	for i, m := range ms {
		name := m.Reply.Mention.Name
		parts[i] = "@" + name + mentionSpace(m.Chat.Platform) + m.Reply.Text
		for _, b := range m.Reply.Buttons {
			b.Label = name + " " + b.Label
			buttons = append(buttons, b)
		}
	}
	return Reply{Text: strings.Join(parts, sep), Buttons: buttons}
}

// mentionSpace is what follows an @name on the platform: WeChat ends a
// mention with a four-per-em space, as its own clients do.
func mentionSpace(platform string) string {
	if platform == WeChat {
		return "\u2005"
	}
	return " "
}
