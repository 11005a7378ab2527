// Package reader turns one chat message into a bot.Intent: the Chinese
// keywords and slash commands of PRODUCT.md, read by a small tokenizer and a
// grammar per command, never by a list of known sentences.
//
// In an unaddressed group message the reader is strict (a message is a
// command only when it starts with a keyword and every word after it
// parses), because a bot that answers chatter gets removed from the group.
// Addressed (private chat or @bot) it is looser and says what it could not
// understand.
package reader

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"linli/bot"
)

// Config is the part of the community's settings the reader needs to fill in
// defaults: what "the next meal" and "today" mean depend on them.
type Config struct {
	// Location is the community's time zone; nil means Asia/Shanghai.
	Location *time.Location
	// Cutoffs maps a meal to its booking cut-off "HH:MM" on the meal's own
	// day; a meal absent from the map is not served. A nil map means the
	// defaults: lunch 09:30, dinner 15:30, no breakfast.
	Cutoffs map[string]string
	// BotNames are the names the bot answers to as @name, matched
	// case-insensitively; empty means Linli and 邻里.
	BotNames []string
}

// Reader reads messages for one community. It is immutable after New and
// safe for concurrent use, so one Reader serves every platform.
type Reader struct {
	loc      *time.Location
	served   []servedMeal // in the order of the day
	botNames []string     // normalised, longest first
	table    []command
	keywords []keyword // normalised, longest first
	byFirst  map[rune][]keyword
	starts   map[rune]bool // runes that can begin a token
	slash    map[string]*command
	t2s      map[rune]rune // traditional to simplified, shared read-only
	// lexByFirst is the sentence lexicon by first rune, longest first.
	lexByFirst map[rune][]lexWord
}

// servedMeal is a meal the canteen serves and its cut-off, in minutes
// after midnight.
type servedMeal struct {
	meal   string
	cutoff int
}

// keyword is one keyword of the table and its command.
type keyword struct {
	text string
	cmd  *command
}

// mealOrder is the order of the meals in a day.
var mealOrder = [...]string{bot.Breakfast, bot.Lunch, bot.Dinner}

// New checks the configuration and builds the keyword index. It fails on a
// cut-off that is not HH:MM, an unknown meal, or a keyword or slash name
// used twice: a typo there would otherwise silently shadow a command.
func New(cfg Config) (*Reader, error) { return newReader(cfg, commandTable()) }

// newReader builds a Reader over a command table (tests pass a broken one).
func newReader(cfg Config, table []command) (*Reader, error) {
	r := &Reader{loc: cfg.Location, table: table, slash: map[string]*command{}}
	t2s, err := simplifiedTable()
	if err != nil {
		return nil, err
	}
	r.t2s = t2s
	if r.loc == nil {
		loc, err := time.LoadLocation("Asia/Shanghai")
		if err != nil {
			loc = time.FixedZone("CST", 8*3600)
		}
		r.loc = loc
	}
	if err := r.setCutoffs(cfg.Cutoffs); err != nil {
		return nil, err
	}
	names := cfg.BotNames
	if len(names) == 0 {
		names = []string{"Linli", "linli", "邻里"}
	}
	for _, n := range names {
		if n = strings.Map(r.simplify, normString(strings.TrimSpace(strings.TrimPrefix(n, "@")))); n != "" {
			r.botNames = append(r.botNames, n)
		}
	}
	sort.SliceStable(r.botNames, func(i, j int) bool { return len(r.botNames[i]) > len(r.botNames[j]) })
	if err := r.index(); err != nil {
		return nil, err
	}
	return r, nil
}

// setCutoffs parses the cut-offs into served meals.
func (r *Reader) setCutoffs(cutoffs map[string]string) error {
	if cutoffs == nil {
		cutoffs = map[string]string{bot.Lunch: "09:30", bot.Dinner: "15:30"}
	}
	for meal := range cutoffs {
		if meal != bot.Breakfast && meal != bot.Lunch && meal != bot.Dinner {
			return fmt.Errorf("reader: unknown meal %q in cut-offs", meal)
		}
	}
	for _, meal := range mealOrder {
		s, ok := cutoffs[meal]
		if !ok {
			continue
		}
		t, err := time.Parse("15:04", strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("reader: cut-off for %s: %q is not HH:MM", meal, s)
		}
		r.served = append(r.served, servedMeal{meal, t.Hour()*60 + t.Minute()})
	}
	return nil
}

// index builds the keyword list and slash map, refusing duplicates.
func (r *Reader) index() error {
	seen := map[string]bool{}
	for i := range r.table {
		c := &r.table[i]
		for _, k := range c.keywords {
			k = normString(k)
			if seen[k] {
				return fmt.Errorf("reader: keyword %q is used twice", k)
			}
			seen[k] = true
			r.keywords = append(r.keywords, keyword{k, c})
		}
		for _, s := range c.slash {
			if r.slash[s] != nil {
				return fmt.Errorf("reader: slash command /%s is used twice", s)
			}
			r.slash[s] = c
		}
	}
	sort.SliceStable(r.keywords, func(i, j int) bool {
		return len([]rune(r.keywords[i].text)) > len([]rune(r.keywords[j].text))
	})
	r.byFirst = keywordsByFirst(r.keywords)
	r.starts = tokenStarts()
	r.lexByFirst = lexByFirst(lexicon())
	return nil
}

