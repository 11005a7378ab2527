package web

import (
	"fmt"
	"math"
)

// The charts are SVG drawn by the templates (part_svg.html) from the
// geometry worked out here: no charting service and no script.

// barChart is a horizontal bar chart, a label above each bar and its
// figure after it: labels of any length fit a phone's width.
type barChart struct {
	Width, Height int
	Bars          []bar
}

type bar struct {
	Label, Figure string
	TextY, BarY   int
	W             int
	Class         string
}

// Geometry of a bar chart, in the SVG's own units (it scales to the page).
const (
	chartWidth = 640
	barRow     = 46
	barThick   = 18
	barRoom    = 500 // the longest bar; the rest of the width is its figure
)

// bars draws values against the largest of them (all bars empty when all
// are 0): labels[i] above a bar of length values[i], figures[i] after it.
func bars(labels, figures []string, values []float64, class string) barChart {
	most := 0.0
	for _, v := range values {
		most = math.Max(most, v)
	}
	c := barChart{Width: chartWidth, Height: len(values)*barRow + 4}
	for i, v := range values {
		w := 0
		if most > 0 {
			w = int(math.Round(v / most * barRoom))
		}
		if v > 0 && w < 2 {
			w = 2 // a figure above zero stays visible
		}
		c.Bars = append(c.Bars, bar{Label: labels[i], Figure: figures[i], TextY: i*barRow + 15, BarY: i*barRow + 22, W: w, Class: class})
	}
	return c
}

// stackChart is a vertical bar chart of stacked parts: a column a day,
// a part a price tier.
type stackChart struct {
	Width, Height, Base int
	Columns             []column
	Grid                []gridLine
	Legend              []legendItem
}

type column struct {
	X, W, LabelX int
	Label        string // the day of the month, under some columns
	Parts        []part
}

type part struct {
	Y, H  int
	Class string
	Title string
}

type gridLine struct {
	Y     int
	Label string
}

type legendItem struct {
	X     int
	Class string
	Label string
}

// niceTop rounds a chart's largest value up to a round figure for its grid.
func niceTop(n int) int {
	if n <= 5 {
		return 5
	}
	step := int(math.Pow(10, math.Floor(math.Log10(float64(n)))))
	for _, m := range []int{1, 2, 5, 10} {
		if step*m >= n {
			return step * m
		}
	}
	return step * 10
}

func percent(n, of int) string {
	if of == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.0f%%", float64(n)*100/float64(of))
}
