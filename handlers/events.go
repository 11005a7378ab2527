package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// Activities: building heads and admins start them (发起活动), residents sign
// up with a party (报名 3 2人), seats are counted by people in the database,
// the waitlist moves by itself, and everyone is reminded in time.

func (h *Handlers) eventRoutes() []bot.Route {
	heads := []string{bot.RoleBuildingHead}
	return []bot.Route{
		{Intent: bot.IntentEvents, Title: "看最近的活动", Usage: "活动", Example: "活动", Handle: h.events, Reading: true},
		{Intent: bot.IntentSignup, Title: "报名活动", Usage: "报名 活动编号 [人数]", Example: "报名 3 2人", Handle: h.signup,
			Describe: func(in bot.Intent, _ time.Time) string {
				return fmt.Sprintf("报名 %d号活动 %d人", in.Event, max(in.Party, 1))
			}},
		{Intent: bot.IntentCancelSignup, Title: "取消报名", Usage: "取消报名 活动编号", Example: "取消报名 3", Handle: h.cancelSignup,
			Describe: func(in bot.Intent, _ time.Time) string { return fmt.Sprintf("取消 %d号活动的报名", in.Event) }},
		{Intent: bot.IntentMySignups, Title: "看我的报名", Usage: "我的报名", Example: "我的报名", Handle: h.mySignups},
		{Intent: bot.IntentCreateEvent, Title: "发起活动", Usage: "发起活动 名称 日期 时间 地点 [名额]",
			Example: "发起活动 花卉讲座 11月28日 14:00 党群服务站三楼 30人", Roles: heads, Handle: h.createEvent},
		{Intent: bot.IntentEditEvent, Title: "修改活动", Usage: "修改活动 活动编号 [日期] [时间] [地点] [名额]",
			Example: "修改活动 3 15:00 40人", Roles: heads, Handle: h.editEvent},
		{Intent: bot.IntentCancelEvent, Title: "取消活动", Usage: "取消活动 活动编号", Example: "取消活动 3", Roles: heads, Handle: h.cancelEvent},
		{Intent: bot.IntentRoster, Title: "看报名名单", Usage: "名单 活动编号", Example: "名单 3", Roles: heads, Handle: h.roster},
	}
}

// createEvent is 发起活动: checks, stores, announces to the groups in scope.
func (h *Handlers) createEvent(ctx context.Context, r *bot.Request) error {
	in := r.Intent
	f, err := parseBody(in.Body)
	if err != nil {
		return err
	}
	e := store.Event{Title: in.Title, Place: in.Place, Capacity: in.Capacity, CreatorID: r.Caller.ResidentID,
		Volunteer: in.Volunteer || f.volunteer}
	if e.StartsAt, err = h.eventStart(in.Date, in.Time, time.Time{}); err != nil {
		return err
	}
	if err := h.applyBody(r.Now, &e, f); err != nil {
		return err
	}
	if e.Place == "" {
		return bot.Misuse("请写活动地点。")
	}
	if err := checkEventText(e.Title, e.Place, e.Notes); err != nil {
		return err
	}
	buildings, err := h.eventScope(r.Caller, f.scope)
	if err != nil {
		return err
	}
	if len(buildings) == 0 {
		return bot.Tell("请在第二行写活动范围，如：范围 8号楼")
	}
	if err := h.checkTimes(r.Now, e.StartsAt, e.Deadline); err != nil {
		return err
	}
	if e, err = h.activities.CreateEvent(ctx, e, buildings); err != nil {
		return fmt.Errorf("create event: %w", err)
	}
	told, err := h.toGroups(ctx, r, e, h.announcement(e), signupButton(e))
	if err != nil {
		return err
	}
	lines := []string{fmt.Sprintf("已发起%s %d号 %s", kindOf(e), e.ID, e.Title), h.when(e) + " " + e.Place + "，" + capacityText(e.Capacity)}
	if e.Volunteer {
		lines = append(lines, fmt.Sprintf("活动时大家发「签到 %d」，结束后请发：时长 %d 2小时", e.ID, e.ID))
	}
	if len(told) == 0 {
		lines = append(lines, fmt.Sprintf("%s还没有绑定的群，请把活动编号 %d 告诉大家。", strings.Join(buildings, "、"), e.ID))
	} else {
		lines = append(lines, "已通知："+strings.Join(told, "、"))
	}
	return r.Reply(ctx, bot.Lines(append(lines, fmt.Sprintf("看报名名单请发：名单 %d", e.ID))...))
}

// applyBody puts the detail lines into an activity; times are read once the
// activity's day is known, so 截止 18:00 means 18:00 on that day.
func (h *Handlers) applyBody(now time.Time, e *store.Event, f bodyFields) error {
	for _, set := range []struct {
		v   *string
		dst *string
	}{{f.title, &e.Title}, {f.place, &e.Place}, {f.notes, &e.Notes}} {
		if set.v != nil {
			*set.dst = *set.v
		}
	}
	if f.capacity != nil {
		e.Capacity = *f.capacity
	}
	if f.when != nil {
		t, err := h.parseWhen(*f.when, now, e.StartsAt, e.StartsAt.In(h.cfg.Location).Format("15:04"))
		if err != nil {
			return err
		}
		e.StartsAt = t
	}
	if f.noDeadline {
		e.Deadline = nil
	}
	if f.deadline != nil {
		t, err := h.parseWhen(*f.deadline, now, e.StartsAt, "23:59")
		if err != nil {
			return err
		}
		e.Deadline = &t
	}
	return nil
}

