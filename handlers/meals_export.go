package handlers

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"linli/store"
)

// mealsHeader is the fixed column order of `linli export meals`.
func mealsHeader() []string {
	return []string{"order", "date", "meal", "name", "platform", "user", "building", "room",
		"quantity", "tier", "unit_price", "total", "status", "booked_at", "picked_up_at"}
}

// ExportMeals shapes meal orders (booked and cancelled) between the query's
// dates as a table for `linli export meals`. Prices are yuan with two
// decimals; the totals row counts booked orders only, as cancelled ones are
// not paid.
func ExportMeals(ctx context.Context, st store.Store, q ExportQuery) (Table, error) {
	oq := store.OrderQuery{}
	if !q.From.IsZero() {
		oq.From = q.From.Format("2006-01-02")
	}
	if !q.To.IsZero() {
		oq.To = q.To.Format("2006-01-02")
	}
	orders, err := st.Orders(ctx, oq)
	if err != nil {
		return Table{}, fmt.Errorf("export meals: %w", err)
	}
	loc := q.Location
	if loc == nil {
		loc = time.UTC
	}
	t := Table{Header: mealsHeader()}
	portions, due := 0, int64(0)
	for _, o := range orders {
		t.Rows = append(t.Rows, []string{orderNo(o.ID), o.Date, o.Meal, o.Name, o.Platform, o.UserID,
			o.Building, o.Room, strconv.Itoa(o.Quantity), o.Tier, yuan2(o.UnitPrice), yuan2(o.Total()),
			o.Status, o.BookedAt.In(loc).Format("2006-01-02 15:04:05"), pickedUp(o, loc)})
		if o.Status == store.OrderBooked {
			portions += o.Quantity
			due += o.Total()
		}
	}
	t.Totals = []string{"total", "", "", "", "", "", "", "", strconv.Itoa(portions), "", "", yuan2(due), store.OrderBooked, "", ""}
	return t, nil
}

// pickedUp is when an order was handed over at the counter (核销), empty
// while it was not.
func pickedUp(o store.OrderLine, loc *time.Location) string {
	if o.PickedUpAt == nil {
		return ""
	}
	return o.PickedUpAt.In(loc).Format("2006-01-02 15:04:05")
}

// yuan2 writes fen as yuan with two decimals, as spreadsheets expect: 12.00.
func yuan2(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}
