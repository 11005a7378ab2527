package handlers

import (
	"context"
	"fmt"
	"strconv"

	"linli/store"
)

// signupsColumns are the fixed columns of `linli export signups`.
func signupsColumns() []column {
	return []column{{"活动号", "event", KindNumber}, {"活动", "title", KindText}, {"日期", "date", KindDate},
		{"时间", "time", KindText}, {"地点", "place", KindText}, {"姓名", "name", KindText},
		{"平台", "platform", KindText}, {"账号", "user", KindText}, {"楼栋", "building", KindText},
		{"房号", "room", KindText}, {"人数", "party", KindNumber}, {"状态", "status", KindText},
		{"候补位次", "position", KindNumber}, {"报名时间", "signed_up_at", KindDateTime}, {"代办人", "acted_by", KindText}}
}

// ExportSignups shapes every sign-up (confirmed, waitlisted, cancelled) for
// `linli export signups`: one activity with --event, or the activities
// starting between --from and --to (inclusive dates).
func ExportSignups(ctx context.Context, st store.Events, q ExportQuery) (Table, error) {
	to := q.To
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1)
	}
	ss, err := st.ExportSignups(ctx, uint(q.Event), q.From, to)
	if err != nil {
		return Table{}, fmt.Errorf("export signups: %w", err)
	}
	actors, err := actorNames(ctx, st, ss)
	if err != nil {
		return Table{}, fmt.Errorf("export signups: %w", err)
	}
	loc := q.location()
	t := newTable(signupsColumns(), q)
	line := map[uint]int{} // waitlist positions so far, per activity
	for _, su := range ss {
		position := ""
		if su.Status == store.SignupWaitlist {
			line[su.EventID]++
			position = strconv.Itoa(line[su.EventID])
		}
		building, room := "", ""
		if h := su.Resident.Household; h != nil {
			building, room = h.Building, h.Room
		}
		starts := su.Event.StartsAt.In(loc)
		t.Rows = append(t.Rows, []string{
			strconv.Itoa(int(su.EventID)), su.Event.Title, starts.Format("2006-01-02"), starts.Format("15:04"),
			su.Event.Place, su.Resident.Name, q.word("platform", su.Resident.Platform), su.Resident.UserID, building, room,
			strconv.Itoa(su.Party), q.word("signup", su.Status), position, su.SignedUpAt.In(loc).Format("2006-01-02 15:04:05"),
			actors[ptrID(su.ActedByID)],
		})
	}
	return t, nil
}

// actorNames are the names of those who signed households up with 代, by
// account, when the store can name people (the database can; a store that
// cannot leaves the column empty).
func actorNames(ctx context.Context, st store.Events, ss []store.Signup) (map[uint]string, error) {
	names, ok := st.(store.Names)
	if !ok {
		return nil, nil
	}
	var ids []uint
	for _, su := range ss {
		if su.ActedByID != nil {
			ids = append(ids, *su.ActedByID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return names.NamesOf(ctx, ids)
}

func ptrID(id *uint) uint {
	if id == nil {
		return 0
	}
	return *id
}
