package bot

import "time"

// Pacing is how fast the outbox may send on one platform. Chat networks
// restrict accounts that send in bursts, so every limit here is a floor the
// outbox keeps even when many messages wait. Zero values mean no limit.
type Pacing struct {
	// PerChat is the least time between two messages to one chat.
	PerChat time.Duration
	// GroupPerMinute caps messages a minute to one group chat.
	GroupPerMinute int
	// PerSecond caps messages a second across the platform.
	PerSecond int
	// PerMinute caps messages a minute across the platform.
	PerMinute int
	// MinGap is the least time between any two messages on the platform,
	// and Jitter a random extra wait up to this long, so sending does not
	// look like a machine (WeChat).
	MinGap time.Duration
	Jitter time.Duration
}

// Paced is implemented by platforms whose sending must be paced; the outbox
// asks each platform for its limits.
type Paced interface {
	Pacing() Pacing
}
