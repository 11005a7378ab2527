package handlers

import "fmt"

// pageOf is screen p (from 1) of a list of lines, room lines to a screen
// (PRODUCT.md: lists longer than a screen are cut with how to see more).
// When more follow, the last line says how many and the command for the
// next screen (活动 第2页); a page past the end is the last one.
func pageOf(lines []string, room, p int, cmd string) []string {
	if len(lines) <= room && p <= 1 {
		return lines
	}
	per := max(room-1, 1)
	pages := (len(lines) + per - 1) / per
	p = min(max(p, 1), pages)
	out := append([]string(nil), lines[(p-1)*per:min(p*per, len(lines))]...)
	if p < pages {
		out = append(out, fmt.Sprintf("……还有%d条，请发：%s 第%d页", len(lines)-p*per, cmd, p+1))
	}
	return out
}
