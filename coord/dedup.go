package coord

import "context"

// FirstHandling records a platform message id as seen and reports whether
// this replica is the first to see it, so a message delivered to several
// replicas (or redelivered) is handled once. It has the shape of the
// router's deduplicator; the database stays the durable record behind it.
func (c *Client) FirstHandling(ctx context.Context, platform, messageID string) (bool, error) {
	return c.setNX(ctx, c.key("handled", platform, messageID), "1", c.opts.HandledTTL)
}
