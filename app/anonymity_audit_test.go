package app

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/handlers"
)

// auditTables says, for every table of the database, why it can or cannot
// point at an anonymous ticket's author. The audit fails on a table missing
// here: whoever adds one must ask the question for it.
var auditTables = map[string]string{
	"schema_versions":   "migrations only",
	"households":        "flats; created on registration, never by a suggestion",
	"residents":         "accounts; an anonymous command neither creates one nor touches seen_at",
	"roles":             "duties; never written by a suggestion",
	"verify_codes":      "one-time codes for roles; written by 验证码 and 验证, never by a suggestion",
	"welcomes":          "who a group greeted once on joining; never written by a suggestion",
	"hints":             "when a person was last hinted to 登记 after a booking; never written by a suggestion",
	"chats":             "groups; an anonymous command does not touch seen_at",
	"members":           "who spoke where; an anonymous command does not touch seen_at",
	"handled_messages":  "named commands only; anonymous ones go to anonymous_handled",
	"anonymous_handled": "keyed hash of the message id, and its day",
	"job_runs":          "scheduled jobs",
	"job_failures":      "scheduled runs that failed, and why; never written by a suggestion",
	"notices":           "scheduled notices",
	"menus":             "canteen",
	"dishes":            "canteen",
	"meal_orders":       "canteen",
	"events":            "activities",
	"event_buildings":   "activities",
	"signups":           "activities",
	"event_notices":     "activities",
	"suggestions":       "anonymous tickets: author hash only, their own numbers, their day",
	"suggestion_notes":  "the staff's answers: who answered, never who asked",
	"outbox_messages":   "discreet answers deleted once sent, with ids apart from the kept ones",
	"outages":           "Redis outages",
	"votes":             "votes: their question, options, scope and who started them",
	"vote_ballots":      "named votes' ballots only, by household; an anonymous vote writes none",
	"vote_voters":       "that a household voted in an anonymous vote: no choice, no time",
	"vote_tallies":      "an anonymous vote's counts: no household, no time",
	"notice_asks":       "notices asking for 收到; written by a head's 通知, never by a suggestion",
	"notice_receipts":   "a household's 收到 to such a notice; never written by a suggestion",
	"funds":             "楼组众筹; never written by a suggestion",
	"fund_entries":      "a fund's ledger; never written by a suggestion",
	"checkins":          "who was at a volunteer activity; never written by a suggestion",
	"event_minutes":     "a volunteer activity's hours; never written by a suggestion",
	"web_logins":        "the panel's login links: digests, for people with a role, made by 后台",
	"web_sessions":      "the panel's sessions: digests, for people with a role",
	"audit_log":         "privileged changes: who made them (staff), never a resident's anonymous command",
}

// auditStep is one message of the audit's day, a minute after the last.
type auditStep struct {
	id   string
	from bot.User
	chat bot.Chat
	text string
	anon bool
}

