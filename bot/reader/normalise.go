package reader

import (
	"strings"
	"unicode"
)

// A message line is kept twice, rune for rune: n is the normalised form the
// grammar reads (half-width, lower-case ASCII, one kind of space) and o is
// what the person typed, so that free text (a suggestion, a place, a name)
// can be handed on exactly as typed. Normalising never changes the number of
// runes, so an index into n is also an index into o.

// normRune maps one typed rune to the rune the grammar reads.
func normRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		r -= 0xFEE0
	case r == '\u200b' || r == '\ufeff' || r == '\u00a0' || r == '\u3000':
		return ' '
	case unicode.IsSpace(r):
		return ' '
	}
	if r >= 'A' && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

// normString is normRune over a whole string (keywords, bot names).
func normString(s string) string { return strings.Map(normRune, s) }

// splitLines returns the first non-blank line and the others, trimmed,
// blank ones dropped: a multi-line command's details.
func splitLines(text string) (string, []string) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var first string
	var body []string
	found := false
	for _, l := range strings.Split(text, "\n") {
		t := strings.TrimFunc(l, isSpaceRune)
		switch {
		case t == "":
		case !found:
			first, found = l, true
		default:
			body = append(body, t)
		}
	}
	return first, body
}

func isSpaceRune(r rune) bool { return normRune(r) == ' ' }

// blank overwrites n[i:j] and o[i:j] with spaces: a stripped @mention
// disappears from the text without moving any index.
func (rd *reading) blank(i, j int) {
	for k := i; k < j; k++ {
		rd.n[k], rd.o[k] = ' ', ' '
	}
}

// skipSpace returns the first index at or after i that is not a space.
func (rd *reading) skipSpace(i, end int) int {
	for i < end && rd.n[i] == ' ' {
		i++
	}
	return i
}

// trimEnd returns end moved back over spaces.
func (rd *reading) trimEnd(start, end int) int {
	for end > start && rd.n[end-1] == ' ' {
		end--
	}
	return end
}

// at reports whether n[i:] starts with s (normalised) before end, and
// returns the index after it.
func (rd *reading) at(i, end int, s string) (int, bool) {
	for _, r := range s {
		if i >= end || rd.n[i] != r {
			return 0, false
		}
		i++
	}
	return i, true
}

// endsWith reports whether n[start:end] ends with s, and returns the index
// where s begins.
func (rd *reading) endsWith(start, end int, s string) (int, bool) {
	k := len([]rune(s))
	if end-start < k {
		return 0, false
	}
	if j, ok := rd.at(end-k, end, s); ok && j == end {
		return end - k, true
	}
	return 0, false
}

// stripMentions removes @mentions of the bot anywhere in the line, and a
// leading @mention of anyone when the adapter says the bot was mentioned
// (the display name may differ from the configured one). It reports
// whether a mention of the bot by name was found.
func (rd *reading) stripMentions(mentioned bool) bool {
	byName := false
	first := true
	for i := 0; i < len(rd.n); i++ {
		if rd.n[i] != '@' || (i > 0 && rd.n[i-1] != ' ') {
			if rd.n[i] != ' ' {
				first = false
			}
			continue
		}
		j := i
		for j < len(rd.n) && rd.n[j] != ' ' {
			j++
		}
		switch k, ok := rd.botNameAt(i + 1); {
		case ok && k == j:
			rd.blank(i, j)
			byName = true
		case mentioned && first:
			rd.blank(i, j)
		case ok: // @Linli菜单
			rd.blank(i, k)
			byName = true
		}
		first = false
		i = j
	}
	return byName
}

// botNameAt matches one of the bot's names at i.
func (rd *reading) botNameAt(i int) (int, bool) {
	for _, name := range rd.r.botNames {
		if j, ok := rd.at(i, len(rd.n), name); ok {
			return j, true
		}
	}
	return 0, false
}

