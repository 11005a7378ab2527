package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"linli/store"
)

// chartsView is the 图表 page: meals by tier per day, participation by
// building, and how long suggestions took to close.
type chartsView struct {
	View        *viewer
	From, To    string
	Meals       stackChart
	Days        []dayLine
	Buildings   []participationLine
	Bookings    barChart
	Signups     barChart
	Suggestions barChart
	Resolve     barChart
	Resolved    int
	Median      string
	ResolveDays int
}

type dayLine struct {
	Date                           string
	Standard, Elder, Worker, Total int
}

type participationLine struct {
	Building                                   string
	Households, Bookings, Signups, Suggestions int
	PerBookings, PerSignups, PerSuggestions    string
}

// Windows of the charts.
const (
	chartDays   = 30
	resolveDays = 90
)

// tierClass is a tier and its colour, in the order the chart stacks them.
type tierClass struct{ tier, class string }

func chartTiers() []tierClass {
	return []tierClass{{store.TierStandard, "t-standard"}, {store.TierElder, "t-elder"}, {store.TierWorker, "t-worker"}}
}

func (s *Server) chartsPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	ctx, now := r.Context(), s.cfg.Now().In(s.cfg.Location)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.cfg.Location)
	first, end := today.AddDate(0, 0, 1-chartDays), today.AddDate(0, 0, 1)
	from, to := first.Format("2006-01-02"), today.Format("2006-01-02")
	page := chartsView{View: v, From: from, To: to, ResolveDays: resolveDays}
	days, err := s.cfg.Store.MealsByDay(ctx, from, to)
	if err != nil {
		s.fail(w, v, "meals by day", err)
		return
	}
	page.Days = dayLines(days, first)
	page.Meals = mealsChart(page.Days)
	parts, err := s.cfg.Store.Participation(ctx, from, to, first, end)
	if err != nil {
		s.fail(w, v, "participation", err)
		return
	}
	page.participation(parts)
	took, err := s.cfg.Store.ResolveTimes(ctx, end.AddDate(0, 0, -resolveDays), end)
	if err != nil {
		s.fail(w, v, "resolve times", err)
		return
	}
	page.resolve(took)
	s.render(w, http.StatusOK, "charts", page)
}

// dayLines is a line a day from first, every day present, tiers apart.
func dayLines(days []store.DayTier, first time.Time) []dayLine {
	lines := make([]dayLine, chartDays)
	at := map[string]int{}
	for i := range lines {
		lines[i].Date = first.AddDate(0, 0, i).Format("2006-01-02")
		at[lines[i].Date] = i
	}
	for _, d := range days {
		i, ok := at[d.Date]
		if !ok {
			continue
		}
		switch d.Tier {
		case store.TierElder:
			lines[i].Elder += d.Portions
		case store.TierWorker:
			lines[i].Worker += d.Portions
		default:
			lines[i].Standard += d.Portions
		}
		lines[i].Total += d.Portions
	}
	return lines
}

// Geometry of the meals chart.
const (
	stackWidth  = 720
	stackLeft   = 44
	stackTop    = 28
	stackPlot   = 200
	stackStep   = 22
	stackColumn = 16
)

// mealsChart stacks each day's portions by tier, standard at the bottom.
func mealsChart(days []dayLine) stackChart {
	most := 0
	for _, d := range days {
		most = max(most, d.Total)
	}
	top := niceTop(most)
	base := stackTop + stackPlot
	c := stackChart{Width: stackWidth, Height: base + 22, Base: base}
	for _, g := range []int{0, top / 2, top} {
		c.Grid = append(c.Grid, gridLine{Y: base - g*stackPlot/top, Label: strconv.Itoa(g)})
	}
	tiers := chartTiers()
	for i, t := range tiers {
		c.Legend = append(c.Legend, legendItem{X: stackLeft + i*90, Class: t.class, Label: tierName(t.tier)})
	}
	for i, d := range days {
		col := column{X: stackLeft + 4 + i*stackStep, W: stackColumn}
		col.LabelX = col.X + stackColumn/2
		day, _ := time.Parse("2006-01-02", d.Date)
		if i == 0 || day.Day() == 1 || i%5 == 4 {
			col.Label = fmt.Sprintf("%d/%d", day.Month(), day.Day())
		}
		y := base
		for j, n := range []int{d.Standard, d.Elder, d.Worker} {
			if n == 0 {
				continue
			}
			h := max(1, n*stackPlot/top)
			y -= h
			col.Parts = append(col.Parts, part{Y: y, H: h, Class: tiers[j].class,
				Title: fmt.Sprintf("%d月%d日 %s %d 份", day.Month(), day.Day(), tierName(tiers[j].tier), n)})
		}
		c.Columns = append(c.Columns, col)
	}
	return c
}

