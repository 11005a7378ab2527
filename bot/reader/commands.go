package reader

import "linli/bot"

// grammar says how a command's arguments are read.
type grammar uint8

const (
	gNone     grammar = iota // no arguments: the keyword is the whole message
	gMenu                    // [date] [meal]
	gBook                    // [date] [meal] [quantity]
	gCancel                  // [order] [date] [meal]
	gSignup                  // event [party]
	gEvent                   // event
	gText                    // free text (required unless optional)
	gTicket                  // ticket [text]
	gRegister                // [building] room
	gBind                    // building | 全体
	gTarget                  // @target [building]
	gNewEvent                // title date time [place] [capacity]
	gSetMenu                 // [date] [meal], dishes on the next lines
	gStats                   // [date] [meal]
	gSchedule                // date time text
	gEdit                    // event [date] [time] [place] [capacity]
	gEvents                  // [date | period], dropped
	gPlaceWho                // building room name (同意 8号楼301 张三, 移出 8号楼301 @某人)
	gNewVote                 // title, then options and settings on the next lines (votes.go)
	gVote                    // vote choice: 投票 2 1
	gVoteNum                 // vote: 投票结果 2
	gNotice                  // notice: 收到 3, 收到情况 3, 提醒 3
	gNewFund                 // title [目标 amount] (funds.go)
	gFund                    // fund: 众筹 C1
	gPledge                  // fund amount: 认捐 C1 50
	gFundIn                  // fund household amount [note]: 收款 C1 8号楼301 50
	gFundOut                 // fund amount note: 支出 C1 120 买绿植
	gCheckin                 // event [@someone] (volunteer.go)
	gHours                   // event duration: 时长 3 2小时
	gSpan                    // [本月 | 上月 | 11月 | day [到 day]]: the days an export covers (export.go)
	gHelp                    // [管理] [page]: 帮助 管理 2
)

// command is one row of the command table. Several rows may share an intent
// (set_role per role, suggest and its anonymous form); Commands merges them.
type command struct {
	intent   string
	keywords []string
	slash    []string
	gram     grammar
	role     string // set_role: the role given
	anon     bool   // suggest: hide the author
	optional bool   // gText/gTicket: the text may be empty
	pre      bool   // date and meal words may come before the keyword (明天菜单)
	// needArgs are keywords that are commands in a group only when
	// arguments follow (订午餐 is one, 订 alone is not).
	needArgs []string
	// needMeal: the arguments must name a meal or an order (不要 alone
	// refuses anything).
	needMeal bool
	// needDone: a negated keyword that is a request only with its 了.
	needDone bool
	// addressedOnly: a command only when the message is for the bot (a
	// private chat or an @mention); in a group the words are too common.
	addressedOnly bool
	// again: 再订一份 adds to the person's latest booking (Intent.Again).
	again bool
}

