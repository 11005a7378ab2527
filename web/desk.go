package web

import (
	"context"
	"slices"
	"time"

	"linli/bot"
	"linli/store"
)

// deskStore is what the 状态, 图表, 投票, 收到情况 and 众筹 pages read: narrow
// store interfaces and methods, all of them reads.
type deskStore interface {
	store.Status
	store.Charts
	LastRun(ctx context.Context, job string) (time.Time, error)
	VotesBetween(ctx context.Context, from, to time.Time) ([]store.Vote, error)
	Tally(ctx context.Context, id uint) (store.Tally, error)
	NamedBallots(ctx context.Context, id uint) ([]store.NamedBallot, error)
	AsksSince(ctx context.Context, since time.Time) ([]store.Ask, error)
	ReceiptsByBuilding(ctx context.Context, askID uint) ([]store.BuildingReceipts, error)
	Unreceived(ctx context.Context, askID uint) ([]store.HouseholdAccounts, error)
	FundsBetween(ctx context.Context, from, to time.Time) ([]store.Fund, error)
	FundEntries(ctx context.Context, id uint) ([]store.FundEntry, error)
}

// desk may see the charts: the staff, and the canteen's managers for its
// figures; nothing on them names a person.
func desk(c bot.Caller) bool { return staff(c) || canteen(c) }

// Desk tells the templates whether to link the charts.
func (v *viewer) Desk() bool { return desk(v.caller()) }

// scope is what a viewer may see of something meant for some buildings:
// all of it for an admin; for a building head, whether it reaches one of
// their buildings (AllBuildings reaches every one) and which of its
// buildings are theirs.
type scope struct {
	admin bool
	mine  []string
}

func scopeOf(v *viewer) scope {
	c := v.caller()
	return scope{admin: c.IsAdmin(), mine: c.Buildings()}
}

// reaches reports whether something for buildings concerns the viewer.
func (sc scope) reaches(buildings []string) bool {
	if sc.admin {
		return true
	}
	for _, b := range buildings {
		if b == store.AllBuildings || slices.Contains(sc.mine, b) {
			return true
		}
	}
	return false
}

// sees reports whether the viewer may see the households of building.
func (sc scope) sees(building string) bool {
	return sc.admin || slices.Contains(sc.mine, building)
}

// scopeName is how a scope is called: 全体 for the whole community.
func scopeName(buildings []string) string {
	if slices.Contains(buildings, store.AllBuildings) || len(buildings) == 0 {
		return "全体"
	}
	out := ""
	for i, b := range buildings {
		if i > 0 {
			out += "、"
		}
		out += b
	}
	return out
}
