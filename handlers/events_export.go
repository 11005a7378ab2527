package handlers

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"linli/store"
)

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
	loc := q.Location
	if loc == nil {
		loc = time.UTC
	}
	t := Table{Header: []string{"event", "title", "date", "time", "place", "name", "platform", "user",
		"building", "room", "party", "status", "position", "signed_up_at"}}
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
			su.Event.Place, su.Resident.Name, su.Resident.Platform, su.Resident.UserID, building, room,
			strconv.Itoa(su.Party), su.Status, position, su.SignedUpAt.In(loc).Format("2006-01-02 15:04:05"),
		})
	}
	return t, nil
}
