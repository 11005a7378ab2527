package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"linli/bot"
	"linli/store"
)

// codeLife is how long a one-time code may wait to be used.
const codeLife = 24 * time.Hour

// codeLen is the letters of a code: 31⁸ ≈ 8.5×10¹¹, far beyond guessing
// through a chat, where each try is a paced message.
const codeLen = 8

func (h *Handlers) codeRoutes() []bot.Route {
	return []bot.Route{
		{Intent: bot.IntentIssueCode, Title: "生成验证码（给身份）", Usage: "验证码 楼组长 <楼栋>｜验证码 食堂｜验证码 管理员｜验证码 联络员 <楼栋>",
			Example: "验证码 楼组长 8号楼", Roles: admin, Handle: h.issueCode, Discreet: true},
		{Intent: bot.IntentRedeemCode, Title: "用验证码确认身份", Usage: "验证 <验证码>（私聊发给我）", Example: "验证 K7P2QX9D",
			Handle: h.redeemCode, Discreet: true, Unlisted: true},
	}
}

// codeRoles are the roles a code can give, by what people call them.
func codeRoles() []struct{ word, role string } {
	return []struct{ word, role string }{
		{"楼组长", bot.RoleBuildingHead}, {"食堂", bot.RoleCanteenManager}, {"管理员", bot.RoleAdmin},
		{"社区工作人员", bot.RoleAdmin}, {"联络员", bot.RoleLiaison}, {"民情联络员", bot.RoleLiaison},
	}
}

// codeCommand is the 验证码 command an admin sends for role.
func codeCommand(role, building string) string {
	for _, c := range codeRoles() {
		if c.role == role {
			return strings.TrimSpace("验证码 " + c.word + " " + building)
		}
	}
	return "验证码 " + role
}

// digest is what is kept of a code: its SHA-256, of the code as typed in
// capitals without spaces.
func digest(code string) string {
	sum := sha256.Sum256([]byte(strings.ToUpper(strings.Join(strings.Fields(code), ""))))
	return hex.EncodeToString(sum[:])
}

// NewCode stores a one-time code for role and returns it. by is the admin
// who asked (0 for the server's shell); source is the role's source.
func (h *Handlers) NewCode(ctx context.Context, role, building, source string, by uint) (string, time.Time, error) {
	code := bot.RandomCode(codeLen)
	c := store.VerifyCode{Digest: digest(code), Role: role, Building: building, Source: source, ExpiresAt: h.now().Add(codeLife)}
	if by != 0 {
		c.IssuedBy = &by
	}
	if err := h.codes.IssueCode(ctx, &c); err != nil {
		return "", time.Time{}, fmt.Errorf("issue a code for %s: %w", role, err)
	}
	return code, c.ExpiresAt, nil
}

// IssueConfigCode is `linli code`: a code for an account the configuration
// lists, for each role it lists it under. It says so when it lists none.
func (h *Handlers) IssueConfigCode(ctx context.Context, account string) ([]string, error) {
	var lines []string
	for _, set := range h.configRoles() {
		for _, acct := range set.accounts {
			if acct != account {
				continue
			}
			code, until, err := h.NewCode(ctx, set.role, "", store.ConfigSource(account), 0)
			if err != nil {
				return nil, err
			}
			lines = append(lines, fmt.Sprintf("%s（%s）的验证码：%s，%s前有效，只能用一次。\n请把它当面交给本人：本人加机器人的微信为好友，私聊发送「验证 %s」。",
				account, bot.RoleTitle(set.role), code, bot.DayTime(until.In(h.cfg.Location)), code))
		}
	}
	if lines == nil {
		return nil, fmt.Errorf("%s is neither in admins nor in canteen.managers of the configuration", account)
	}
	return lines, nil
}

func (h *Handlers) issueCode(ctx context.Context, r *bot.Request) error {
	if r.Msg.Chat.Group {
		return bot.Tell("验证码请私聊我要，不要在群里发。")
	}
	role, building, err := readCodeRole(r.Intent.Text)
	if err != nil {
		return err
	}
	code, until, err := h.NewCode(ctx, role, building, "", r.Caller.ResidentID)
	if err != nil {
		return err
	}
	return r.Reply(ctx, bot.Lines(
		fmt.Sprintf("验证码：%s", code),
		fmt.Sprintf("用途：%s%s，%s前有效，只能用一次。", building, bot.RoleTitle(role), bot.DayTime(until.In(h.cfg.Location))),
		fmt.Sprintf("请当面交给本人：本人加我为好友，私聊我发「验证 %s」。", code)))
}

// readCodeRole reads "楼组长 8号楼" into a role and building.
func readCodeRole(text string) (string, string, error) {
	words := strings.Fields(text)
	usage := "请写明给什么身份，如：验证码 楼组长 8号楼（也可以：验证码 食堂、验证码 管理员、验证码 联络员 8号楼）。"
	if len(words) == 0 || len(words) > 2 {
		return "", "", bot.Tell("%s", usage)
	}
	role := ""
	for _, c := range codeRoles() {
		if words[0] == c.word {
			role = c.role
		}
	}
	building := ""
	if len(words) == 2 {
		building = normBuilding(words[1])
	}
	switch {
	case role == "":
		return "", "", bot.Tell("%s", usage)
	case (role == bot.RoleBuildingHead || role == bot.RoleLiaison) && building == "":
		return "", "", bot.Tell("请写上是哪栋楼的%s，如：验证码 %s 8号楼。", bot.RoleTitle(role), words[0])
	case role != bot.RoleBuildingHead && role != bot.RoleLiaison && building != "":
		return "", "", bot.Tell("%s不分楼栋，请只写：验证码 %s。", bot.RoleTitle(role), words[0])
	}
	return role, building, nil
}

// normBuilding is "8号楼" for 8, 8号, 8号楼, ８号楼; "" when it is none.
func normBuilding(s string) string {
	s = strings.TrimSuffix(strings.TrimSuffix(foldWidth(s), "楼"), "号")
	if s == "" || !digits(s) {
		return ""
	}
	return s + "号楼"
}

func (h *Handlers) redeemCode(ctx context.Context, r *bot.Request) error {
	now := h.now()
	d := digest(r.Intent.Text)
	if r.Msg.Chat.Group {
		if voided, err := h.codes.VoidCode(ctx, d, now); err != nil {
			return err
		} else if voided {
			return bot.Tell("这个验证码在群里大家都看到了，已经作废。\n请向社区工作人员要一个新的，私聊发给我。")
		}
		return bot.Tell("验证码请私聊发给我，不要在群里发。")
	}
	c, granted, err := h.codes.RedeemCode(ctx, d, r.Caller.ResidentID, now)
	if errors.Is(err, store.ErrNotFound) {
		return bot.Tell("验证码不对，或者已经用过、过期了（24小时内有效，只能用一次）。\n请核对一下，或者向社区工作人员要一个新的。")
	}
	if err != nil {
		return err
	}
	title := c.Building + bot.RoleTitle(c.Role)
	if c.IssuedBy != nil && *c.IssuedBy != r.Caller.ResidentID {
		if issuer, err := h.people.ResidentByID(ctx, *c.IssuedBy); err == nil {
			h.send(ctx, r, privateChat(issuer), fmt.Sprintf("%s 已用验证码确认为%s。", r.Msg.Sender.Name, title))
		}
	}
	if !granted {
		return r.Reply(ctx, fmt.Sprintf("验证成功。您本来就是%s。", title))
	}
	return r.Reply(ctx, fmt.Sprintf("验证成功：您现在是%s。\n发「帮助」看看能用的命令。", title))
}