// participation is each building's figures per registered household,
// buildings in natural order, people without a household last.
func (page *chartsView) participation(parts []store.Participation) {
	slices.SortFunc(parts, func(a, b store.Participation) int {
		if (a.Building == "") != (b.Building == "") {
			return boolRank(a.Building == "") - boolRank(b.Building == "")
		}
		return store.NaturalCompare(a.Building, b.Building)
	})
	var labels []string
	var bk, sg, su []float64
	var bkF, sgF, suF []string
	for _, p := range parts {
		l := participationLine{Building: p.Building, Households: p.Households, Bookings: p.Bookings, Signups: p.Signups,
			Suggestions: p.Suggestions, PerBookings: perHousehold(p.Bookings, p.Households),
			PerSignups: perHousehold(p.Signups, p.Households), PerSuggestions: perHousehold(p.Suggestions, p.Households)}
		if l.Building == "" {
			l.Building = "未登记住址"
		}
		page.Buildings = append(page.Buildings, l)
		if p.Building == "" || p.Households == 0 {
			continue // no households to count against
		}
		labels = append(labels, p.Building+fmt.Sprintf("（%d 户）", p.Households))
		bk, bkF = append(bk, float64(p.Bookings)/float64(p.Households)), append(bkF, l.PerBookings+" 次/户")
		su, suF = append(su, float64(p.Signups)/float64(p.Households)), append(suF, l.PerSignups+" 人次/户")
		sg, sgF = append(sg, float64(p.Suggestions)/float64(p.Households)), append(sgF, l.PerSuggestions+" 条/户")
	}
	page.Bookings = bars(labels, bkF, bk, "p-bookings")
	page.Signups = bars(labels, suF, su, "p-signups")
	page.Suggestions = bars(labels, sgF, sg, "p-suggestions")
}

func perHousehold(n, households int) string {
	if households == 0 {
		return "—"
	}
	return strconv.FormatFloat(float64(n)/float64(households), 'f', 2, 64)
}

// bucket is a span the time-to-close chart counts in: below upTo.
type bucket struct {
	label string
	upTo  time.Duration
}

func resolveBuckets() []bucket {
	const day = 24 * time.Hour
	return []bucket{{"1 天内", day}, {"1–3 天", 3 * day}, {"3–7 天", 7 * day},
		{"7–14 天", 14 * day}, {"14–30 天", 30 * day}, {"30 天以上", 1 << 62}}
}

// resolve counts the closed tickets by how long they took, and the median.
func (page *chartsView) resolve(took []time.Duration) {
	buckets := resolveBuckets()
	counts := make([]int, len(buckets))
	for _, d := range took {
		for i, b := range buckets {
			if d < b.upTo {
				counts[i]++
				break
			}
		}
	}
	labels, figures, values := make([]string, len(counts)), make([]string, len(counts)), make([]float64, len(counts))
	for i, n := range counts {
		labels[i], figures[i], values[i] = buckets[i].label, fmt.Sprintf("%d 条 · %s", n, percent(n, len(took))), float64(n)
	}
	page.Resolve = bars(labels, figures, values, "resolve")
	page.Resolved = len(took)
	if len(took) > 0 {
		sorted := slices.Clone(took)
		slices.Sort(sorted)
		page.Median = span(sorted[len(sorted)/2])
	}
}

// span says a duration in days and hours.
func span(d time.Duration) string {
	days, hours := int(d.Hours())/24, int(d.Hours())%24
	switch {
	case days == 0 && hours == 0:
		return "不到 1 小时"
	case days == 0:
		return fmt.Sprintf("%d 小时", hours)
	case hours == 0:
		return fmt.Sprintf("%d 天", days)
	}
	return fmt.Sprintf("%d 天 %d 小时", days, hours)
}
