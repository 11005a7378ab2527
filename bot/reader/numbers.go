package reader

// tooBig stands for a number with more digits than any command needs; the
// grammars reject it as absurd instead of overflowing.
const tooBig = 1 << 30

// maxDigits is the longest digit run read as a value.
const maxDigits = 6

// cnDigit is the value of a Chinese digit, or -1.
func cnDigit(r rune) int {
	switch r {
	case '零', '〇':
		return 0
	case '一':
		return 1
	case '二', '两', '俩':
		return 2
	case '三', '仨':
		return 3
	case '四':
		return 4
	case '五':
		return 5
	case '六':
		return 6
	case '七':
		return 7
	case '八':
		return 8
	case '九':
		return 9
	}
	return -1
}

// cnUnit is the multiplier of 十 百 千, or 0.
func cnUnit(r rune) int {
	switch r {
	case '十':
		return 10
	case '百':
		return 100
	case '千':
		return 1000
	}
	return 0
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// number reads a number at i: ASCII digits (full-width ones are already
// half-width) or Chinese numerals (十二, 二十, 三十五, 一百零五, 两, 俩, 仨, and
// digit by digit: 三零一). It returns the value and the index after it.
func (rd *reading) number(i, end int) (int, int, bool) {
	if i < end && isDigit(rd.n[i]) {
		return rd.digits(i, end)
	}
	return rd.chinese(i, end)
}

// digits reads an ASCII digit run.
func (rd *reading) digits(i, end int) (int, int, bool) {
	v, j := 0, i
	for j < end && isDigit(rd.n[j]) {
		if j-i < maxDigits {
			v = v*10 + int(rd.n[j]-'0')
		} else {
			v = tooBig
		}
		j++
	}
	return v, j, j > i
}

// chinese reads a Chinese numeral run.
func (rd *reading) chinese(i, end int) (int, int, bool) {
	total, cur, j := 0, -1, i
	for ; j < end && j-i < 8; j++ {
		r := rd.n[j]
		if d := cnDigit(r); d >= 0 {
			if cur >= 0 {
				cur = cur*10 + d // 三零一, 一百零五
			} else {
				cur = d
			}
			continue
		}
		m := cnUnit(r)
		if m == 0 {
			break
		}
		if cur < 0 {
			cur = 1
		}
		total += cur * m
		cur = -1
	}
	if j == i {
		return 0, i, false
	}
	if cur > 0 {
		total += cur
	}
	if total > tooBig {
		total = tooBig
	}
	return total, j, true
}
