package handlers

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"linli/bot"
	"linli/store"
)

// LinkFunc makes a one-time login link to the web panel for a resident:
// the link and when it stops working. It is the panel's (web.Server's
// IssueLink), passed in so that handlers never import an HTTP server.
type LinkFunc func(ctx context.Context, residentID uint) (string, time.Time, error)

// ErrOfficeClosed is what a LinkFunc returns when the panel is not served
// (web.addr empty, or its address could not be bound).
var ErrOfficeClosed = errors.New("the community office is not served")

// Office is the chat side of the community office: 后台 answers with a
// login link, and Audit writes every privileged change made by a chat
// command to the audit log the panel shows admins.
type Office struct {
	store store.Office
	link  LinkFunc
	log   *slog.Logger
}

// NewOffice builds the office's commands; link nil means the panel is off.
func NewOffice(st store.Office, link LinkFunc, log *slog.Logger) *Office {
	if link == nil {
		link = func(context.Context, uint) (string, time.Time, error) { return "", time.Time{}, ErrOfficeClosed }
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Office{store: st, link: link, log: log}
}

// Routes are the office's commands.
func (o *Office) Routes() []bot.Route {
	return []bot.Route{
		// Discreet: the reply holds a link that opens a session, so the
		// outbox forgets it once delivered.
		{Intent: bot.IntentOffice, Title: "登录网页后台", Usage: "后台（私聊发给我）", Example: "后台",
			Roles: []string{bot.RoleBuildingHead, bot.RoleCanteenManager, bot.RoleLiaison}, Handle: o.login, Discreet: true},
	}
}

// login sends a one-time link, privately only: in a group anyone could
// open it first.
func (o *Office) login(ctx context.Context, r *bot.Request) error {
	if r.Msg.Chat.Group {
		return bot.Tell("登录链接只能私聊发：请私聊我发「后台」。")
	}
	if !r.Msg.Sender.Verified() {
		return bot.Tell("登录后台要先让我认准您：请加本账号为好友，私聊我说一句话，然后再发「后台」。")
	}
	link, until, err := o.link(ctx, r.Caller.ResidentID)
	if errors.Is(err, ErrOfficeClosed) {
		return bot.Tell("网页后台现在没有开。请联系管理员（设置 web.addr）。")
	}
	if err != nil {
		return fmt.Errorf("a login link for %d: %w", r.Caller.ResidentID, err)
	}
	return r.Reply(ctx, bot.Lines(
		fmt.Sprintf("网页后台登录链接（%d分钟内有效，只能打开一次，请勿转发）：", int(until.Sub(r.Now).Round(time.Minute).Minutes())),
		link,
		"链接用过或过期了，再发「后台」取一个新的。"))
}

// panelKey marks a command given through the web panel's forms.
type panelKey struct{}

// FromPanel marks ctx as carrying a command given in the web panel by a
// browser at addr, so that Audit writes where it really came from.
func FromPanel(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, panelKey{}, addr)
}

// readingIntents are role commands that only show something: they change
// nothing, so the audit log does not list them.
func readingIntents() []string {
	return []string{bot.IntentRoster, bot.IntentMealStats, bot.IntentListSuggestions, bot.IntentListGroups}
}

// auditDetailMax is the most of a command's text the audit log keeps.
const auditDetailMax = 200

// Audit is the router middleware that writes each privileged change made
// in a chat (a command open to roles only, that changes something, and
// was done) to the audit log: who, what, when and from which chat. A
// failure to write is logged; the change itself has been made.
func (o *Office) Audit(next bot.HandlerFunc) bot.HandlerFunc {
	return func(ctx context.Context, r *bot.Request) error {
		err := next(ctx, r)
		_, panel := ctx.Value(panelKey{}).(string)
		if err != nil || !(audited(r) || panel && changes(r)) {
			return err
		}
		detail := []rune(r.Msg.Text)
		if r.Intent.Name == bot.IntentRedeemCode {
			detail = nil // the code itself stays out of the log
		}
		if len(detail) > auditDetailMax {
			detail = append(detail[:auditDetailMax], '…')
		}
		via, from := r.Msg.Chat.Platform, "私聊"
		if r.Msg.Chat.Group {
			from = "群「" + r.Msg.Chat.Title + "」"
		}
		if addr, ok := ctx.Value(panelKey{}).(string); ok {
			via, from = "web", addr
		}
		e := store.AuditEntry{At: r.Now, ResidentID: r.Caller.ResidentID, Who: r.Msg.Sender.Name,
			Action: cmp.Or(r.Route.Title, r.Intent.Name), Detail: string(detail), Via: via, From: from}
		if aerr := o.store.Audit(ctx, e); aerr != nil {
			o.log.Error("audit not written", "intent", r.Intent.Name, "err", aerr)
		}
		return nil
	}
}

// changes reports whether a command may change something: the panel is
// where staff work, so a change made there is audited even when the chat
// lets residents make it too (a head's 同意 8号楼301 张三).
func changes(r *bot.Request) bool {
	return !r.Route.Reading && !slices.Contains(readingIntents(), r.Intent.Name)
}

// audited reports whether a handled command is a privileged change: one
// open to roles only that is not a list, or a code redeemed for a role.
func audited(r *bot.Request) bool {
	if r.Intent.Name == bot.IntentRedeemCode {
		return true
	}
	return len(r.Route.Roles) > 0 && !slices.Contains(readingIntents(), r.Intent.Name)
}
