package config

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// MinRetention is the shortest retention accepted: records younger than a
// month are still in use (this month's orders, next week's activities,
// open suggestions), and a typo such as "2d" must not anonymise them.
const MinRetention = 30 * 24 * time.Hour

var retentionForm = regexp.MustCompile(`^([0-9]{1,4})([yd])$`)

// ParseRetention reads a retention period written in whole years or days,
// the units a privacy notice uses: "2y" (a year is 365 days) or "730d".
func ParseRetention(s string) (time.Duration, error) {
	m := retentionForm.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q: write years or days, such as 2y or 730d", s)
	}
	n, _ := strconv.Atoi(m[1])
	days := n
	if m[2] == "y" {
		days = n * 365
	}
	d := time.Duration(days) * 24 * time.Hour
	if d < MinRetention {
		return 0, fmt.Errorf("%q is shorter than 30d: records still in use would be anonymised", s)
	}
	return d, nil
}

// RetentionPeriod is Retention parsed; Validate has checked it.
func (c *Config) RetentionPeriod() time.Duration {
	d, _ := ParseRetention(c.Retention)
	return d
}
