package store

import "time"

// OrderLine is an order with what lists and exports show beside it: the
// meal, who booked and the household they pick up for. Building and Room
// are empty for a person not registered to a household.
type OrderLine struct {
	ID          uint
	MenuID      uint
	ResidentID  uint
	Quantity    int
	Tier        string
	UnitPrice   int64
	Status      string
	BookedAt    time.Time
	CancelledAt *time.Time
	Date        string
	Meal        string
	Cutoff      time.Time
	Name        string
	Platform    string
	UserID      string
	Building    string
	Room        string
	// StandardPrice is the menu's 标准价 now, in fen: what a portion costs
	// without a subsidy, for the settlement (月报).
	StandardPrice int64
	// PickedUpAt is when the order was handed over at the counter (核销);
	// nil: not yet.
	PickedUpAt *time.Time
	// ActedBy is the name of the liaison, head or admin who booked it for
	// the household with 代; empty when the person booked it.
	ActedBy string
}

// Total is what the order costs, in fen.
func (l OrderLine) Total() int64 { return int64(l.Quantity) * l.UnitPrice }

// OrderQuery selects orders. Empty fields select everything.
type OrderQuery struct {
	From, To   string // YYYY-MM-DD, inclusive
	Meal       string
	BookedOnly bool
}
