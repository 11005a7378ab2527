package reader

import (
	"fmt"
	"strings"
	"time"

	"linli/bot"
)

// args reads the arguments of command c from n[i:end] (and the date and
// meal words found before the keyword) into in.
func (rd *reading) args(c *command, in *bot.Intent, pre []token, i, end int) *failure {
	switch c.gram {
	case gText:
		return rd.argsText(c, in, i)
	case gTicket:
		return rd.argsTicket(c, in, i)
	case gTarget:
		return rd.argsTarget(c, in, i)
	case gNewEvent:
		return rd.argsNewEvent(in, i, end)
	case gSchedule:
		return rd.argsSchedule(in, i, end)
	case gEdit:
		return rd.argsEditEvent(in, i, end)
	case gPlaceWho:
		return rd.argsPlaceName(c, in, i)
	case gNewVote, gVote, gVoteNum, gNotice:
		return rd.argsDecide(c, in, i, end)
	case gNewFund, gFund, gPledge, gFundIn, gFundOut:
		return rd.argsFund(c, in, i, end)
	case gCheckin:
		return rd.argsCheckin(in, i, end)
	case gHours:
		return rd.argsHours(in, i, end)
	case gSpan:
		return rd.argsSpan(c, in, i, end)
	}
	var toks []token
	all := append(pre, rd.lexAll(i, end)...)
	for _, t := range all {
		if t.kind != kFiller {
			toks = append(toks, t)
		}
	}
	if c.needMeal && !rd.namesMeal(all) {
		return &failure{msg: "看不懂", syntax: true}
	}
	switch c.gram {
	case gMenu, gBook, gCancel, gStats, gSetMenu:
		return rd.argsMeal(c, in, toks)
	case gSignup, gEvent:
		return rd.argsSignup(c, in, toks)
	case gRegister, gBind:
		return rd.argsPlace(c, in, toks)
	case gEvents:
		return rd.argsEvents(in, toks)
	case gHelp:
		return rd.argsHelp(in, toks)
	}
	if p, rest := rd.pageOf(toks); p > 0 && len(rest) == 0 {
		in.Page = p // 我的订餐 第2页: the next screen of a long list
		return nil
	}
	if len(toks) > 0 {
		f := rd.syntaxErr(toks[0])
		f.extra = true
		return f
	}
	return nil
}

// pageOf finds 第2页 among the tokens: the page asked for (0: none) and the
// tokens without it. A list longer than a screen says to type it.
func (rd *reading) pageOf(toks []token) (int, []token) {
	for k := 0; k+1 < len(toks); k++ {
		t := toks[k]
		if t.kind == kNum && t.ordinal && t.unit == "" && t.num > 0 && t.num < 100 && toks[k+1].kind == kWord && rd.word(toks[k+1]) == "页" {
			return t.num, append(toks[:k:k], toks[k+2:]...)
		}
	}
	return 0, toks
}

// slots collects the date, meal, quantity and order of a meal command.
type slots struct {
	date          time.Time
	meal          string
	qty, order    int
	hasQ, hasO    bool
	event         int // 取消3号活动的报名: cancel_meal turns into cancel_signup
	hasE          bool
	bad           string
	dateT, mealT  bool
	quantityToken token
	// more are the meals a booking names after the first (午餐和晚餐);
	// and is the 和 between them, which needs a meal after it.
	more   []string
	and    token
	hasAnd bool
}

