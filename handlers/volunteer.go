package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// Volunteer hours (志愿服务): people check in at an activity while it is on
// (签到 3), or its organiser checks them in (签到 3 @某人); the organiser
// sets how long it counts for (时长 3 2小时), which makes it a volunteer
// activity; 我的志愿时长 adds up a person's year.

// checkinEarly and checkinLate are when someone may check themselves in,
// around an activity's start.
const (
	checkinEarly = time.Hour
	checkinLate  = 6 * time.Hour
)

func (h *Handlers) volunteerRoutes() []bot.Route {
	if h.volunteering == nil {
		return nil
	}
	return []bot.Route{
		{Intent: bot.IntentCheckin, Title: "活动签到（志愿服务）", Usage: "签到 <活动编号>", Example: "签到 3", Handle: h.checkin, Brief: true},
		{Intent: bot.IntentMyHours, Title: "看我今年的志愿时长", Usage: "我的志愿时长", Example: "我的志愿时长", Handle: h.myHours, Brief: true},
		{Intent: bot.IntentSetHours, Title: "记活动的志愿时长", Usage: "时长 <活动编号> <时长>", Example: "时长 3 2小时",
			Roles: []string{bot.RoleBuildingHead}, Handle: h.setHours},
	}
}

// activity finds an activity that is on (not cancelled).
func (h *Handlers) activity(ctx context.Context, n int) (store.Event, error) {
	e, err := h.activities.Event(ctx, uint(n))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return e, bot.Tell("没有 %d号活动。发「活动」看看最近的活动。", n)
	case err != nil:
		return e, fmt.Errorf("event %d: %w", n, err)
	case e.Status == store.EventCancelled:
		return e, bot.Tell("%d号活动「%s」已经取消了。", e.ID, e.Title)
	}
	return e, nil
}

// volunteerActivity is an activity marked 志愿 when it was started (发起活动
// … 志愿): only those count hours, so a 签到 at a talk does not.
func (h *Handlers) volunteerActivity(ctx context.Context, n int, so string) (store.Event, error) {
	e, err := h.activity(ctx, n)
	if err == nil && !e.Volunteer {
		return e, bot.Tell("%d号活动「%s」不是志愿活动，%s。\n志愿活动在发起时写上「志愿」，如：发起活动 楼道清扫 周六 9:00 8号楼门口 志愿", e.ID, e.Title, so)
	}
	return e, err
}

// organises: the activity's organiser, a head of one of its buildings, or
// an admin.
func organises(c bot.Caller, e store.Event) bool {
	return e.CreatorID == c.ResidentID || c.IsAdmin() || slices.ContainsFunc(e.BuildingNames(), c.HeadOf)
}

func (h *Handlers) checkin(ctx context.Context, r *bot.Request) error {
	e, err := h.volunteerActivity(ctx, r.Intent.Event, "不用签到")
	if err != nil {
		return err
	}
	starts := e.StartsAt.In(h.cfg.Location)
	if r.Now.Before(starts.Add(-checkinEarly)) {
		return bot.Tell("%d号活动「%s」%s 开始，到时再签到。", e.ID, e.Title, bot.DayTime(starts))
	}
	who, by := r.Caller.ResidentID, "您"
	if r.Intent.Target != "" {
		if !organises(r.Caller, e) {
			return bot.Tell("只有活动的发起人、楼组长和社区工作人员能替别人签到。")
		}
		t, err := h.target(ctx, r)
		if err != nil {
			return err
		}
		who, by = t.ID, t.Name
	} else if r.Now.After(starts.Add(checkinLate)) {
		return bot.Tell("%d号活动已经结束，签到请找活动发起人补记。", e.ID)
	}
	first, err := h.volunteering.CheckIn(ctx, e.ID, who, r.Caller.ResidentID, r.Now)
	if err != nil {
		return fmt.Errorf("check in at event %d: %w", e.ID, err)
	}
	if !first {
		return r.Reply(ctx, fmt.Sprintf("%s已经签到过 %d号活动了。", by, e.ID))
	}
	if r.Intent.Target != "" {
		return r.Reply(ctx, fmt.Sprintf("已为%s签到：%d号活动「%s」。", by, e.ID, e.Title))
	}
	return r.Reply(ctx, fmt.Sprintf("已签到：%d号活动「%s」。谢谢参与！", e.ID, e.Title))
}

func (h *Handlers) setHours(ctx context.Context, r *bot.Request) error {
	e, err := h.volunteerActivity(ctx, r.Intent.Event, "不记志愿时长")
	if err != nil {
		return err
	}
	if !organises(r.Caller, e) {
		return bot.Tell("%d号活动的时长由它的发起人、楼组长或社区工作人员记。", e.ID)
	}
	if r.Now.Before(e.StartsAt) {
		return bot.Tell("%d号活动还没开始，结束后再记时长。", e.ID)
	}
	if err := h.volunteering.SetEventMinutes(ctx, e.ID, r.Intent.Minutes, r.Caller.ResidentID, r.Now); err != nil {
		return fmt.Errorf("hours of event %d: %w", e.ID, err)
	}
	n, err := h.volunteering.CheckedIn(ctx, e.ID)
	if err != nil {
		return fmt.Errorf("check-ins of event %d: %w", e.ID, err)
	}
	return r.Reply(ctx, fmt.Sprintf("已记：%d号活动「%s」志愿时长 %s。\n已签到 %d人，每人记 %s。", e.ID, e.Title,
		hoursText(r.Intent.Minutes), n, hoursText(r.Intent.Minutes)))
}

