package handlers

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"linli/bot"
	"linli/store"
)

// Suggestions (建言献策): residents file tickets, the community answers, and
// the author hears back. This file is the residents' side; the community's
// side is in suggestions_manage.go, the weekly digest and the export in
// suggestions_digest.go.

// MaxSuggestionLen is the longest suggestion in characters: a few sentences
// fit, and a long letter belongs in a visit to the community office.
const MaxSuggestionLen = 500

// mySuggestionsShown is how many of their tickets 我的建议 shows.
const mySuggestionsShown = 4

func (h *Handlers) suggestionRoutes() []bot.Route {
	staff := []string{bot.RoleBuildingHead}
	return []bot.Route{
		{Intent: bot.IntentSuggest, Title: "提建议、反映问题", Usage: "建议 内容（不留名：匿名建议 内容）",
			Example: "建议 8号楼楼道灯坏了", Handle: h.suggest,
			Describe: func(in bot.Intent, _ time.Time) string { return "反映「" + cut(in.Text, 30) + "」" }},
		{Intent: bot.IntentMySuggestions, Title: "看我的建议和回复", Usage: "我的建议", Example: "我的建议", Handle: h.mySuggestions, Discreet: true},
		{Intent: bot.IntentListSuggestions, Title: "看居民的建议", Usage: "建议列表 [状态|类别|楼栋|编号]",
			Example: "建议列表 8号楼", Roles: staff, Handle: h.listSuggestions},
		{Intent: bot.IntentAcceptSuggestion, Title: "受理建议", Usage: "受理 编号", Example: "受理 S12", Roles: staff, Handle: h.acceptSuggestion},
		{Intent: bot.IntentProgressSuggestion, Title: "告诉居民正在处理", Usage: "处理中 编号 [说明]",
			Example: "处理中 S12 已联系物业", Roles: staff, Handle: h.progressSuggestion},
		{Intent: bot.IntentReplySuggestion, Title: "回复建议", Usage: "回复 编号 内容",
			Example: "回复 S12 已联系物业，明天上午来修", Roles: staff, Handle: h.replySuggestion},
		{Intent: bot.IntentResolveSuggestion, Title: "办结建议", Usage: "办结 编号 [说明]",
			Example: "办结 S12 灯已换好", Roles: staff, Handle: h.resolveSuggestion},
		{Intent: bot.IntentDeclineSuggestion, Title: "不予处理", Usage: "不予处理 编号 原因",
			Example: "不予处理 S12 属于物业管理，已转给物业", Roles: staff, Handle: h.declineSuggestion},
		{Intent: bot.IntentCategorize, Title: "改建议的类别", Usage: "分类 编号 类别",
			Example: "分类 S12 停车", Roles: staff, Handle: h.categorizeSuggestion},
	}
}

// suggest files a ticket. An anonymous one is stored under its author's
// keyed hash only, and answered without naming anyone.
func (h *Handlers) suggest(ctx context.Context, r *bot.Request) error {
	text := strings.TrimSpace(r.Intent.Text)
	if text == "" {
		return bot.Misuse("请写上您的建议或遇到的问题。")
	}
	if n := utf8.RuneCountInString(text); n > MaxSuggestionLen {
		return bot.Tell("这条有%d个字，太长了，请缩短到%d字以内再发。\n可以分几条发，一条说一件事。", n, MaxSuggestionLen)
	}
	anon := r.Intent.Anonymous
	if anon && h.cfg.SuggestionsSecret == "" {
		return bot.Tell("抱歉，匿名建议还没有开通。\n可以发「建议 内容」（会留下您的名字），或直接联系社区工作人员。")
	}
	var me store.Resident // none: an anonymous author the bot has not seen before
	if r.Caller.ResidentID != 0 {
		var err error
		if me, err = h.people.ResidentByID(ctx, r.Caller.ResidentID); err != nil {
			return fmt.Errorf("suggest: %w", err)
		}
	}
	sg := store.Suggestion{Text: text, Category: GuessCategory(text), Anonymous: anon,
		Building: h.buildingFor(ctx, me, r.Msg.Chat), Attachments: strings.Join(r.Msg.Attachments, "\n")}
	if anon {
		// Dated to its day in the community's time zone: the store keeps no
		// finer time of an anonymous ticket.
		t := r.Now.In(h.cfg.Location)
		sg.CreatedAt = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, h.cfg.Location)
	}
	if r.Msg.Chat.Group {
		// The group it came from: answers reach an anonymous author there,
		// and a named one when a private message cannot.
		sg.ReplyPlatform, sg.ReplyChatID, sg.ReplyTitle = r.Msg.Chat.Platform, r.Msg.Chat.ID, cut(r.Msg.Chat.Title, maxChatTitle)
	}
	sg, err := h.suggestions.FileSuggestion(ctx, sg, h.author(r), h.cfg.SuggestionsPerHour)
	if errors.Is(err, store.ErrTooMany) {
		return bot.Tell("谢谢您这么上心！每人每小时最多提%d条建议，这一小时已经满了。\n请过一会儿再发；急事请直接联系社区工作人员。", h.cfg.SuggestionsPerHour)
	}
	if err != nil {
		return fmt.Errorf("suggest: %w", err)
	}
	reply := filedText(sg, r.Msg.Chat.Group)
	if urgent(sg) {
		alarm, err := h.raiseAlarm(ctx, r, sg)
		if err != nil {
			return err
		}
		reply = bot.Lines(reply, alarm)
	}
	return r.Reply(ctx, reply)
}