// Mode says how the message reached the bot, which decides how strict the
// reading is and whether "not understood" is silence or a reply.
type Mode struct {
	Private   bool // a one-to-one chat with the bot
	Mentioned bool // the platform says the message @mentions the bot
	// Replying: the message answers another person's message, which names
	// whom a role command is about (设置楼组长 8号楼 in reply to her).
	Replying bool
}

// reading is the state of reading one message.
type reading struct {
	r         *Reader
	now       time.Time // in the community's zone
	today     time.Time // midnight of now's day
	n, o      []rune    // the first line, normalised and as typed
	body      []string
	addressed bool
	slash     bool
	replying  bool
	// unread is set when a keyword was found but a word after it was not
	// understood: addressed, the sentence reader may read the message.
	unread bool
}

// Read turns one message into an intent. now is the time the message was
// received; dates are resolved in the community's time zone. Read never
// fails: a message that is not a command is intent none (group) or unknown
// (addressed), and a command with a mistake carries a Problem.
func (r *Reader) Read(text string, mode Mode, now time.Time) bot.Intent {
	first, body := splitLines(text)
	now = now.In(r.loc)
	y, m, d := now.Date()
	o := []rune(first)
	n := make([]rune, len(o))
	for i, c := range o {
		n[i] = r.simplify(normRune(c))
	}
	rd := &reading{r: r, now: now, today: time.Date(y, m, d, 0, 0, 0, 0, r.loc), n: n, o: o, body: body, replying: mode.Replying}
	byName := rd.stripMentions(mode.Mentioned)
	rd.addressed = mode.Private || mode.Mentioned || byName
	in := rd.read()
	if in.IsCommand() && in.Name != bot.IntentUnknown && len(body) > 0 {
		in.Body = body
	}
	return in
}

// read decides what the message is: for a household (代 8号楼301 …), then
// as a command, then, addressed, as a sentence.
func (rd *reading) read() bot.Intent {
	end := rd.trimEnd(0, len(rd.n))
	start := rd.skipSpace(0, end)
	if in, ok := rd.readBehalf(start, end); ok {
		return in
	}
	return rd.readFrom(start, end)
}

// readFrom reads n[start:end] as a command or, addressed, a sentence.
func (rd *reading) readFrom(start, end int) bot.Intent {
	if rd.addressed && rd.confirmWord(start, end) {
		return bot.Intent{Name: bot.IntentConfirm, Confirm: true}
	}
	if start < end && rd.n[start] == '/' {
		if in, ok := rd.readSlash(start, end); ok {
			return in
		}
	} else if rd.onlyQuestionMarks(start, end) {
		return bot.Intent{Name: bot.IntentHelp}
	} else if in, ok := rd.readKeyword(rd.stripLeadIn(start, end), end); ok {
		if rd.addressed && (in.Name == bot.IntentUnknown || rd.unread) {
			if s, ok := rd.readSentence(start, end); ok && s.Name != bot.IntentUnknown {
				return s
			}
		}
		return in
	}
	if rd.addressed {
		if in, ok := rd.readSentence(start, end); ok {
			return in
		}
		return bot.Intent{Name: bot.IntentUnknown}
	}
	return bot.Intent{Name: bot.IntentNone}
}

// confirmWord reports whether the message is a one-word yes (是, 好的,
// 嗯 …), give or take punctuation and particles.
func (rd *reading) confirmWord(start, end int) bool {
	e := rd.stripTail(start, end)
	w := string(rd.n[start:e])
	for _, c := range confirmWords {
		if w == c || w == c+c { // 是的是的
			return true
		}
	}
	return false
}

// onlyQuestionMarks is true for a lone "?" or "？": a request for help.
// "??" is a puzzled reaction, not a question for the bot.
func (rd *reading) onlyQuestionMarks(start, end int) bool {
	return end == start+1 && rd.n[start] == '?'
}

// readSlash reads /cmd[@bot] args. An unknown slash command is not ours.
func (rd *reading) readSlash(start, end int) (bot.Intent, bool) {
	i := start + 1
	for i < end && (isASCIILetter(rd.n[i]) || isDigit(rd.n[i]) || rd.n[i] == '_') {
		i++
	}
	c := rd.r.slash[string(rd.n[start+1:i])]
	if c == nil {
		return bot.Intent{}, false
	}
	if i < end && rd.n[i] == '@' {
		for i < end && rd.n[i] != ' ' {
			i++
		}
	}
	rd.slash, rd.addressed = true, true
	in := bot.Intent{Name: c.intent, Slash: true}
	if f := rd.args(c, &in, nil, i, end); f != nil {
		in.Problem = f.msg
	}
	return in, true
}
