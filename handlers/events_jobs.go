package handlers

import (
	"context"
	"errors"
	"fmt"
	"time"

	"linli/bot"
	"linli/store"
)

// Kinds of one-time notices about an activity, recorded so each goes once.
const (
	noticeEvening = "evening" // the evening before
	noticeHour    = "hour"    // an hour before
	noticeClosed  = "closed"  // the waitlist stopped moving
)

// RemindEventsEvening is the job on schedule.event_evening: everyone
// confirmed for an activity on the next day is reminded. Run late (after
// downtime), it still reminds for activities that have not begun.
func (h *Handlers) RemindEventsEvening(ctx context.Context, due time.Time) error {
	day := h.today(due).AddDate(0, 0, 1)
	es, err := h.activities.EventsStarting(ctx, day.Add(-time.Nanosecond), day.AddDate(0, 0, 1).Add(-time.Nanosecond))
	if err != nil {
		return fmt.Errorf("events of %s: %w", day.Format("2006-01-02"), err)
	}
	var errs []error
	for _, e := range es {
		errs = append(errs, h.remind(ctx, e, noticeEvening))
	}
	return errors.Join(errs...)
}

// EventTick is the job on schedule.tick: the reminder an hour before each
// activity, and, when an activity enters its last events.no_promotion_within,
// the news to those still waiting that there is no seat.
func (h *Handlers) EventTick(ctx context.Context, due time.Time) error {
	now := h.now()
	soon, err := h.activities.EventsStarting(ctx, now, due.Add(time.Hour))
	if err != nil {
		return fmt.Errorf("events within the hour: %w", err)
	}
	var errs []error
	for _, e := range soon {
		errs = append(errs, h.remind(ctx, e, noticeHour))
	}
	closing, err := h.activities.EventsStarting(ctx, now, due.Add(h.cfg.NoPromotionWithin))
	if err != nil {
		return fmt.Errorf("events closing their waitlist: %w", err)
	}
	for _, e := range closing {
		errs = append(errs, h.closeWaitlist(ctx, e))
	}
	return errors.Join(errs...)
}

// remind sends one kind of reminder for an activity to everyone confirmed,
// once, and only before it begins.
func (h *Handlers) remind(ctx context.Context, e store.Event, kind string) error {
	now := h.now()
	if !now.Before(e.StartsAt) {
		return nil
	}
	first, err := h.activities.ClaimEventNotice(ctx, e.ID, kind)
	if err != nil || !first {
		return err
	}
	ss, err := h.signups.Signups(ctx, e.ID, store.SignupConfirmed)
	if err != nil {
		return fmt.Errorf("reminder for event %d: %w", e.ID, err)
	}
	start := e.StartsAt.In(h.cfg.Location)
	for _, su := range ss {
		h.tell(ctx, h.out, e, su, bot.Lines(
			fmt.Sprintf("提醒：「%s」%s%s开始", e.Title, bot.RelativeDay(start, h.today(now)), start.Format("15:04")),
			"地点："+e.Place,
			fmt.Sprintf("您报了%d人。来不了请回复：取消报名 %d", su.Party, e.ID)))
	}
	return nil
}

// closeWaitlist tells those still waiting, once, that no seat will come.
func (h *Handlers) closeWaitlist(ctx context.Context, e store.Event) error {
	first, err := h.activities.ClaimEventNotice(ctx, e.ID, noticeClosed)
	if err != nil || !first {
		return err
	}
	ss, err := h.signups.Signups(ctx, e.ID, store.SignupWaitlist)
	if err != nil {
		return fmt.Errorf("waitlist of event %d: %w", e.ID, err)
	}
	start := e.StartsAt.In(h.cfg.Location)
	for _, su := range ss {
		h.tell(ctx, h.out, e, su, bot.Lines(
			fmt.Sprintf("很抱歉，「%s」%s%s就要开始了，候补没有等到空位。", e.Title, bot.RelativeDay(start, h.today(h.now())), start.Format("15:04")),
			"欢迎参加以后的活动。"))
	}
	return nil
}
