package views

import (
	"math"
	"strconv"
)

// Charts are drawn on the server as SVG: no script, no chart library. A chart is a title, bars
// (stacked by series) along labels, money on the vertical axis, a legend and, for whoever cannot
// see it, a table of the same figures.

// BarChart is what a chart shows: one bar per label, each stacked from its series' values (fen;
// negative values, refunds, stack below zero).
type BarChart struct {
	ID     string // unique on the page: the SVG's title and description are found by it
	Title  string
	Desc   string // the figures in one sentence, for screen readers
	Labels []string
	Series []ChartSeries
	// EndFirst: the newest bars are at the right end (cycles, days up to today), so a narrow
	// screen, which scrolls the chart, opens it at that end rather than at the oldest, empty ones.
	EndFirst bool
}

// ChartSeries is one stacked part of the bars.
type ChartSeries struct {
	Name   string
	Values []int64 // by label
	Total  string  // shown in the legend
}

// chartColors are told apart by most colour-blind readers too (after Okabe and Ito), in the
// console's blue first; the last is for "other".
var chartColors = []string{"#0a6cff", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8e59d6", "#6b7785"}

// ChartColor is the colour of the i-th series.
func ChartColor(i int) string { return chartColors[min(i, len(chartColors)-1)] }

// The drawing's size, in the SVG's own units (it scales to its box).
const (
	chartW, chartH               = 800, 240
	chartLeft, chartRight        = 76, 8
	chartTop, chartBottom        = 10, 24
	chartPlotW, chartPlotH       = chartW - chartLeft - chartRight, chartH - chartTop - chartBottom
	chartBarShare                = 0.7 // of a label's slot
	chartMaxLabels, chartMaxTick = 12, 5
)

// ChartView is a chart laid out: what chart.templ draws.
type ChartView struct {
	BarChart
	Ticks   []ChartTick
	Bars    []ChartBar
	XLabels []ChartTick
	ZeroY   string
	Left    string // where the plot begins and ends
	Right   string
	ViewBox string
	Anchor  string // the money labels' text-anchor: "end" left of the plot, "start" right of it
}

// ChartTick is a gridline (Y) or a label under the bars (X), and its text.
type ChartTick struct{ X, Y, Text string }

// ChartBar is one series' part of one bar.
type ChartBar struct{ X, Y, W, H, Color, Tip string }

// LayOut places the chart's bars, gridlines and labels.
func (c BarChart) LayOut() ChartView {
	// the money axis is on the left, or on the right beside the newest bars when they open first
	left, tickX, anchor := float64(chartLeft), float64(chartLeft-6), "end"
	if c.EndFirst {
		left, tickX, anchor = chartRight, chartRight+chartPlotW+6, "start"
	}
	v := ChartView{BarChart: c, Left: num(left), Right: num(left + chartPlotW), Anchor: anchor, ViewBox: "0 0 " + num(chartW) + " " + num(chartH)}
	low, high := c.extent()
	step := niceStep(float64(high-low) / chartMaxTick)
	top, bottom := ceilTo(high, step), -ceilTo(-low, step)
	if top == bottom {
		top = bottom + step
	}
	y := func(fen int64) float64 { return chartTop + float64(top-fen)/float64(top-bottom)*chartPlotH }
	for t := bottom; t <= top; t += step {
		v.Ticks = append(v.Ticks, ChartTick{X: num(tickX), Y: num(y(t)), Text: tickMoney(t, step)})
	}
	v.ZeroY = num(y(0))
	n := len(c.Labels)
	if n == 0 {
		return v
	}
	slot := float64(chartPlotW) / float64(n)
	every := (n + chartMaxLabels - 1) / chartMaxLabels
	for i, label := range c.Labels {
		x := left + float64(i)*slot
		if i%every == 0 {
			v.XLabels = append(v.XLabels, ChartTick{X: num(x + slot/2), Y: num(chartH - 6), Text: label})
		}
		up, down := int64(0), int64(0)
		for s, series := range c.Series {
			val := series.Values[i]
			if val == 0 {
				continue
			}
			var from, to int64
			if val > 0 {
				from, to, up = up, up+val, up+val
			} else {
				from, to, down = down+val, down, down+val
			}
			v.Bars = append(v.Bars, ChartBar{X: num(x + slot*(1-chartBarShare)/2), Y: num(y(to)), W: num(slot * chartBarShare),
				H: num(y(from) - y(to)), Color: ChartColor(s), Tip: label + " " + series.Name + " " + Fen(val)})
		}
	}
	return v
}

// extent is the lowest and highest the stacked bars reach, zero included.
func (c BarChart) extent() (low, high int64) {
	for i := range c.Labels {
		var up, down int64
		for _, s := range c.Series {
			if s.Values[i] > 0 {
				up += s.Values[i]
			} else {
				down += s.Values[i]
			}
		}
		high, low = max(high, up), min(low, down)
	}
	return low, high
}

// niceStep is the gridlines' step: 1, 2 or 5 times a power of ten fen, at least the given span.
func niceStep(span float64) int64 {
	if span < 1 {
		return 1
	}
	pow := math.Pow(10, math.Floor(math.Log10(span)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*pow >= span {
			return int64(m * pow)
		}
	}
	return int64(10 * pow)
}

// ceilTo rounds fen up to a multiple of step (fen ≥ 0).
func ceilTo(fen, step int64) int64 { return (fen + step - 1) / step * step }

// tickMoney writes a gridline's amount: whole yuan once the step is a yuan or more.
func tickMoney(fen, step int64) string {
	m := Fen(fen)
	if step%100 == 0 {
		return m[:len(m)-3]
	}
	return m
}

func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// ChartDesc is a chart's one-sentence description: its total and its largest series.
func ChartDesc(p Page, total int64, series []ChartSeries) string {
	if len(series) == 0 {
		return p.T("chart.empty")
	}
	return p.T("chart.desc", Fen(total), series[0].Name, series[0].Total)
}

// chartRowUsed: a label some series has a value at (the table leaves empty days out).
func chartRowUsed(series []ChartSeries, i int) bool {
	for _, s := range series {
		if s.Values[i] != 0 {
			return true
		}
	}
	return false
}
