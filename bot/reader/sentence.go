package reader

import (
	"fmt"
	"strings"

	"linli/bot"
)

// The sentence reader: a message addressed to the bot (a private chat or an
// @mention) that the command grammar could not read is read as a sentence.
// Every word is looked up in the lexicon (lexicon.go) or read as a date,
// meal, number or code, wherever it stands; the rest are words the reader
// does not know (reasons: 儿子一家回来吃, 家里有事). What is asked is decided
// by the words that say it, the fields by the words around them. A reading
// that rests on a guess (a weak word, unknown words beside the request, two
// requests at once) carries Ask: the bot asks back before acting. A
// question about a thing (订餐截止几点), a refusal (不想订) or a past act
// (订了外卖) is never an action. An unaddressed group message never comes
// here: there the strict rule stands.

// stok is one token of a sentence: a lexicon word (lex set) or a token of
// the command grammar (kWord when nothing knew it), and its clause.
type stok struct {
	token
	lex    *lexWord
	clause int
}

// sentence is what the words of a message say.
type sentence struct {
	toks    []stok
	has     map[role]int // role -> index of its first token + 1
	unknown []int        // clauses holding words nobody knew
}

func (s *sentence) first(r role) (stok, bool) {
	if i := s.has[r]; i > 0 {
		return s.toks[i-1], true
	}
	return stok{}, false
}

// lexWordAt returns the longest lexicon word at i.
func (rd *reading) lexWordAt(i, end int) (*lexWord, int, bool) {
	ws := rd.r.lexByFirst[rd.n[i]]
	for k := range ws {
		if j, ok := rd.at(i, end, ws[k].word); ok {
			return &ws[k], j, true
		}
	}
	return nil, 0, false
}

// isClauseBreak ends a clause: punctuation or an emoji. A space does not:
// residents type spaces between a command's words (订餐 明天再说).
func isClauseBreak(r rune) bool {
	return strings.ContainsRune(trailPunct+"，。！？；、,!?;~", r) || isEmoji(r) || isEmojiMod(r)
}

// scan splits n[start:end] into sentence tokens, the longer of a lexicon
// word and a grammar token winning at each position (the lexicon on a tie).
func (rd *reading) scan(start, end int) sentence {
	s := sentence{has: map[role]int{}}
	clause := 0
	for i := start; i < end; {
		if rd.n[i] == ' ' {
			i++
			continue
		}
		if isClauseBreak(rd.n[i]) {
			clause++
			for i < end && isClauseBreak(rd.n[i]) {
				i++
			}
			continue
		}
		t := stok{clause: clause}
		lw, lj, lok := rd.lexWordAt(i, end)
		gt, gok := rd.recognise(i, end)
		switch {
		case lok && (!gok || lj >= gt.end):
			t.token, t.lex = token{kind: kFiller, start: i, end: lj}, lw
			if s.has[lw.role] == 0 {
				s.has[lw.role] = len(s.toks) + 1
			}
		case gok:
			t.token = gt
		default:
			j := i + 1
			for j < end && rd.n[j] != ' ' && !isClauseBreak(rd.n[j]) && !rd.knownAt(j, end) {
				j++
			}
			t.token = token{kind: kWord, start: i, end: j}
			s.unknown = append(s.unknown, clause)
		}
		s.toks = append(s.toks, t)
		i = t.end
	}
	return s
}

// knownAt reports whether a lexicon word or a grammar token starts at i.
func (rd *reading) knownAt(i, end int) bool {
	if _, _, ok := rd.lexWordAt(i, end); ok {
		return true
	}
	_, ok := rd.recognise(i, end)
	return ok
}

// readSentence reads an addressed message as a sentence; false when it
// says nothing the bot can act on (it is then unknown).
func (rd *reading) readSentence(start, rawEnd int) (bot.Intent, bool) {
	end := rd.stripTail(start, rawEnd)
	s := rd.scan(start, end)
	asking := rd.question(end, rawEnd) || s.has[rQuestion] > 0
	for _, rule := range [...]func(*sentence, bool) (bot.Intent, bool){
		rd.sentenceMine, rd.sentenceSuggest, rd.sentenceCancel, rd.sentenceSignup,
		rd.sentenceBook, rd.sentenceMenu, rd.sentenceEvents, rd.sentenceRegister,
	} {
		if in, ok := rule(&s, asking); ok {
			return in, true
		}
	}
	return bot.Intent{}, false
}

