package reader

import (
	"reflect"
	"testing"
)

// TestEventLifeCycle reads 修改活动 and 取消活动, and checks that the new
// keywords do not take over 取消报名 or 取消订餐.
func TestEventLifeCycle(t *testing.T) {
	r := newTestReader(t)
	for _, c := range []struct {
		ctx, text string
		want      map[string]any
	}{
		{"group", "取消活动 3", map[string]any{"intent": "cancel_event", "event": 3.0}},
		{"group", "取消活动3号活动", map[string]any{"intent": "cancel_event", "event": 3.0}},
		{"group", "取消报名 3", map[string]any{"intent": "cancel_signup", "event": 3.0}},
		{"group", "取消订餐", map[string]any{"intent": "cancel_meal"}},
		{"group", "取消订餐 D12", map[string]any{"intent": "cancel_meal", "order": "D12"}},
		{"group", "取消活动", map[string]any{"intent": "cancel_event", "error": "请写活动编号，如：取消活动 3"}},
		{"group", "取消活动的事再说吧", map[string]any{"intent": "none"}},
		{"private", "/cancelevent 4", map[string]any{"intent": "cancel_event", "event": 4.0}},
		{"group", "修改活动 3 15:00", map[string]any{"intent": "edit_event", "event": 3.0, "time": "15:00"}},
		{"group", "修改活动 3 12月1日 下午3点 社区活动室 40人",
			map[string]any{"intent": "edit_event", "event": 3.0, "date": "2026-12-01", "time": "15:00", "place": "社区活动室", "capacity": 40.0}},
		{"group", "修改活动 3号 限20人", map[string]any{"intent": "edit_event", "event": 3.0, "capacity": 20.0}},
		{"group", "修改活动 3 党群服务站 二楼", map[string]any{"intent": "edit_event", "event": 3.0, "place": "党群服务站 二楼"}},
		{"group", "修改活动 3", map[string]any{"intent": "edit_event", "error": "请写要改的时间、地点或名额，如：修改活动 3 12月1日 15:00 社区活动室 40人"}},
		{"group", "修改活动的时间不太好", map[string]any{"intent": "none"}},
		{"group", "修改活动 下周 再说", map[string]any{"intent": "none"}},
		{"private", "修改活动 下周", map[string]any{"intent": "edit_event", "error": "请先写活动编号，如：修改活动 3 12月1日 15:00 社区活动室 40人"}},
	} {
		got := toMap(t, r.Read(c.text, modeOf(t, c.ctx), phrasesNow))
		for k, v := range c.want {
			if !reflect.DeepEqual(got[k], v) {
				t.Errorf("%s %q: %s = %v, want %v (got %v)", c.ctx, c.text, k, got[k], v, got)
			}
		}
		if _, ok := c.want["error"]; !ok && got["error"] != nil {
			t.Errorf("%s %q: unexpected error %v", c.ctx, c.text, got["error"])
		}
	}
}

// TestEditEventBodyLines: a bare 修改活动 3 is fine when changes follow on
// the next lines, which reach the handler as Body.
func TestEditEventBodyLines(t *testing.T) {
	r := newTestReader(t)
	in := r.Read("修改活动 3\n说明 请带老花镜\n截止 11月27日 18:00", modeOf(t, "group"), phrasesNow)
	if in.Name != "edit_event" || in.Event != 3 || in.Problem != "" || len(in.Body) != 2 {
		t.Fatalf("got %+v", in)
	}
}