// take puts one token into its slot; false means the token is not one the
// grammar accepts (or fills a slot twice).
func (rd *reading) take(c *command, s *slots, t token) bool {
	switch {
	case t.kind == kDate && !s.dateT:
		s.date, s.dateT = t.date, true
		s.noteBad(t.bad)
		if t.str != "" {
			if s.mealT {
				return false
			}
			s.meal, s.mealT = t.str, true
		}
	case t.kind == kNum && !t.ordinal && (t.unit == "号" || t.unit == "日") && !s.dateT:
		d, bad := rd.dayOfMonth(t.num)
		s.date, s.dateT = d, true
		s.noteBad(bad)
	case t.kind == kMeal && !s.mealT:
		s.meal, s.mealT = t.str, true
	case c.gram == gBook && t.kind == kMeal && s.mealT && t.str != s.meal && len(s.more) == 0 && !s.hasQ:
		s.more, s.hasAnd = append(s.more, t.str), false // 午餐和晚餐: both, one reply
	case c.gram == gBook && t.kind == kWord && s.mealT && len(s.more) == 0 && !s.hasAnd && isAnd(rd.word(t)):
		s.and, s.hasAnd = t, true
	case c.gram == gBook && t.kind == kNum && !t.ordinal && (t.unit == "" || t.unit == "份" || t.unit == "个" || t.unit == typedForPortion) && !s.hasQ:
		s.qty, s.hasQ, s.quantityToken = t.num, true, t
	case c.gram == gCancel && (t.kind == kOrder || t.kind == kNum && t.unit == "号订单") && !s.hasO:
		s.order, s.hasO = t.num, true
	case c.gram == gCancel && t.kind == kNum && (t.unit == "号活动" || t.unit == "个活动" || t.ordinal) && !s.hasE:
		s.event, s.hasE = t.num, true
	case c.gram == gCancel && t.kind == kWord && rd.word(t) == "报名":
	case t.kind == kWord && c.gram == gMenu && rd.menuTail(t):
	case t.kind == kWord && c.gram == gBook && mealNoun(rd.word(t)):
	case t.kind == kWord && c.gram == gCancel && (mealNoun(rd.word(t)) || orderNoun(rd.word(t))):
	default:
		return false
	}
	return true
}

func (s *slots) noteBad(msg string) {
	if s.bad == "" {
		s.bad = msg
	}
}

// argsMeal reads menu, book_meal, cancel_meal, meal_stats and set_menu,
// then fills in the defaults PRODUCT.md gives for each.
func (rd *reading) argsMeal(c *command, in *bot.Intent, toks []token) *failure {
	var s slots
	for _, t := range toks {
		if !rd.take(c, &s, t) {
			return rd.syntaxErr(t)
		}
	}
	if f := rd.checkMealSlots(&s); f != nil {
		return f
	}
	if s.hasO {
		in.Order = fmt.Sprintf("D%d", s.order)
	}
	if s.hasE {
		return rd.cancelSignup(in, &s)
	}
	switch c.gram {
	case gBook:
		in.Again = c.again
		return rd.fillBook(in, &s)
	case gCancel:
		rd.fillCancel(in, &s)
	case gMenu:
		if !s.dateT {
			s.date, s.dateT = rd.menuDay(), true
		}
	case gStats:
		if !s.dateT {
			s.date, s.dateT = rd.today, true
		}
	case gSetMenu:
		if !s.dateT {
			s.date, s.dateT = rd.today.AddDate(0, 0, 1), true
		}
		if !s.mealT {
			if len(rd.r.served) == 0 {
				return problem("食堂现在不供应订餐")
			}
			s.meal, s.mealT = rd.r.served[0].meal, true
		}
	}
	if s.dateT {
		in.Date = s.date.Format("2006-01-02")
	}
	in.Meal = s.meal
	return nil
}

// checkMealSlots refuses what the slots of a meal command cannot mean: a
// dangling 和, a meal the canteen does not serve, an order number out of range.
func (rd *reading) checkMealSlots(s *slots) *failure {
	if s.hasAnd {
		return rd.syntaxErr(s.and) // 午餐和: a meal must follow
	}
	if s.bad != "" {
		return problem(s.bad)
	}
	if s.mealT && !rd.r.serves(s.meal) {
		return problem("食堂不供应" + mealName(s.meal))
	}
	for _, m := range s.more {
		if !rd.r.serves(m) {
			return problem("食堂不供应" + mealName(m))
		}
	}
	if s.hasO && (s.order < 1 || s.order >= tooBig) {
		return problem("订单号不对，请写成 D12 这样")
	}
	return nil
}