// TestAnonymityAuditTableByTable files named and anonymous suggestions from
// several people, with Telegram's own message ids, each a minute apart,
// has the staff answer them, runs the digest and every export, and then
// reads every table of the database, every export and the debug log as an
// auditor would: the anonymous tickets' authors are named nowhere beside
// them, no value holds the id of an anonymous message, no time falls in
// the minute an anonymous message came in, and no number falls between
// two named ones.
func TestAnonymityAuditTableByTable(t *testing.T) {
	w := newSuggestionWorld(t, "a-long-enough-test-secret-0123456789")
	qian := bot.User{Platform: bot.Telegram, ID: "424243", Name: "钱阿姨"}
	sun := bot.User{Platform: bot.Telegram, ID: "424244", Name: "孙叔叔"}
	zhao := w.author
	steps := []auditStep{
		{"-100555:1", qian, w.group, "建议 楼道灯坏了", false},
		{"-100555:2", zhao, w.group, "帮助", false},
		{"424242:3", zhao, w.private(zhao), "建议 健身器材生锈了", false},
		{"424242:4", zhao, w.private(zhao), "匿名建议 有人在楼道里给电动车充电", true},
		{"424244:5", sun, w.private(sun), "建议 垃圾桶满了", false},
		{"-100555:6", zhao, w.group, "匿名建议 半夜装修太吵", true},
		{"424243:7", qian, w.private(qian), "匿名建议 502楼上有人高空抛物", true},
		{"-100555:8", sun, w.group, "建议 车位被外来车占了", false},
		{"424242:9", zhao, w.private(zhao), "我的建议", false},
	}
	var anonAt []time.Time
	var anonIDs []string
	for _, s := range steps {
		w.now = w.now.Add(time.Minute)
		w.sayAs(s.id, s.from, s.chat, s.text)
		if s.anon {
			anonAt, anonIDs = append(anonAt, w.now), append(anonIDs, s.id)
		}
	}
	for _, cmd := range []string{"建议列表 全部", "回复 S10001 已请物业处理", "受理 S10002", "不予处理 S10003 请找物业", "回复 S1 明天来修"} {
		w.now = w.now.Add(time.Minute)
		w.say(w.admin, w.private(w.admin), cmd)
	}
	if err := w.a.handlers.SuggestionDigest(context.Background(), w.now.Add(5*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := w.a.outbox.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	mine := w.say(zhao, w.private(zhao), "我的建议")
	if len(mine) != 1 || !strings.Contains(mine[0].r.Text, "S10001（匿名）") || !strings.Contains(mine[0].r.Text, "已请物业处理") {
		t.Errorf("the author should still see his anonymous tickets and their answers: %+v", mine)
	}

	authors := []bot.User{zhao, qian}
	secrets := []string{zhao.ID, zhao.Name, qian.ID, qian.Name, plainHash(zhao), plainHash(qian)}
	near := func(v string) bool { return nearAny(v, anonAt, 30*time.Second) }
	tables := auditDump(t, w.dbPath)
	for table, rows := range tables {
		if _, ok := auditTables[table]; !ok {
			t.Errorf("table %s is not classified by the anonymity audit: say why it cannot point at an anonymous ticket's author", table)
		}
		for _, row := range rows {
			for col, v := range row {
				for _, id := range anonIDs {
					if strings.Contains(v, id) {
						t.Errorf("%s.%s holds the id of an anonymous message %s: %v", table, col, id, row)
					}
				}
				if near(v) {
					t.Errorf("%s.%s = %s: a time in the minute of an anonymous filing: %v", table, col, v, row)
				}
			}
		}
	}
	var named, anon []int
	for _, row := range tables["suggestions"] {
		id, _ := strconv.Atoi(row["id"])
		if row["anonymous"] == "1" || row["anonymous"] == "true" {
			anon = append(anon, id)
			for _, s := range secrets {
				if strings.Contains(fmt.Sprint(row), s) {
					t.Errorf("anonymous ticket S%d holds %q: %v", id, s, row)
				}
			}
			if row["resident_id"] != "" {
				t.Errorf("anonymous ticket S%d keeps a resident: %v", id, row)
			}
			continue
		}
		named = append(named, id)
	}
	sort.Ints(named)
	for _, a := range anon {
		if len(named) > 0 && a > named[0] && a < named[len(named)-1] {
			t.Errorf("anonymous S%d is numbered between named tickets %v", a, named)
		}
	}
	if len(anon) != 3 || len(named) != 4 {
		t.Errorf("tickets: named %v, anonymous %v; want 4 and 3", named, anon)
	}
	auditOutboxIDs(t, tables["outbox_messages"])
	auditNotes(t, tables, anon, secrets)
	for _, u := range authors {
		auditResident(t, tables, u, anonAt)
	}
	for kind, export := range exporters() {
		table, err := export(context.Background(), w.a.store, handlersQuery(w))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range table.Rows {
			line := strings.Join(r, ",")
			if strings.Contains(line, "是") || strings.Contains(line, "匿名") {
				assertNoTrace(t, "export "+kind, line, secrets)
			}
			for _, v := range r {
				if near(v) {
					t.Errorf("export %s holds a time of an anonymous filing: %s", kind, line)
				}
			}
		}
	}
	for _, line := range strings.Split(w.logs.String(), "\n") {
		for _, s := range append([]string{"(anonymous)", "匿名建议"}, anonIDs...) {
			if strings.Contains(line, s) {
				t.Errorf("the debug log holds %q: %s", s, line)
			}
		}
	}
}

// auditDump reads every table of the database, every column as text.
func auditDump(t *testing.T, path string) map[string][]map[string]string {
	t.Helper()
	out := map[string][]map[string]string{}
	db := openRaw(t, path)
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	for _, table := range tables {
		out[table] = nil
		rs, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			row := map[string]string{}
			for i, v := range vals {
				switch x := v.(type) {
				case nil:
					row[cols[i]] = ""
				case []byte:
					row[cols[i]] = string(x)
				case time.Time:
					row[cols[i]] = x.UTC().Format(time.RFC3339Nano)
				default:
					row[cols[i]] = fmt.Sprint(x)
				}
			}
			out[table] = append(out[table], row)
		}
		rs.Close()
	}
	return out
}

// nearAny reports whether v reads as a time within d of any of ats.
func nearAny(v string, ats []time.Time, d time.Duration) bool {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05", "2006-01-02 15:04"} {
		tv, err := time.Parse(layout, v)
		if err != nil {
			continue
		}
		for _, at := range ats {
			// Exports print the community's wall clock without a zone.
			for _, cand := range []time.Time{at, time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute(), at.Second(), 0, time.UTC)} {
				if diff := tv.Sub(cand); diff > -d && diff < d {
					return true
				}
			}
		}
	}
	return false
}

