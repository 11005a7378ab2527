package store

import "time"

// AnonymousHandled remembers that an anonymous command (匿名建议) was
// handled, so a redelivery does not file it twice, without saying whose or
// when: Hash is a keyed hash of the platform's message id (which names the
// chat, and so the person, on Telegram), Day the start of the day it was
// handled. It is a table of its own, so its rows sit in no order beside the
// named messages' exact records.
type AnonymousHandled struct {
	Hash string    `gorm:"primaryKey"`
	Day  time.Time `gorm:"index"`
}

func (AnonymousHandled) TableName() string { return "anonymous_handled" }
