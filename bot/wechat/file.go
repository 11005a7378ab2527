package wechat

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/eatmoreapple/openwechat"
)

// MaxFile is the largest file sent through WeChat's web upload in one go:
// above 25 MB the web client must first ask webwxcheckupload, which Linli
// does not do. Linli's spreadsheets are far smaller; the handlers refuse
// bigger ones before they are queued.
const MaxFile = 25 << 20

// sendFile uploads data and sends it to to as a file message, the way the
// web client does it: the bytes go to webwxuploadmedia (in chunks), then a
// file message (an appmsg of type 6 naming the upload) to webwxsendappmsg.
//
// openwechat's own WebWxSendFile (behind Friend.SendFile) takes the name
// WeChat shows from an *os.File, so it would need the residents' records
// written to a temporary file first, and would send that file's whole path
// on the server as the upload's name. Its two steps are used here with the
// name given and the bytes from memory. The caller holds a.call.
func (s *session) sendFile(ctx context.Context, to, name string, data []byte) error {
	if len(data) > MaxFile {
		return fmt.Errorf("wechat: a file of %d bytes is more than %d", len(data), MaxFile)
	}
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	sum := md5.Sum(data)
	resp, err := s.bot.Caller.Client.WebWxUploadMediaByChunk(ctx, bytes.NewReader(data), &openwechat.ClientWebWxUploadMediaByChunkOptions{
		FromUserName: s.self, ToUserName: to,
		BaseRequest: s.bot.Storage.Request, LoginInfo: s.bot.Storage.LoginInfo,
		Filename: name, FileMD5: hex.EncodeToString(sum[:]), FileSize: int64(len(data)), LastModifiedDate: time.Now(),
	})
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var up openwechat.UploadResponse
	if err := json.NewDecoder(resp.Body).Decode(&up); err != nil {
		return fmt.Errorf("wechat: upload answer: %w", err)
	}
	if err := up.BaseResponse.Err(); err != nil {
		return err
	}
	if up.MediaId == "" {
		return errors.New("wechat: the upload gave no media id")
	}
	content, err := fileMessage(name, up.MediaId, len(data))
	if err != nil {
		return err
	}
	_, err = s.bot.Caller.WebWxSendAppMsg(ctx, openwechat.NewSendMessage(openwechat.AppMessage, content, s.self, to, ""), s.bot.Storage.Request)
	return err
}

// appAttach is the file message WeChat's web client sends (the fields of
// openwechat's own, which it does not export).
type appAttach struct {
	XMLName  xml.Name `xml:"appmsg"`
	AppID    string   `xml:"appid,attr"`
	SdkVer   string   `xml:"sdkver,attr"`
	Type     int      `xml:"type"`
	Title    string   `xml:"title"`
	Des      string   `xml:"des"`
	Action   string   `xml:"action"`
	Content  string   `xml:"content"`
	URL      string   `xml:"url"`
	LowURL   string   `xml:"lowurl"`
	ExtInfo  string   `xml:"extinfo"`
	TotalLen int      `xml:"appattach>totallen"`
	AttachID string   `xml:"appattach>attachid"`
	FileExt  string   `xml:"appattach>fileext"`
}

// fileMessage is the appmsg that shows the uploaded mediaID as a file
// called name.
func fileMessage(name, mediaID string, size int) (string, error) {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(name)), ".")
	if ext == "" {
		ext = "undefined"
	}
	b, err := xml.Marshal(appAttach{AppID: "wxeb7ec651dd0aefa9", Title: name, Type: 6, TotalLen: size, AttachID: mediaID, FileExt: ext})
	return string(b), err
}