// sentenceMine reads a question about one's own orders, sign-ups and
// suggestions (我这礼拜订过哪些饭): showing them changes nothing.
func (rd *reading) sentenceMine(s *sentence, _ bool) (bot.Intent, bool) {
	if s.has[rQuestion] > 0 || s.trails(rMyMeals) || s.trails(rMySignups) || s.trails(rMySuggest) ||
		s.has[rCancel]+s.has[rCancelWeak] > 0 {
		return bot.Intent{}, false // 我的订餐怎么没了, 我报名的活动取消了: talk
	}
	switch {
	case s.has[rMyMeals] > 0:
		return bot.Intent{Name: bot.IntentMyMeals}, true
	case s.has[rMySignups] > 0:
		return bot.Intent{Name: bot.IntentMySignups}, true
	case s.has[rMySuggest] > 0:
		return bot.Intent{Name: bot.IntentMySuggestions}, true
	}
	return bot.Intent{}, false
}

// sentenceSuggest reads a report for the property office (电梯按钮不亮了，
// 帮我跟物业说一声): the text is the message without the request words.
func (rd *reading) sentenceSuggest(s *sentence, asking bool) (bot.Intent, bool) {
	i := s.has[rSuggest] - 1
	if i < 0 || asking || s.trails(rSuggest) {
		return bot.Intent{}, false // 投诉电话多少, 报修了还没来
	}
	a, b := i, i+1
	for a > 0 && s.toks[a-1].clause == s.toks[i].clause && isRequestWord(s.toks[a-1]) {
		a--
	}
	for b < len(s.toks) && s.toks[b].clause == s.toks[i].clause && isRequestWord(s.toks[b]) {
		b++
	}
	from, to := s.toks[a].start, s.toks[b-1].end
	text := strings.TrimFunc(string(rd.o[:from])+" "+string(rd.o[to:]), func(r rune) bool {
		return isSpaceRune(r) || isClauseBreak(normRune(r))
	})
	if text == "" {
		return bot.Intent{}, false
	}
	return bot.Intent{Name: bot.IntentSuggest, Text: text}, true
}

// isRequestWord is a word of the request itself (麻烦 帮我 跟物业说 一声).
func isRequestWord(t stok) bool {
	return t.lex != nil && (t.lex.role == rFiller || t.lex.role == rFor || t.lex.role == rSuggest)
}

// fields are the date, meal, order, activity and people a sentence names.
type fields struct {
	s       slots
	people  int  // from party words, 四个人, 一家三口 or companions
	event   int  // 5号活动, or 5号 with 活动 in the sentence
	hasE    bool // an activity is named
	mealish bool // a meal, a day or 饭 is named
	meal    bool // a meal, an order or 饭 is named (a day is not)
	bad     bool // two different days, two quantities …
}