// auditOutboxIDs: the kept messages are numbered without a gap, which a
// deleted discreet answer would leave.
func auditOutboxIDs(t *testing.T, rows []map[string]string) {
	t.Helper()
	var ids []int
	for _, r := range rows {
		id, _ := strconv.Atoi(r["id"])
		if r["discreet"] == "1" || r["discreet"] == "true" {
			t.Errorf("a discreet message is still kept: %v", r)
		}
		ids = append(ids, id)
	}
	sort.Ints(ids)
	for i := 1; i < len(ids); i++ {
		if ids[i] != ids[i-1]+1 {
			t.Errorf("outbox ids jump from %d to %d: a deleted message there is dated by its neighbours", ids[i-1], ids[i])
		}
	}
}

// auditNotes: an answer to an anonymous ticket names the staff member who
// gave it, never its author.
func auditNotes(t *testing.T, tables map[string][]map[string]string, anon []int, secrets []string) {
	t.Helper()
	for _, n := range tables["suggestion_notes"] {
		sid, _ := strconv.Atoi(n["suggestion_id"])
		for _, a := range anon {
			if sid == a {
				assertNoTrace(t, "a note on an anonymous ticket", fmt.Sprint(n), secrets)
			}
		}
	}
}

// auditResident: an author's account was last seen at their own named
// messages, never in the minute of their anonymous ones, and nothing else
// of theirs is dated then.
func auditResident(t *testing.T, tables map[string][]map[string]string, u bot.User, anonAt []time.Time) {
	t.Helper()
	for _, r := range tables["residents"] {
		if r["user_id"] == u.ID && nearAny(r["seen_at"], anonAt, 30*time.Second) {
			t.Errorf("%s was last seen in the minute of an anonymous filing: %v", u.Name, r)
		}
	}
}

func handlersQuery(w *suggestionWorld) handlers.ExportQuery {
	return handlers.ExportQuery{Location: w.cfg.Location}
}
