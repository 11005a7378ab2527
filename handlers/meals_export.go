package handlers

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"linli/store"
)

// mealsColumns are the fixed columns of `linli export meals`.
func mealsColumns() []column {
	return []column{{"订单号", "order", KindText}, {"日期", "date", KindDate}, {"餐次", "meal", KindText},
		{"姓名", "name", KindText}, {"平台", "platform", KindText}, {"账号", "user", KindText},
		{"楼栋", "building", KindText}, {"房号", "room", KindText}, {"份数", "quantity", KindNumber},
		{"价格档", "tier", KindText}, {"单价", "unit_price", KindNumber}, {"金额", "total", KindNumber},
		{"状态", "status", KindText}, {"预订时间", "booked_at", KindDateTime},
		{"取餐时间", "picked_up_at", KindDateTime}, {"代办人", "acted_by", KindText}}
}

// ExportMeals shapes meal orders (booked and cancelled) between the query's
// dates as a table for `linli export meals`. Prices are yuan with two
// decimals; the totals count booked orders only, as cancelled ones are not
// paid: one subtotal for each date and meal (what the kitchen cooks and the
// office collects for that meal), then the grand total.
func ExportMeals(ctx context.Context, st store.Meals, q ExportQuery) (Table, error) {
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
	loc := q.location()
	t := newTable(mealsColumns(), q)
	type sum struct {
		date, meal string
		portions   int
		due        int64
	}
	var sums []sum // per date and meal, in the orders' order
	at := map[[2]string]int{}
	all := sum{}
	for _, o := range orders {
		t.Rows = append(t.Rows, []string{orderNo(o.ID), o.Date, q.word("meal", o.Meal), o.Name,
			q.word("platform", o.Platform), o.UserID, o.Building, o.Room, strconv.Itoa(o.Quantity),
			q.word("tier", o.Tier), yuan2(o.UnitPrice), yuan2(o.Total()), q.word("order", o.Status),
			o.BookedAt.In(loc).Format("2006-01-02 15:04:05"), pickedUp(o, loc), o.ActedBy})
		if o.Status != store.OrderBooked {
			continue
		}
		i, ok := at[[2]string{o.Date, o.Meal}]
		if !ok {
			i = len(sums)
			at[[2]string{o.Date, o.Meal}] = i
			sums = append(sums, sum{date: o.Date, meal: o.Meal})
		}
		sums[i].portions += o.Quantity
		sums[i].due += o.Total()
		all.portions += o.Quantity
		all.due += o.Total()
	}
	booked := q.word("order", store.OrderBooked)
	for _, s := range sums {
		t.Subtotals = append(t.Subtotals, []string{q.label("小计", "subtotal"), s.date, q.word("meal", s.meal),
			"", "", "", "", "", strconv.Itoa(s.portions), "", "", yuan2(s.due), booked, "", "", ""})
	}
	t.Totals = []string{q.label("合计", "total"), "", "", "", "", "", "", "", strconv.Itoa(all.portions), "", "", yuan2(all.due), booked, "", "", ""}
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
