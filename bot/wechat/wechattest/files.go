package wechattest

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// uploadMedia takes one chunk of a file, as WeChat's file host does: a
// multipart form with the request (who to, how long) as JSON, the login's
// webwx_data_ticket, the chunk's number when there are several, and the
// bytes in the part "filename". The last chunk's answer names the upload.
func (f *Fake) uploadMedia(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		f.t.Errorf("fake wechat: upload is not a multipart form: %v", err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var req struct {
		ToUserName, FromUserName string
		ClientMediaId            int64
		TotalLen                 int64
	}
	if err := json.Unmarshal([]byte(r.FormValue("uploadmediarequest")), &req); err != nil {
		f.t.Errorf("fake wechat: upload request: %v", err)
	}
	part, header, err := r.FormFile("filename")
	if err != nil {
		f.t.Errorf("fake wechat: upload without a file: %v", err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	defer part.Close()
	chunk, _ := io.ReadAll(part)
	chunks, _ := strconv.Atoi(r.FormValue("chunks"))
	n, _ := strconv.Atoi(r.FormValue("chunk"))
	f.mu.Lock()
	defer f.mu.Unlock()
	if want := "ticket-" + f.SID; r.FormValue("webwx_data_ticket") != want || req.FromUserName != f.Self() {
		f.t.Errorf("fake wechat: upload with ticket %q from %q; the login's are %q and %q",
			r.FormValue("webwx_data_ticket"), req.FromUserName, want, f.Self())
	}
	key := fmt.Sprintf("client-%d", req.ClientMediaId)
	up := f.uploads[key]
	if up == nil || n == 0 {
		up = &upload{to: req.ToUserName, name: header.Filename}
		f.uploads[key] = up
	}
	up.data = append(up.data, chunk...)
	if chunks > 1 && n+1 < chunks {
		fmt.Fprint(w, `{"BaseResponse":{"Ret":0,"ErrMsg":""},"MediaId":""}`)
		return
	}
	delete(f.uploads, key)
	if int64(len(up.data)) != req.TotalLen {
		f.t.Errorf("fake wechat: uploaded %d bytes, the request said %d", len(up.data), req.TotalLen)
	}
	id := fmt.Sprintf("@crypt_media_%d", len(f.uploads)+len(f.sent)+1)
	f.uploads[id] = up
	writeJSON(w, map[string]any{"BaseResponse": map[string]any{"Ret": 0, "ErrMsg": ""}, "MediaId": id})
}

// sendAppMsg sends a file message: an appmsg of type 6 naming an upload.
func (f *Fake) sendAppMsg(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Msg struct {
			Type                              int
			ToUserName, Content, FromUserName string
		}
	}
	json.NewDecoder(r.Body).Decode(&body)
	var msg struct {
		Type     int    `xml:"type"`
		Title    string `xml:"title"`
		AttachID string `xml:"appattach>attachid"`
		TotalLen int    `xml:"appattach>totallen"`
	}
	if err := xml.Unmarshal([]byte(body.Msg.Content), &msg); err != nil {
		f.t.Errorf("fake wechat: file message %q: %v", body.Msg.Content, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	up := f.uploads[msg.AttachID]
	switch {
	case body.Msg.FromUserName != f.Self():
		f.t.Errorf("fake wechat: file sent as %q, the account is %q", body.Msg.FromUserName, f.Self())
	case body.Msg.Type != 6 || msg.Type != 6:
		f.t.Errorf("fake wechat: file message of type %d / appmsg %d, want 6", body.Msg.Type, msg.Type)
	case up == nil:
		fmt.Fprint(w, `{"BaseResponse":{"Ret":1,"ErrMsg":"no such media"},"MsgID":"","LocalID":""}`)
		return
	case up.to != body.Msg.ToUserName || msg.TotalLen != len(up.data):
		f.t.Errorf("fake wechat: file uploaded for %q (%d bytes) sent to %q saying %d bytes", up.to, len(up.data), body.Msg.ToUserName, msg.TotalLen)
	}
	if f.SendRet != 0 {
		fmt.Fprintf(w, `{"BaseResponse":{"Ret":%d,"ErrMsg":""},"MsgID":"","LocalID":""}`, f.SendRet)
		return
	}
	delete(f.uploads, msg.AttachID)
	f.sent = append(f.sent, Sent{To: body.Msg.ToUserName, Content: body.Msg.Content,
		File: &File{Name: msg.Title, Uploaded: up.name, Data: up.data}})
	fmt.Fprintf(w, `{"BaseResponse":{"Ret":0,"ErrMsg":""},"MsgID":"%d","LocalID":"1"}`, len(f.sent))
}