// fillBook applies book_meal's defaults: the next meal still open, 1份.
func (rd *reading) fillBook(in *bot.Intent, s *slots) *failure {
	if s.hasQ {
		switch {
		case s.qty < 1:
			return problem("份数至少是1份")
		case s.qty > maxQuantity:
			return problem(fmt.Sprintf("一次最多订%d份", maxQuantity))
		}
	} else {
		s.qty = 1
	}
	if len(rd.r.served) == 0 {
		return problem("食堂现在不供应订餐")
	}
	switch {
	case !s.dateT && !s.mealT:
		s.date, s.meal = rd.nextMeal()
		in.Defaulted = "date meal"
	case !s.mealT:
		s.meal = rd.firstOpenMeal(s.date)
		in.Defaulted = "meal"
	case !s.dateT:
		s.date = rd.dayForMeal(s.meal)
		in.Defaulted = "date"
	}
	in.Date, in.Meal, in.Quantity = s.date.Format("2006-01-02"), s.meal, s.qty
	if len(s.more) > 0 {
		in.Meals = append([]string{s.meal}, s.more...)
	}
	return nil
}

// isAnd joins two meals of one booking: 午餐和晚餐, 中午跟晚上.
func isAnd(w string) bool {
	return w == "和" || w == "跟" || w == "还有" || w == "加" || w == "与"
}

// cancelSignup reads 取消3号活动的报名 as cancel_signup: an activity
// number says which cancellation is meant.
func (rd *reading) cancelSignup(in *bot.Intent, s *slots) *failure {
	if s.dateT || s.mealT || s.hasO {
		return problem("取消订餐请写日期或订单号，取消报名请写：取消报名 3")
	}
	if s.event < 1 || s.event >= tooBig {
		return problem("活动编号不对，如：取消报名 3")
	}
	in.Name, in.Event = bot.IntentCancelSignup, s.event
	return nil
}

// fillCancel: with only a date or only a meal, the other is filled as for
// booking; with neither, nothing (the next order is meant).
func (rd *reading) fillCancel(in *bot.Intent, s *slots) {
	switch {
	case s.dateT && !s.mealT && len(rd.r.served) > 0:
		s.meal, s.mealT = rd.firstOpenMeal(s.date), true
		in.Defaulted = "meal"
	case s.mealT && !s.dateT:
		s.date, s.dateT = rd.dayForMeal(s.meal), true
		in.Defaulted = "date"
	}
}

// Limits beyond which a number is a typo, not a wish.
const (
	maxQuantity = 20
	maxParty    = 10
	maxCapacity = 10000
)

// argsSignup reads signup (event [party]), cancel_signup and roster (event).
func (rd *reading) argsSignup(c *command, in *bot.Intent, toks []token) *failure {
	var event, party int
	var eventSet, partySet bool
	for _, t := range toks {
		signup := c.gram == gSignup && !partySet && t.kind == kNum
		switch {
		case signup && isPartyUnit(t.unit):
			party, partySet = t.num, true
		case t.kind == kNum && isEventUnit(t) && !eventSet:
			event, eventSet = t.num, true
		case signup && t.unit == "" && !t.ordinal:
			party, partySet = t.num, true
		case t.kind == kWord && rd.word(t) == "活动":
		case c.gram == gSignup && t.kind == kWord && !eventSet && rd.addressed:
			return rd.signupTitle(in, toks)
		default:
			return rd.syntaxErr(t)
		}
	}
	switch {
	case !eventSet:
		return problem("请写活动编号，如：" + c.keywords[0] + " 3")
	case event < 1 || event >= tooBig:
		return problem("活动编号不对，请写活动前面的数字，如：" + c.keywords[0] + " 3")
	}
	in.Event = event
	if c.gram != gSignup {
		return nil
	}
	switch {
	case !partySet:
		party = 1
	case party < 1:
		return problem("人数至少是1人")
	case party > maxParty:
		return problem(fmt.Sprintf("一次最多报名%d人", maxParty))
	}
	in.Party = party
	return nil
}

