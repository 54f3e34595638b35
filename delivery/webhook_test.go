package delivery

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// The gateway gets a JSON POST; a 2xx is sent, anything else (a redirect too) an error that does
// not repeat the URL and the credentials it may hold.
func TestWebhook(t *testing.T) {
	t.Parallel()
	var got map[string]string
	status := http.StatusAccepted
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" || r.URL.Query().Get("key") != "k3y" {
			t.Errorf("%s %s %s", r.Method, r.URL, r.Header.Get("Content-Type"))
		}
		got = nil
		json.NewDecoder(r.Body).Decode(&got)
		if status == http.StatusFound {
			http.Redirect(w, r, "/elsewhere", status)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	w := &Webhook{URL: srv.URL + "/sms?key=k3y"}
	msg := Message{To: "+8613912340099", Text: "张三 邀请您加入\nAn invitation"}
	if err := w.Send(bg, msg); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["to"] != msg.To || got["text"] != msg.Text {
		t.Errorf("posted %v", got)
	}
	for _, code := range []int{http.StatusInternalServerError, http.StatusFound, http.StatusUnauthorized} {
		status = code
		err := w.Send(bg, msg)
		if err == nil || strings.Contains(err.Error(), "k3y") || !strings.Contains(err.Error(), strconv.Itoa(code)) {
			t.Errorf("HTTP %d: %v", code, err)
		}
	}
	srv.Close()
	if err := w.Send(bg, msg); err == nil || strings.Contains(err.Error(), "k3y") || strings.Contains(err.Error(), "/sms") {
		t.Errorf("gateway down: %v", err)
	}
}
