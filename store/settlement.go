package store

import (
	"cmp"
	"context"
	"slices"
	"strconv"
)

// SettlementLine is one line of a canteen settlement: portions, what was
// paid, what they cost at the standard price (标准价), and so the subsidy
// the street office owes the canteen for them (Standard - Paid).
type SettlementLine struct {
	Building   string // "" over every building, or for people with no household
	Room       string
	Name       string // a person's line only
	ResidentID uint
	Tier       string // "" for a line over every tier
	Portions   int
	Paid       int64 // fen
	Standard   int64 // fen: the same portions at each menu's 标准价
}

// Subsidy is the difference the subsidy covers, in fen.
func (l SettlementLine) Subsidy() int64 { return l.Standard - l.Paid }

func (l *SettlementLine) sum(p SettlementLine) {
	l.Portions += p.Portions
	l.Paid += p.Paid
	l.Standard += p.Standard
}

// Settlement is a period's canteen settlement as the street office asks
// for it (月报): by price tier, by building and tier, and per verified
// elder or worker; booked orders only, since cancelled ones are not paid.
type Settlement struct {
	Tiers     []SettlementLine // one a tier, standard first
	Buildings []SettlementLine // one a building and tier, by building
	People    []SettlementLine // one a person and tier other than standard, by building and room
	Total     SettlementLine
}

// Settlements sums a period's settlement in the database, where a month of
// a large community (a hundred thousand orders) is summed in milliseconds
// rather than read row by row.
type Settlements interface {
	// Settlement is Settle over the booked orders of the menus dated
	// from..to (YYYY-MM-DD, inclusive).
	Settlement(ctx context.Context, from, to string) (Settlement, error)
}

// Settle sums orders into a settlement. It is a pure function of the
// orders, so that the panel, the spreadsheet and the pushed summary agree.
func Settle(orders []OrderLine) Settlement {
	var parts []SettlementLine
	for _, o := range orders {
		if o.Status != OrderBooked {
			continue
		}
		p := SettlementLine{Building: o.Building, Tier: o.Tier, Portions: o.Quantity, Paid: o.Total(),
			Standard: int64(o.Quantity) * o.StandardPrice}
		if o.Tier != TierStandard {
			p.Room, p.Name, p.ResidentID = o.Room, o.Name, o.ResidentID
		}
		parts = append(parts, p)
	}
	return SettleParts(parts)
}

// SettleParts sums parts of a settlement, each a building, a tier and, for
// a tier other than standard, a person (ResidentID non-zero): the orders
// themselves, or sums of them a database made.
func SettleParts(parts []SettlementLine) Settlement {
	var s Settlement
	tiers, buildings, people := newLines(), newLines(), newLines()
	for _, p := range parts {
		s.Total.sum(p)
		tiers.at(p.Tier, SettlementLine{Tier: p.Tier}).sum(p)
		buildings.at(p.Building+"\x00"+p.Tier, SettlementLine{Building: p.Building, Tier: p.Tier}).sum(p)
		if p.Tier != TierStandard && p.ResidentID != 0 {
			key := strconv.FormatUint(uint64(p.ResidentID), 10) + "\x00" + p.Tier
			people.at(key, SettlementLine{Building: p.Building, Room: p.Room, Name: p.Name, ResidentID: p.ResidentID, Tier: p.Tier}).sum(p)
		}
	}
	byTier := func(a, b SettlementLine) int { return cmp.Compare(tierRank(a.Tier), tierRank(b.Tier)) }
	s.Tiers = slices.SortedStableFunc(slices.Values(tiers.list()), byTier)
	s.Buildings = slices.SortedStableFunc(slices.Values(buildings.list()), func(a, b SettlementLine) int {
		return cmp.Or(placeCompare(a.Building, b.Building), byTier(a, b))
	})
	s.People = slices.SortedStableFunc(slices.Values(people.list()), func(a, b SettlementLine) int {
		return cmp.Or(placeCompare(a.Building, b.Building), NaturalCompare(a.Room, b.Room), cmp.Compare(a.Name, b.Name), byTier(a, b))
	})
	return s
}

// lines sums settlement lines by key, remembering the order keys came in.
type lines struct {
	byKey map[string]*SettlementLine
	order []*SettlementLine
}

func newLines() *lines { return &lines{byKey: map[string]*SettlementLine{}} }

func (ls *lines) at(key string, fresh SettlementLine) *SettlementLine {
	if l, ok := ls.byKey[key]; ok {
		return l
	}
	l := &fresh
	ls.byKey[key] = l
	ls.order = append(ls.order, l)
	return l
}

func (ls *lines) list() []SettlementLine {
	out := make([]SettlementLine, len(ls.order))
	for i, l := range ls.order {
		out[i] = *l
	}
	return out
}

func tierRank(tier string) int {
	switch tier {
	case TierStandard:
		return 0
	case TierElder:
		return 1
	case TierWorker:
		return 2
	}
	return 3
}

// placeCompare orders buildings by number (8号楼 before 10号楼), people
// with no household last.
func placeCompare(a, b string) int {
	if (a == "") != (b == "") {
		if a == "" {
			return 1
		}
		return -1
	}
	return NaturalCompare(a, b)
}

// NaturalCompare orders "8号楼" before "10号楼" and "502" before "1201": by
// the leading number first, then as text.
func NaturalCompare(a, b string) int {
	na, ra := leadingNumber(a)
	nb, rb := leadingNumber(b)
	return cmp.Or(cmp.Compare(na, nb), cmp.Compare(ra, rb))
}

// NaturalKey is what NaturalCompare compares s by, in order: its leading
// number (-1 when there is none) and the rest. A long list is sorted
// faster by keys worked out once per item than by NaturalCompare's parsing
// at every comparison.
func NaturalKey(s string) (int, string) { return leadingNumber(s) }

func leadingNumber(s string) (int, string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, err := strconv.Atoi(s[:i])
	if err != nil {
		return -1, s
	}
	return n, s[i:]
}
