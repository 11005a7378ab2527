package reader

// Emoji at the end of a message. A resident ends 「订餐 明天 2份🙏」 the way
// another writes 谢谢: the ones that say please or thanks (🙏 🌹 🤝, and
// WeChat's typed forms [抱拳] [玫瑰] …) are stripped like thanks in every
// context. Any other emoji after a keyword in a group (菜单👍, 活动😊,
// 菜单😂) is a reaction to something said,
// so the message stays chatter; addressed to the bot, an emoji never changes
// what is asked and is stripped too.

// politeEmoji are emoji that say please or thanks.
var politeEmoji = [...]rune{'🙏', '🌹', '💐', '🤝', '🫡'}

// politeBracketed are WeChat's emoji as they arrive in text, normalised.
var politeBracketed = [...]string{"[抱拳]", "[玫瑰]", "[握手]", "[合十]", "[鲜花]"}

// isEmojiMod is a rune that only modifies the emoji before it: variation
// selector, zero-width joiner, skin tone, keycap.
func isEmojiMod(r rune) bool {
	return r == 0xFE0F || r == 0xFE0E || r == 0x200D || r == 0x20E3 || r >= 0x1F3FB && r <= 0x1F3FF
}

// isEmoji is a pictograph: the emoji blocks and the older dingbats.
func isEmoji(r rune) bool {
	return r >= 0x1F000 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF || r >= 0x2B00 && r <= 0x2BFF
}

// trailingEmoji returns where an emoji (with its modifiers) or a WeChat
// bracketed emoji ending at end begins, if it may be stripped.
func (rd *reading) trailingEmoji(start, end int) (int, bool) {
	if j, ok := rd.endsWithAny(start, end, politeBracketed[:]); ok {
		return j, true
	}
	j := end
	for j > start && isEmojiMod(rd.n[j-1]) {
		j--
	}
	if j == start || !isEmoji(rd.n[j-1]) {
		return 0, false
	}
	if rd.addressed {
		return j - 1, true
	}
	for _, p := range politeEmoji {
		if rd.n[j-1] == p {
			return j - 1, true
		}
	}
	return 0, false
}
