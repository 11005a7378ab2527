package store

import (
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
	ID          uint      `gorm:"primaryKey"`
	Date        string    `gorm:"not null;uniqueIndex:idx_menu_meal"` // YYYY-MM-DD, community time zone
	Meal        string    `gorm:"not null;uniqueIndex:idx_menu_meal"` // breakfast, lunch, dinner
	Price       int64     `gorm:"not null;default:0"`                 // fen, 标准价
	ElderPrice  int64     `gorm:"not null;default:0"`                 // fen, 助老价
	WorkerPrice *int64    // fen, 爱心餐; nil: this meal has no 爱心餐 price
	Capacity    int       `gorm:"not null;default:0"` // portions; 0 means no limit
	Booked      int       `gorm:"not null;default:0"` // portions in booked orders
	Cutoff      time.Time `gorm:"not null;index"`
	// Stopped marks a meal without service (停餐): nothing can be booked.
	Stopped bool `gorm:"not null;default:false"`
	// StatsSentAt is set once the kitchen list was pushed at the cut-off.
	StatsSentAt *time.Time
	Dishes      []Dish `gorm:"constraint:OnDelete:CASCADE"`
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Dish is one line of a menu; Price (fen, 0 if not given) is shown only.
type Dish struct {
	ID       uint   `gorm:"primaryKey"`
	MenuID   uint   `gorm:"not null;index"`
	Position int    `gorm:"not null"`
	Name     string `gorm:"not null"`
	Price    int64  `gorm:"not null;default:0"`
}

// MealOrder is one person's portions of one meal: at most one per person and
// menu, so booking again changes the quantity instead of adding an order. Its
// ID is the D-number residents quote.
type MealOrder struct {
	ID          uint     `gorm:"primaryKey"`
	MenuID      uint     `gorm:"not null;uniqueIndex:idx_order_person;index:idx_order_status_menu,priority:2"`
	Menu        Menu     `gorm:"constraint:OnDelete:CASCADE"`
	ResidentID  uint     `gorm:"not null;uniqueIndex:idx_order_person;index"`
	Resident    Resident `gorm:"constraint:OnDelete:CASCADE"`
	Quantity    int      `gorm:"not null"`
	Tier        string   `gorm:"not null"`
	UnitPrice   int64    `gorm:"not null"` // fen, the price agreed when booked
	Status      string   `gorm:"not null;index:idx_order_status_menu,priority:1"`
	BookedAt    time.Time
	UpdatedAt   time.Time
	CancelledAt *time.Time
	// PickedUpAt is when the order was handed over at the counter (核销).
	PickedUpAt *time.Time
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
