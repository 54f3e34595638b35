package views

import (
	"testing"

	"partnerhub/models"
)

func TestMemoText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ memo, zh, en string }{
		{models.MemoUnbind, "解除关联，余额退回伙伴", "Association ended: balance returned to the partner"},
		{models.MemoModeSwitch, "切换为顾问销售模式，余额退回伙伴", "Switched to advisory mode: balance returned to the partner"},
		{"order CS26120300000042", "订单 CS26120300000042", "Order CS26120300000042"},
		{models.ReversalMemo(7), "冲正充值 #7", "Reversal of deposit #7"},
		{"冲正充值 #8", "冲正充值 #8", "Reversal of deposit #8"},                // written before the code, in Chinese
		{"Reversal of deposit #9", "冲正充值 #9", "Reversal of deposit #9"}, // … and in English
		{"order 42", "order 42", "order 42"},                            // not an order number: a person's words
		{"deposit reversal 7 twice", "deposit reversal 7 twice", "deposit reversal 7 twice"},
		{"给客户的拨款", "给客户的拨款", "给客户的拨款"},
		{"", "", ""},
	} {
		if got := MemoText(ZH, tc.memo); got != tc.zh {
			t.Errorf("zh %q: %q, want %q", tc.memo, got, tc.zh)
		}
		if got := MemoText(EN, tc.memo); got != tc.en {
			t.Errorf("en %q: %q, want %q", tc.memo, got, tc.en)
		}
	}
}

// A memo a person typed is shown as typed unless it is exactly one of the codes.
func FuzzMemoText(f *testing.F) {
	for _, s := range []string{models.MemoUnbind, "order CS26120300000042", "deposit reversal 1", "冲正充值 #1", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, memo string) {
		got := MemoText(EN, memo)
		if got == "" && memo != "" {
			t.Fatalf("%q shown as nothing", memo)
		}
	})
}
