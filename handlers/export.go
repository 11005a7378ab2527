package handlers

import (
	"time"

	"linli/bot"
	"linli/store"
)

// ExportQuery selects the records `linli export` writes.
type ExportQuery struct {
	From, To time.Time // community dates, inclusive; zero means open
	Event    int       // one activity, for sign-ups
	Location *time.Location
	// English keeps the column names and values scripts were written
	// against (order, lunch, elder, booked); the default is Chinese, for a
	// community office that opens the file in Excel or WPS.
	English bool
	// Now is the export's clock (zero: the wall clock): an anonymous
	// vote's counts stay hidden until its deadline.
	Now time.Time
	// Buildings keeps suggestions to those of these buildings (a building
	// head's export in the chat); empty: every building.
	Buildings []string
}

// Table is a spreadsheet: the header names the columns in their fixed order,
// Totals (optional) is a last row the xlsx file adds, after Subtotals (the
// totals of each date and meal, say).
//
// Kinds says, column by column, what a value is, so that a spreadsheet
// keeps numbers and dates as such and text as text (a room 0301 or an
// account 123456789 is not a number): KindNumber, KindDate, KindDateTime or
// "" for text. export.Table has the same fields, so export.Table(t)
// converts one into the other.
type Table struct {
	Header    []string
	Rows      [][]string
	Totals    []string
	Kinds     []string
	Subtotals [][]string
}

// The kinds of a column of a Table (the same words as in package export).
const (
	KindText     = ""
	KindNumber   = "number"
	KindDate     = "date"     // 2006-01-02
	KindDateTime = "datetime" // 2006-01-02 15:04[:05], or a date alone
)

// column is one column of an export: its headers and what its values are.
type column struct{ zh, en, kind string }

// newTable starts a table with cols' headers in the query's language.
func newTable(cols []column, q ExportQuery) Table {
	t := Table{}
	for _, c := range cols {
		name := c.zh
		if q.English {
			name = c.en
		}
		t.Header = append(t.Header, name)
		t.Kinds = append(t.Kinds, c.kind)
	}
	return t
}

// word is v as the query's reader says it: the store's word in English,
// its Chinese otherwise (v itself when there is none), the words a
// community office reads for what the store keeps.
func (q ExportQuery) word(kind, v string) string {
	if q.English {
		return v
	}
	pairs := map[string][]string{
		"meal":     {"breakfast", "早餐", "lunch", "午餐", "dinner", "晚餐"},
		"tier":     {store.TierStandard, "标准价", store.TierElder, "助老价", store.TierWorker, "爱心餐"},
		"order":    {store.OrderBooked, "已预订", store.OrderCancelled, "已取消"},
		"signup":   {store.SignupConfirmed, "已报名", store.SignupWaitlist, "候补", store.SignupCancelled, "已取消"},
		"platform": {bot.Console, "控制台", bot.Telegram, "Telegram", bot.WeChat, "微信"},
	}[kind]
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] == v {
			return pairs[i+1]
		}
	}
	return v
}

// label is a totals row's first cell.
func (q ExportQuery) label(zh, en string) string {
	if q.English {
		return en
	}
	return zh
}

func (q ExportQuery) location() *time.Location {
	if q.Location == nil {
		return time.UTC
	}
	return q.Location
}
