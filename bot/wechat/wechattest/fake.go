package wechattest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fake serves the web endpoints openwechat calls, with just enough state to
// log in, list contacts, pass messages both ways, set a friend's remark and
// end sessions. Every login is a new generation: its UserNames end in the
// generation number, as WeChat's change at every login. Tests change its
// exported fields inside Set.
type Fake struct {
	t   testing.TB
	srv *httptest.Server

	mu       sync.Mutex
	gen      int              // login generation
	SID      string           // the session WeChat accepts ("" after a logout)
	scanned  bool             // the QR of this login attempt was scanned
	PushOK   bool             // push login is accepted
	Kill     string           // retcode the next synccheck answers
	NetDown  bool             // synccheck connections are dropped
	SendRet  int              // Ret of the next webwxsendmsg
	OplogRet int              // Ret of every webwxoplog (a remark change); WeChat may refuse them
	Groups   []Group          // every group the account is in
	Friends  []User           // the account's friends; RemarkName is the account's own note
	Pending  []map[string]any // messages waiting for webwxsync
	sent     []Sent           // messages the bot sent
	hits     map[string]int   // requests by endpoint
	wake     chan struct{}    // ends a synccheck long poll early
	msgSeq   int
	uploads  map[string]*upload // by media id once complete, by client media id while in chunks
}

// User is a person: a friend of the account, a group member, or both
// (the same ID in both lists is one person).
type User struct{ ID, NickName, RemarkName, DisplayName string }

// Group is a group chat the account is in.
type Group struct {
	ID, Title string
	Saved     bool // saved to contacts (保存到通讯录)
	Members   []User
}

// Sent is one message the bot sent: to whom (a UserName of this login) and
// what: a text, or a File (Content is then the file message's XML).
type Sent struct {
	To, Content string
	File        *File
}

// File is a file the bot sent: uploaded to webwxuploadmedia (in chunks),
// then named by a file message (appmsg type 6) to webwxsendappmsg.
type File struct {
	// Name is the name the file message shows; Uploaded the name the
	// upload gave; Data the bytes uploaded, chunks joined.
	Name, Uploaded string
	Data           []byte
}

// upload is a file being uploaded, or uploaded and not yet sent.
type upload struct {
	to, name string
	data     []byte
}