// argsHelp reads 帮助 管理 [2] (staff's commands beyond their first
// screen, page by page) and 帮助 居民 (the residents' screen, for staff).
func (rd *reading) argsHelp(in *bot.Intent, toks []token) *failure {
	for _, t := range toks {
		switch w := rd.word(t); {
		case t.kind == kWord && (w == "管理" || w == "管理命令") && in.Text == "":
			in.Text = "管理"
		case t.kind == kWord && (w == "居民" || w == "居民命令") && in.Text == "":
			in.Text = "居民"
		case t.kind == kNum && (t.unit == "" || t.ordinal) && in.Page == 0 && t.num > 0 && t.num < 100:
			in.Page = t.num
		case t.kind == kWord && w == "页" && in.Page > 0:
		default:
			f := rd.syntaxErr(t)
			f.extra = true
			return f
		}
	}
	return nil
}

// signupTitle reads 报名 花卉讲座 [2人], said to the bot: the activity by
// its title, which the handler looks up among the open ones. In a group
// the words after 报名 must be a number (报名 婚礼 is talk), and a title
// ending in a particle (报名 下次吧) is talk everywhere.
func (rd *reading) signupTitle(in *bot.Intent, toks []token) *failure {
	last := len(toks) - 1
	party := 1
	if t := toks[last]; last > 0 && t.kind == kNum && !t.ordinal && isPartyUnit(t.unit) {
		party, last = t.num, last-1
	}
	title := rd.text(toks[0].start, toks[last].end)
	if !rd.mayBeTitle(toks[0].start, title) {
		return rd.syntaxErr(toks[0])
	}
	if party < 1 || party > maxParty {
		return problem(fmt.Sprintf("一次最多报名%d人", maxParty))
	}
	in.Title, in.Party = title, party
	return nil
}

// mayBeTitle: what follows 报名 at i reads as an activity's title, not as
// talk about signing up (我想参加但没空, 报名 下次吧, 参加婚礼去了): the
// title is set apart by a space or a colon, as a command's argument is;
// 报个名 never takes one; it does not start with a word of the sentence
// lexicon (都, 就, 一下 …) or a word of time or talk, nor end with 了; it
// is short.
func (rd *reading) mayBeTitle(i int, title string) bool {
	if i == 0 || rd.n[i-1] != ' ' && rd.n[i-1] != ':' {
		return false
	}
	before := strings.TrimRight(string(rd.n[:i]), " :")
	if strings.HasSuffix(before, "个名") || len([]rune(title)) > 30 || strings.HasSuffix(title, "了") {
		return false
	}
	if _, _, ok := rd.lexWordAt(i, len(rd.n)); ok {
		return false
	}
	for _, w := range [...]string{"下次", "以后", "改天", "回头", "而已", "不了", "太难", "这么", "那么", "怎么", "但", "可是", "不过"} {
		if strings.HasPrefix(title, w) {
			return false
		}
	}
	return true
}

func isPartyUnit(u string) bool {
	switch u {
	case "人", "个人", "位", "名", "口", "口人":
		return true
	}
	return false
}

// isEventUnit is a number that names an activity: 3, 3号, 3号活动, 第3个.
func isEventUnit(t token) bool {
	switch t.unit {
	case "", "号", "号活动", "个活动":
		return true
	case "个":
		return t.ordinal
	}
	return false
}

// mealNoun is 饭 or 餐 standing alone (订两份饭, 中午的饭): it names what is
// booked, nothing more.
func mealNoun(w string) bool { return w == "饭" || w == "餐" }

// orderNoun is what 取消今天的订餐 cancels: the order itself (取消明天中午订的饭).
func orderNoun(w string) bool { return w == "订餐" || w == "订饭" || w == "订单" || w == "订" }
