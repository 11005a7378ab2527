package bot

import (
	"errors"
	"fmt"
)

// UserError is a mistake or refusal the person can act on. Its message is
// shown to them as it is, so it is written in plain Chinese.
type UserError struct {
	Msg string
	// ShowUsage asks the router to add the command's usage and example.
	ShowUsage bool
}

func (e *UserError) Error() string { return e.Msg }

// Tell returns an error whose message the person sees as it is.
func Tell(format string, args ...any) error {
	return &UserError{Msg: fmt.Sprintf(format, args...)}
}

// Misuse returns an error for a command typed wrongly: the person sees the
// message, then how the command is written, with an example.
func Misuse(format string, args ...any) error {
	return &UserError{Msg: fmt.Sprintf(format, args...), ShowUsage: true}
}

// AsUserError reports whether err carries a message for the person.
func AsUserError(err error) (*UserError, bool) {
	var ue *UserError
	ok := errors.As(err, &ue)
	return ue, ok
}
