package reader

import (
	"regexp"
	"strings"
)

// behalfPrefix is 代 and a household, as liaisons write it before a
// resident command: 代 8号楼301, 代8-301, 代 8号楼 301室, 代 ８栋３０１.
var behalfPrefix = regexp.MustCompile(`^代\s*(\d{1,3})\s*(?:号楼|号|栋|幢|-)\s*(\d{1,5})\s*室?`)

// behalfOf splits "代 8号楼301 订餐 明天" into the household ("8号楼301")
// and the command for it ("订餐 明天"); ok is false when text does not
// start so. Digits may be full-width.
func behalfOf(text string) (place, rest string, ok bool) {
	text = strings.TrimSpace(text)
	o := []rune(text)
	n := make([]rune, len(o))
	for i, c := range o {
		n[i] = normRune(c)
	}
	m := behalfPrefix.FindStringSubmatchIndex(string(n))
	if m == nil {
		return "", "", false
	}
	norm := string(n)
	end := len([]rune(norm[:m[1]])) // runes: normRune keeps one rune per rune
	return norm[m[2]:m[3]] + "号楼" + norm[m[4]:m[5]], strings.TrimSpace(string(o[end:])), true
}
