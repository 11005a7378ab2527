package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"linli/bot"
	"linli/store"
)

// Role-like marks that are flags on a resident rather than roles: they set
// a price tier, not what a person may do.
const (
	markElder  = "elder"
	markWorker = "worker"
)

func (h *Handlers) roleRoutes() []bot.Route {
	return []bot.Route{
		{Intent: bot.IntentSetRole, Title: "设置楼组长、食堂或管理员", Usage: "设置楼组长 @某人 <楼栋>｜设置联络员 @某人 <楼栋>｜设置食堂 @某人｜设置管理员 @某人",
			Example: "设置楼组长 @张阿姨 8号楼", Roles: admin, Handle: h.setRole},
		{Intent: bot.IntentRevokeRole, Title: "取消身份", Usage: "取消楼组长 @某人 [楼栋]｜取消食堂 @某人｜取消管理员 @某人｜取消长者 @某人｜取消爱心餐 @某人",
			Example: "取消楼组长 @张阿姨", Roles: admin, Handle: h.revokeRole},
		{Intent: bot.IntentVerifyElder, Title: "认证长者（助老价）", Usage: "认证长者 @某人", Example: "认证长者 @王伯伯", Roles: admin, Handle: h.verifyElder},
		{Intent: bot.IntentVerifyWorker, Title: "认证爱心餐（快递、环卫等）", Usage: "认证爱心餐 @某人", Example: "认证爱心餐 @小刘", Roles: admin, Handle: h.verifyWorker},
	}
}

// target resolves whom a role command is about to one person: the one
// whose message it replies to, the account the platform named (a Telegram
// text mention), the account last seen with an @username (Telegram, where
// a display name is never enough), else someone seen in this chat under
// that name, else someone on the platform by that name. Two people with
// one name get a question back, never a guess.
func (h *Handlers) target(ctx context.Context, r *bot.Request) (store.Resident, error) {
	name := r.Intent.Target
	if q := r.Msg.Quoted; name == "" && q != nil && q.ID != "" {
		return h.people.TouchResident(ctx, q.Platform, q.ID, q.Name)
	}
	if name == "" {
		return store.Resident{}, bot.Misuse("请用 @ 点名要设置的人。")
	}
	for _, u := range r.Msg.Mentions {
		if u.ID == "" {
			continue // a name without an account: never make one up
		}
		if u.Name == name || u.ID == name || (u.Handle != "" && strings.EqualFold(u.Handle, name)) {
			return h.people.TouchResident(ctx, u.Platform, u.ID, u.Name)
		}
	}
	if r.Msg.Chat.Platform == bot.Telegram {
		return h.byHandle(ctx, name)
	}
	found, err := h.named(ctx, r, name)
	if err != nil {
		return store.Resident{}, err
	}
	switch len(found) {
	case 0:
		return store.Resident{}, bot.Tell("没找到叫「%s」的人。\n请对方先在群里说一句话，我认识了再设置。", name)
	case 1:
		return found[0], nil
	}
	return store.Resident{}, bot.Tell("有%d位都叫「%s」，我分不清是哪一位。\n请对方把群昵称改得不一样（比如加上房号），说句话后再设置。", len(found), name)
}

// byHandle is the Telegram account last seen with @handle. A display name
// is what anyone may call themselves, so it is never looked up.
func (h *Handlers) byHandle(ctx context.Context, handle string) (store.Resident, error) {
	handle = strings.TrimPrefix(handle, "@")
	res, err := h.people.ResidentByHandle(ctx, bot.Telegram, handle)
	if errors.Is(err, store.ErrNotFound) {
		return store.Resident{}, bot.Tell("没找到 @%s。\n请 @ 对方的用户名（对方要先在群里说过话），或者回复对方的一条消息再发这条命令。", handle)
	}
	return res, err
}

// named lists the people seen under name in this chat, else anywhere on
// the platform.
func (h *Handlers) named(ctx context.Context, r *bot.Request, name string) ([]store.Resident, error) {
	if r.Msg.Chat.Group {
		c, err := h.chats.Chat(ctx, r.Msg.Chat.Platform, r.Msg.Chat.ID)
		if err != nil {
			return nil, err
		}
		found, err := h.chats.MembersNamed(ctx, c.ID, name)
		if err != nil || len(found) > 0 {
			return found, err
		}
	}
	return h.people.ResidentsNamed(ctx, r.Msg.Chat.Platform, name)
}

