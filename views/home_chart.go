package views

import (
	"strconv"

	"github.com/shopspring/decimal"

	"partnerhub/models"
)

// ConsumptionChart is the home page's chart of a month's consumption: a bar a day, stacked by
// service type (named by the catalog), the six that cost most and the rest as one.
func ConsumptionChart(p Page, cat *models.Catalog, c *models.Consumption) BarChart {
	const shown = 6
	chart := BarChart{ID: "consumption", Title: p.T("home.consumption") + " " + c.Cycle, Labels: make([]string, c.Days)}
	for d := range c.Days {
		chart.Labels[d] = p.T("home.consumption_day", d+1)
	}
	var rest []int64
	var restTotal int64
	for s, code := range c.Services {
		if s < shown || len(c.Services) == shown+1 {
			chart.Series = append(chart.Series, ChartSeries{Name: OrderServiceName(cat, p.Lang, code), Values: c.Daily[s],
				Total: Fen(c.Totals[s])})
			continue
		}
		if rest == nil {
			rest = make([]int64, c.Days)
		}
		for d, v := range c.Daily[s] {
			rest[d] += v
		}
		restTotal += c.Totals[s]
	}
	if rest != nil {
		chart.Series = append(chart.Series, ChartSeries{Name: p.T("chart.other") + " (" + strconv.Itoa(len(c.Services)-shown) + ")",
			Values: rest, Total: Fen(restTotal)})
	}
	chart.Desc = ChartDesc(p, c.Total, chart.Series)
	return chart
}

// BalanceChart is a customer's balance at the end of each day, a bar a day.
func BalanceChart(p Page, days []models.BalanceDay) BarChart {
	chart := BarChart{ID: "balance", Title: p.T("funds.history", len(days)), Labels: make([]string, len(days)), EndFirst: true}
	values := make([]int64, len(days))
	for i, d := range days {
		chart.Labels[i] = d.Day[5:] // MM-DD
		values[i] = d.Balance.Mul(decimal.NewFromInt(100)).IntPart()
	}
	last := Money(days[len(days)-1].Balance)
	chart.Series = []ChartSeries{{Name: p.T("funds.customer_balance"), Values: values, Total: last}}
	chart.Desc = p.T("funds.history_desc", days[0].Day, Money(days[0].Balance), last)
	return chart
}

// anyBalance: the customer had money on one of the days (a chart of zeros says nothing).
func anyBalance(days []models.BalanceDay) bool {
	for _, d := range days {
		if !d.Balance.IsZero() {
			return true
		}
	}
	return false
}

// CycleFigure is a cycle's amount and what of it is unpaid (fen).
type CycleFigure struct {
	Cycle        string
	Amount, Debt int64
}

func cycleFigures(ts []models.CycleTotal) []CycleFigure {
	out := make([]CycleFigure, len(ts))
	for i, t := range ts {
		out[i] = CycleFigure{t.BillCycle, t.Amount, t.Debt}
	}
	return out
}

func billFigures(bs []models.CycleBill) []CycleFigure {
	out := make([]CycleFigure, len(bs))
	for i, b := range bs {
		out[i] = CycleFigure{b.BillCycle, b.Amount, b.Debt}
	}
	return out
}

// CyclesChart is the last cycles' bills, a bar a cycle: what was paid, and the debt on it.
func CyclesChart(p Page, id string, cycles []CycleFigure) BarChart {
	chart := BarChart{ID: id, Title: p.T("bills.history_chart", len(cycles)), Labels: make([]string, len(cycles)), EndFirst: true}
	paid, debt := make([]int64, len(cycles)), make([]int64, len(cycles))
	var total, paidSum, debtSum int64
	for i, c := range cycles {
		chart.Labels[i] = c.Cycle
		paid[i], debt[i] = c.Amount-c.Debt, c.Debt
		total, paidSum, debtSum = total+c.Amount, paidSum+paid[i], debtSum+debt[i]
	}
	chart.Series = []ChartSeries{{Name: p.T("bills.paid"), Values: paid, Total: Fen(paidSum)}}
	if debtSum != 0 {
		chart.Series = append(chart.Series, ChartSeries{Name: p.T("bills.debt"), Values: debt, Total: Fen(debtSum)})
	}
	if total == 0 {
		chart.Series = nil
	}
	chart.Desc = ChartDesc(p, total, chart.Series)
	if chart.Series == nil {
		chart.Desc = p.T("bills.history_empty", len(cycles))
	}
	return chart
}
