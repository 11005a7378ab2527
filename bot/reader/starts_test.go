package reader

import "testing"

// TestTokenStartsCoverNumerals: every rune the numeral reader accepts can
// start a token, or 仨份 would never be read.
func TestTokenStartsCoverNumerals(t *testing.T) {
	s := tokenStarts()
	for r := rune(0x3000); r < 0xA000; r++ {
		if (cnDigit(r) >= 0 || cnUnit(r) > 0) && !s[r] {
			t.Errorf("%c is a numeral but cannot start a token", r)
		}
	}
}
