package handlers

import (
	"context"
	"fmt"
	"strings"

	"linli/bot"
	"linli/store"
)

// dangerWords mark a report that cannot wait for the weekly digest:
// someone trapped, hurt, water or fire or gas where it should not be.
func dangerWords() []string {
	return []string{"困在电梯", "困电梯", "电梯困人", "关在电梯", "卡在电梯", "漏水", "水管爆", "爆管", "淹水",
		"着火", "起火", "冒烟", "火灾", "煤气味", "燃气味", "漏气", "煤气泄漏", "摔倒", "跌倒", "晕倒", "昏倒",
		"触电", "救命", "求救", "受伤", "流血"}
}

// urgent reports whether a suggestion is about danger: the 安全 category,
// or words of an emergency.
func urgent(sg store.Suggestion) bool {
	if sg.Category == "安全" {
		return true
	}
	for _, w := range dangerWords() {
		if strings.Contains(sg.Text, w) {
			return true
		}
	}
	return false
}

// raiseAlarm tells the building's heads and the admins, privately and at
// once, of an urgent report, and returns the line that tells the resident
// who was told. An anonymous report is passed on without its author.
func (h *Handlers) raiseAlarm(ctx context.Context, r *bot.Request, sg store.Suggestion) (string, error) {
	from := "匿名"
	if !sg.Anonymous {
		from = r.Msg.Sender.Name + "（回复请发：回复 " + ticket(sg) + " …）"
	}
	where := sg.Building
	if where == "" {
		where = "未说明楼栋"
	}
	// An anonymous report's alarm is discreet: forgotten once delivered,
	// so no stored message dates the ticket to the minute.
	alarm := bot.Reply{Text: fmt.Sprintf("【紧急】%s（%s）：%s\n反映人：%s", ticket(sg), where, sg.Text, from), Discreet: sg.Anonymous}
	var to []store.Resident
	var told []string
	if sg.Building != "" {
		heads, err := h.roles.HoldersOf(ctx, bot.RoleBuildingHead, sg.Building)
		if err != nil {
			return "", fmt.Errorf("heads of %s: %w", sg.Building, err)
		}
		if len(heads) > 0 {
			to, told = append(to, heads...), append(told, sg.Building+"楼组长")
		}
	}
	admins, err := h.roles.HoldersOf(ctx, bot.RoleAdmin, "")
	if err != nil {
		return "", fmt.Errorf("admins: %w", err)
	}
	to, told = append(to, admins...), append(told, "社区工作人员")
	for _, p := range to {
		if err := r.Send(ctx, privateChat(p), alarm); err != nil {
			h.log.Error("urgent report not passed on", "to", p.ID, "err", err)
		}
	}
	return "这件事比较急，已马上告诉了" + strings.Join(told, "和") + "。\n如有危险请先打 119 / 120 / 110。", nil
}
