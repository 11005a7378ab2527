package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// buildingRe is a building as a deployer writes it: 8, 8号楼, 8栋, 8幢.
var buildingRe = regexp.MustCompile(`^(\d{1,3})(号楼|栋|幢|号)?$`)

// validateBuildings writes every building as the reader does (8号楼), so a
// list typed 8, 8栋 matches what residents type, and refuses anything
// else, naming it.
func (c *Config) validateBuildings(bad badFunc) {
	seen := map[string]bool{}
	for i, b := range c.Buildings {
		m := buildingRe.FindStringSubmatch(strings.TrimSpace(b))
		n := 0
		if m != nil {
			n, _ = strconv.Atoi(m[1])
		}
		if n < 1 {
			bad(fmt.Sprintf("buildings[%d]", i), "%q is not a building: write 8 or 8号楼", b)
			continue
		}
		name := fmt.Sprintf("%d号楼", n)
		if seen[name] {
			bad(fmt.Sprintf("buildings[%d]", i), "%s is listed twice", name)
		}
		seen[name] = true
		c.Buildings[i] = name
	}
}
