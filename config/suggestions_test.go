package config_test

import (
	"strings"
	"testing"

	"linli/config"
	"linli/scheduler"
)

func TestSuggestionsSettings(t *testing.T) {
	cfg, err := config.Parse([]byte("console: {enabled: true}\n"), scheduler.Validate)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Suggest.PerHour != 5 || cfg.Suggest.Secret != "" {
		t.Errorf("defaults = %+v; want 5 an hour and no secret (anonymous off)", cfg.Suggest)
	}
	t.Setenv("LINLI_TEST_SECRET", strings.Repeat("k", 32))
	cfg, err = config.Parse([]byte("console: {enabled: true}\nsuggestions:\n  per_hour: 2\n  secret: ${LINLI_TEST_SECRET}\n"), scheduler.Validate)
	if err != nil || cfg.Suggest.PerHour != 2 || len(cfg.Suggest.Secret) != 32 {
		t.Errorf("set = %+v, %v", cfg.Suggest, err)
	}
	for yaml, key := range map[string]string{
		"suggestions:\n  per_hour: 0\n":         "suggestions.per_hour",
		"suggestions:\n  secret: short\n":       "suggestions.secret",
		"suggestions:\n  per_hours: 3\n":        "unknown key suggestions.per_hours",
		"suggestions:\n  secret: \"1234567\"\n": "at least 16",
	} {
		_, err := config.Parse([]byte("console: {enabled: true}\n"+yaml), scheduler.Validate)
		if err == nil || !strings.Contains(err.Error(), key) {
			t.Errorf("%q: err = %v, want it to name %s", yaml, err, key)
		}
	}
}