// sentenceFields reads the fields of a sentence's grammar tokens.
func (rd *reading) sentenceFields(s *sentence) fields {
	var f fields
	eventNoun := s.has[rEventNoun] > 0 || s.has[rEvents] > 0
	companions, with := 0, false
	for k, t := range s.toks {
		switch {
		case t.lex != nil:
			switch t.lex.role {
			case rWith:
				with = true
			case rKin:
				if with {
					companions++
				}
				with = false
			case rParty:
				f.people = t.lex.n
			}
			if t.lex.word == "饭" || t.lex.word == "那顿" || t.lex.word == "这顿" || t.lex.word == "吃饭" {
				f.mealish, f.meal = true, true
			}
		case t.kind == kNum && !t.ordinal && isPartyUnit(t.unit):
			f.people = t.num
		case t.kind == kNum && with && (t.unit == "个" || t.unit == "") && k+1 < len(s.toks) && isKin(s.toks[k+1]):
			companions += t.num - 1 // 带上两个孙子: the kin word adds the last one
		case t.kind == kNum && (t.unit == "号活动" || t.unit == "个活动" || t.unit == "号" && eventNoun):
			f.bad = f.bad || f.hasE
			f.event, f.hasE = t.num, true
		case t.kind == kDate, t.kind == kMeal, t.kind == kOrder,
			t.kind == kNum && (t.unit == "号" || t.unit == "日" || t.unit == "份" || t.unit == typedForPortion):
			f.mealish = true
			f.meal = f.meal || t.kind == kMeal || t.kind == kOrder || t.kind == kDate && t.str != ""
			if !rd.take(&command{gram: gBook}, &f.s, t.token) && !rd.take(&command{gram: gCancel}, &f.s, t.token) {
				f.bad = true
			}
		}
	}
	if companions > 0 && f.people == 0 {
		f.people = 1 + companions
	}
	return f
}

func isKin(t stok) bool { return t.lex != nil && t.lex.role == rKin }

// trails reports whether words nobody knew follow the first word of role
// r in its clause (菜单拍个照, 投诉电话多少, 订仨人的桌): the keyword is then
// part of a sentence about something else, and the sentence is not read.
func (s *sentence) trails(r role) bool {
	i := s.has[r] - 1
	if i < 0 {
		return false
	}
	for _, t := range s.toks[i+1:] {
		if t.clause != s.toks[i].clause {
			break
		}
		if t.kind == kWord {
			return true
		}
	}
	return false
}

// reports is true when the request's clause ends with 了 (订两份了): it says
// what was done, it does not ask.
func (s *sentence) reports(r role) bool {
	i := s.has[r] - 1
	if i < 0 {
		return false
	}
	last := s.toks[i]
	for _, t := range s.toks[i:] {
		if t.clause == last.clause {
			last = t
		}
	}
	return last.lex != nil && last.lex.word == "了"
}

// unclear: a word nobody knew anywhere in the clause of role r.
func (s *sentence) unclear(r role) bool {
	t, ok := s.first(r)
	if !ok {
		return false
	}
	for _, c := range s.unknown {
		if c == t.clause {
			return true
		}
	}
	return false
}

// unsure reports whether the reading is a guess: a weak word, or words
// nobody knew in the clause of the request.
func (s *sentence) unsure(r role, weak bool) bool {
	if weak {
		return true
	}
	return s.has[r] == 0 || s.unclear(r)
}

// sentenceCancel reads a cancellation: of a sign-up when an activity is
// named, of a meal when a day, meal or order is; a bare one is not read
// (the bot would have to guess which of the person's orders).
func (rd *reading) sentenceCancel(s *sentence, asking bool) (bot.Intent, bool) {
	weak := s.has[rCancel] == 0
	if weak && (s.has[rCancelWeak] == 0 || s.has[rBook]+s.has[rBookQty] > 0) {
		return bot.Intent{}, false
	}
	if asking {
		return bot.Intent{Name: bot.IntentUnknown}, true // 取消要扣钱吗: a question
	}
	f := rd.sentenceFields(s)
	r := rCancel
	if weak {
		r = rCancelWeak
	}
	if s.trails(r) {
		return bot.Intent{}, false
	}
	ask := s.unsure(r, weak) || s.has[rBook] > 0
	switch {
	case f.bad || f.hasE && f.mealish || len(f.s.more) > 0:
		return bot.Intent{Name: bot.IntentUnknown}, true // 午饭和晚饭都不要了: which first
	case f.hasE:
		if f.event < 1 || f.event >= tooBig {
			return bot.Intent{Name: bot.IntentUnknown}, true
		}
		return bot.Intent{Name: bot.IntentCancelSignup, Event: f.event, Ask: ask}, true
	case !f.meal && !eats(s):
		return bot.Intent{Name: bot.IntentUnknown}, true // 明天不要了: not what
	}
	in := bot.Intent{Name: bot.IntentCancelMeal, Ask: ask}
	if f.s.hasO {
		in.Order = fmt.Sprintf("D%d", f.s.order)
	}
	if fail := rd.finishMeal(&in, &f.s, gCancel); fail {
		return bot.Intent{Name: bot.IntentUnknown}, true
	}
	return in, true
}

