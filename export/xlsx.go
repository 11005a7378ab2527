package export

import (
	"io"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// styles are the cell styles of a sheet, made once per file.
type styles struct {
	header, date, datetime, total int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	date, datetime := "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
	bold := &excelize.Font{Bold: true}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}
	for _, st := range []struct {
		id    *int
		style excelize.Style
	}{
		{&s.header, excelize.Style{Font: bold, Fill: fill}},
		{&s.date, excelize.Style{CustomNumFmt: &date}},
		{&s.datetime, excelize.Style{CustomNumFmt: &datetime}},
		{&s.total, excelize.Style{Font: bold}},
	} {
		id, err := f.NewStyle(&st.style)
		if err != nil {
			return s, err
		}
		*st.id = id
	}
	return s, nil
}

// WriteXLSX writes the table as one sheet: the header bold and frozen (it
// stays in view while scrolling), columns as wide as their contents,
// numbers as numbers a SUM can add, dates as dates a filter can sort, then
// the subtotals and the totals in bold. Text is written as text, never as a
// formula, whatever it starts with.
func WriteXLSX(w io.Writer, sheet string, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, width := range widths(t) {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	rows := [][]string{t.Header}
	rows = append(append(rows, t.Rows...), t.Subtotals...)
	if len(t.Totals) > 0 {
		rows = append(rows, t.Totals)
	}
	for r, row := range rows {
		cells := make([]any, len(row))
		for c, v := range row {
			cells[c] = t.cell(st, c, v, r == 0, r > len(t.Rows))
		}
		name, _ := excelize.CoordinatesToCellName(1, r+1)
		if err := sw.SetRow(name, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// cell is one value as the sheet keeps it: a number or a date where the
// column says so and the value reads as one, text otherwise.
func (t Table) cell(st styles, col int, v string, header, total bool) excelize.Cell {
	switch {
	case header:
		return excelize.Cell{StyleID: st.header, Value: v}
	case v == "":
		return excelize.Cell{}
	}
	kind := t.kind(col)
	if n, ok := number(v); ok && kind == KindNumber {
		if total {
			return excelize.Cell{StyleID: st.total, Value: n}
		}
		return excelize.Cell{Value: n}
	}
	if at, ok := moment(v); ok && (kind == KindDate || kind == KindDateTime) {
		style := st.date
		if kind == KindDateTime && len(v) > len("2006-01-02") {
			style = st.datetime
		}
		return excelize.Cell{StyleID: style, Value: at}
	}
	if total {
		return excelize.Cell{StyleID: st.total, Value: v}
	}
	return excelize.Cell{Value: v}
}

// widths are the columns' widths in characters, wide enough for the
// longest value (a Chinese character takes two), within 6 to 50.
func widths(t Table) []float64 {
	out := make([]float64, len(t.Header))
	measure := func(row []string) {
		for i, v := range row {
			if i >= len(out) {
				return
			}
			n := 0
			for _, r := range v {
				n++
				if utf8.RuneLen(r) > 1 {
					n++
				}
			}
			out[i] = max(out[i], float64(n+2))
		}
	}
	measure(t.Header)
	for _, row := range t.Rows {
		measure(row)
	}
	for i := range out {
		out[i] = min(max(out[i], 6), 50)
	}
	return out
}
