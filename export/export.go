// Package export writes Linli's spreadsheets as a community office opens
// them: CSV that Excel on a Chinese Windows reads as UTF-8, xlsx with real
// numbers and dates, and no cell a resident typed that a spreadsheet would
// run as a formula. It is the only importer of excelize.
package export

import (
	"strconv"
	"strings"
	"time"
)

// Table is one sheet: Header names the columns, Rows are the records,
// Subtotals and Totals (optional) are rows the xlsx file adds after them.
// Kinds says, column by column, what a value is (KindNumber, KindDate,
// KindDateTime, or KindText for everything else): a room 0301 or an
// account 123456789 must stay text. It has the fields of handlers.Table,
// so export.Table(t) converts one into the other.
type Table struct {
	Header    []string
	Rows      [][]string
	Totals    []string
	Kinds     []string
	Subtotals [][]string
}

// The kinds of a column.
const (
	KindText     = ""
	KindNumber   = "number"
	KindDate     = "date"     // 2006-01-02
	KindDateTime = "datetime" // 2006-01-02 15:04[:05], or a date alone
)

// kind is column i's kind (text when the table does not say).
func (t Table) kind(i int) string {
	if i < len(t.Kinds) {
		return t.Kinds[i]
	}
	return KindText
}

// Neutralise makes a text cell safe to open in a spreadsheet. Excel, WPS
// and LibreOffice run a cell that starts with = + - or @ as a formula (a
// tab or a carriage return in front is skipped by some of them), so a
// suggestion typed as =HYPERLINK(...) or a name such as @SUM(...) would run
// on the office's computer. A leading apostrophe makes the spreadsheet show
// the text as it is.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// number reads a value of a number column; ok is false for anything that
// is not a plain decimal number (which is then written as text).
func number(v string) (float64, bool) {
	if v == "" || strings.ContainsAny(v, "eEinfINFxX_") {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// moment reads a value of a date or date-time column, written in the
// community's wall clock as the handlers do.
func moment(v string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
