package store

import (
	"context"
	"errors"
	"time"
)

// Price tiers of a meal order, as stored and exported.
const (
	TierStandard = "standard" // 标准价
	TierElder    = "elder"    // 助老价: verified residents of 60 and over
	TierWorker   = "worker"   // 爱心餐: registered delivery and sanitation workers
)

// Order statuses, as stored and exported.
const (
	OrderBooked    = "booked"
	OrderCancelled = "cancelled"
)

// Errors of booking a meal beyond those of store.go.
var (
	// ErrStopped: the canteen does not serve this meal (停餐).
	ErrStopped = errors.New("meal not served")
	// ErrPastCutoff: the meal's booking cut-off has passed.
	ErrPastCutoff = errors.New("past the cut-off")
)

// Menu is one meal of one day: what is cooked, what a portion costs per
// tier, how many portions may be booked and until when. Booked is kept
// beside Capacity so that the capacity check is one conditional UPDATE.
type Menu struct {
	ID          uint
	Date        string // YYYY-MM-DD, community time zone
	Meal        string // breakfast, lunch, dinner
	Price       int64  // fen, 标准价
	ElderPrice  int64  // fen, 助老价
	WorkerPrice *int64 // fen, 爱心餐; nil: this meal has no 爱心餐 price
	Capacity    int    // portions; 0 means no limit
	Booked      int    // portions in booked orders
	Cutoff      time.Time
	// Stopped marks a meal without service (停餐): nothing can be booked.
	Stopped bool
	// StatsSentAt is set once the kitchen list was pushed at the cut-off.
	StatsSentAt *time.Time
	Dishes      []Dish
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Dish is one line of a menu; Price (fen, 0 if not given) is shown only.
type Dish struct {
	ID       uint
	MenuID   uint
	Position int
	Name     string
	Price    int64
}

// MealOrder is one person's portions of one meal: at most one per person and
// menu, so booking again changes the quantity instead of adding an order. Its
// ID is the D-number residents quote.
type MealOrder struct {
	ID          uint
	MenuID      uint
	Menu        Menu
	ResidentID  uint
	Resident    Resident
	Quantity    int
	Tier        string
	UnitPrice   int64 // fen, the price agreed when booked
	Status      string
	BookedAt    time.Time
	UpdatedAt   time.Time
	CancelledAt *time.Time
	// PickedUpAt is when the order was handed over at the counter (核销).
	PickedUpAt *time.Time
	// ActedByID is the liaison, head or admin who booked it for the
	// household with 代; nil when the person booked it themselves.
	ActedByID *uint
}

// Total is what the order costs, in fen.
func (o MealOrder) Total() int64 { return int64(o.Quantity) * o.UnitPrice }

// PriceFor is the tier and unit price a resident pays for this meal: the
// cheapest tier they qualify for.
func (m Menu) PriceFor(elder, worker bool) (tier string, fen int64) {
	tier, fen = TierStandard, m.Price
	if elder && m.ElderPrice < fen {
		tier, fen = TierElder, m.ElderPrice
	}
	if worker && m.WorkerPrice != nil && *m.WorkerPrice < fen {
		tier, fen = TierWorker, *m.WorkerPrice
	}
	return tier, fen
}

// Left is how many portions may still be booked; -1 means no limit.
func (m Menu) Left() int {
	if m.Capacity == 0 {
		return -1
	}
	return max(m.Capacity-m.Booked, 0)
}

// MenuInput is a menu as the canteen manager writes it.
type MenuInput struct {
	Date, Meal  string
	Dishes      []Dish
	Price       int64
	ElderPrice  int64
	WorkerPrice *int64
	Capacity    int
	Cutoff      time.Time
}

// Meals are the canteen: menus set by the canteen manager, bookings held
// against a capacity and a per-household cap, stops, cut-offs and the
// kitchen lists pushed once a meal closes.
type Meals interface {
	SetMenu(ctx context.Context, in MenuInput) (Menu, error)
	MenuOf(ctx context.Context, date, meal string) (Menu, error)
	MenusOn(ctx context.Context, date string) ([]Menu, error)
	BookMeal(ctx context.Context, in BookInput) (Booking, error)
	CancelMeal(ctx context.Context, orderID, by uint, at time.Time) (OrderLine, error)
	StopMeals(ctx context.Context, date string, cutoffs map[string]time.Time, at time.Time) ([]OrderLine, error)
	Orders(ctx context.Context, q OrderQuery) ([]OrderLine, error)
	OrdersOfHousehold(ctx context.Context, residentID uint, from string) ([]OrderLine, error)
	DueCutoffs(ctx context.Context, after, upTo time.Time) ([]Menu, error)
	ClaimStatsPush(ctx context.Context, menuID uint) (bool, error)
}
