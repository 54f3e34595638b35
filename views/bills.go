package views

import (
	"net/url"
	"strconv"

	"partnerhub/models"
)

// BillFilterForm is the bills page's query as the form shows it.
type BillFilterForm struct {
	Cycle, Customer, Reseller, Mode, Service, ChargeMode, BillType, Sort string
	Limit                                                                int
}

// BillsVM is the monthly bills page (/bills): a cycle's customers and its totals.
type BillsVM struct {
	Form       BillFilterForm
	Ignored    []string
	CycleError string // a refused cycle, said in words (the page answers 422)
	Cycle      models.Cycle
	Cycles     []string // the recent cycles, newest first
	Cat        *models.Catalog
	Resellers  []models.Partner
	Rows       []models.CycleBillRow
	Totals     models.CycleTotal
	History    []models.CycleTotal // the 12 cycles up to this one, oldest first
	Pager      Pager
	Capped     bool
	ExportHref string
	Today      string // the running cycle's figures are as of today (YYYY-MM-DD)
}

// BillModes, BillChargeModes, BillTypes and BillSorts are the filters' choices.
var (
	BillModes       = []string{"2", "1"}
	BillChargeModes = []string{"1", "3"}
	BillTypes       = []string{"1", "2", "4", "5", "8", "9", "16"}
	BillSorts       = []string{"-amount", "amount", "customer", "-customer"}
)

// BillHref is a customer's bill of a cycle.
func BillHref(customerID uint64, cycle string) string {
	return Path(PathBill, customerID) + "?cycle=" + url.QueryEscape(cycle)
}

// PortalUsageHref is the customer's on-demand usage: its running bill's fee records of rated usage
// (bill type 5).
const PortalUsageHref = PathPortalBills + "?bill_type=5#records"

// BillVM is a customer's bill of a cycle (/bills/:id) and its printable statement.
type BillVM struct {
	Base          string // the page's own path: a partner's /bills/:id, the portal's /portal/bills
	Portal        bool   // the customer's own bills: no settlement, statement or export
	Bill          *models.CustomerBill
	Cat           *models.Catalog
	PartnerName   string
	Cycles        []string
	Records       *models.FeeRecordList
	Usages        map[uint64]models.FeeUsage // the usage the page's rated hours bill, by usage id
	RecordForm    BillFilterForm             // service, charge mode, bill type, limit of the records
	Ignored       []string
	Pager         Pager
	Settleable    *models.CycleBill // the bill the partner settles, if any
	MaySettle     bool              // the user may settle it (finance or admin)
	Settle        SettleForm
	ExportHref    string
	StatementHref string
	Today         string
	Arrears       *models.Arrears // what the customer owes now, over all cycles (nil: nothing)
}

// ArrearsNow is what the customer owes now, after the write-offs of later money.
func (vm BillVM) ArrearsNow() string {
	if vm.Arrears == nil {
		return Fen(0)
	}
	return Money(vm.Arrears.AmountMoney())
}

// SettleForm is the settle and undo forms, with their field errors.
type SettleForm struct {
	InvoiceNo, InvoiceDate, Reason string
	Err                            string // a refusal of no field (the cycle, the bill's state)
	Errors                         map[string]string
}

// Paid is what was paid of a bill's amount (its amount less its debt).
func Paid(amount, debt int64) string { return Money(models.Fen(amount - debt)) }

// Fen shows fen as money.
func Fen(n int64) string { return Money(models.Fen(n)) }

// SettledChanged tells whether charges came after the bill was settled.
func SettledChanged(b *models.CycleBill) bool { return b.Settled() && b.SettledAmount != b.Amount }

// billService is a service type's name in the page's language (its code when the catalog has none).
func billService(cat *models.Catalog, lang, code string) string {
	return OrderServiceName(cat, lang, code)
}

// RecordUsage is a rated hour's usage in lang, its amount and unit ("2.5 GB") and its usage
// type's name ("Outbound traffic"), by the catalog's names; both empty for a record of no usage.
func (vm BillVM) RecordUsage(lang string, f *models.FeeRecord) (amount, kind string) {
	if f.UsageID == nil {
		return "", ""
	}
	u, ok := vm.Usages[*f.UsageID]
	if !ok {
		return "", ""
	}
	return UsageAmount(vm.Cat, lang, u), UsageTypeName(vm.Cat, lang, f.ResourceType, u.Factor)
}

// UsageAmount is a usage's amount with its unit's name in lang (its id when the catalog has none).
func UsageAmount(cat *models.Catalog, lang string, u models.FeeUsage) string {
	unit := "#" + strconv.FormatUint(u.MeasureID, 10)
	if m := cat.MeasureUnit(u.MeasureID); m != nil {
		unit = m.Name(lang)
	}
	return u.Value.String() + " " + unit
}

// UsageTypeName is the name in lang of a resource type's usage type (its code when the catalog
// has none).
func UsageTypeName(cat *models.Catalog, lang, resourceType, code string) string {
	for _, t := range cat.UsageTypes(resourceType) {
		if t.Code == code {
			return t.Name(lang)
		}
	}
	return code
}

// CycleHref is the page of another cycle.
func (vm BillVM) CycleHref(cycle string) string { return vm.Base + "?cycle=" + url.QueryEscape(cycle) }

// CycleBillNames names a cycle bill's codes in lang with the words of the bills page: the cycle's
// CSV writes them beside the codes.
func CycleBillNames(lang string) models.CycleBillNames {
	return models.CycleBillNames{Mode: func(m models.Mode) string { return T(lang, Key("mode.", int(m))) }}
}

// FeeRecordNames names a fee record's codes in lang with the words of the bill page: the fee
// records' CSV writes them beside the codes.
func FeeRecordNames(cat *models.Catalog, lang string) models.FeeRecordNames {
	return models.FeeRecordNames{
		BillType:    func(t int8) string { return T(lang, Key("bills.bill_type.", t)) },
		ChargeMode:  func(m models.ChargeMode) string { return T(lang, Key("bills.charge_mode.", int(m))) },
		ServiceType: func(code string) string { return billService(cat, lang, code) },
		ResourceType: func(code string) string {
			if rt := cat.ResourceType(code); rt != nil {
				return rt.Name(lang)
			}
			return code
		},
		Region: func(code string) string { return regionName(Page{Lang: lang}, cat, code) },
	}
}
