package store

import (
	"context"
	"time"
)

// AllBuildings is the building of a community-wide group (绑定 全体).
const AllBuildings = "全体"

// Chat is a group or private chat the bot is in. Building is empty while a
// group is unbound; AllBuildings for a community-wide group.
type Chat struct {
	ID       uint
	Platform string
	ChatID   string
	Title    string
	Group    bool
	Building string
	// Active is cleared when the platform says the bot can no longer write
	// there (removed from the group, blocked).
	Active    bool
	CreatedAt time.Time
	SeenAt    time.Time
}

// Member records that a resident spoke in a chat, so an @name in that chat
// can be resolved to a person.
type Member struct {
	ChatID     uint
	Chat       Chat
	ResidentID uint
	Resident   Resident
	SeenAt     time.Time
}

// Chats are the groups and private chats the bot is in: what a group is
// bound to, who has spoken where (so an @name finds a person) and where the
// bot can still write. The people and community handlers use it, and the
// outbox lane when a platform moves or closes a chat.
type Chats interface {
	TouchChat(ctx context.Context, platform, chatID, title string, group bool) (Chat, error)
	Chat(ctx context.Context, platform, chatID string) (Chat, error)
	Bind(ctx context.Context, chatID uint, building string) error
	SetChatActive(ctx context.Context, platform, chatID string, active bool) error
	Groups(ctx context.Context) ([]Chat, error)
	GroupsOf(ctx context.Context, buildings ...string) ([]Chat, error)
	GroupsOfMember(ctx context.Context, residentID uint) ([]Chat, error)
	SawMember(ctx context.Context, chatID, residentID uint) error
	MembersNamed(ctx context.Context, chatID uint, name string) ([]Resident, error)
	MoveChat(ctx context.Context, platform, oldID, newID string) error
	Deactivate(ctx context.Context, platform, chatID string) (bool, error)
}
