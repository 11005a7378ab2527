// Package store is Linli's data: the records every feature keeps (people,
// chats, roles, menus, orders, activities, suggestions, the outbox) and the
// operations on them, as one narrow interface per feature (Chats, People,
// Roles, Codes, Households, PersonalData, Meals, Events, Signups, Notices,
// Suggestions, Outbox, Handling, Jobs, Database), each declared beside its
// records. It imports no database driver and its records carry no mapping,
// so handlers and the scheduler depend on what is kept, not on how, and
// each on only what it uses: store/sqldb implements every interface with
// gorm over SQLite or PostgreSQL, and keeps the mapping to tables there.
//
// Correctness under concurrency is the implementation's duty: every method
// that decides (a booking against a capacity, a sign-up against seats, a
// claim of a scheduled run) does so atomically in the database. Methods
// return the package's errors (ErrNotFound, ErrDuplicate, ErrFull …) for
// callers' errors.Is.
package store

import "context"

// Database is the store as a whole, for the composition root: its schema
// version for health and the release check, a ping for readiness, and
// closing on shutdown. No feature needs it.
type Database interface {
	SchemaVersion(ctx context.Context) (int, error)
	Ping(ctx context.Context) error
	Close() error
}