// unverified refuses a privilege for an account known only by a name.
func unverified(who store.Resident) error {
	if userOf(who).Verified() {
		return nil
	}
	return bot.Tell("「%s」还没有加我为好友，我认不准是哪一位（谁都可以改成这个名字）。\n请对方加本账号为好友、私聊我说一句话，然后再设置。", who.Name)
}

func (h *Handlers) setRole(ctx context.Context, r *bot.Request) error {
	role, building := r.Intent.Role, r.Intent.Building
	byBuilding := role == bot.RoleBuildingHead || role == bot.RoleLiaison
	if byBuilding && building == "" {
		return bot.Misuse("请写上是哪栋楼的%s。", bot.RoleTitle(role))
	}
	if !byBuilding {
		building = ""
	}
	if r.Msg.Chat.Platform == bot.WeChat {
		return bot.Tell("在微信上，身份要用一次性验证码交给本人（谁都能改成别人的名字）：\n1. 私聊我发「%s」，我回您一个验证码；\n2. 当面把验证码交给本人；\n3. 本人加我为好友，私聊我发「验证 验证码」。", codeCommand(role, building))
	}
	who, err := h.target(ctx, r)
	if err != nil {
		return err
	}
	granted, err := h.roles.Grant(ctx, who.ID, role, building, "")
	if err != nil {
		return err
	}
	title := building + bot.RoleTitle(role)
	if !granted {
		return r.Reply(ctx, fmt.Sprintf("%s 本来就是%s。", who.Name, title))
	}
	h.send(ctx, r, privateChat(who), fmt.Sprintf("您已被设为%s。\n发「帮助」可以看到能用的命令。", title))
	return r.Reply(ctx, fmt.Sprintf("已设置：%s 是%s。", who.Name, title))
}

func (h *Handlers) revokeRole(ctx context.Context, r *bot.Request) error {
	who, err := h.target(ctx, r)
	if err != nil {
		return err
	}
	role, building := r.Intent.Role, r.Intent.Building
	var title string
	switch role {
	case markElder, markWorker:
		off := false
		if role == markElder {
			err, title = h.people.SetFlags(ctx, who.ID, &off, nil), "长者认证"
		} else {
			err, title = h.people.SetFlags(ctx, who.ID, nil, &off), "爱心餐认证"
		}
	case bot.RoleBuildingHead, bot.RoleCanteenManager, bot.RoleAdmin, bot.RoleLiaison:
		if role == bot.RoleAdmin && who.ID == r.Caller.ResidentID {
			return bot.Tell("不能取消自己的管理员身份，请另一位管理员来操作。")
		}
		err, title = h.roles.Revoke(ctx, who.ID, role, building), building+bot.RoleTitle(role)
	default:
		return bot.Misuse("请说明要取消哪种身份。")
	}
	if errors.Is(err, store.ErrNotFound) {
		return bot.Tell("%s 本来就不是%s。", who.Name, title)
	}
	if err != nil {
		return err
	}
	h.send(ctx, r, privateChat(who), fmt.Sprintf("您的%s已被社区工作人员取消。\n如有疑问请联系社区工作人员。", title))
	return r.Reply(ctx, fmt.Sprintf("已取消 %s 的%s。", who.Name, title))
}

func (h *Handlers) verifyElder(ctx context.Context, r *bot.Request) error {
	return h.verify(ctx, r, true)
}

func (h *Handlers) verifyWorker(ctx context.Context, r *bot.Request) error {
	return h.verify(ctx, r, false)
}

// verify sets a price tier after an admin has checked it in person.
func (h *Handlers) verify(ctx context.Context, r *bot.Request, elder bool) error {
	who, err := h.target(ctx, r)
	if err != nil {
		return err
	}
	if err := unverified(who); err != nil {
		return err
	}
	on := true
	tier, note := "长者", "订餐按助老价计算"
	if elder {
		err = h.people.SetFlags(ctx, who.ID, &on, nil)
	} else {
		err = h.people.SetFlags(ctx, who.ID, nil, &on)
		tier, note = "爱心餐", "午餐按爱心餐价格计算"
	}
	if err != nil {
		return err
	}
	h.send(ctx, r, privateChat(who), fmt.Sprintf("您已通过%s认证，%s。", tier, note))
	return r.Reply(ctx, fmt.Sprintf("已认证：%s（%s），%s。", who.Name, tier, note))
}
