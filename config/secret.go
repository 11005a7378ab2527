package config

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// secretProblem says why a suggestions.secret would not keep anonymous
// authors anonymous, or "" when it will. Whoever holds the database can
// hash every account under every secret they can think of, so the secret
// must be long (counted in characters: a Chinese sentence is three bytes a
// character but no harder to guess for it) and not one of the patterns a
// person types in a hurry: one character repeated, a run such as 1234… or
// abcd…, a short piece repeated, or a handful of different characters.
func secretProblem(s string) string {
	const how = "make a random one with openssl rand -hex 16 (and write ${LINLI_SUGGESTIONS_SECRET} to read it from the environment), or leave it empty to turn anonymous suggestions off"
	rs := []rune(s)
	if n := utf8.RuneCountInString(s); n < MinSecretLen {
		return fmt.Sprintf("is %d characters; use at least %d: %s", n, MinSecretLen, how)
	}
	for i, r := range rs {
		rs[i] = unicode.ToLower(r)
	}
	var weak string
	switch p := period(rs); {
	case p == 1:
		weak = "one character repeated"
	case isRun(rs, nextUp) || isRun(rs, func(a, b rune) bool { return nextUp(b, a) }):
		weak = "a run of characters in order, like 1234… or abcd…"
	case p < MinSecretLen && 2*p <= len(rs):
		weak = fmt.Sprintf("the same %d characters repeated", p)
	case distinct(rs) < 5:
		weak = fmt.Sprintf("only %d different characters", distinct(rs))
	}
	if weak != "" {
		return fmt.Sprintf("is too easy to guess (%s): %s", weak, how)
	}
	return ""
}

// period is the length of the shortest piece s repeats (the whole length
// when it repeats none): abcabcab has period 3.
func period(s []rune) int {
	for p := 1; p < len(s); p++ {
		repeats := true
		for i := p; i < len(s) && repeats; i++ {
			repeats = s[i] == s[i-p]
		}
		if repeats {
			return p
		}
	}
	return len(s)
}

// isRun reports whether every character follows the one before it.
func isRun(s []rune, follows func(a, b rune) bool) bool {
	for i := 1; i < len(s); i++ {
		if !follows(s[i-1], s[i]) {
			return false
		}
	}
	return true
}

// nextUp reports whether b comes right after a in counting order: the
// next code point, or a wrap people type on from (…890…, …9abc…, …xyz0…).
func nextUp(a, b rune) bool {
	switch {
	case b == a+1:
		return true
	case a == '9':
		return b == '0' || b == 'a'
	case a == 'z':
		return b == 'a' || b == '0'
	}
	return false
}

// distinct counts the different characters in s.
func distinct(s []rune) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}
