package reader

// Reading a word rune by rune tries every kind of token at every rune, and
// finding a keyword tries every keyword; most runes start neither. The
// Reader keeps, built once from the same tables the lexers read, the runes
// that can start a token and the keywords by their first rune, so that an
// ordinary character costs one lookup. A rune added to a lexer's table is
// picked up here; a lexer that starts on something new must add it here.

// tokenStarts is every rune that can begin a token the lexers recognise.
func tokenStarts() map[rune]bool {
	s := map[rune]bool{}
	first := func(words ...string) {
		for _, w := range words {
			for _, r := range normString(w) {
				s[r] = true
				break
			}
		}
	}
	for _, m := range meals {
		first(m.word)
	}
	first("全体", "全部", "订单", "第", "@", "d", "s")
	for _, f := range fillers {
		first(f)
	}
	for _, d := range relDays {
		first(d.word)
	}
	for _, d := range dayMeals {
		first(d.word)
	}
	for _, p := range weekPrefixes {
		first(p.word)
	}
	for _, p := range periods {
		first(p)
	}
	for _, p := range dayPeriods {
		first(p.word)
	}
	for r := '0'; r <= '9'; r++ {
		s[r] = true
	}
	for _, r := range "零〇一二两俩三仨四五六七八九十百千" { // what cnDigit and cnUnit read
		s[r] = true
	}
	return s
}

// keywordsByFirst groups the keywords (longest first) by their first rune.
func keywordsByFirst(keywords []keyword) map[rune][]keyword {
	m := map[rune][]keyword{}
	for _, k := range keywords {
		for _, r := range k.text {
			m[r] = append(m[r], k)
			break
		}
	}
	return m
}
