package coord

import (
	"context"
	"time"
)

// Watch pings Redis every interval until ctx is done and calls report on
// each change of state, first when Redis stops answering (up false, with the
// error) and again when it answers again (up true). The caller stops polling
// and pushing while Redis is down — it can no longer be sure it is the only
// one — keeps answering what it already received, and resumes when told.
func (c *Client) Watch(ctx context.Context, interval time.Duration, report func(up bool, err error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	up := true
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := c.Ping(ctx)
		if ctx.Err() != nil {
			return
		}
		if now := err == nil; now != up {
			up = now
			report(up, err)
		}
	}
}