// filedText confirms a new ticket; for an anonymous one it says how the
// author will hear back, since the bot keeps no way to write to them.
func filedText(sg store.Suggestion, group bool) string {
	about := sg.Category
	if sg.Building != "" {
		about += "，" + sg.Building
	}
	photo := ""
	if n := len(sg.AttachmentList()); n > 0 {
		photo = fmt.Sprintf("照片%d张已一起收下。", n)
	}
	switch {
	case !sg.Anonymous:
		return bot.Lines(fmt.Sprintf("已收到您的建议，编号 %s（%s）。", ticket(sg), about), photo,
			"有回复会告诉您，也可以发「我的建议」查看进展。")
	case group:
		return bot.Lines(fmt.Sprintf("已收到匿名建议，编号 %s（%s）。", ticket(sg), about), photo,
			"不会记下是谁提的，回复会发在本群，也可以发「我的建议」查看。",
			"下次匿名建议请私聊我发，群里的人就看不到是谁了。")
	}
	return bot.Lines(fmt.Sprintf("已收到您的匿名建议，编号 %s（%s）。", ticket(sg), about), photo,
		"不会记下是谁提的，社区工作人员也看不到。",
		"为了不留记录，有回复时我不会私信您，请发「我的建议」查看进展。")
}

// author is who is filing or looking: the account, and the keyed hash of
// its platform id that anonymous tickets are filed under (when a secret is
// configured).
func (h *Handlers) author(r *bot.Request) store.Author {
	a := store.Author{ResidentID: r.Caller.ResidentID}
	if h.cfg.SuggestionsSecret != "" {
		mac := hmac.New(sha256.New, []byte(h.cfg.SuggestionsSecret))
		mac.Write([]byte(r.Msg.Sender.Key()))
		a.Hash = hex.EncodeToString(mac.Sum(nil))
	}
	return a
}

// buildingFor is the building a ticket is about: the author's household's,
// else the one the group is bound to; "" when neither is known.
func (h *Handlers) buildingFor(ctx context.Context, me store.Resident, chat bot.Chat) string {
	if me.Household != nil && me.Household.Building != "" {
		return me.Household.Building
	}
	if !chat.Group {
		return ""
	}
	c, err := h.chats.Chat(ctx, chat.Platform, chat.ID)
	if err != nil || c.Building == store.AllBuildings {
		return ""
	}
	return c.Building
}

// mySuggestions shows a person their latest tickets with status and the
// latest answers. Anonymous ones only in a private chat: listed in a group,
// they would tell everyone there who wrote them.
func (h *Handlers) mySuggestions(ctx context.Context, r *bot.Request) error {
	by, hint := h.author(r), ""
	if r.Msg.Chat.Group {
		by.Hash, hint = "", "匿名建议只在私聊里显示。"
	}
	sgs, err := h.suggestions.MySuggestions(ctx, by, mySuggestionsShown)
	if err != nil {
		return fmt.Errorf("my suggestions: %w", err)
	}
	if len(sgs) == 0 {
		none := "您还没有提过建议。"
		if hint != "" {
			none = "您还没有署名提过建议。"
		}
		return r.Reply(ctx, bot.Lines(none, hint, "有问题或想法，发「建议 内容」就行，如：建议 楼道灯坏了"))
	}
	lines := []string{"您最近的建议："}
	for _, sg := range sgs {
		head := ticket(sg) + " "
		if sg.Anonymous {
			head = ticket(sg) + "（匿名）"
		}
		lines = append(lines, head+clipText(sg.Text, 24),
			"  "+store.StatusTitle(sg.Status)+"（"+monthDay(sg.CreatedAt.In(h.cfg.Location))+"提）")
		for _, n := range lastAnswers(sg.Notes, 2) {
			lines = append(lines, "  "+noteText(n))
		}
	}
	lines = bot.Clip(lines, bot.MaxLines+4, "其余的请问社区工作人员")
	return r.Reply(ctx, bot.Lines(append(lines, hint)...))
}

// lastAnswers are the latest notes that said something to the author.
func lastAnswers(notes []store.SuggestionNote, max int) []store.SuggestionNote {
	var out []store.SuggestionNote
	for i := len(notes) - 1; i >= 0 && len(out) < max; i-- {
		if notes[i].Kind != store.NoteCategory && notes[i].Text != "" {
			out = append([]store.SuggestionNote{notes[i]}, out...)
		}
	}
	return out
}

// noteText is an answer as the author reads it: 回复：…, 办结：….
func noteText(n store.SuggestionNote) string {
	if n.Kind == store.NoteReply {
		return "回复：" + n.Text
	}
	return store.StatusTitle(n.Kind) + "：" + n.Text
}

// ticket is a ticket's number as residents type it: S12.
func ticket(sg store.Suggestion) string { return fmt.Sprintf("S%d", sg.ID) }

// clipText shortens text to max characters for a list line.
func clipText(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max-1]) + "…"
}

// monthDay is a short date for list lines: 11月24日.
func monthDay(t time.Time) string { return fmt.Sprintf("%d月%d日", t.Month(), t.Day()) }
