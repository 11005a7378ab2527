package sqldb

import (
	"context"

	"linli/store"
)

// InsertHousehold inserts a household with a plain INSERT (no upsert), so
// tests can see how each driver's unique violation is reported.
func (s *Store) InsertHousehold(ctx context.Context, building, room string) error {
	return translate(s.db.WithContext(ctx).Create(&store.Household{Building: building, Room: room, CreatedAt: s.now()}).Error)
}