// NewFake starts a fake on loopback, closed when the test ends.
func NewFake(t testing.TB) *Fake {
	f := &Fake{t: t, hits: map[string]int{}, wake: make(chan struct{}, 1), PushOK: true, uploads: map[string]*upload{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// Transport sends every request meant for WeChat's hosts to the fake.
func (f *Fake) Transport() http.RoundTripper {
	target, _ := url.Parse(f.srv.URL)
	return rewrite{target: target, base: f.srv.Client().Transport}
}

type rewrite struct {
	target *url.URL
	base   http.RoundTripper
}

func (r rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host, out.Host = "http", r.target.Host, ""
	return r.base.RoundTrip(out)
}

// User is the UserName of id in the current login; kind is "@" for a
// person and "@@" for a group.
func (f *Fake) User(kind, id string) string {
	return fmt.Sprintf("%s%s-%d", kind, id, f.gen)
}

// Self is the account's own UserName in the current login.
func (f *Fake) Self() string { return f.User("@", "self") }

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	f.mu.Lock()
	f.hits[name]++
	f.mu.Unlock()
	switch name {
	case "jslogin":
		f.mu.Lock()
		f.scanned = false
		f.mu.Unlock()
		fmt.Fprint(w, `window.QRLogin.code = 200; window.QRLogin.uuid = "QRUUID";`)
	case "login":
		f.checkLogin(w, r)
	case "webwxpushloginurl":
		f.mu.Lock()
		ok := f.PushOK
		f.mu.Unlock()
		if ok {
			fmt.Fprint(w, `{"ret":"0","msg":"all ok","uuid":"PUSHUUID"}`)
		} else {
			fmt.Fprint(w, `{"ret":"1","msg":"push refused","uuid":""}`)
		}
	case "webwxnewloginpage":
		f.newLogin(w)
	case "webwxinit":
		f.webInit(w, r)
	case "webwxstatusnotify":
		fmt.Fprint(w, `{"BaseResponse":{"Ret":0,"ErrMsg":""},"MsgID":"1"}`)
	case "webwxgetcontact":
		f.contacts(w)
	case "webwxbatchgetcontact":
		f.batchContacts(w, r)
	case "synccheck":
		f.syncCheck(w, r)
	case "webwxsync":
		f.sync(w)
	case "webwxsendmsg":
		f.sendMsg(w, r)
	case "webwxoplog":
		f.oplog(w, r)
	case "webwxuploadmedia":
		f.uploadMedia(w, r)
	case "webwxsendappmsg":
		f.sendAppMsg(w, r)
	default:
		f.t.Errorf("fake wechat: unexpected request %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
	}
}

// checkLogin answers the login poll: scanned first, then confirmed. A push
// login (tip=1) is confirmed at once, as when someone taps 登录 on the phone.
func (f *Fake) checkLogin(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	push := r.URL.Query().Get("uuid") == "PUSHUUID"
	if !push && !f.scanned {
		f.scanned = true
		fmt.Fprint(w, `window.code=201;window.userAvatar = 'data:img/jpg;base64,';`)
		return
	}
	fmt.Fprint(w, `window.code=200;
window.redirect_uri="https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=T&uuid=U&lang=zh_CN&scan=1";`)
}

func (f *Fake) newLogin(w http.ResponseWriter) {
	f.mu.Lock()
	f.gen++
	f.SID = fmt.Sprintf("sid%d", f.gen)
	sid := f.SID
	f.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: "wxsid", Value: sid, Path: "/"})
	// As WeChat does, for the whole domain: uploads to file.wx.qq.com carry it.
	http.SetCookie(w, &http.Cookie{Name: "webwx_data_ticket", Value: "ticket-" + sid, Path: "/", Domain: "wx.qq.com"})
	fmt.Fprintf(w, `<error><ret>0</ret><message></message><skey>@crypt_%s</skey><wxsid>%s</wxsid><wxuin>4242</wxuin><pass_ticket>pt</pass_ticket><isgrayscale>1</isgrayscale></error>`, sid, sid)
}

func (f *Fake) webInit(w http.ResponseWriter, r *http.Request) {
	var body struct{ BaseRequest struct{ Sid string } }
	json.NewDecoder(r.Body).Decode(&body)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.SID == "" || body.BaseRequest.Sid != f.SID {
		fmt.Fprint(w, `{"BaseResponse":{"Ret":1101,"ErrMsg":""}}`)
		return
	}
	writeJSON(w, map[string]any{
		"BaseResponse": map[string]any{"Ret": 0},
		"User":         map[string]any{"UserName": f.Self(), "NickName": "邻里小助手"},
		"SyncKey":      map[string]any{"Count": 1, "List": []map[string]int{{"Key": 1, "Val": f.gen}}},
		"ContactList":  []any{},
	})
}

func (f *Fake) groupJSON(g Group, withMembers bool) map[string]any {
	j := map[string]any{"UserName": f.User("@@", g.ID), "NickName": g.Title, "ContactFlag": 3}
	if withMembers {
		var ms []map[string]any
		for _, m := range g.Members {
			ms = append(ms, map[string]any{"UserName": f.User("@", m.ID), "NickName": m.NickName, "DisplayName": m.DisplayName})
		}
		ms = append(ms, map[string]any{"UserName": f.Self(), "NickName": "邻里小助手", "DisplayName": "邻里"})
		j["MemberList"] = ms
		j["MemberCount"] = len(ms)
	}
	return j
}

func (f *Fake) contacts(w http.ResponseWriter) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var list []map[string]any
	for _, g := range f.Groups {
		if g.Saved {
			list = append(list, f.groupJSON(g, false))
		}
	}
	for _, u := range f.Friends {
		list = append(list, map[string]any{"UserName": f.User("@", u.ID), "NickName": u.NickName, "RemarkName": u.RemarkName, "ContactFlag": 3})
	}
	writeJSON(w, map[string]any{"BaseResponse": map[string]any{"Ret": 0}, "MemberCount": len(list), "MemberList": list, "Seq": 0})
}

func (f *Fake) batchContacts(w http.ResponseWriter, r *http.Request) {
	var body struct{ List []struct{ UserName string } }
	json.NewDecoder(r.Body).Decode(&body)
	f.mu.Lock()
	defer f.mu.Unlock()
	var list []map[string]any
	for _, item := range body.List {
		for _, g := range f.Groups {
			if f.User("@@", g.ID) == item.UserName {
				list = append(list, f.groupJSON(g, true))
			}
		}
	}
	writeJSON(w, map[string]any{"BaseResponse": map[string]any{"Ret": 0}, "Count": len(list), "ContactList": list})
}

// syncCheck is WeChat's long poll: it answers at once when there is news,
// else after a short wait (WeChat waits 25 s).
func (f *Fake) syncCheck(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	down, sid := f.NetDown, f.SID
	f.mu.Unlock()
	if down {
		// The connection breaks mid-answer: the client sees an error, and
		// Go's transport does not quietly retry (it would on a connection
		// closed before any byte), so each failed try is one hit here.
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err == nil {
			buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nwindow.sync")
			buf.Flush()
			conn.Close()
		}
		return
	}
	if sid == "" || r.URL.Query().Get("sid") != sid {
		fmt.Fprint(w, `window.synccheck={retcode:"1101",selector:"0"}`)
		return
	}
	select {
	case <-f.wake:
	case <-time.After(50 * time.Millisecond):
	case <-r.Context().Done():
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.Kill != "":
		fmt.Fprintf(w, `window.synccheck={retcode:"%s",selector:"0"}`, f.Kill)
		f.Kill, f.SID = "", ""
	case len(f.Pending) > 0:
		fmt.Fprint(w, `window.synccheck={retcode:"0",selector:"2"}`)
	default:
		fmt.Fprint(w, `window.synccheck={retcode:"0",selector:"0"}`)
	}
}

