package sqldb

import (
	"context"
	"time"

	"linli/store"
)

// Backlog is what waits in the outbox for one platform, for /metrics,
// /healthz and the office's 状态 page.
type Backlog = store.Backlog

// OutboxBacklog reports the unsent messages (pending or being sent) of each
// platform that has any. It reads the queue index, not the sent history.
func (s *Store) OutboxBacklog(ctx context.Context) ([]Backlog, error) {
	var rows []struct {
		Platform string
		Unsent   int
		Oldest   string
	}
	err := s.db.WithContext(ctx).Model(&store.OutboxMessage{}).
		Select("platform, COUNT(*) AS unsent, MIN(created_at) AS oldest").
		Where("status IN ?", []string{store.OutboxPending, store.OutboxSending}).
		Group("platform").Order("platform").Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]Backlog, 0, len(rows))
	for _, r := range rows {
		b := Backlog{Platform: r.Platform, Unsent: r.Unsent}
		b.Oldest, _ = parseStoredTime(r.Oldest)
		out = append(out, b)
	}
	return out, nil
}

// parseStoredTime reads a time as the SQLite driver writes it; MIN() of a
// time column comes back as text.
func parseStoredTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Parse(time.RFC3339Nano, s)
}
