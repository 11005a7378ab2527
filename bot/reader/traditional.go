package reader

import (
	"fmt"
	"strings"
	"sync"

	"github.com/longbridgeapp/opencc"
)

// Residents in Hong Kong, Taiwan and abroad, and phones set to traditional
// input, write 訂餐, 報名, 週四晚飯. The reader reads each such character as
// its simplified form, rune for rune, so the grammar keeps one lexicon and
// an index into the normalised line is still an index into what was typed
// (a suggestion keeps its traditional text).
//
// The table comes from OpenCC's traditional-to-simplified dictionaries,
// which are kept up to date by their maintainers, rather than a list of our
// own that would miss characters. Only one-character-to-one-character
// mappings are kept: a phrase-level conversion could change the number of
// runes. Building it converts the CJK block once (about 25 ms), so it is
// built once per process and never changed after: every Reader shares it
// read-only.
var simplifiedTable = sync.OnceValues(buildSimplified)

// cjkFirst and cjkLast bound the CJK Unified Ideographs block, where every
// traditional character residents type lives.
const cjkFirst, cjkLast = 0x4E00, 0x9FFF

// buildSimplified converts every ideograph of the block, one per line, and
// keeps those that change into a single other rune.
func buildSimplified() (map[rune]rune, error) {
	cc, err := opencc.New("t2s")
	if err != nil {
		return nil, fmt.Errorf("reader: traditional characters: %w", err)
	}
	var b strings.Builder
	for r := rune(cjkFirst); r <= cjkLast; r++ {
		b.WriteRune(r)
		b.WriteByte('\n')
	}
	out, err := cc.Convert(b.String())
	if err != nil {
		return nil, fmt.Errorf("reader: traditional characters: %w", err)
	}
	table := map[rune]rune{}
	lines := strings.Split(out, "\n")
	for i, r := 0, rune(cjkFirst); r <= cjkLast && i < len(lines); i, r = i+1, r+1 {
		if s := []rune(lines[i]); len(s) == 1 && s[0] != r {
			table[r] = s[0]
		}
	}
	return table, nil
}

// simplify maps a traditional character to its simplified form.
func (r *Reader) simplify(c rune) rune {
	if c < cjkFirst || c > cjkLast {
		return c
	}
	if s, ok := r.t2s[c]; ok {
		return s
	}
	return c
}
