package store

import "context"

// PickupLists is the canteen counter's list of a day (the office's 今日 /
// 食堂 page): up to a few thousand orders, read on every visit.
type PickupLists interface {
	// PickupList lists the booked orders of the menus dated date (YYYY-MM-DD)
	// with only what the counter's list shows — ID, MenuID, Quantity, Tier,
	// UnitPrice, PickedUpAt, Name, Building and Room; the other fields are
	// left empty — in no particular order. Orders has everything, at twice
	// the cost for a day of 4,000 orders.
	PickupList(ctx context.Context, date string) ([]OrderLine, error)
}
