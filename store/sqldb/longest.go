package sqldb

import (
	"context"
	"fmt"
	"strings"
)

// Longest is the longest text stored in one column, in characters.
type Longest struct {
	Table, Column string
	Chars         int
}

// LongestText finds the longest text value in every text column of every
// table but those skipped, so a fuzz test can check that no input grows the
// database without bound. It reads whole tables: for tests, not for serving.
func (s *Store) LongestText(ctx context.Context, skip ...string) (Longest, error) {
	var tables []string
	db := s.db.WithContext(ctx)
	if err := db.Raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").Scan(&tables).Error; err != nil {
		return Longest{}, err
	}
	var top Longest
	for _, t := range tables {
		if contains(skip, t) {
			continue
		}
		var cols []struct {
			Name string
			Type string
		}
		if err := db.Raw(fmt.Sprintf("SELECT name, type FROM pragma_table_info('%s')", t)).Scan(&cols).Error; err != nil {
			return top, err
		}
		for _, c := range cols {
			if !strings.EqualFold(c.Type, "text") {
				continue
			}
			var n *int
			q := fmt.Sprintf(`SELECT MAX(LENGTH("%s")) FROM "%s"`, c.Name, t)
			if err := db.Raw(q).Scan(&n).Error; err != nil {
				return top, err
			}
			if n != nil && *n > top.Chars {
				top = Longest{Table: t, Column: c.Name, Chars: *n}
			}
		}
	}
	return top, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
