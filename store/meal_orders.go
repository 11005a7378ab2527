package store

import "time"

// BookInput is one booking request: set this person's portions of one meal.
type BookInput struct {
	Date, Meal    string
	ResidentID    uint
	Quantity      int
	Elder, Worker bool // the resident's tiers, as verified by an admin
	At            time.Time
	// HouseholdMost caps the portions of a limited meal (限量) one household
	// may hold across all its accounts (canteen.max_per_household); someone
	// in no household is a household of one. 0 means no cap.
	HouseholdMost int
	// Add adds Quantity to what the person has booked of the meal (再订一份)
	// instead of setting it, inside the booking's transaction.
	Add bool
	// ActedBy is the liaison, head or admin booking for the household (代);
	// 0 when the person books for themselves.
	ActedBy uint
}

// Booking is what a booking did. Before is the quantity the person had
// booked already (0 for a new order), so a reply can say "改为 3份".
// With ErrFull, Menu and Before say what is left; with ErrHouseholdLimit,
// Household is the portions the household holds already (this account's
// included).
type Booking struct {
	Order     MealOrder
	Menu      Menu
	Before    int
	Household int
}