// eventStart reads the intent's date and time; with old set, a missing
// part keeps the old one (修改活动 3 15:00 keeps the day).
func (h *Handlers) eventStart(date, clock string, old time.Time) (time.Time, error) {
	old = old.In(h.cfg.Location)
	if date == "" {
		date = old.Format("2006-01-02")
	}
	if clock == "" {
		clock = old.Format("15:04")
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", date+" "+clock, h.cfg.Location)
	if err != nil {
		return time.Time{}, bot.Misuse("活动的日期或时间看不懂。")
	}
	return t, nil
}

// checkTimes refuses a start in the past and a deadline after the start.
func (h *Handlers) checkTimes(now, starts time.Time, deadline *time.Time) error {
	if !starts.After(now) {
		return bot.Tell("活动时间 %s 已经过去了，请写以后的时间。", bot.DayTime(starts.In(h.cfg.Location)))
	}
	if deadline != nil && deadline.After(starts) {
		return bot.Tell("报名截止时间 %s 晚于活动开始，请写开始以前的时间。", bot.DayTime(deadline.In(h.cfg.Location)))
	}
	if deadline != nil && !deadline.After(now) {
		return bot.Tell("报名截止时间 %s 已经过去了。", bot.DayTime(deadline.In(h.cfg.Location)))
	}
	return nil
}

// eventScope decides the buildings of a new activity: a head's own
// buildings by default, an admin's the whole community; 范围 narrows it.
func (h *Handlers) eventScope(c bot.Caller, asked []string) ([]string, error) {
	if len(asked) == 0 {
		if c.IsAdmin() {
			return []string{store.AllBuildings}, nil
		}
		return c.Buildings(), nil
	}
	for _, b := range asked {
		if c.IsAdmin() || (b != store.AllBuildings && c.HeadOf(b)) {
			continue
		}
		return nil, bot.Tell("您是%s的楼组长，只能为%s发起活动。\n全小区的活动请联系社区工作人员。",
			strings.Join(c.Buildings(), "、"), strings.Join(c.Buildings(), "、"))
	}
	if slices.Contains(asked, store.AllBuildings) {
		return []string{store.AllBuildings}, nil
	}
	return asked, nil
}

// canManage: the creator, a head of a building in scope, or an admin may
// change an activity and see its roster.
func canManage(c bot.Caller, e store.Event) bool {
	if c.IsAdmin() || c.ResidentID == e.CreatorID {
		return true
	}
	for _, b := range e.BuildingNames() {
		if b != store.AllBuildings && c.HeadOf(b) {
			return true
		}
	}
	return false
}

// managed loads an activity the caller may manage, or says why not.
func (h *Handlers) managed(ctx context.Context, r *bot.Request) (store.Event, error) {
	e, err := h.activities.Event(ctx, uint(r.Intent.Event))
	if errors.Is(err, store.ErrNotFound) {
		return e, noEvent(r.Intent.Event)
	}
	if err != nil {
		return e, err
	}
	if !canManage(r.Caller, e) {
		return e, bot.Tell("%d号活动「%s」是别的楼发起的，只有发起人、%s的楼组长和社区工作人员可以管理。",
			e.ID, e.Title, strings.Join(e.BuildingNames(), "、"))
	}
	return e, nil
}

func noEvent(n int) error {
	return bot.Tell("没有找到%d号活动。发「活动」看看最近有哪些活动。", n)
}

// toGroups posts text to every group of the activity's buildings and
// returns the titles of the groups reached.
func (h *Handlers) toGroups(ctx context.Context, to bot.Sender, e store.Event, text string, buttons ...bot.Button) ([]string, error) {
	groups, err := h.chats.GroupsOf(ctx, e.BuildingNames()...)
	if err != nil {
		return nil, fmt.Errorf("groups of event %d: %w", e.ID, err)
	}
	var told []string
	for _, g := range groups {
		chat := bot.Chat{Platform: g.Platform, ID: g.ChatID, Title: g.Title, Group: true}
		if h.send(ctx, to, chat, text, buttons...) {
			told = append(told, g.Title)
		}
	}
	return told, nil
}

func signupButton(e store.Event) bot.Button {
	return bot.Button{Label: "报名", Command: fmt.Sprintf("报名 %d", e.ID)}
}

// announcement is the group message of a new activity.
func (h *Handlers) announcement(e store.Event) string {
	head := "【活动报名】"
	if e.Volunteer {
		head = "【志愿活动报名】"
	}
	return bot.Lines(fmt.Sprintf("%s%d号 %s", head, e.ID, e.Title),
		"时间："+h.when(e),
		"地点："+e.Place,
		"名额："+capacityText(e.Capacity),
		optional("说明：", e.Notes),
		h.deadlineLine(e),
		fmt.Sprintf("报名请回复：报名 %d（几个人就写几人，如：报名 %d 2人）", e.ID, e.ID))
}

// kindOf is what an activity is called in replies: 志愿活动 or 活动.
func kindOf(e store.Event) string {
	if e.Volunteer {
		return "志愿活动"
	}
	return "活动"
}

func (h *Handlers) when(e store.Event) string { return bot.DayTime(e.StartsAt.In(h.cfg.Location)) }

func capacityText(c int) string {
	if c == 0 {
		return "不限人数"
	}
	return fmt.Sprintf("%d人", c)
}

func (h *Handlers) deadlineLine(e store.Event) string {
	if e.Deadline == nil || !e.Deadline.Before(e.StartsAt) {
		return ""
	}
	return "报名截止：" + bot.DayTime(e.Deadline.In(h.cfg.Location))
}

func optional(label, v string) string {
	if v == "" {
		return ""
	}
	return label + v
}