// commandTable lists every command in the order help and Telegram's
// command menu show them: residents' first, then the roles'. It is a
// function so that no package-level table can be changed by a caller.
func commandTable() []command {
	return []command{
		{intent: bot.IntentHelp, keywords: []string{"帮助", "菜单帮助", "使用帮助", "使用说明", "命令列表", "help"}, slash: []string{"help", "start"}, gram: gHelp},
		{intent: bot.IntentMenu, keywords: []string{"菜单", "看菜单", "查菜单", "查看菜单", "今日菜单", "吃什么", "吃啥", "有什么菜", "菜谱", "有啥菜"}, slash: []string{"menu"}, gram: gMenu, pre: true, needArgs: []string{"吃什么", "吃啥", "有什么菜", "有啥菜"}},
		{intent: bot.IntentBookMeal, keywords: []string{"订餐", "订饭", "报餐", "预订", "订", "定餐", "定饭"}, slash: []string{"book"}, gram: gBook, pre: true, needArgs: []string{"订"}},
		// 定 is 订 typed by sound, but also "settle on" (定明天吧): only a
		// booking when said to the bot.
		{intent: bot.IntentBookMeal, keywords: []string{"定"}, gram: gBook, pre: true, needArgs: []string{"定"}, addressedOnly: true},
		// 再订一份: one more portion of the latest booking. No words before
		// it (明天再订 is a plan, not a request); 再来, 再要 only when said
		// to the bot (再来一份 at a neighbour's table).
		{intent: bot.IntentBookMeal, keywords: []string{"再订", "再订餐", "再定", "加订"}, gram: gBook, needArgs: []string{"再订", "再定", "加订"}, again: true},
		{intent: bot.IntentBookMeal, keywords: []string{"再来", "再要", "再留"}, gram: gBook, needArgs: []string{"再来", "再要", "再留"}, again: true, addressedOnly: true},
		{intent: bot.IntentCancelMeal, keywords: []string{"取消订餐", "取消订饭", "取消订单", "取消我的订餐", "取消我的订单", "退餐", "退订", "取消", "取消定餐", "取消定饭", "取销订餐", "取销"}, slash: []string{"cancel"}, gram: gCancel, pre: true, needArgs: []string{"取消"}},
		// 明天的午饭不要了, 退掉明天的饭: only with a meal named, else 不要
		// is any refusal (不要订餐了, 不要随地吐痰); and 不要 only with the
		// 了 of a changed mind (午饭不要 answers an offer).
		{intent: bot.IntentCancelMeal, keywords: []string{"不要"}, gram: gCancel, pre: true, needArgs: []string{"不要"}, needMeal: true, needDone: true, addressedOnly: true},
		{intent: bot.IntentCancelMeal, keywords: []string{"退掉"}, gram: gCancel, pre: true, needArgs: []string{"退掉"}, needMeal: true},
		{intent: bot.IntentMyMeals, keywords: []string{"我的订餐", "我的订单", "我订的餐", "查订餐", "我订了什么", "我订了哪些", "我订了啥", "订餐记录", "我的订餐记录", "我的定餐"}, slash: []string{"mymeals"}},
		{intent: bot.IntentEvents, keywords: []string{"活动", "最近活动", "近期活动", "活动列表", "有什么活动", "最近有什么活动", "查看活动", "有活动", "最近有活动", "有没有活动", "最近有没有活动", "有啥活动", "最近有啥活动", "有哪些活动", "最近有哪些活动", "都有什么活动", "都有啥活动", "都有哪些活动"}, slash: []string{"events"}, gram: gEvents, pre: true},
		{intent: bot.IntentSignup, keywords: []string{"报名", "报名参加", "参加活动", "参加", "报个名", "报明"}, slash: []string{"signup"}, gram: gSignup},
		{intent: bot.IntentCancelSignup, keywords: []string{"取消报名", "取消我的报名", "退出活动", "不参加"}, slash: []string{"cancelsignup"}, gram: gEvent},
		{intent: bot.IntentMySignups, keywords: []string{"我的报名", "我的活动", "我报的活动", "我报了哪些", "我报了哪些活动", "我报名了哪些", "我报名的活动", "我参加的活动"}, slash: []string{"mysignups"}},
		{intent: bot.IntentSuggest, keywords: []string{"建议", "反映", "投诉", "报修", "提个建议", "提建议"}, slash: []string{"suggest"}, gram: gText},
		{intent: bot.IntentSuggest, keywords: []string{"匿名建议", "匿名反映", "匿名投诉"}, slash: []string{"anonsuggest"}, gram: gText, anon: true},
		{intent: bot.IntentMySuggestions, keywords: []string{"我的建议", "我的反映", "我提的建议", "我的投诉", "我的报修"}, slash: []string{"mysuggestions"}},
		{intent: bot.IntentRegister, keywords: []string{"登记", "住户登记", "登记房号"}, slash: []string{"register"}, gram: gRegister},
		// A member's yes to someone joining their household. Alone (or
		// with words that are no household) 同意 is chatter.
		{intent: bot.IntentAcceptMember, keywords: []string{"同意"}, slash: []string{"approve"}, gram: gPlaceWho, needArgs: []string{"同意"}},
		{intent: bot.IntentLeaveHousehold, keywords: []string{"退出登记", "取消登记", "退出住户"}, slash: []string{"leave"}},
		{intent: bot.IntentEraseMe, keywords: []string{"注销", "注销账号", "删除我的信息"}, slash: []string{"forgetme"}},
		{intent: bot.IntentConfirmErase, keywords: []string{"确认注销"}, slash: []string{"confirmforget"}},
		// Deciding together (votes.go). Strict: a number, nothing else,
		// follows the keyword; a bare 收到 is a reply to an open notice,
		// which only the handlers know of (handlers.NoticeReplies).
		{intent: bot.IntentVote, keywords: []string{"投票"}, slash: []string{"vote"}, gram: gVote, needArgs: []string{"投票"}},
		{intent: bot.IntentVote, keywords: []string{"v"}, gram: gVote, needArgs: []string{"v"}},
		{intent: bot.IntentVoteResults, keywords: []string{"投票结果", "查看投票结果", "投票情况"}, slash: []string{"voteresults"}, gram: gVoteNum},
		{intent: bot.IntentConfirmNotice, keywords: []string{"收到", "已收到"}, slash: []string{"ack"}, gram: gNotice, needArgs: []string{"收到", "已收到"}},
		{intent: bot.IntentPledge, keywords: []string{"认捐"}, slash: []string{"pledge"}, gram: gPledge, needArgs: []string{"认捐"}},
		{intent: bot.IntentFundLedger, keywords: []string{"众筹", "众筹账目", "查看众筹"}, slash: []string{"fund"}, gram: gFund, needArgs: []string{"众筹"}},
		{intent: bot.IntentCheckin, keywords: []string{"签到"}, slash: []string{"checkin"}, gram: gCheckin, needArgs: []string{"签到"}},
		{intent: bot.IntentMyHours, keywords: []string{"我的志愿时长", "志愿时长", "我的志愿服务"}, slash: []string{"myhours"}},

		// A household member with no account (a liaison's or head's
		// record): the name is the Text.
		{intent: bot.IntentRegisterElder, keywords: []string{"登记老人", "登记长者"}, slash: []string{"registerelder"}, gram: gPlaceWho},

		{intent: bot.IntentNotice, keywords: []string{"通知", "发通知", "发个通知", "发布通知"}, slash: []string{"notice"}, gram: gText},
		{intent: bot.IntentCreateEvent, keywords: []string{"发起活动", "创建活动", "新建活动"}, slash: []string{"newevent"}, gram: gNewEvent},
		{intent: bot.IntentEditEvent, keywords: []string{"修改活动", "更改活动"}, slash: []string{"editevent"}, gram: gEdit},
		{intent: bot.IntentCancelEvent, keywords: []string{"取消活动"}, slash: []string{"cancelevent"}, gram: gEvent},
		{intent: bot.IntentRoster, keywords: []string{"名单", "报名名单", "活动名单"}, slash: []string{"roster"}, gram: gEvent},
		{intent: bot.IntentSetMenu, keywords: []string{"设置菜单", "发布菜单"}, slash: []string{"setmenu"}, gram: gSetMenu},
		{intent: bot.IntentMealStats, keywords: []string{"订餐统计", "统计订餐", "订餐汇总"}, slash: []string{"mealstats"}, gram: gStats, pre: true},
		{intent: bot.IntentStopMeals, keywords: []string{"停餐"}, slash: []string{"stopmeals"}, gram: gStats, needArgs: []string{"停餐"}},
		{intent: bot.IntentBindGroup, keywords: []string{"绑定", "绑定楼栋"}, slash: []string{"bind"}, gram: gBind},
		{intent: bot.IntentSetRole, keywords: []string{"设置楼组长"}, slash: []string{"sethead"}, gram: gTarget, role: bot.RoleBuildingHead},
		{intent: bot.IntentSetRole, keywords: []string{"设置食堂"}, slash: []string{"setcanteen"}, gram: gTarget, role: bot.RoleCanteenManager},
		{intent: bot.IntentSetRole, keywords: []string{"设置管理员"}, slash: []string{"setadmin"}, gram: gTarget, role: bot.RoleAdmin},
		{intent: bot.IntentSetRole, keywords: []string{"设置联络员", "设置民情联络员"}, slash: []string{"setliaison"}, gram: gTarget, role: bot.RoleLiaison},
		{intent: bot.IntentVerifyElder, keywords: []string{"认证长者", "认证老人"}, slash: []string{"verifyelder"}, gram: gTarget},
		{intent: bot.IntentListSuggestions, keywords: []string{"建议列表", "查看建议", "所有建议"}, slash: []string{"suggestions"}, gram: gText, optional: true},
		{intent: bot.IntentReplySuggestion, keywords: []string{"回复"}, slash: []string{"reply"}, gram: gTicket},
		{intent: bot.IntentResolveSuggestion, keywords: []string{"办结", "结案"}, slash: []string{"resolve"}, gram: gTicket, optional: true},
		{intent: bot.IntentAcceptSuggestion, keywords: []string{"受理"}, needArgs: []string{"受理"}, slash: []string{"accept"}, gram: gTicket, optional: true},
		{intent: bot.IntentProgressSuggestion, keywords: []string{"处理中"}, needArgs: []string{"处理中"}, slash: []string{"progress"}, gram: gTicket, optional: true},
		// Alone in a group these words are chatter (「处理中」), so they need
		// a ticket there. 不予处理's reason and 分类's category are required,
		// but the handler asks for them: the reader's message asks for a reply.
		{intent: bot.IntentDeclineSuggestion, keywords: []string{"不予处理"}, needArgs: []string{"不予处理"}, slash: []string{"decline"}, gram: gTicket, optional: true},
		{intent: bot.IntentCategorize, keywords: []string{"分类"}, needArgs: []string{"分类"}, slash: []string{"category"}, gram: gTicket, optional: true},
		{intent: bot.IntentAnnounce, keywords: []string{"公告", "发公告", "发个公告", "发布公告"}, slash: []string{"announce"}, gram: gText},
		{intent: bot.IntentScheduleNotice, keywords: []string{"定时通知", "预约通知"}, slash: []string{"schedulenotice"}, gram: gSchedule},
		{intent: bot.IntentCreateVote, keywords: []string{"发起投票", "创建投票"}, slash: []string{"newvote"}, gram: gNewVote},
		{intent: bot.IntentNoticeReceipts, keywords: []string{"收到情况", "回执情况"}, slash: []string{"receipts"}, gram: gNotice},
		{intent: bot.IntentRemindNotice, keywords: []string{"提醒"}, slash: []string{"remind"}, gram: gNotice, needArgs: []string{"提醒"}},
		{intent: bot.IntentCreateFund, keywords: []string{"发起众筹", "发起楼组众筹"}, slash: []string{"newfund"}, gram: gNewFund},
		{intent: bot.IntentFundReceived, keywords: []string{"收款"}, slash: []string{"received"}, gram: gFundIn, needArgs: []string{"收款"}},
		{intent: bot.IntentFundSpent, keywords: []string{"支出"}, slash: []string{"spent"}, gram: gFundOut, needArgs: []string{"支出"}},
		{intent: bot.IntentSetHours, keywords: []string{"时长", "志愿时长记录"}, slash: []string{"sethours"}, gram: gHours, needArgs: []string{"时长"}},
		{intent: bot.IntentConfirmHousehold, keywords: []string{"确认住户", "确认登记", "确认"}, slash: []string{"confirm"}, gram: gRegister, needArgs: []string{"确认"}},
		{intent: bot.IntentMyInfo, keywords: []string{"我的信息", "我的资料", "我的身份"}, slash: []string{"me"}},
		{intent: bot.IntentRemoveMember, keywords: []string{"移出"}, slash: []string{"removemember"}, gram: gPlaceWho, needArgs: []string{"移出"}},
		{intent: bot.IntentUnbindGroup, keywords: []string{"解绑", "解除绑定", "取消绑定"}, slash: []string{"unbind"}},
		{intent: bot.IntentListGroups, keywords: []string{"群列表", "所有群", "查看群"}, slash: []string{"groups"}},
		{intent: bot.IntentVerifyWorker, keywords: []string{"认证爱心餐"}, slash: []string{"verifyworker"}, gram: gTarget},
		{intent: bot.IntentRevokeRole, keywords: []string{"取消楼组长"}, slash: []string{"unsethead"}, gram: gTarget, role: bot.RoleBuildingHead, optional: true},
		{intent: bot.IntentRevokeRole, keywords: []string{"取消食堂"}, slash: []string{"unsetcanteen"}, gram: gTarget, role: bot.RoleCanteenManager},
		{intent: bot.IntentRevokeRole, keywords: []string{"取消管理员"}, slash: []string{"unsetadmin"}, gram: gTarget, role: bot.RoleAdmin},
		{intent: bot.IntentRevokeRole, keywords: []string{"取消联络员", "取消民情联络员"}, slash: []string{"unsetliaison"}, gram: gTarget, role: bot.RoleLiaison, optional: true},
		{intent: bot.IntentRevokeRole, keywords: []string{"取消长者", "取消长者认证", "取消认证长者"}, slash: []string{"unverifyelder"}, gram: gTarget, role: "elder"},
		{intent: bot.IntentRevokeRole, keywords: []string{"取消爱心餐", "取消爱心餐认证", "取消认证爱心餐"}, slash: []string{"unverifyworker"}, gram: gTarget, role: "worker"},
		// One-time codes are private business: in a group these words are
		// residents talking about their phones (验证码收不到).
		{intent: bot.IntentIssueCode, keywords: []string{"验证码", "生成验证码"}, slash: []string{"code"}, gram: gText, optional: true, addressedOnly: true},
		// The web panel's login link: the whole message, so a resident
		// saying 后台 in passing is not answered.
		{intent: bot.IntentOffice, keywords: []string{"后台", "登录后台", "打开后台", "进入后台"}, slash: []string{"office"}},
		{intent: bot.IntentRedeemCode, keywords: []string{"验证", "验证身份"}, slash: []string{"verify"}, gram: gText, addressedOnly: true},
		// Spreadsheets back as a file in the chat (export.go).
		{intent: bot.IntentExportMeals, keywords: []string{"导出订餐", "导出订单", "导出订餐表"}, slash: []string{"exportmeals"}, gram: gSpan},
		{intent: bot.IntentExportSignups, keywords: []string{"导出报名", "导出报名表", "导出名单"}, slash: []string{"exportsignups"}, gram: gEvent},
		{intent: bot.IntentExportSuggestions, keywords: []string{"导出建议", "导出建议表"}, slash: []string{"exportsuggestions"}, gram: gSpan},
	}
}

// Command describes one command the reader knows, for the help text and for
// Telegram's setMyCommands: the router must not keep a second list that can
// drift from what the reader actually understands.
type Command struct {
	Intent   string
	Keywords []string
	Slash    []string
}

// Commands lists every command the reader knows, in a stable order
// (residents' commands first), one entry per intent. The slices are copies.
func (r *Reader) Commands() []Command {
	var out []Command
	for _, c := range r.table {
		if n := len(out); n > 0 && out[n-1].Intent == c.intent {
			out[n-1].Keywords = append(out[n-1].Keywords, c.keywords...)
			out[n-1].Slash = append(out[n-1].Slash, c.slash...)
			continue
		}
		out = append(out, Command{
			Intent:   c.intent,
			Keywords: append([]string(nil), c.keywords...),
			Slash:    append([]string(nil), c.slash...),
		})
	}
	return out
}
