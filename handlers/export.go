package handlers

import "time"

// ExportQuery selects the records `linli export` writes.
type ExportQuery struct {
	From, To time.Time // community dates, inclusive; zero means open
	Event    int       // one activity, for sign-ups
	Location *time.Location
	// Now is the export's clock (zero: the wall clock): an anonymous
	// vote's counts stay hidden until its deadline.
	Now time.Time
}

// Table is a spreadsheet: the header names the columns in their fixed order,
// Totals (optional) is a last row the xlsx file adds.
type Table struct {
	Header []string
	Rows   [][]string
	Totals []string
}
