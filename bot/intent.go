package bot

// Intent names, as printed by `linli parse` and used to register handlers.
const (
	IntentNone    = "none"    // not for the bot: stay silent
	IntentUnknown = "unknown" // addressed to the bot but not understood

	IntentHelp          = "help"
	IntentMenu          = "menu"
	IntentBookMeal      = "book_meal"
	IntentCancelMeal    = "cancel_meal"
	IntentMyMeals       = "my_meals"
	IntentEvents        = "events"
	IntentSignup        = "signup"
	IntentCancelSignup  = "cancel_signup"
	IntentMySignups     = "my_signups"
	IntentSuggest       = "suggest"
	IntentMySuggestions = "my_suggestions"
	IntentRegister      = "register"

	IntentNotice            = "notice"
	IntentCreateEvent       = "create_event"
	IntentRoster            = "roster"
	IntentSetMenu           = "set_menu"
	IntentMealStats         = "meal_stats"
	IntentBindGroup         = "bind_group"
	IntentSetRole           = "set_role"
	IntentVerifyElder       = "verify_elder"
	IntentListSuggestions   = "list_suggestions"
	IntentReplySuggestion   = "reply_suggestion"
	IntentResolveSuggestion = "resolve_suggestion"
	IntentAnnounce          = "announce"

	// Beyond PRODUCT.md's tables: the rest of each feature's life cycle.
	IntentUnbindGroup        = "unbind_group"          // 解绑
	IntentListGroups         = "list_groups"           // 群列表
	IntentConfirmHousehold   = "confirm_household"     // 确认 8号楼 301
	IntentMyInfo             = "my_info"               // 我的信息
	IntentVerifyWorker       = "verify_worker"         // 认证爱心餐 @某人
	IntentRevokeRole         = "revoke_role"           // 取消楼组长 @某人, 取消认证长者 @某人 …
	IntentScheduleNotice     = "schedule_notice"       // 定时通知 明天 08:00 …
	IntentStopMeals          = "stop_meals"            // 停餐 明天 [午餐]
	IntentEditEvent          = "edit_event"            // 修改活动 3 …
	IntentCancelEvent        = "cancel_event"          // 取消活动 3
	IntentAcceptSuggestion   = "accept_suggestion"     // 受理 S12
	IntentProgressSuggestion = "progress_suggestion"   // 处理中 S12
	IntentDeclineSuggestion  = "decline_suggestion"    // 不予处理 S12 原因
	IntentCategorize         = "categorize_suggestion" // 分类 S12 停车
	IntentIssueCode          = "issue_code"            // 验证码 楼组长 8号楼 (admin, privately)
	IntentRedeemCode         = "verify"                // 验证 K7P2QX9D (privately)

	// Households and personal data (issue 13).
	IntentAcceptMember   = "accept_member"   // 同意 8号楼301 张三
	IntentLeaveHousehold = "leave_household" // 退出登记
	IntentEraseMe        = "erase_me"        // 注销 (asks first)
	IntentConfirmErase   = "confirm_erase"   // 确认注销
	IntentRemoveMember   = "remove_member"   // 移出 8号楼301 @某人

	// Residents' own words and acting for a household (issue 16).
	IntentConfirm       = "confirm"        // 是 / 对 / 好的 / 嗯: yes to the bot's question
	IntentRegisterElder = "register_elder" // 登记老人 8号楼 301 王奶奶 (name in Text)
	// Deciding together (issue 18): votes and notices that ask for 收到.
	IntentCreateVote     = "create_vote"     // 发起投票 <title> ⏎ options ⏎ [截止 …] [范围 …] [匿名]
	IntentVote           = "vote"            // 投票 2 1, V2 选1
	IntentVoteResults    = "vote_results"    // 投票结果 2
	IntentConfirmNotice  = "confirm_notice"  // 收到 3 (a bare 收到 only after a notice asking for it)
	IntentNoticeReceipts = "notice_receipts" // 收到情况 3
	IntentRemindNotice   = "remind_notice"   // 提醒 3
	IntentCreateFund     = "create_fund"     // 发起众筹 楼道绿植 目标 600
	IntentPledge         = "pledge"          // 认捐 C1 50
	IntentFundReceived   = "fund_received"   // 收款 C1 8号楼301 50
	IntentFundSpent      = "fund_spent"      // 支出 C1 120 买绿植
	IntentFundLedger     = "fund_ledger"     // 众筹 C1
	IntentCheckin        = "checkin"         // 签到 3, 签到 3 @某人
	IntentSetHours       = "set_hours"       // 时长 3 2小时
	IntentMyHours        = "my_hours"        // 我的志愿时长
	// The community office (issue 17).
	IntentOffice = "office" // 后台, 登录后台 (privately): a one-time link to the web panel
	// Spreadsheets sent back as a file in the chat (issue 17); from and to
	// are the days covered.
	IntentExportMeals       = "export_meals"       // 导出订餐 [本月|上月|11月|11月1日到11月15日]
	IntentExportSignups     = "export_signups"     // 导出报名 3
	IntentExportSuggestions = "export_suggestions" // 导出建议 [本月|上月|11月|…]
)

