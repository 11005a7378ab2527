package export

import (
	"encoding/csv"
	"io"
)

// bom is the UTF-8 byte-order mark. Excel on a Chinese Windows reads a CSV
// without it as GBK and shows 午餐 as garbage; with it, as UTF-8. Other
// programs (LibreOffice, Python's utf-8-sig, WPS) skip it.
const bom = "\uFEFF"

// WriteCSV writes the header and the rows (no totals: a script summing a
// column would count them twice), after a byte-order mark, every text cell
// neutralised against formulas. A value of a number column that is a plain
// number is left as it is (-3.50 is a number, not a formula).
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w) // lines end in \n, as before: Excel reads them
	if err := cw.Write(neutralRow(t, t.Header, true)); err != nil {
		return err
	}
	for _, row := range t.Rows {
		if err := cw.Write(neutralRow(t, row, false)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// neutralRow is row with every cell that could run as a formula neutralised.
func neutralRow(t Table, row []string, header bool) []string {
	out := make([]string, len(row))
	for i, v := range row {
		if _, ok := number(v); ok && !header && t.kind(i) == KindNumber {
			out[i] = v
			continue
		}
		out[i] = Neutralise(v)
	}
	return out
}
