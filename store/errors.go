package store

import "errors"

// Errors callers test with errors.Is. The implementation translates its
// driver's errors into these; gorm's own never reach a caller.
var (
	ErrNotFound  = errors.New("not found")
	ErrDuplicate = errors.New("already exists")
	ErrFull      = errors.New("no capacity left")
	ErrConflict  = errors.New("changed by someone else")
	ErrClosed    = errors.New("closed")
	// ErrHouseholdLimit: one household (all its accounts together) would
	// hold more of a limited meal or activity than the per-household cap.
	ErrHouseholdLimit = errors.New("household limit reached")
)
