package bot

import (
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// ReadFunc turns a message into an intent. The reader package provides it;
// the router only needs the function, which keeps bot free of its tables.
type ReadFunc func(m Message, now time.Time) Intent

// Directory records who is speaking and where, and says what they may do.
// It is called for every message, chatter included, so an @name said later
// in the chat can be resolved to a person.
type Directory interface {
	Identify(ctx context.Context, m Message) (Caller, error)
}

// Deduper remembers platform message ids so a redelivery is not handled twice.
type Deduper interface {
	FirstHandling(ctx context.Context, platform, messageID string) (bool, error)
}

// Finisher is a Deduper that also records when a message it let through
// has been handled, so that a message whose handling a crash cut short is
// handled again when the platform redelivers it, instead of being dropped
// as seen. The replies the handler sent are given with the record, to
// store in the same transaction: one write for the two, and after a crash
// either both are there or neither is. A failure is logged by the
// Finisher (it knows what may be logged of an anonymous command); the
// router then sends the replies one by one. Messages to a platform whose
// outbox lane is inline (Outbox.Inline: the console) are stored as sent:
// the lane prints them as soon as they are stored, from what it is given.
type Finisher interface {
	// Finish stores the record and the replies and returns once it has.
	Finish(ctx context.Context, platform, messageID string, replies []Held) error
	// FinishLater is Finish without waiting: wait returns the outcome once
	// committed, perhaps with other messages'. One caller's finishes are
	// committed in the order made, so one chat's replies keep theirs.
	FinishLater(ctx context.Context, platform, messageID string, replies []Held) (wait func() error)
}

// HandlerFunc handles one command. It answers through r.Reply and returns a
// *UserError for mistakes the person can fix; any other error is internal.
type HandlerFunc func(ctx context.Context, r *Request) error

// Middleware wraps a handler, as net/http middleware wraps an http.Handler.
type Middleware func(next HandlerFunc) HandlerFunc

// Route registers the handler of one intent, with what 帮助 says about it.
type Route struct {
	Intent  string
	Title   string   // what it does, for 帮助: "看菜单"
	Usage   string   // how it is written: "菜单 [日期]"
	Example string   // a real example: "明天菜单"
	Roles   []string // who may use it; empty means everyone. Admins may use everything.
	Handle  HandlerFunc
	// Discreet commands are logged without who sent them, like anonymous
	// ones: 我的建议 would otherwise log who looks at anonymous tickets.
	Discreet bool
	// Describe says what an intent of this route would do, in a few words
	// for a question (「订 明天午餐 2份」) when the reader was not sure.
	Describe func(in Intent, now time.Time) string
	// Brief commands are rarely needed: 帮助 names them in one line at
	// its end, by example, instead of a line each.
	Brief bool
	// Unlisted commands are not shown by 帮助: a step someone is walked
	// through by the person who asked them to take it (验证 CODE).
	Unlisted bool
	// Reading commands only show what anyone may see (帮助, 菜单, 活动):
	// they are answered even when the bot cannot tell who is asking.
	Reading bool
}

// Request is one command being handled.
type Request struct {
	Msg    Message
	Intent Intent
	Caller Caller
	Now    time.Time
	Route  Route
	// Behalf is the household the command is carried out for (代), set
	// by the middleware that checked the caller may: replies say so.
	Behalf string
	out    Sender
	kept   collected // what the handler sent, stored with the command's record
	asks   *asks     // the router's open questions (Ask)
	record bool      // claimed from a Finisher: to be recorded as handled
	// enclosed: the command's writes are kept for its record's commit
	// (see Encloser); nil when they are not.
	enclosed *enclosure
	sent     int
	routes   []Route
	budget   *budgeted // nil: not budgeted (staff, the console, no floodgate)
}

// Routes lists every registered command in registration order, so 帮助 can
// be generated from the registrations instead of written twice.
func (r *Request) Routes() []Route { return r.routes }

// Reply answers the person in the chat the command came from; in a group
// the reply names them, unless the command is anonymous (匿名建议): then
// nothing the bot says points at who sent it.
func (r *Request) Reply(ctx context.Context, text string, buttons ...Button) error {
	r.sent++
	if ok, err := r.budget.allow(ctx, r, text); !ok {
		return err // held back: a flood, or the very answer just given
	}
	return r.Send(ctx, r.Msg.Chat, r.compose(text, buttons))
}

// compose is a reply to the request's message, as Reply describes it.
func (r *Request) compose(text string, buttons []Button) Reply {
	if r.Behalf != "" {
		text = "【代 " + r.Behalf + "】" + text
	}
	rep := Reply{Text: text, Buttons: buttons, Discreet: r.Intent.Anonymous || r.Route.Discreet}
	if r.Msg.Chat.Group && !r.Intent.Anonymous {
		sender := r.Msg.Sender
		rep.Mention = &sender
		rep.ReplyTo = r.Msg.ID
	}
	return rep
}

// Replied reports whether the handler has answered.
func (r *Request) Replied() bool { return r.sent > 0 }

// Quiet marks the command done without a word: a 收到 in a group answers a
// notice, not the bot, and a 「好的。」 under each one would flood the group.
func (r *Request) Quiet() { r.sent++ }

// Router reads each message and hands commands to their handlers.
type Router struct {
	read    ReadFunc
	dir     Directory
	dedup   Deduper
	out     Sender
	now     func() time.Time
	log     *slog.Logger
	routes  []Route
	index   map[string]int
	chain   Middleware  // the configured middleware, around each route's handler
	steps   HandlerFunc // the way every message goes (see steps.go)
	asks    asks
	unknown func(ctx context.Context, r *Request) (bool, error)
	welcome func(ctx context.Context, m Message) error
	flood   *floodgate // nil: no flood control
}

// RouterConfig is what a router needs; Dedup may be nil.
type RouterConfig struct {
	Read       ReadFunc
	Directory  Directory
	Dedup      Deduper
	Out        Sender
	Now        func() time.Time
	Log        *slog.Logger
	Middleware []Middleware // run outermost first, inside recovery and permission checks
	// Welcome greets people who joined a group (nil: nobody is greeted).
	Welcome func(ctx context.Context, m Message) error
	// Unknown may answer an addressed message the reader could not read
	// as a command, knowing the person (true: answered); nil: the hint.
	Unknown func(ctx context.Context, r *Request) (bool, error)
	// Flood, when set, budgets what one person can make the bot say.
	Flood *FloodConfig
}

// NewRouter builds a router. Two routes for one intent are a programming
// error reported here, at start, rather than a silent override.
func NewRouter(cfg RouterConfig, routes ...Route) (*Router, error) {
	if cfg.Read == nil || cfg.Directory == nil || cfg.Out == nil {
		return nil, errors.New("router: Read, Directory and Out are required")
	}
	rt := &Router{read: cfg.Read, dir: cfg.Directory, dedup: cfg.Dedup, out: cfg.Out,
		now: cfg.Now, log: cfg.Log, index: map[string]int{}, unknown: cfg.Unknown, welcome: cfg.Welcome}
	if rt.now == nil {
		rt.now = time.Now
	}
	if rt.log == nil {
		rt.log = slog.New(slog.DiscardHandler)
	}
	if cfg.Flood != nil {
		rt.flood = newFloodgate(*cfg.Flood)
	}
	for _, route := range routes {
		if route.Intent == "" || route.Handle == nil {
			return nil, fmt.Errorf("router: route %q has no intent or handler", route.Title)
		}
		if _, dup := rt.index[route.Intent]; dup {
			return nil, fmt.Errorf("router: intent %q registered twice", route.Intent)
		}
		rt.index[route.Intent] = len(rt.routes)
		rt.routes = append(rt.routes, route)
	}
	rt.chain = func(next HandlerFunc) HandlerFunc {
		for i := len(cfg.Middleware) - 1; i >= 0; i-- {
			next = cfg.Middleware[i](next)
		}
		return next
	}
	rt.steps = rt.way()
	return rt, nil
}

// Routes lists the registered routes in registration order, for 帮助.
func (rt *Router) Routes() []Route { return append([]Route(nil), rt.routes...) }

// Deliver handles one incoming message and returns once its replies are
// stored (or sent): Handle, waited for.
func (rt *Router) Deliver(ctx context.Context, m Message) { rt.handleThen(ctx, m, false).Wait() }

// Handle is the DeliverFunc every platform adapter is given: it handles
// one message and never panics, and always answers a command. The
// message's record and replies are committed lazily, with other messages'
// where they come together (a getUpdates batch): the adapter waits on
// the Pending before it confirms the message to its platform.
func (rt *Router) Handle(ctx context.Context, m Message) Pending { return rt.handleThen(ctx, m, true) }

// handleThen runs the one way a message goes: through the router's steps
// to the handler (see steps); then what the handler said is stored with
// the record of the handling, by settle.
func (rt *Router) handleThen(ctx context.Context, m Message, later bool) Pending {
	req := &Request{Msg: m, Now: rt.now(), out: rt.out, routes: rt.routes, asks: &rt.asks}
	_ = rt.steps(ctx, req) // each step answers what it stops; nothing is left to report
	if req.enclosed != nil {
		ctx = req.enclosed.ctx
	}
	return rt.settle(ctx, req, req.record, later)
}

// claim asks the Deduper whether m is to be handled here (false: a
// redelivery, dropped), and whether its handling is to be recorded.
func (rt *Router) claim(ctx context.Context, m Message) (first, record bool) {
	if rt.dedup == nil || m.ID == "" {
		return true, false
	}
	first, err := rt.dedup.FirstHandling(ctx, m.Chat.Platform, m.ID)
	if err != nil {
		rt.log.Error("dedup failed", "platform", m.Chat.Platform, "message", m.ID, "err", err)
		return true, false
	}
	if !first {
		rt.log.Debug("redelivered message dropped", "platform", m.Chat.Platform, "message", m.ID)
		return false, false
	}
	_, record = rt.dedup.(Finisher)
	return true, record
}

// settle hands what a handler said to its one owner: with the record of
// the handling to the Finisher, which stores both, after which the
// senders are woken; or, for a message not recorded, to the Sender.
func (rt *Router) settle(ctx context.Context, req *Request, record, later bool) Pending {
	held := req.kept.take()
	if !record {
		rt.sendEach(ctx, held)
		return Pending{}
	}
	f := rt.dedup.(Finisher)
	platform, id := req.Msg.Chat.Platform, req.Msg.ID
	if !later {
		err := f.Finish(ctx, platform, id, held)
		req.enclosed.close()
		rt.stored(ctx, req, held, err)
		return Pending{}
	}
	wait := f.FinishLater(ctx, platform, id, held)
	req.enclosed.close()
	return Pending{wait: sync.OnceFunc(func() { rt.stored(ctx, req, held, wait()) })}
}

// stored follows the commit of a command's record: its replies are woken
// in the senders, or, not stored, sent one by one as they would have been
// without a record (the person still hears). When the command's changes
// were lost with the record (ErrUndone), what the handler said is not
// true: the person gets the apology instead.
func (rt *Router) stored(ctx context.Context, req *Request, held []Held, err error) {
	switch {
	case err == nil:
		if w, ok := rt.out.(Waker); ok && len(held) > 0 {
			w.Stored(held...)
		}
	case errors.Is(err, ErrUndone):
		rt.fail(context.WithoutCancel(ctx), req, err)
	default:
		rt.sendEach(context.WithoutCancel(ctx), held)
	}
}

func (rt *Router) sendEach(ctx context.Context, held []Held) {
	for _, h := range held {
		if err := rt.out.Send(ctx, h.Chat, h.Reply); err != nil {
			rt.log.Error("reply failed", "chat", h.Chat.Key(), "err", err)
		}
	}
}

// screened answers, or drops, a message the bot must not act on whoever
// sends it, and reports whether it did.
func (rt *Router) screened(ctx context.Context, req *Request) bool {
	switch {
	case req.Msg.Faceless:
		// Nobody to check roles for, book for or answer to by name; a
		// command gets told how to be someone again, chatter nothing.
		if req.Intent.IsCommand() {
			rt.answer(ctx, req, "您现在以匿名管理员身份发言，我认不出是哪一位，没法办理。\n请在群设置里关掉自己的「匿名」再发，或者私聊我。")
		}
		return true
	case len(req.Msg.Joined) > 0:
		if rt.welcome != nil {
			if err := rt.welcome(ctx, req.Msg); err != nil {
				rt.log.Error("welcome failed", "chat", req.Msg.Chat.Key(), "err", err)
			}
		}
		return true
	case req.Msg.NotText:
		if req.Msg.Addressed() {
			rt.answer(ctx, req, "我只能看懂文字，听不了语音、看不了图片。\n请打字告诉我，比如：订餐 明天 午餐，或发「帮助」。")
		}
		return true
	case req.Msg.Chat.Twin && req.Intent.Name != IntentBindGroup:
		// A copy of a bound group under its title: silent until bound,
		// so that whoever made it cannot use the bot to speak as it.
		return true
	}
	return false
}

// run carries out a command through its route's handler, inside the
// configured middleware, and answers for it: 「好的。」 when the handler said
// nothing, the person's mistake with the usage, or an apology with a
// reference for an internal error.
func (rt *Router) run(ctx context.Context, req *Request) error {
	start := time.Now()
	err := rt.chain(req.Route.Handle)(ctx, req)
	ue, isUser := AsUserError(err)
	if err == nil || isUser {
		// Internal errors are logged once, by fail, with their reference.
		rt.log.Info("handled", append(append([]any{"intent", req.Intent.Name}, who(req)...), "took", time.Since(start), "refused", isUser)...)
	}
	switch {
	case err == nil:
		if !req.Replied() {
			rt.answer(ctx, req, "好的。")
		}
	case isUser && ue.ShowUsage:
		rt.decline(ctx, req, withUsage(ue.Msg, req.Route))
	case isUser:
		rt.decline(ctx, req, ue.Msg)
	default:
		rt.fail(ctx, req, err)
	}
	return nil
}

// fail logs an internal error once, with a reference the person can quote,
// and gives them a short apology instead of silence or a stack trace.
func (rt *Router) fail(ctx context.Context, req *Request, err error) {
	ref := fmt.Sprintf("E%05X", crc32.ChecksumIEEE([]byte(req.Msg.Chat.Key()+req.Msg.ID+req.Now.String()))&0xFFFFF)
	rt.log.Error("handler failed", append(append([]any{"ref", ref, "intent", req.Intent.Name}, who(req)...), "err", err)...)
	if req.Intent.IsCommand() || req.Msg.Addressed() {
		rt.answer(ctx, req, "抱歉，系统出了点问题，没有办成，请稍后再试。\n如需帮助请把编号 "+ref+" 告诉社区工作人员。")
	}
}

func (rt *Router) answer(ctx context.Context, req *Request, text string) {
	if err := req.Reply(ctx, text); err != nil {
		rt.log.Error("reply failed", append(who(req), "err", err)...)
	}
}

// who names the chat and the person for a log line. An anonymous command
// (匿名建议) or a discreet one is logged without its author, and from a private chat, whose id
// is the person's, without the chat: logs are read by more people than the
// database, and must not undo the anonymity.
func who(req *Request) []any {
	switch {
	case !req.Intent.Anonymous && !req.Route.Discreet:
		return []any{"chat", req.Msg.Chat.Key(), "user", req.Msg.Sender.Key()}
	case req.Msg.Chat.Group:
		return []any{"chat", req.Msg.Chat.Key(), "user", "(anonymous)"}
	}
	return []any{"chat", "(anonymous)", "user", "(anonymous)"}
}

func (rt *Router) unknownHint(req *Request) string {
	_, help := rt.index[IntentHelp]
	switch courtesy(req.Msg.Text) {
	case "greeting":
		if help {
			return "您好！发「帮助」看看我能做什么，\n比如：菜单、订餐、活动、建议 楼道灯坏了。"
		}
		return "您好！"
	case "thanks":
		return "不客气！有事随时找我。"
	case "ack":
		return "好的，有事随时找我。"
	}
	if !help {
		return "没看懂您的意思。"
	}
	return "没看懂您的意思。发「帮助」看看我能做什么，\n比如：菜单、订餐、活动、建议 楼道灯坏了。"
}

// courtesies are what people say to the bot that is not a request: a
// greeting, thanks, or that they heard. 「没看懂您的意思」 to 「谢谢」 is rude.
var courtesies = map[string]string{
	"你好": "greeting", "您好": "greeting", "你们好": "greeting", "大家好": "greeting", "早": "greeting",
	"早上好": "greeting", "上午好": "greeting", "中午好": "greeting", "下午好": "greeting", "晚上好": "greeting",
	"在吗": "greeting", "在不在": "greeting", "有人吗": "greeting", "hello": "greeting", "hi": "greeting",
	"谢谢": "thanks", "谢谢你": "thanks", "谢谢您": "thanks", "多谢": "thanks", "谢了": "thanks", "谢啦": "thanks",
	"感谢": "thanks", "辛苦了": "thanks", "麻烦了": "thanks", "thanks": "thanks",
	"好的": "ack", "好": "ack", "嗯": "ack", "嗯嗯": "ack", "哦": "ack", "收到": "ack", "知道了": "ack",
	"明白了": "ack", "行": "ack", "可以": "ack", "ok": "ack", "okay": "ack",
}

// courtesy is the kind of courtesy text is, or "": one courtesy (谢谢),
// two (好的谢谢, thanks counting most), or one to the bot by name (你好小助手).
func courtesy(text string) string {
	t := strings.ToLower(strings.TrimSpace(text))
	t = strings.TrimRightFunc(t, func(r rune) bool {
		return strings.ContainsRune("！!。.，,~～?？ 　啊呀呢吧哈啦哦噢", r)
	})
	if kind, ok := courtesies[t]; ok {
		return kind
	}
	for word, kind := range courtesies {
		rest, ok := strings.CutPrefix(t, word)
		if !ok {
			continue
		}
		rest = strings.TrimLeft(rest, "，, ")
		switch then, known := courtesies[rest]; {
		case known && (kind == "thanks" || then == "thanks"):
			return "thanks"
		case known:
			return kind
		case rest == "小助手" || rest == "机器人" || rest == "邻里" || rest == "linli":
			return kind
		}
	}
	return ""
}

func withUsage(problem string, route Route) string {
	// The reader's problems are phrases; the reply is a sentence. One that
	// ends with an example (如：报名 3) is left alone, so it can be copied.
	if last, _ := utf8.DecodeLastRuneInString(problem); !strings.ContainsRune("。！？!?：", last) && !strings.Contains(problem, "如：") {
		problem += "。"
	}
	lines := []string{problem}
	if route.Usage != "" {
		lines = append(lines, "用法："+route.Usage)
	}
	if route.Example != "" {
		lines = append(lines, "例如："+route.Example)
	}
	return strings.Join(lines, "\n")
}

func refusal(route Route) string {
	who := make([]string, 0, len(route.Roles)+1)
	for _, r := range route.Roles {
		if r != RoleAdmin {
			who = append(who, RoleTitle(r))
		}
	}
	who = append(who, RoleTitle(RoleAdmin))
	what := route.Title
	if what == "" {
		what = "这个命令"
	}
	return fmt.Sprintf("抱歉，只有%s可以%s。\n如有需要请联系社区工作人员。", strings.Join(who, "或"), what)
}