// leadIns are polite openings stripped before a keyword, longest first.
// They chain: 我想 看看 明天的菜单, 能不能帮我 查一下 我的订餐.
var leadIns = [...]string{
	"能不能帮我", "可不可以帮我", "麻烦你帮我",
	"麻烦帮我", "可以帮我", "请帮我", "请帮忙", "我想要", "我要看", "我想看", "看一下", "查一下",
	"麻烦你", "能帮我", "帮我查", "我要查", "我想查",
	"麻烦", "帮我", "帮忙", "看看", "我要", "我想", "查看", "查询", "请",
}

// maxLeadIns bounds the chain of lead-ins stripped.
const maxLeadIns = 3

// stripLeadIn returns the index after polite lead-ins (and a following
// 给我). A keyword that starts with a lead-in (查看建议, 查看群) is kept
// whole: it is the longer reading.
func (rd *reading) stripLeadIn(i, end int) int {
	for n := 0; n < maxLeadIns; n++ {
		j, ok := rd.leadInAt(i, end)
		if !ok {
			break
		}
		if _, ke, found := rd.keywordAt(i, end); found && ke >= j {
			break
		}
		i = rd.skipSpace(j, end)
	}
	if j, ok := rd.at(i, end, "给我"); ok {
		i = rd.skipSpace(j, end)
	}
	return rd.stripI(i, end)
}

// stripI drops a bare 我 before a keyword when the message is addressed:
// 「我订两份明天午饭」 to the bot asks it to book; in a group it may answer a
// neighbour collecting orders, so there it stays talk.
func (rd *reading) stripI(i, end int) int {
	if !rd.addressed || i >= end || rd.n[i] != '我' {
		return i
	}
	if _, _, ok := rd.keywordAt(i, end); ok {
		return i // 我的订餐
	}
	if _, _, ok := rd.keywordAt(i+1, end); ok {
		return i + 1
	}
	return i
}

// leadInAt matches the longest lead-in at i.
func (rd *reading) leadInAt(i, end int) (int, bool) {
	for _, l := range leadIns {
		if j, ok := rd.at(i, end, l); ok {
			return j, true
		}
	}
	return 0, false
}

// closing punctuation, thanks and particles that may end a command.
const trailPunct = "。.!?~…,、;:)）」』\"'"

var (
	thanks    = [...]string{"谢谢了", "谢谢啦", "谢谢你", "谢谢", "谢啦", "多谢", "感谢"}
	particles = [...]string{"吗", "呢", "吧", "啊", "呀", "嘛", "哦", "哈", "啦"}
)

// stripTail returns end moved back over trailing punctuation, thanks and
// particles, but never before start.
func (rd *reading) stripTail(start, end int) int {
	for {
		end = rd.trimEnd(start, end)
		if end <= start {
			return start
		}
		if strings.ContainsRune(trailPunct, rd.n[end-1]) {
			end--
			continue
		}
		if j, ok := rd.endsWithAny(start, end, thanks[:]); ok {
			end = j
			continue
		}
		if j, ok := rd.endsWithAny(start, end, particles[:]); ok {
			end = j
			continue
		}
		if j, ok := rd.trailingEmoji(start, end); ok {
			end = j
			continue
		}
		return end
	}
}

func (rd *reading) endsWithAny(start, end int, list []string) (int, bool) {
	for _, s := range list {
		if j, ok := rd.endsWith(start, end, s); ok {
			return j, true
		}
	}
	return 0, false
}

// text returns what was typed in o[i:j], trimmed.
func (rd *reading) text(i, j int) string {
	return strings.TrimFunc(string(rd.o[i:j]), isSpaceRune)
}

// word returns a token as the grammar reads it (normalised: 訂餐 is 订餐),
// for comparing with the lexicon; text is for showing what was typed.
func (rd *reading) word(t token) string {
	return strings.TrimFunc(string(rd.n[t.start:t.end]), isSpaceRune)
}