// eats: the cancellation's own word names the meal (不吃了, 不来吃了).
func eats(s *sentence) bool {
	t, ok := s.first(rCancel)
	return ok && strings.Contains(t.lex.word, "吃") || ok && t.lex.word == "退餐"
}

// finishMeal applies a meal command's defaults and checks; true on a
// mistake (the sentence is then not read: the bot asks for the command).
func (rd *reading) finishMeal(in *bot.Intent, s *slots, g grammar) bool {
	if s.bad != "" || s.mealT && !rd.r.serves(s.meal) || s.hasO && (s.order < 1 || s.order >= tooBig) {
		return true
	}
	if g == gBook {
		return rd.fillBook(in, s) != nil
	}
	rd.fillCancel(in, s)
	if s.dateT {
		in.Date = s.date.Format("2006-01-02")
	}
	in.Meal = s.meal
	return false
}

// sentenceSignup reads a sign-up: an activity named and a word that says
// going (报名, 参加, 一块去); the party from the people words.
func (rd *reading) sentenceSignup(s *sentence, asking bool) (bot.Intent, bool) {
	weak := s.has[rSignup] == 0
	if weak && s.has[rGo] == 0 {
		return bot.Intent{}, false
	}
	f := rd.sentenceFields(s)
	r := rSignup
	if weak {
		r = rGo
	}
	if !f.hasE || s.trails(r) || s.reports(r) || weak && s.unclear(r) {
		return bot.Intent{}, false
	}
	if asking || s.has[rNeg] > 0 || f.bad || f.mealish || f.event < 1 || f.event >= tooBig {
		return bot.Intent{Name: bot.IntentUnknown}, true
	}
	party := f.people
	if party == 0 {
		party = 1
	}
	if party > maxParty {
		return bot.Intent{Name: bot.IntentUnknown}, true
	}
	return bot.Intent{Name: bot.IntentSignup, Event: f.event, Party: party, Ask: s.unsure(r, weak)}, true
}

// sentenceBook reads a booking: a word that says so (订 留, 来 or 要 with a
// quantity, 来吃 as a guess) and the day, meal and number of portions; the
// people eating give the portions when no number does (四个人的, 我跟老头子).
func (rd *reading) sentenceBook(s *sentence, asking bool) (bot.Intent, bool) {
	r, weak := rBook, false
	switch {
	case s.has[rBook] > 0:
	case s.has[rBookQty] > 0 && rd.quantityAfter(s):
		r = rBookQty
	case s.has[rBookWeak] > 0:
		r, weak = rBookWeak, true
	default:
		return bot.Intent{}, false
	}
	if s.trails(r) || s.reports(r) || weak && s.unclear(r) {
		return bot.Intent{}, false // 订仨人的桌, 订两份了, 我跟老伴说了明天去吃饭
	}
	f := rd.sentenceFields(s)
	if asking || s.has[rNeg] > 0 || f.bad || f.hasE || !f.mealish && f.people == 0 {
		return bot.Intent{Name: bot.IntentUnknown}, true
	}
	if !f.s.hasQ && f.people > 0 {
		f.s.qty, f.s.hasQ = f.people, true
	}
	in := bot.Intent{Name: bot.IntentBookMeal, Ask: s.unsure(r, weak) || s.has[rCancelWeak] > 0}
	if rd.finishMeal(&in, &f.s, gBook) {
		return bot.Intent{Name: bot.IntentUnknown}, true
	}
	in.Target = rd.forWhom(s)
	return in, true
}

