// Package handlers is what Linli does: one file per feature, each offering
// its routes (commands) and, where it pushes on a schedule, its jobs. It
// speaks bot and store only; it never sees a platform or the database driver.
package handlers

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"linli/bot"
	"linli/store"
)

// Config is the community's settings the handlers use.
type Config struct {
	Community string
	Location  *time.Location
	// Welcome is said once to each newcomer of a bound group (empty: none).
	Welcome string
	// Buildings are the community's buildings (config buildings, written
	// 8号楼); empty: those bound to groups are the known ones.
	Buildings []string
	// HouseholdsConfirm makes a building head confirm a new household
	// before it counts.
	HouseholdsConfirm bool
	// Admins and CanteenManagers from configuration, as "platform:user".
	Admins          []string
	CanteenManagers []string
	// NoPromotionWithin is how long before an activity's start its
	// waitlist stops moving (events.no_promotion_within).
	NoPromotionWithin time.Duration
	// EventsMaxPerHousehold caps the people one household may sign up for
	// a limited activity (events.max_per_household); 0: no cap.
	EventsMaxPerHousehold int
	// SuggestionsPerHour is how many suggestions one person may file an
	// hour; zero means no limit.
	SuggestionsPerHour int
	// SuggestionsSecret keys the hash anonymous suggestions keep of their
	// author; empty turns anonymous suggestions off.
	SuggestionsSecret string
	// Retention is how long records keep who they are about; older ones
	// are anonymised by ForgetOld. Zero keeps everything.
	Retention time.Duration
	// Canteen is the canteen's defaults: cut-offs, prices, contact, groups.
	Canteen CanteenConfig
}

// Stores are the store interfaces the features use, one each, so every
// feature's file names what it reads and writes (h.meals, h.signups …) and
// a test may hand a feature a fake of just its own. The app gives the one
// database for all of them.
type Stores struct {
	Chats        store.Chats
	People       store.People
	Roles        store.Roles
	Codes        store.Codes
	Households   store.Households
	PersonalData store.PersonalData
	Meals        store.Meals
	Events       store.Events
	Signups      store.Signups
	Notices      store.Notices
	Suggestions  store.Suggestions
	Votes        store.Votes
	Receipts     store.Receipts
	Funds        store.Funds
	Volunteering store.Volunteering
	Welcomes     store.Welcomes
	Hints        store.Hints
}

// Handlers holds what every feature needs. It is built once in main.
type Handlers struct {
	chats       store.Chats
	people      store.People
	roles       store.Roles
	codes       store.Codes
	households  store.Households
	personal    store.PersonalData
	meals       store.Meals
	activities  store.Events // "events" is the 活动 command
	signups     store.Signups
	notices     store.Notices
	suggestions store.Suggestions
	// Deciding together: votes, notices asking for 收到, 楼组众筹,
	// volunteer hours.
	votes        store.Votes
	receipts     store.Receipts
	funds        store.Funds
	volunteering store.Volunteering
	welcomes     store.Welcomes
	hints        store.Hints

	out  bot.Sender
	cfg  Config
	now  func() time.Time
	log  *slog.Logger
	seen *seenCache // what Identify wrote lately
	// namesakes are the names the admins were told two accounts share.
	namesakes sync.Map
}

// New builds the handlers. out sends messages to chats other than the one a
// command came from (notices, reminders); now is the clock.
func New(st Stores, out bot.Sender, cfg Config, now func() time.Time, log *slog.Logger) *Handlers {
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Handlers{
		chats: st.Chats, people: st.People, roles: st.Roles, codes: st.Codes,
		households: st.Households, personal: st.PersonalData, meals: st.Meals,
		activities: st.Events, signups: st.Signups, notices: st.Notices, suggestions: st.Suggestions,
		votes: st.Votes, receipts: st.Receipts, funds: st.Funds, volunteering: st.Volunteering, welcomes: st.Welcomes, hints: st.Hints,
		out: out, cfg: cfg, now: now, log: log, seen: newSeenCache(),
	}
}

// Routes registers every command in one place; 帮助 lists them in this order.
func (h *Handlers) Routes() []bot.Route {
	var rs []bot.Route
	for _, group := range [][]bot.Route{
		// residents' everyday commands first, in the order help shows them
		h.helpRoutes(),
		h.mealRoutes(),
		h.eventRoutes(),
		h.suggestionRoutes(),
		h.communityRoutes(),
		h.householdRoutes(),
		h.personalRoutes(),
		h.noticeRoutes(),
		h.voteRoutes(),
		h.receiptRoutes(),
		h.fundRoutes(),
		h.volunteerRoutes(),
		h.roleRoutes(),
		h.codeRoutes(),
		h.behalfRoutes(),
	} {
		rs = append(rs, group...)
	}
	return rs
}

// today is the community's calendar day at t, as midnight in its time zone.
func (h *Handlers) today(t time.Time) time.Time {
	t = t.In(h.cfg.Location)
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, h.cfg.Location)
}

// before reports whether an intent's date is a day before now's (昨天).
func (h *Handlers) before(date string, now time.Time) bool {
	day, err := h.day(date)
	return err == nil && day.Before(h.today(now))
}

// day parses an intent's YYYY-MM-DD date in the community's time zone.
func (h *Handlers) day(date string) (time.Time, error) {
	return time.ParseInLocation("2006-01-02", date, h.cfg.Location)
}

// send delivers a message to another chat, logging a failure once: the
// outbox retries, so a failure here is one the caller cannot mend.
func (h *Handlers) send(ctx context.Context, to bot.Sender, chat bot.Chat, text string, buttons ...bot.Button) bool {
	if err := to.Send(ctx, chat, bot.Reply{Text: text, Buttons: buttons}); err != nil {
		h.log.Error("send failed", "chat", chat.Key(), "err", err)
		return false
	}
	return true
}

// tellPerson writes to someone privately. Where the platform will not let
// the bot write to them (never started the bot, not the account's friend),
// the outbox says it in group instead, naming them; group may be nil.
func (h *Handlers) tellPerson(ctx context.Context, to bot.Sender, u bot.User, group *bot.Chat, text string) {
	r := bot.Reply{Text: text}
	if group != nil {
		r.Fallback = &bot.Fallback{Chat: *group, Mention: &u}
	}
	if err := to.Send(ctx, bot.PrivateChat(u), r); err != nil {
		h.log.Error("person not reached", "user", u.Key(), "err", err)
	}
}
