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
	// A random secret, as openssl rand -hex 16 makes one (it was 32 k's,
	// which is now refused as too easy to guess).
	t.Setenv("LINLI_TEST_SECRET", "3d0c8e5f9b2a71e46c58d2f0a9b7e613")
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

// TestWeakSecretsRefused: whoever holds the database can try every secret a
// person would type in a hurry and unmask the anonymous authors, so a short
// one (counted in characters, not bytes) or a trivially guessable one is
// refused at start, naming the key and saying how to make a good one.
func TestWeakSecretsRefused(t *testing.T) {
	for _, weak := range []string{
		"邻里小区匿名建议密钥",                 // 10 characters, though 30 bytes
		strings.Repeat("k", 32),      // one character repeated
		strings.Repeat("一", 20),      // in any script
		"1234567890123456",           // an ascending run
		"0123456789abcdef",           // the hex digits in order
		"abcdefghijklmnopqrstuvwxyz", // the alphabet
		"ZYXWVUTSRQPONMLKJIHGFEDCBA", // a descending one
		"9876543210987654",           // and with digits
		"abcabcabcabcabca",           // a short pattern repeated
		"passwordpassword",           // a word twice
		"aaaaaaaaaaaaaaab",           // all but one character the same
	} {
		_, err := config.Parse([]byte("console: {enabled: true}\nsuggestions:\n  secret: \""+weak+"\"\n"), scheduler.Validate)
		if err == nil || !strings.Contains(err.Error(), "suggestions.secret") || !strings.Contains(err.Error(), "openssl rand -hex 16") {
			t.Errorf("secret %q: err = %v, want a refusal naming suggestions.secret and saying how to make one", weak, err)
		}
	}
	for _, good := range []string{
		"9f86d081884c7d659a2feaa0c55ad015",     // openssl rand -hex 16
		"K3J7QZ2XH5M4W8P6R9T1V0Y2BN",           // rand.Text(), as the demo makes one
		"楼道的灯坏了三天物业还没来修真着急",                    // a long sentence
		"correct-horse-battery-staple",         // a passphrase
		"a-long-enough-test-secret-0123456789", // the tests' own
	} {
		if _, err := config.Parse([]byte("console: {enabled: true}\nsuggestions:\n  secret: \""+good+"\"\n"), scheduler.Validate); err != nil {
			t.Errorf("secret %q refused: %v", good, err)
		}
	}
}