// Meals, as printed by `linli parse`.
const (
	Breakfast = "breakfast"
	Lunch     = "lunch"
	Dinner    = "dinner"
)

// Roles, as printed by `linli parse` and stored.
const (
	RoleBuildingHead   = "building_head"
	RoleCanteenManager = "canteen_manager"
	RoleAdmin          = "admin"
	// RoleLiaison is a 民情联络员, who acts for the households of their
	// buildings.
	RoleLiaison = "liaison"
)

// Intent is what the reader understood of one message. Its JSON form is the
// output of `linli parse`; a field is present only when it applies.
type Intent struct {
	Name      string `json:"intent"`
	Date      string `json:"date,omitempty"` // YYYY-MM-DD, community time zone
	Meal      string `json:"meal,omitempty"`
	Quantity  int    `json:"quantity,omitempty"`
	Event     int    `json:"event,omitempty"`
	Party     int    `json:"party,omitempty"`
	Ticket    string `json:"ticket,omitempty"` // "S12"
	Order     string `json:"order,omitempty"`  // "D12"
	Text      string `json:"text,omitempty"`
	Anonymous bool   `json:"anonymous,omitempty"`
	Building  string `json:"building,omitempty"` // as typed: "8号楼"
	Role      string `json:"role,omitempty"`
	Target    string `json:"target,omitempty"` // @mentioned person, without the @
	Title     string `json:"title,omitempty"`
	Time      string `json:"time,omitempty"` // HH:MM
	Place     string `json:"place,omitempty"`
	Capacity  int    `json:"capacity,omitempty"`
	Room      string `json:"room,omitempty"`
	// OnBehalf is the household a liaison or head acts for with 代
	// ("8号楼301"); the rest of the intent is the resident command.
	OnBehalf string `json:"on_behalf,omitempty"`
	// Ask is set on a reading the reader is not sure of: the bot asks
	// back with it before acting.
	Ask bool `json:"ask,omitempty"`
	// Confirm is set on a yes (是, 对, 好的, 嗯) to the bot's question.
	Confirm bool `json:"confirm,omitempty"`
	// Defaulted says which of Date and Meal the reader filled in rather
	// than read ("date", "meal", "date meal"), so that a handler can look
	// further (the next open meal) where the person did not choose.
	Defaulted string `json:"-"`
	// Vote and Choice are a V-number and an option's number (投票 2 1);
	// Notice is an N-number (收到 3).
	Vote   int `json:"vote,omitempty"`
	Choice int `json:"choice,omitempty"`
	Notice int `json:"notice,omitempty"`
	// Fund is a C-number (众筹 C1); Fen an amount typed in yuan, in fen.
	Fund int   `json:"fund,omitempty"`
	Fen  int64 `json:"fen,omitempty"`
	// Minutes is a volunteer activity's length (时长 3 2小时).
	Minutes int `json:"minutes,omitempty"`
	// From and To are the first and last days an export covers
	// (YYYY-MM-DD, community time zone): 导出订餐 11月.
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
	// Meals lists every meal of a booking that names several (订餐 明天
	// 午餐和晚餐); Meal is the first of them. Empty for one meal.
	Meals []string `json:"meals,omitempty"`
	// Again is 再订一份: add the quantity to the person's latest booking
	// still open, rather than set it.
	Again bool `json:"again,omitempty"`
	// Volunteer marks a new activity 志愿 (发起活动 … 志愿): 签到 and hours
	// apply to it.
	Volunteer bool `json:"volunteer,omitempty"`
	// Page is which screen of a long list is asked for (帮助 管理 2).
	Page int `json:"page,omitempty"`

	// Problem is set when the message is a command with a mistake: it says
	// what was wrong, in Chinese, for the person who typed it. The router
	// adds the command's usage and example.
	Problem string `json:"error,omitempty"`
	// Body holds the lines after the first of a multi-line command
	// (设置菜单's dishes, 发起活动's details), trimmed, blanks dropped.
	Body []string `json:"-"`
	// Slash is true when the command was typed as a slash command.
	Slash bool `json:"-"`
}

// IsCommand reports whether the bot should act on (or answer) the intent.
func (i Intent) IsCommand() bool { return i.Name != IntentNone && i.Name != "" }
