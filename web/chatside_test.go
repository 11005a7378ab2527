package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/bot/bottest"
	"linli/bot/reader"
	"linli/handlers"
	"linli/store"
	"linli/store/sqldb/sqldbtest"
	"linli/web"
)

// newChatOffice is the panel over the real chat side, wired as
// app/office_commands.go wires it: the panel's forms run as chat commands
// through the reader, a router with the chat's middleware (the audit
// among it) and the handlers, whose messages to other chats land in
// o.told. So a test sees a form's effect in the database, its audit row
// and the message to the person concerned — the chat's own, not a fake's.
//
// The community: 社区小王 (admin), 王阿姨 (head of 8号楼, lives 8号楼
// 502), 刘阿姨 (head of 1号楼), 李师傅 (canteen), 张阿姨 (1号楼 101),
// 李大爷 (8号楼 301), 小周 (liaison of 8号楼); a group bound to each of
// 8号楼 and 1号楼 and a community-wide one. The clock: 2026-11-25 08:00.
func newChatOffice(t *testing.T) *office {
	t.Helper()
	ctx := context.Background()
	o := &office{t: t, st: sqldbtest.MustOpen(t), clock: bottest.NewClock(time.Date(2026, 11, 25, 8, 0, 0, 0, cst)),
		people: map[string]store.Resident{}, orders: map[string]uint{}, today: "2026-11-25", told: &bottest.Recorder{}}
	o.st.Now = o.clock.Now
	for _, p := range []struct{ name, role, building, room string }{
		{"社区小王", bot.RoleAdmin, "", ""}, {"王阿姨", bot.RoleBuildingHead, "8号楼", "502"},
		{"刘阿姨", bot.RoleBuildingHead, "1号楼", "201"}, {"李师傅", bot.RoleCanteenManager, "", ""},
		{"张阿姨", "", "1号楼", "101"}, {"李大爷", "", "8号楼", "301"}, {"小周", bot.RoleLiaison, "8号楼", ""},
	} {
		o.person(t, p.name, p.role, p.building, p.room)
	}
	for _, g := range []struct{ title, building string }{{"8号楼群", "8号楼"}, {"1号楼群", "1号楼"}, {"社区大群", store.AllBuildings}} {
		c, err := o.st.TouchChat(ctx, bot.Console, g.title, g.title, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := o.st.Bind(ctx, c.ID, g.building); err != nil {
			t.Fatal(err)
		}
	}
	command := o.chatSide(t)
	o.ts = httptest.NewUnstartedServer(nil)
	var err error
	o.srv, err = web.New(web.Config{Store: o.st, Community: "阳光社区", Location: cst, Now: o.clock.Now,
		Base: "http://" + o.ts.Listener.Addr().String(),
		Spreadsheet: func(_ context.Context, w io.Writer, kind string, from, to time.Time) error {
			_, err := fmt.Fprintf(w, "%s %s %s", kind, from.Format("2006-01-02"), to.Format("2006-01-02"))
			return err
		},
		Command: func(ctx context.Context, id uint, from, text string) (string, error) {
			return command(ctx, id, from, text, nil)
		},
		CommandAbout: func(ctx context.Context, id uint, from, text string, about store.Resident) (string, error) {
			return command(ctx, id, from, text, []bot.User{{Platform: about.Platform, ID: about.UserID, Name: about.Name}})
		}})
	if err != nil {
		t.Fatal(err)
	}
	o.ts.Config.Handler = o.srv.Handler()
	o.ts.Start()
	t.Cleanup(o.ts.Close)
	return o
}

// chatSide builds the handlers and the panel's router and returns what
// runs one command: the replies to the asker come back as the answer.
func (o *office) chatSide(t *testing.T) func(ctx context.Context, id uint, from, text string, mentions []bot.User) (string, error) {
	st := o.st
	h := handlers.New(handlers.Stores{Chats: st, People: st, Roles: st, Codes: st, Households: st, PersonalData: st,
		Meals: st, Events: st, Signups: st, Notices: st, Suggestions: st, Votes: st, Receipts: st, Funds: st,
		Volunteering: st, Welcomes: st}, o.told, handlers.Config{Community: "阳光社区", Location: cst}, o.clock.Now, nil)
	o.jobs = h
	rd, err := reader.New(reader.Config{Location: cst})
	if err != nil {
		t.Fatal(err)
	}
	office := handlers.NewOffice(st, nil, nil)
	replies := &bottest.Recorder{}
	// The answer to the asker comes back to the page; what the command
	// tells others reaches their chats, as the app's panel sender does.
	var asker bot.Chat // the chat of the command being run, under o.mu
	out := sendFunc(func(ctx context.Context, chat bot.Chat, r bot.Reply) error {
		if chat == asker {
			return replies.Send(ctx, chat, r)
		}
		return o.told.Send(ctx, chat, r)
	})
	rt, err := bot.NewRouter(bot.RouterConfig{
		Read: func(m bot.Message, now time.Time) bot.Intent {
			return rd.Read(m.Text, reader.Mode{Private: m.Private(), Mentioned: m.Mentioned}, now)
		},
		Directory: h, Out: out, Now: o.clock.Now, Middleware: []bot.Middleware{h.Guard, h.Behalf, office.Audit},
	}, append(h.Routes(), office.Routes()...)...)
	if err != nil {
		t.Fatal(err)
	}
	return func(ctx context.Context, id uint, from, text string, mentions []bot.User) (string, error) {
		o.mu.Lock()
		defer o.mu.Unlock()
		who, err := st.ResidentByID(ctx, id)
		if err != nil {
			return "", err
		}
		o.commands = append(o.commands, fmt.Sprintf("%d@%s: %s", id, from, text))
		u := bot.User{Platform: who.Platform, ID: who.UserID, Name: who.Name}
		asker = bot.PrivateChat(u)
		o.seq++
		rt.Deliver(handlers.FromPanel(ctx, from), bot.Message{ID: fmt.Sprint("panel-", o.seq), Chat: bot.PrivateChat(u),
			Sender: u, Text: text, Mentions: mentions, At: o.clock.Now()})
		var texts []string
		for _, s := range replies.Take() {
			texts = append(texts, s.Reply.Text)
		}
		return strings.Join(texts, "\n"), nil
	}
}

// sendFunc is a bot.Sender made of a function.
type sendFunc func(ctx context.Context, chat bot.Chat, r bot.Reply) error

func (f sendFunc) Send(ctx context.Context, chat bot.Chat, r bot.Reply) error { return f(ctx, chat, r) }

// toldTo is everything the chat side sent to one chat (a person's
// private chat is their name on the console), joined by "\n---\n".
func (o *office) toldTo(chatID string) string {
	var texts []string
	for _, s := range o.told.All() {
		if s.Chat.ID == chatID {
			texts = append(texts, s.Reply.Text)
		}
	}
	return strings.Join(texts, "\n---\n")
}

// audited is the newest audit entry, which a test expects to be its own.
func (o *office) audited() store.AuditEntry {
	o.t.Helper()
	log, err := o.st.AuditLog(context.Background(), 1)
	if err != nil || len(log) == 0 {
		o.t.Fatalf("no audit entry: %v", err)
	}
	return log[0]
}

// sendDue runs the chat's scheduled-notice job at the clock's time.
func (o *office) sendDue(ctx context.Context) {
	o.t.Helper()
	if err := o.jobs.SendDueNotices(ctx, o.clock.Now()); err != nil {
		o.t.Fatal(err)
	}
}
