package wechat

import (
	"fmt"
	"strings"

	"github.com/mdp/qrterminal/v3"
)

// Addresses of the login QR code: the one the phone scans, and a picture of
// it that opens in any browser (what admins are sent).
const (
	scanURL  = "https://login.weixin.qq.com/l/"
	imageURL = "https://login.weixin.qq.com/qrcode/"
)

// showQR draws the login QR code in the terminal, prints its picture's
// address and hands that to OnQR.
func (a *Adapter) showQR(uuid string) {
	a.loggedIn(false)
	url := imageURL + uuid
	if a.cfg.Out != nil {
		fmt.Fprintln(a.cfg.Out, "请用机器人的微信扫描下面的二维码登录（看不清可打开链接）：")
		qrterminal.GenerateHalfBlock(scanURL+uuid, qrterminal.L, a.cfg.Out)
		fmt.Fprintln(a.cfg.Out, url)
	}
	a.log().Info("wechat: scan the QR code to log in", "url", url)
	if a.cfg.OnQR != nil {
		a.cfg.OnQR(url)
	}
}

// ScanAddress is what the login QR code whose picture is at picture (the
// address OnQR is given) encodes, so that a page can draw the code itself
// rather than send the browser to WeChat's server; false for an address
// that is not such a picture.
func ScanAddress(picture string) (string, bool) {
	uuid, ok := strings.CutPrefix(picture, imageURL)
	if !ok || uuid == "" {
		return "", false
	}
	return scanURL + uuid, true
}
