package console

import (
	"bufio"
	"errors"
	"io"
	"os"
	"strings"
)

// maxLine is the longest line read; a longer one ends the input with
// bufio.ErrTooLong rather than growing without bound.
const maxLine = 1024 * 1024

// lines reads the console's input a line at a time, and knows whether the
// next line is there already or would have to be waited for.
type lines struct {
	r *bufio.Reader
	// interactive: typed at a terminal. readAhead: reading never waits
	// for a person (a file, a string), so a message's continuation lines
	// can always be looked for.
	interactive, readAhead bool
	n                      int // lines read so far
	err                    error
}

func newLines(in io.Reader, interactive bool) *lines {
	l := &lines{r: bufio.NewReaderSize(in, 64*1024), interactive: interactive}
	f, isFile := in.(*os.File)
	if !isFile {
		l.readAhead = !interactive
		return l
	}
	if fi, err := f.Stat(); err == nil {
		mode := fi.Mode()
		l.interactive = l.interactive || mode&os.ModeCharDevice != 0
		l.readAhead = !l.interactive && mode.IsRegular()
	}
	return l
}

// next is the next line without its line ending; false at the end of the
// input (l.err says why, when not a plain end).
func (l *lines) next() (string, bool) {
	var b strings.Builder
	for {
		chunk, err := l.r.ReadSlice('\n')
		b.Write(chunk)
		if b.Len() > maxLine {
			l.err = bufio.ErrTooLong
			return "", false
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && (b.Len() == 0 || !errors.Is(err, io.EOF)) {
			if !errors.Is(err, io.EOF) {
				l.err = err
			}
			return "", false
		}
		l.n++
		return strings.TrimRight(b.String(), "\r\n"), true
	}
}

// ready reports whether another line can be read now without waiting for
// whoever writes the input: at a terminal never (each line is answered at
// Enter), from a file always, from a pipe when its next bytes have come.
func (l *lines) ready() bool {
	switch {
	case l.interactive:
		return false
	case l.readAhead:
		return true
	}
	return l.r.Buffered() > 0
}
