package views

import (
	"strconv"
	"testing"
)

func TestNiceStep(t *testing.T) {
	for _, c := range []struct {
		span float64
		want int64
	}{{0, 1}, {0.4, 1}, {1, 1}, {1.5, 2}, {3, 5}, {7, 10}, {10, 10}, {11, 20}, {2500, 5000}, {37500, 50000}} {
		if got := niceStep(c.span); got != c.want {
			t.Errorf("niceStep(%v) = %d, want %d", c.span, got, c.want)
		}
	}
}

// Bars stack their series from zero, up for positive values and down for negative ones, their
// heights in proportion to the values; the axis covers them with whole steps.
func TestBarChartLayOut(t *testing.T) {
	c := BarChart{ID: "t", Labels: []string{"1", "2", "3"}, Series: []ChartSeries{
		{Name: "a", Values: []int64{10000, 0, -5000}}, {Name: "b", Values: []int64{5000, 20000, 0}}}}
	v := c.LayOut()
	if len(v.Bars) != 4 {
		t.Fatalf("%d bars, want 4 (zeros drawn none)", len(v.Bars))
	}
	f := func(s string) float64 { x, _ := strconv.ParseFloat(s, 64); return x }
	zero := f(v.ZeroY)
	perFen := f(v.Bars[2].H) / 20000 // label 2, series b: 200 yuan
	for i, want := range []struct {
		h  float64
		up bool
	}{{10000, true}, {5000, true}, {20000, true}, {5000, false}} {
		b := v.Bars[i]
		if h := f(b.H); h < want.h*perFen-0.2 || h > want.h*perFen+0.2 {
			t.Errorf("bar %d height %v, want %v", i, h, want.h*perFen)
		}
		if above := f(b.Y)+f(b.H) <= zero+0.2; above != want.up {
			t.Errorf("bar %d at %s+%s, zero at %v: up %v", i, b.Y, b.H, zero, want.up)
		}
	}
	if f(v.Bars[1].Y)+f(v.Bars[1].H) > f(v.Bars[0].Y)+0.2 { // b stacked on a
		t.Errorf("label 1: b at %s+%s not on a at %s", v.Bars[1].Y, v.Bars[1].H, v.Bars[0].Y)
	}
	if first, last := v.Ticks[0].Text, v.Ticks[len(v.Ticks)-1].Text; first != "-¥50" || last != "¥200" {
		t.Errorf("axis from %s to %s, want -¥50 to ¥200", first, last)
	}
	empty := BarChart{ID: "e", Labels: []string{"1"}, Series: nil}.LayOut()
	if len(empty.Bars) != 0 || len(empty.Ticks) < 2 {
		t.Errorf("an empty chart: %d bars, %d ticks", len(empty.Bars), len(empty.Ticks))
	}
}

// A chart that opens at its newest end (EndFirst) keeps its money axis beside those bars, on the
// right: a phone that scrolls to the newest cycles still reads what they are worth.
func TestBarChartAxisBesideNewest(t *testing.T) {
	f := func(s string) float64 { x, _ := strconv.ParseFloat(s, 64); return x }
	c := BarChart{ID: "t", Labels: []string{"1", "2"}, Series: []ChartSeries{{Name: "a", Values: []int64{100, 200}}}}
	plain := c.LayOut()
	c.EndFirst = true
	end := c.LayOut()
	if plain.Anchor != "end" || f(plain.Ticks[0].X) >= f(plain.Left) {
		t.Errorf("a plain chart's axis: at %s (plot from %s), anchor %q", plain.Ticks[0].X, plain.Left, plain.Anchor)
	}
	if end.Anchor != "start" || f(end.Ticks[0].X) <= f(end.Right) || f(end.Right) > chartW {
		t.Errorf("an end-first chart's axis: at %s (plot to %s), anchor %q", end.Ticks[0].X, end.Right, end.Anchor)
	}
	last := end.Bars[len(end.Bars)-1]
	if f(last.X)+f(last.W) > f(end.Right)+0.2 || f(end.Right)-f(end.Left) != f(plain.Right)-f(plain.Left) {
		t.Errorf("an end-first chart's bars: last ends at %v, plot %s–%s", f(last.X)+f(last.W), end.Left, end.Right)
	}
}