// yearOf is the calendar year around t in loc: its first instant and the
// next year's.
func yearOf(t time.Time, loc *time.Location) (time.Time, time.Time) {
	from := time.Date(t.In(loc).Year(), 1, 1, 0, 0, 0, 0, loc)
	return from, from.AddDate(1, 0, 0)
}

func (h *Handlers) myHours(ctx context.Context, r *bot.Request) error {
	from, to := yearOf(r.Now, h.cfg.Location)
	recs, err := h.volunteering.VolunteerRecords(ctx, from, to, r.Caller.ResidentID)
	if err != nil {
		return fmt.Errorf("volunteer hours of %d: %w", r.Caller.ResidentID, err)
	}
	if len(recs) == 0 {
		return r.Reply(ctx, fmt.Sprintf("您%d年还没有志愿时长记录。\n参加志愿活动时发「签到 活动编号」。", from.Year()))
	}
	total := 0
	var lines []string
	for _, rec := range recs {
		total += rec.Minutes
		lines = append(lines, fmt.Sprintf("%s %s %s", rec.StartsAt.In(h.cfg.Location).Format("1月2日"), rec.Title, hoursText(rec.Minutes)))
	}
	head := fmt.Sprintf("您%d年的志愿服务：%d次，共 %s", from.Year(), len(recs), hoursText(total))
	return r.Reply(ctx, strings.Join(append([]string{head}, pageOf(lines, bot.MaxLines-1, r.Intent.Page, "我的志愿时长")...), "\n"))
}

// hoursText is a length as people say it: 2小时, 1.5小时, 45分钟.
func hoursText(minutes int) string {
	switch {
	case minutes < 60:
		return fmt.Sprintf("%d分钟", minutes)
	case minutes%60 == 0:
		return fmt.Sprintf("%d小时", minutes/60)
	case minutes%6 == 0:
		return fmt.Sprintf("%d.%d小时", minutes/60, minutes%60/6)
	}
	return fmt.Sprintf("%d小时%d分钟", minutes/60, minutes%60)
}

// ExportVolunteers is `linli export volunteers`: a row per person for the
// year of --from (or this year), with their activities and hours, then a
// row per team (building) with its totals.
func ExportVolunteers(ctx context.Context, vs store.Volunteering, q ExportQuery) (Table, error) {
	t := Table{Header: []string{"year", "team", "name", "room", "activities", "hours"}}
	loc := q.Location
	if loc == nil {
		loc = time.UTC
	}
	at := q.From
	if at.IsZero() {
		at = q.Now
	}
	if at.IsZero() {
		at = time.Now()
	}
	from, to := yearOf(at, loc)
	recs, err := vs.VolunteerRecords(ctx, from, to, 0)
	if err != nil {
		return Table{}, fmt.Errorf("export volunteers: %w", err)
	}
	type sum struct {
		team, name, room string
		activities       int
		minutes          int
		people           map[uint]bool
	}
	people, teams := map[uint]*sum{}, map[string]*sum{}
	for _, rec := range recs {
		p := people[rec.ResidentID]
		if p == nil {
			p = &sum{team: rec.Building, name: rec.Name, room: rec.Room}
			people[rec.ResidentID] = p
		}
		p.activities, p.minutes = p.activities+1, p.minutes+rec.Minutes
		tm := teams[rec.Building]
		if tm == nil {
			tm = &sum{team: rec.Building, people: map[uint]bool{}}
			teams[rec.Building] = tm
		}
		tm.activities, tm.minutes, tm.people[rec.ResidentID] = tm.activities+1, tm.minutes+rec.Minutes, true
	}
	year := fmt.Sprint(from.Year())
	hours := func(m int) string { return fmt.Sprintf("%.1f", float64(m)/60) }
	var rows, totals [][]string
	for _, p := range people {
		rows = append(rows, []string{year, p.team, p.name, p.room, fmt.Sprint(p.activities), hours(p.minutes)})
	}
	for _, tm := range teams {
		totals = append(totals, []string{year, tm.team, fmt.Sprintf("（全队%d人）", len(tm.people)), "", fmt.Sprint(tm.activities), hours(tm.minutes)})
	}
	for _, rs := range [][][]string{rows, totals} {
		sort.Slice(rs, func(i, j int) bool { return strings.Join(rs[i], ",") < strings.Join(rs[j], ",") })
	}
	t.Rows = append(rows, totals...)
	return t, nil
}
