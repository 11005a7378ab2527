package handlers

import (
	"context"
	"fmt"
	"strings"
	"time"

	"linli/store"
)

// PushVoteResults sends the results of every vote whose deadline has come
// to the groups in its scope, and to whoever started it. Each vote is
// claimed in the database first (ClaimVoteResults), so replicas and a run
// repeated after a crash push it once; a vote whose deadline passed while
// the bot was down is pushed when it is back, as results stay worth
// knowing. It is a job, run every minute.
func (h *Handlers) PushVoteResults(ctx context.Context, now time.Time) error {
	if h.votes == nil {
		return nil
	}
	due, err := h.votes.DueVotes(ctx, now)
	if err != nil {
		return fmt.Errorf("votes due: %w", err)
	}
	for _, v := range due {
		claimed, err := h.votes.ClaimVoteResults(ctx, v.ID, now)
		if err != nil {
			return fmt.Errorf("claim vote %d: %w", v.ID, err)
		}
		if !claimed {
			continue // another replica has it
		}
		t, err := h.votes.Tally(ctx, v.ID)
		if err != nil {
			return fmt.Errorf("tally vote %d: %w", v.ID, err)
		}
		t.Vote.Deadline = t.Vote.Deadline.In(h.cfg.Location)
		text := resultsText(t, false)
		if _, err := h.broadcast(ctx, h.out, v.Buildings, text); err != nil {
			return err
		}
		if author, err := h.people.ResidentByID(ctx, v.AuthorID); err == nil {
			h.send(ctx, h.out, privateChat(author), text)
		}
	}
	return nil
}

// ExportVotes is `linli export votes`: a row per option of every vote
// created in the period, with its count, and for a named vote the
// households that chose it. An anonymous vote's rows name no household,
// and its counts are left empty before its deadline, as 投票结果 does.
func ExportVotes(ctx context.Context, st store.Votes, q ExportQuery) (Table, error) {
	loc := q.Location
	if loc == nil {
		loc = time.UTC
	}
	t := Table{Header: []string{"vote", "created_at", "title", "scope", "anonymous", "deadline", "choice", "option", "count", "households"}}
	if st == nil { // a store without votes: an empty sheet
		return t, nil
	}
	to := q.To
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1)
	}
	votes, err := st.VotesBetween(ctx, q.From, to)
	if err != nil {
		return Table{}, fmt.Errorf("export votes: %w", err)
	}
	now := q.Now
	if now.IsZero() {
		now = time.Now()
	}
	for _, v := range votes {
		rows, err := voteRows(ctx, st, v, loc, now)
		if err != nil {
			return Table{}, err
		}
		t.Rows = append(t.Rows, rows...)
	}
	return t, nil
}

// voteRows are one vote's rows of the export.
func voteRows(ctx context.Context, vs store.Votes, v store.Vote, loc *time.Location, now time.Time) ([][]string, error) {
	tally, err := vs.Tally(ctx, v.ID)
	if err != nil {
		return nil, fmt.Errorf("export vote %d: %w", v.ID, err)
	}
	who := make([][]string, len(v.Options))
	if !v.Anonymous {
		ballots, err := vs.NamedBallots(ctx, v.ID)
		if err != nil {
			return nil, fmt.Errorf("export vote %d: %w", v.ID, err)
		}
		for _, b := range ballots {
			if b.Choice >= 1 && b.Choice <= len(who) {
				who[b.Choice-1] = append(who[b.Choice-1], b.Building+b.Room)
			}
		}
	}
	anon, hidden := "否", v.Anonymous && now.Before(v.Deadline)
	if v.Anonymous {
		anon = "是"
	}
	var rows [][]string
	for i, o := range v.Options {
		count := fmt.Sprint(tally.Counts[i])
		if hidden {
			count = ""
		}
		rows = append(rows, []string{fmt.Sprintf("V%d", v.ID), v.CreatedAt.In(loc).Format("2006-01-02"), v.Title,
			scopeName(v.Buildings), anon, v.Deadline.In(loc).Format("2006-01-02 15:04"), fmt.Sprint(i + 1), o, count,
			strings.Join(who[i], " ")})
	}
	return rows, nil
}
