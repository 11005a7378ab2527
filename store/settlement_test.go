package store_test

import (
	"testing"

	"linli/store"
)

func TestSettleByTierBuildingAndPerson(t *testing.T) {
	o := func(id uint, name, building, room, tier string, qty int, unit int64, status string) store.OrderLine {
		return store.OrderLine{ResidentID: id, Name: name, Building: building, Room: room, Tier: tier, Quantity: qty,
			UnitPrice: unit, StandardPrice: 1500, Status: status}
	}
	s := store.Settle([]store.OrderLine{
		o(1, "张阿姨", "8号楼", "502", store.TierElder, 2, 1200, store.OrderBooked),
		o(2, "小刘", "", "", store.TierWorker, 1, 990, store.OrderBooked),
		o(3, "李叔", "10号楼", "301", store.TierStandard, 3, 1500, store.OrderBooked),
		o(1, "张阿姨", "8号楼", "502", store.TierElder, 1, 1200, store.OrderBooked),
		o(4, "赵伯伯", "10号楼", "1201", store.TierElder, 1, 1200, store.OrderCancelled),
		o(5, "钱奶奶", "10号楼", "101", store.TierElder, 1, 1200, store.OrderBooked),
	})
	if s.Total.Portions != 8 || s.Total.Paid != 3*1200+990+3*1500+1200 || s.Total.Standard != 8*1500 {
		t.Errorf("total = %+v", s.Total)
	}
	if s.Total.Subsidy() != 8*1500-(4*1200+990+3*1500) {
		t.Errorf("subsidy = %d", s.Total.Subsidy())
	}
	var tiers []string
	for _, l := range s.Tiers {
		tiers = append(tiers, l.Tier)
	}
	if len(tiers) != 3 || tiers[0] != store.TierStandard || tiers[1] != store.TierElder || tiers[2] != store.TierWorker {
		t.Errorf("tiers in order %v", tiers)
	}
	if e := s.Tiers[1]; e.Portions != 4 || e.Subsidy() != 4*300 {
		t.Errorf("elder tier = %+v", e)
	}
	// Buildings by number, the unregistered last; the cancelled order nowhere.
	var places []string
	for _, l := range s.Buildings {
		places = append(places, l.Building+"/"+l.Tier)
	}
	want := []string{"8号楼/elder", "10号楼/standard", "10号楼/elder", "/worker"}
	if len(places) != len(want) {
		t.Fatalf("buildings %v, want %v", places, want)
	}
	for i := range want {
		if places[i] != want[i] {
			t.Fatalf("buildings %v, want %v", places, want)
		}
	}
	// People: the verified elders and workers only, one line each.
	if len(s.People) != 3 || s.People[0].Name != "张阿姨" || s.People[0].Portions != 3 || s.People[0].Subsidy() != 900 ||
		s.People[1].Name != "钱奶奶" || s.People[2].Name != "小刘" || s.People[2].Subsidy() != 510 {
		t.Errorf("people = %+v", s.People)
	}
}
