package app

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

	"linli/store"
	"linli/store/sqldb/sqldbtest"
)

// TestExportMealsCSVAndXLSX runs `linli export meals` on a database with
// bookings at awkward prices: the CSV has the fixed columns, every row's
// total is quantity × unit price, and the xlsx totals row equals the sum of
// the booked orders to the fen.
func TestExportMealsCSVAndXLSX(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "linli.db")
	st := sqldbtest.MustOpenDSN(t, "sqlite", db)
	loc, _ := time.LoadLocation("Asia/Shanghai")
	worker := int64(990)
	for _, date := range []string{"2026-11-25", "2026-11-26", "2026-11-27"} {
		cut, _ := time.ParseInLocation("2006-01-02 15:04", date+" 09:30", loc)
		if _, err := st.SetMenu(ctx, store.MenuInput{Date: date, Meal: "lunch", Price: 1533, ElderPrice: 1201,
			WorkerPrice: &worker, Cutoff: cut, Dishes: []store.Dish{{Name: "饺子"}}}); err != nil {
			t.Fatal(err)
		}
		for i := range 7 {
			r, _ := st.TouchResident(ctx, "telegram", strconv.Itoa(100+i), "居民"+strconv.Itoa(i))
			_, err := st.BookMeal(ctx, store.BookInput{Date: date, Meal: "lunch", ResidentID: r.ID, Quantity: i%3 + 1,
				Elder: i%2 == 0, Worker: i%3 == 0, At: cut.Add(-time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	cut, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-26 09:30", loc)
	if _, err := st.CancelMeal(ctx, 1+7, 1, cut.Add(-time.Minute)); err != nil { // 居民0's 11-26 order
		t.Fatal(err)
	}
	picked := time.Date(2026, 11, 26, 11, 42, 5, 0, loc)
	if _, _, err := st.PickUp(ctx, 2+7, &picked); err != nil { // 居民1's 11-26 order, handed over
		t.Fatal(err)
	}
	lines, _ := st.Orders(ctx, store.OrderQuery{From: "2026-11-26", BookedOnly: true})
	var wantFen int64 // what the store says is due from 11-26 on
	for _, l := range lines {
		wantFen += l.Total()
	}
	st.Close()

	var out bytes.Buffer
	if err := Export(ctx, ExportOptions{Kind: "meals", DB: db, From: "2026-11-26"}, &out); err != nil {
		t.Fatal(err)
	}
	text, ok := strings.CutPrefix(out.String(), "\ufeff") // for Excel on a Chinese Windows
	if !ok {
		t.Errorf("the CSV does not start with a byte-order mark")
	}
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "订单号,日期,餐次,姓名,平台,账号,楼栋,房号,份数,价格档,单价,金额,状态,预订时间,取餐时间,代办人" {
		t.Fatalf("header = %s", got)
	}
	var orders [][]string
	for _, r := range rows[1:] {
		if strings.HasPrefix(r[0], "D") {
			orders = append(orders, r)
		}
	}
	if len(orders) != 14 {
		t.Fatalf("%d order rows, want 14 orders of two days", len(orders))
	}
	var gotFen int64
	cancelled, handed := 0, 0
	for _, r := range orders {
		if r[14] != "" {
			handed++
			if r[0] != "D9" || r[14] != "2026-11-26 11:42:05" {
				t.Errorf("picked up: %v", r)
			}
		}
		q, _ := strconv.Atoi(r[8])
		unit, total := fen(t, r[10]), fen(t, r[11])
		if total != int64(q)*unit {
			t.Errorf("row %v: total %s ≠ %d × %s", r, r[11], q, r[10])
		}
		if r[12] == "已预订" {
			gotFen += total
		} else {
			cancelled++
		}
	}
	if handed != 1 {
		t.Errorf("%d orders shown picked up, want 1 (核销)", handed)
	}
	if gotFen != wantFen || cancelled != 1 {
		t.Errorf("CSV booked total %d fen (%d cancelled), the store says %d", gotFen, cancelled, wantFen)
	}

	xlsx := filepath.Join(t.TempDir(), "meals.xlsx")
	if err := Export(ctx, ExportOptions{Kind: "meals", DB: db, From: "2026-11-26", Format: "xlsx", Out: xlsx}, &out); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet, err := f.GetRows("订餐")
	if err != nil {
		t.Fatal(err)
	}
	last := sheet[len(sheet)-1]
	// 14 orders, a subtotal for each of the two meals, the grand total.
	if len(sheet) != 1+14+2+1 || last[0] != "合计" || fen(t, last[11]) != wantFen {
		t.Errorf("xlsx has %d rows, last %v; want 18 rows and total %d fen", len(sheet), last, wantFen)
	}
}

// fen reads "12.30" exactly, without floating point.
func fen(t *testing.T, yuan string) int64 {
	t.Helper()
	whole, frac, ok := strings.Cut(yuan, ".")
	if !ok {
		frac = "00"
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt((frac + "00")[:2], 10, 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("%q is not yuan", yuan)
	}
	return w*100 + f
}
