package web_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"linli/bot"
	"linli/store"
	"linli/store/sqldb"
)

// seedDesk gives the benchmark's community what the desk pages read: the
// 2,000 accounts registered in 20 buildings, a suggestion a day closed
// after some days, a named and an anonymous vote every household voted
// in, a notice half of them confirmed, a fund of 200 entries and a
// failed run a day. It returns an admin.
func seedDesk(b *testing.B, st *sqldb.Store, until time.Time) store.Resident {
	ctx := context.Background()
	var households []uint
	var people []store.Resident
	for i := 1; i <= 2000; i++ {
		r, err := st.TouchResident(ctx, bot.Console, sqldb.ResidentUserID(i), sqldb.ResidentName(i))
		if err != nil {
			b.Fatal(err)
		}
		hh, err := st.Register(ctx, r.ID, fmt.Sprintf("%d号楼", i%20+1), fmt.Sprintf("%d", 100+i/20), true)
		if err != nil {
			b.Fatal(err)
		}
		households, people = append(households, hh.ID), append(people, r)
	}
	admin, _ := st.TouchResident(ctx, bot.Console, "社区小王", "社区小王")
	st.Grant(ctx, admin.ID, bot.RoleAdmin, "", "")
	for _, anon := range []bool{false, true} {
		v, err := st.CreateVote(ctx, store.Vote{Title: "楼组公约", Options: []string{"赞成", "反对", "弃权"},
			Buildings: []string{store.AllBuildings}, Deadline: until.Add(72 * time.Hour), Anonymous: anon, AuthorName: "社区小王"})
		if err != nil {
			b.Fatal(err)
		}
		for i, hh := range households {
			if _, err := st.CastBallot(ctx, store.Ballot{VoteID: v.ID, HouseholdID: hh, By: people[i].ID, Choice: i%3 + 1, At: until}); err != nil {
				b.Fatal(err)
			}
		}
	}
	a, err := st.AskReceipts(ctx, store.Ask{Text: "明天停水\n请回复收到", Buildings: []string{store.AllBuildings}, AuthorName: "社区小王"})
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < len(households); i += 2 {
		st.Receive(ctx, a.ID, households[i], people[i].ID, until)
	}
	f, _ := st.CreateFund(ctx, store.Fund{Title: "楼道绿植", Building: "1号楼", AuthorName: "社区小王"})
	for i := range 200 {
		kind := []string{store.FundPledge, store.FundReceived, store.FundReceived, store.FundSpent}[i%4]
		st.AddFundEntry(ctx, store.FundEntry{FundID: f.ID, Kind: kind, Fen: 1000, Place: "1号楼101", ByName: "社区小王", At: until})
	}
	clock := st.Now
	for d := range 90 {
		filed := until.AddDate(0, 0, -d)
		st.Now = func() time.Time { return filed }
		sg, err := st.FileSuggestion(ctx, store.Suggestion{Text: "楼道灯坏了", Category: "设施", Building: fmt.Sprintf("%d号楼", d%20+1)},
			store.Author{ResidentID: people[d].ID}, 0)
		if err != nil {
			b.Fatal(err)
		}
		st.Now = func() time.Time { return filed.Add(time.Duration(d%10) * 12 * time.Hour) }
		st.ChangeSuggestion(ctx, sg.ID, store.Change{Kind: store.StatusResolved, From: store.OpenStatuses})
	}
	st.Now = clock
	for d := range 30 {
		st.JobFailed(ctx, store.JobFailure{Job: "backup", Due: until.AddDate(0, 0, -d), At: until.AddDate(0, 0, -d), Error: "disk full"})
	}
	return admin
}

// cpuPerOp reports the process's CPU time per iteration beside the wall
// time: on a shared machine the wall time measures the neighbours too.
func cpuPerOp(b *testing.B) func() {
	var before syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	return func() {
		var after syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &after)
		ns := after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano()
		b.ReportMetric(float64(ns)/float64(b.N), "cpu-ns/op")
	}
}
