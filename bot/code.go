package bot

import "crypto/rand"

// CodeAlphabet is what one-time codes and keys are written with: capitals
// and digits without 0/O and 1/I/L, which people misread when they copy a
// code from one phone to another.
const CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// RandomCode draws n letters of CodeAlphabet uniformly from crypto/rand (a
// byte past the last whole multiple of the alphabet is drawn again).
func RandomCode(n int) string {
	const limit = 256 - 256%len(CodeAlphabet)
	code := make([]byte, 0, n)
	var b [1]byte
	for len(code) < n {
		rand.Read(b[:])
		if int(b[0]) < limit {
			code = append(code, CodeAlphabet[int(b[0])%len(CodeAlphabet)])
		}
	}
	return string(code)
}
