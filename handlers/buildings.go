package handlers

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"linli/bot"
	"linli/store"
)

// A building the community does not have (登记 12号楼 301 where there are
// 1–8号楼) is refused with the known ones listed: a typo there would make a
// household nobody can find, and a building head nobody can reach.

// knownBuildings are the community's buildings: the configured list, or
// else the buildings its groups are bound to. None known: nil, and every
// building is accepted (a new community binds its groups later).
func (h *Handlers) knownBuildings(ctx context.Context) ([]string, error) {
	if len(h.cfg.Buildings) > 0 {
		return h.cfg.Buildings, nil
	}
	groups, err := h.chats.Groups(ctx)
	if err != nil {
		return nil, fmt.Errorf("groups: %w", err)
	}
	var out []string
	for _, g := range groups {
		if g.Building != "" && g.Building != store.AllBuildings && !slices.Contains(out, g.Building) {
			out = append(out, g.Building)
		}
	}
	return out, nil
}

// checkBuilding refuses a building the community does not have, listing
// the ones it has and the command written with the first of them.
func (h *Handlers) checkBuilding(ctx context.Context, building string, example func(string) string) error {
	known, err := h.knownBuildings(ctx)
	if err != nil || len(known) == 0 || slices.Contains(known, building) {
		return err
	}
	known = slices.Clone(known)
	slices.SortFunc(known, store.NaturalCompare)
	return bot.Tell("本小区没有%s。小区的楼是：%s\n请这样写：%s", building, buildingRanges(known), example(known[0]))
}

// buildingRanges writes sorted buildings briefly: 1号楼到8号楼、10号楼.
func buildingRanges(bs []string) string {
	var parts []string
	for i := 0; i < len(bs); {
		j := i
		for j+1 < len(bs) && buildingNo(bs[j+1]) == buildingNo(bs[j])+1 && buildingNo(bs[j]) > 0 {
			j++
		}
		switch {
		case j-i >= 2:
			parts = append(parts, bs[i]+"到"+bs[j])
		case j == i+1:
			parts = append(parts, bs[i], bs[j])
		default:
			parts = append(parts, bs[i])
		}
		i = j + 1
	}
	return strings.Join(parts, "、")
}

// buildingNo is 8 for 8号楼, 0 for a name that is not a number.
func buildingNo(b string) int {
	n, err := strconv.Atoi(strings.TrimSuffix(b, "号楼"))
	if err != nil {
		return 0
	}
	return n
}
