package views

import (
	"fmt"
	"strings"

	"partnerhub/models"
)

// MemoText is a transfer's memo as the reader reads it: the codes of the memos the console writes
// by itself (models.MemoUnbind, …, "order CS…") in the reader's language, anything a person typed
// as it was typed.
func MemoText(lang, memo string) string {
	switch memo {
	case models.MemoUnbind:
		return T(lang, "memo.unbind")
	case models.MemoModeSwitch:
		return T(lang, "memo.mode_switch")
	case models.MemoUsage:
		return T(lang, "memo.usage")
	case models.MemoWriteoff:
		return T(lang, "memo.usage_writeoff")
	case models.MemoCompensation:
		return T(lang, "memo.compensation")
	case models.MemoDeduction:
		return T(lang, "memo.deduction")
	}
	if id, ok := strings.CutPrefix(memo, "order "); ok && models.ParseOrderID(id) != 0 {
		return T(lang, "memo.order", id)
	}
	// a deposit's reversal: the code, or the words rows written before it carried in either language
	for _, pattern := range []string{"deposit reversal %d", "冲正充值 #%d", "Reversal of deposit #%d"} {
		var id uint64
		if n, err := fmt.Sscanf(memo, pattern, &id); n == 1 && err == nil && fmt.Sprintf(pattern, id) == memo {
			return T(lang, "ops.reversal_memo", id)
		}
	}
	return memo
}

var memoCatalog = map[string][2]string{
	"memo.unbind":      {"解除关联，余额退回伙伴", "Association ended: balance returned to the partner"},
	"memo.mode_switch": {"切换为顾问销售模式，余额退回伙伴", "Switched to advisory mode: balance returned to the partner"},
	"memo.order":       {"订单 %s", "Order %s"},
}