// forWhom is the family member a request is for (帮我妈订 → 我妈, 给老伴 →
// 老伴): a kin word right after 帮(我), 给(我) or 替(我). The booking is
// the speaker's household's, and the reply says so.
func (rd *reading) forWhom(s *sentence) string {
	for k := 1; k < len(s.toks); k++ {
		t, before := s.toks[k], s.toks[k-1]
		if !isKin(t) || before.lex == nil || before.lex.role != rFor || before.end != t.start {
			continue
		}
		w := t.lex.word
		if !strings.HasPrefix(w, "我") && !strings.HasPrefix(w, "老") {
			w = "我" + w
		}
		return w
	}
	return ""
}

// quantityAfter: 来 or 要 is a booking only when a quantity follows it
// (来一份, 要两份饭), not in 要去 or 来看看.
func (rd *reading) quantityAfter(s *sentence) bool {
	for k, t := range s.toks {
		if t.lex != nil && t.lex.role == rBookQty && k+1 < len(s.toks) {
			n := s.toks[k+1]
			if n.kind == kNum && (n.unit == "份" || n.unit == typedForPortion) {
				return true
			}
		}
	}
	return false
}

// sentenceMenu reads a question about the food (礼拜五吃啥, 明天有什么菜).
func (rd *reading) sentenceMenu(s *sentence, _ bool) (bot.Intent, bool) {
	if s.has[rMenu] == 0 || s.has[rQuestion] > 0 || s.unclear(rMenu) || s.endsAfter(rMenu) {
		return bot.Intent{}, false // 菜单拍个照, 吃什么好, 发一下菜单
	}
	f := rd.sentenceFields(s)
	if f.bad || f.hasE || f.s.hasQ || f.s.hasO || f.people > 0 {
		return bot.Intent{Name: bot.IntentUnknown}, true
	}
	if !f.s.dateT {
		f.s.date = rd.menuDay()
	}
	if f.s.mealT && !rd.r.serves(f.s.meal) {
		return bot.Intent{Name: bot.IntentUnknown}, true
	}
	return bot.Intent{Name: bot.IntentMenu, Date: f.s.date.Format("2006-01-02"), Meal: f.s.meal}, true
}

// endsAfter: the clause of role r goes on after it with more than a
// particle (吃什么好, 吃什么都行): a musing, not a question to the bot.
func (s *sentence) endsAfter(r role) bool {
	i := s.has[r] - 1
	for _, t := range s.toks[i+1:] {
		if t.clause != s.toks[i].clause {
			break
		}
		if t.lex == nil || t.lex.word != "的" && t.lex.word != "呀" && t.lex.word != "啊" && t.lex.word != "呢" {
			return true
		}
	}
	return false
}

// sentenceEvents reads a question about what activities there are.
func (rd *reading) sentenceEvents(s *sentence, _ bool) (bot.Intent, bool) {
	if s.has[rEvents] == 0 || s.trails(rEvents) || s.has[rQuestion] > 0 {
		return bot.Intent{}, false // 有啥活动推荐给我妈
	}
	if f := rd.sentenceFields(s); f.hasE || f.s.hasQ {
		return bot.Intent{Name: bot.IntentUnknown}, true
	}
	return bot.Intent{Name: bot.IntentEvents}, true
}

// sentenceRegister reads 我住8号楼301，帮我登记一下: 登记 with a building and
// a room anywhere in the sentence.
func (rd *reading) sentenceRegister(s *sentence, asking bool) (bot.Intent, bool) {
	if s.has[rRegister] == 0 || asking || s.has[rNeg] > 0 {
		return bot.Intent{}, false
	}
	building, room := 0, 0
	for _, t := range s.toks {
		switch {
		case t.kind == kRoom && building == 0:
			building, room = t.num, t.num2
		case t.kind == kNum && isBuildingUnit(t.unit) && building == 0:
			building = t.num
		case t.kind == kNum && (t.unit == "" || t.unit == "室") && building > 0 && room == 0:
			room = t.num
		}
	}
	if building < 1 || building >= 1000 || room < 1 || room >= 100000 {
		return bot.Intent{}, false
	}
	return bot.Intent{Name: bot.IntentRegister, Building: buildingName(building), Room: fmt.Sprint(room), Ask: s.unsure(rRegister, false)}, true
}
