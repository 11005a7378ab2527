package app

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"linli/bot"
	"linli/handlers"
)

// TestAnonymousVoteAudit casts an anonymous vote from three households of
// 8号楼 on Telegram, each choosing differently (one tries the group first,
// one tries twice), pushes the results and exports the votes, then reads
// every table, every message the bot sent or keeps, the export and the
// debug log as an auditor would. That a household voted may be known; what
// it chose must be nowhere beside it: no table keeps a row per anonymous
// ballot, the counts' table has no household and no time, the voters'
// table has no choice and no time, the replies to the voters are the same
// text whatever they chose, and neither the log nor the export names a
// choice beside a household.
func TestAnonymousVoteAudit(t *testing.T) {
	w := newSuggestionWorld(t, "a-long-enough-test-secret-0123456789")
	ctx := context.Background()
	qian := bot.User{Platform: bot.Telegram, ID: "424243", Name: "钱阿姨"}
	sun := bot.User{Platform: bot.Telegram, ID: "424244", Name: "孙叔叔"}
	for i, u := range []bot.User{qian, sun} {
		r, err := w.a.store.TouchResident(ctx, u.Platform, u.ID, u.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.store.Register(ctx, r.ID, "8号楼", fmt.Sprint(302+i), true); err != nil {
			t.Fatal(err)
		}
	}
	options := []string{"邻里一家亲", "和睦楼", "向阳楼"}
	w.say(w.admin, w.private(w.admin), "发起投票 楼组起名\n"+strings.Join(options, "\n")+"\n截止 明天 18:00\n范围 8号楼\n匿名")
	zhao := w.author
	group := w.say(zhao, w.group, "投票 1 1")
	if len(group) != 1 || !strings.Contains(group[0].r.Text, "在群里投不算数") {
		t.Fatalf("a ballot in the group: %+v", group)
	}
	replies := map[string]string{}
	for i, u := range []bot.User{zhao, qian, sun} {
		w.now = w.now.Add(time.Minute)
		got := w.say(u, w.private(u), fmt.Sprintf("投票 1 %d", i+1))
		if len(got) != 1 {
			t.Fatalf("%s's ballot: %+v", u.Name, got)
		}
		replies[u.Name] = got[0].r.Text
	}
	again := w.say(qian, w.private(qian), "投票 1 1")
	if len(again) != 1 || !strings.Contains(again[0].r.Text, "已经投过") {
		t.Errorf("a second anonymous ballot: %+v", again)
	}
	var texts []string
	for name, r := range replies {
		for _, room := range []string{"8号楼301", "8号楼302", "8号楼303"} {
			r = strings.ReplaceAll(r, room, "")
		}
		texts = append(texts, r)
		for _, o := range options {
			if strings.Contains(r, o) {
				t.Errorf("the reply to %s names an option: %s", name, r)
			}
		}
	}
	if len(texts) != 3 || texts[0] != texts[1] || texts[1] != texts[2] {
		t.Errorf("the replies to the voters differ by what they chose: %q", texts)
	}
	w.now = w.now.Add(48 * time.Hour)
	if err := w.a.handlers.PushVoteResults(ctx, w.now); err != nil {
		t.Fatal(err)
	}
	if err := w.a.outbox.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	auditVoteTables(t, auditDump(t, w.dbPath), options)
	auditVoteExport(t, w, options)
	for _, line := range strings.Split(w.logs.String(), "\n") {
		for _, s := range append([]string{"投票 1 1", "投票 1 2", "投票 1 3", "choice"}, options...) {
			if strings.Contains(line, s) {
				t.Errorf("the debug log holds %q: %s", s, line)
			}
		}
	}
}

// auditVoteTables: every table is classified; the anonymous vote has no
// ballot rows, voters without choice or time, counts without household or
// time, and no kept message to a voter's private chat names an option.
func auditVoteTables(t *testing.T, tables map[string][]map[string]string, options []string) {
	t.Helper()
	for table := range tables {
		if _, ok := auditTables[table]; !ok {
			t.Errorf("table %s is not classified by the anonymity audit", table)
		}
	}
	if n := len(tables["vote_ballots"]); n != 0 {
		t.Errorf("an anonymous vote left %d ballot rows: %v", n, tables["vote_ballots"])
	}
	for table, want := range map[string][]string{"vote_voters": {"household_id", "vote_id"}, "vote_tallies": {"choice", "count", "vote_id"}} {
		if len(tables[table]) == 0 {
			t.Errorf("%s is empty", table)
		}
		for _, row := range tables[table] {
			var cols []string
			for c := range row {
				cols = append(cols, c)
			}
			sort.Strings(cols)
			if !slices.Equal(cols, want) {
				t.Errorf("%s has columns %v, want only %v", table, cols, want)
			}
		}
	}
	counts := map[string]string{}
	for _, row := range tables["vote_tallies"] {
		counts[row["choice"]] = row["count"]
	}
	if counts["1"] != "1" || counts["2"] != "1" || counts["3"] != "1" {
		t.Errorf("counts %v, want one each", counts)
	}
	for _, row := range tables["outbox_messages"] {
		if strings.HasPrefix(row["chat_id"], "-") {
			continue // the groups read the announcement and the results
		}
		for _, o := range options {
			if strings.Contains(row["text"], o) && !strings.Contains(row["text"], "【投票结果") {
				t.Errorf("a private message names option %q: %v", o, row)
			}
		}
	}
}

// auditVoteExport: the export names no household for an anonymous vote,
// and hides its counts before the deadline.
func auditVoteExport(t *testing.T, w *suggestionWorld, options []string) {
	t.Helper()
	for _, now := range []time.Time{w.now.Add(-48 * time.Hour), w.now} {
		table, err := handlers.ExportVotes(context.Background(), w.a.store, handlers.ExportQuery{Location: w.cfg.Location, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if len(table.Rows) != len(options) {
			t.Fatalf("export rows %v", table.Rows)
		}
		for _, r := range table.Rows {
			if hh := r[len(r)-1]; hh != "" {
				t.Errorf("the export names households for an anonymous vote: %v", r)
			}
			if count := r[8]; (count == "") != now.Before(w.now) {
				t.Errorf("export at %s: count %q", now, count)
			}
		}
	}
}
