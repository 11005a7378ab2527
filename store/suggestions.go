package store

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Suggestion statuses, in the order of a ticket's life.
const (
	StatusNew        = "new"
	StatusAccepted   = "accepted"
	StatusInProgress = "in_progress"
	StatusResolved   = "resolved"
	StatusDeclined   = "declined"
)

// OpenStatuses are the statuses of a ticket someone still has to act on.
var OpenStatuses = []string{StatusNew, StatusAccepted, StatusInProgress}

// ErrTooMany is returned when a person has filed as many suggestions as an
// hour allows: the limit is counted in the same transaction as the insert.
var ErrTooMany = errors.New("too many suggestions this hour")

// Suggestion is a resident's suggestion or problem report (a ticket S12).
//
// An anonymous ticket has no ResidentID: its author is kept only as
// AuthorHash, a keyed hash the caller computes, so the database alone cannot
// say who wrote it. Its CreatedAt is kept to the hour only, so it cannot be
// matched against when people were last seen either.
type Suggestion struct {
	ID         uint
	ResidentID *uint
	Resident   *Resident
	AuthorHash string
	Anonymous  bool
	Text       string
	Category   string
	Building   string
	Status     string
	// Reply chat: where the author hears back when a private message cannot
	// reach them (a named ticket's group), or at all (an anonymous ticket's
	// group; empty for an anonymous ticket sent privately).
	ReplyPlatform string
	ReplyChatID   string
	ReplyTitle    string
	// Attachments are platform file ids (a photo sent with the report),
	// one a line.
	Attachments string
	CreatedAt   time.Time
	// AnsweredAt is the first reply or change by the community; nil means
	// nobody has answered yet (the weekly digest marks old ones).
	AnsweredAt *time.Time
	// ClosedAt is when the ticket was resolved or declined.
	ClosedAt *time.Time
	Notes    []SuggestionNote
}

// Note kinds: a reply, or a change of status or category.
const (
	NoteReply    = "reply"
	NoteCategory = "category"
)

// SuggestionNote is one answer to a ticket or one change of it; Kind is
// NoteReply, NoteCategory or the status it moved to. ByResidentID is the
// community worker or building head who acted.
type SuggestionNote struct {
	ID           uint
	SuggestionID uint
	Kind         string
	Text         string
	ByResidentID *uint
	By           *Resident
	CreatedAt    time.Time
}

// AttachmentList is the ticket's attachments as a list.
func (s Suggestion) AttachmentList() []string {
	if s.Attachments == "" {
		return nil
	}
	return strings.Split(s.Attachments, "\n")
}

// Open reports whether someone still has to act on the ticket.
func (s Suggestion) Open() bool {
	return s.Status == StatusNew || s.Status == StatusAccepted || s.Status == StatusInProgress
}

// Author is who files or looks up suggestions: the account, and the keyed
// hash anonymous tickets are filed under ("" when anonymity is off).
type Author struct {
	ResidentID uint
	Hash       string
}

// SuggestionFilter selects tickets for lists; empty fields select all.
type SuggestionFilter struct {
	Statuses  []string
	Category  string
	Buildings []string
	// From and To bound CreatedAt: [From, To).
	From, To time.Time
	// NewestFirst puts the latest tickets first (closed ones); otherwise
	// the oldest come first, as work to be done.
	NewestFirst bool
}

// Change is one act of the community on a ticket: a reply (NoteReply), a new
// category (NoteCategory, Text is the category) or a move to a status.
type Change struct {
	Kind string
	Text string
	By   uint
	// From are the statuses a status change may start from; a ticket in any
	// other status is left alone and ErrConflict returned.
	From []string
}

// Suggestions are residents' tickets: filed (named or anonymous, within an
// hourly limit), listed, and answered or moved along by the community.
type Suggestions interface {
	FileSuggestion(ctx context.Context, sg Suggestion, by Author, perHour int) (Suggestion, error)
	SuggestionByID(ctx context.Context, id uint) (Suggestion, error)
	MySuggestions(ctx context.Context, by Author, limit int) ([]Suggestion, error)
	Suggestions(ctx context.Context, f SuggestionFilter) ([]Suggestion, error)
	ChangeSuggestion(ctx context.Context, id uint, c Change) (Suggestion, error)
}

// StatusTitle is how residents call a ticket's status.
func StatusTitle(status string) string {
	switch status {
	case StatusNew:
		return "待受理"
	case StatusAccepted:
		return "已受理"
	case StatusInProgress:
		return "处理中"
	case StatusResolved:
		return "已办结"
	case StatusDeclined:
		return "不予处理"
	}
	return status
}