func (f *Fake) sync(w http.ResponseWriter) {
	f.mu.Lock()
	msgs := f.Pending
	f.Pending = nil
	gen := f.gen
	f.mu.Unlock()
	writeJSON(w, map[string]any{
		"BaseResponse": map[string]any{"Ret": 0},
		"AddMsgCount":  len(msgs),
		"AddMsgList":   msgs,
		"SyncKey":      map[string]any{"Count": 1, "List": []map[string]int{{"Key": 1, "Val": gen*100 + len(msgs)}}},
	})
}

func (f *Fake) sendMsg(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Msg struct{ ToUserName, Content, FromUserName string }
	}
	json.NewDecoder(r.Body).Decode(&body)
	f.mu.Lock()
	defer f.mu.Unlock()
	if body.Msg.FromUserName != f.Self() {
		f.t.Errorf("fake wechat: message sent as %q, the account is %q", body.Msg.FromUserName, f.Self())
	}
	if f.SendRet != 0 {
		fmt.Fprintf(w, `{"BaseResponse":{"Ret":%d,"ErrMsg":""},"MsgID":"","LocalID":""}`, f.SendRet)
		return
	}
	f.sent = append(f.sent, Sent{To: body.Msg.ToUserName, Content: body.Msg.Content})
	fmt.Fprintf(w, `{"BaseResponse":{"Ret":0,"ErrMsg":""},"MsgID":"%d","LocalID":"1"}`, len(f.sent))
}

// oplog sets a friend's remark (CmdId 2), as the phone's 设置备注 does.
func (f *Fake) oplog(w http.ResponseWriter, r *http.Request) {
	var body struct {
		UserName, RemarkName string
		CmdId                int
	}
	json.NewDecoder(r.Body).Decode(&body)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.OplogRet != 0 {
		fmt.Fprintf(w, `{"BaseResponse":{"Ret":%d,"ErrMsg":""}}`, f.OplogRet)
		return
	}
	for i, u := range f.Friends {
		if f.User("@", u.ID) == body.UserName && body.CmdId == 2 {
			f.Friends[i].RemarkName = body.RemarkName
		}
	}
	fmt.Fprint(w, `{"BaseResponse":{"Ret":0,"ErrMsg":""}}`)
}

// Remark is the remark the account has given the friend with id.
func (f *Fake) Remark(id string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, u := range f.Friends {
		if u.ID == id {
			return u.RemarkName
		}
	}
	return ""
}

// Say queues a text message from a member in a group; it returns its MsgId.
func (f *Fake) Say(groupID, memberID, text string) string {
	f.mu.Lock()
	f.msgSeq++
	id := fmt.Sprintf("%d", 9000+f.msgSeq)
	f.Pending = append(f.Pending, map[string]any{
		"MsgId": id, "MsgType": 1, "CreateTime": 1764000000,
		"FromUserName": f.User("@@", groupID), "ToUserName": f.Self(),
		"Content": f.User("@", memberID) + ":<br/>" + text,
	})
	f.mu.Unlock()
	f.poke()
	return id
}

// Whisper queues a private text message from a friend.
func (f *Fake) Whisper(userID, text string, msgType int) string {
	f.mu.Lock()
	f.msgSeq++
	id := fmt.Sprintf("%d", 9000+f.msgSeq)
	f.Pending = append(f.Pending, map[string]any{
		"MsgId": id, "MsgType": msgType, "CreateTime": 1764000000,
		"FromUserName": f.User("@", userID), "ToUserName": f.Self(), "Content": text,
	})
	f.mu.Unlock()
	f.poke()
	return id
}

func (f *Fake) poke() {
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// Set changes the fake under its lock and wakes the long poll.
func (f *Fake) Set(change func(f *Fake)) {
	f.mu.Lock()
	change(f)
	f.mu.Unlock()
	f.poke()
}

// Count is how many requests endpoint has had.
func (f *Fake) Count(endpoint string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[endpoint]
}

// Sent lists what the bot has sent, oldest first.
func (f *Fake) Sent() []Sent {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Sent(nil), f.sent...)
}

// Generation is the number of logins so far.
func (f *Fake) Generation() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.gen
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
