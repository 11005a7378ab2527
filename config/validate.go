package config

import (
	"errors"
	"fmt"
	"math"
	"net"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Validate checks values the YAML types cannot: time zone, cron specs,
// accounts, cut-offs, and that each enabled platform has what it needs.
func (c *Config) Validate(checkSpec func(string) error) error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("config: %s: %s", key, fmt.Sprintf(format, args...)))
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil || c.Timezone == "" {
		bad("timezone", "%q is not a time zone (use a name such as Asia/Shanghai)", c.Timezone)
	} else {
		c.Location = loc
	}
	c.validateStorage(bad)
	c.validateBackup(bad)
	c.validatePlatforms(bad)
	c.validatePeople(bad)
	c.validateCanteen(bad)
	c.validateLimits(bad)
	c.validateBuildings(bad)
	if checkSpec != nil {
		v := reflect.ValueOf(c.Schedule)
		for i := range v.NumField() {
			key := "schedule." + strings.Split(v.Type().Field(i).Tag.Get("yaml"), ",")[0]
			if err := checkSpec(v.Field(i).String()); err != nil {
				bad(key, "%v", err)
			}
		}
	}
	return errors.Join(errs...)
}

// badFunc reports one mistake, naming its key.
type badFunc func(key, format string, args ...any)

// validatePlatforms checks the chat platforms and the servers beside them.
func (c *Config) validatePlatforms(bad badFunc) {
	if c.Telegram.Enabled && strings.TrimSpace(c.Telegram.Token) == "" {
		bad("telegram.token", "is required when telegram.enabled is true (write ${TELEGRAM_TOKEN} to read it from the environment)")
	}
	if c.Telegram.Enabled && !strings.HasPrefix(c.Telegram.APIServer, "http://") && !strings.HasPrefix(c.Telegram.APIServer, "https://") {
		bad("telegram.api_server", "%q is not an http(s) address", c.Telegram.APIServer)
	}
	c.validateTelegram(bad)
	if err := c.Metrics.check(); err != nil {
		bad("metrics.addr", "%v", err)
	}
	c.Web.check(bad)
	if c.WeChat.Enabled && c.WeChat.Storage == "" {
		bad("wechat.storage", "is required when wechat.enabled is true (a file for the login session)")
	}
	if c.WeChat.MinGap < 0 || c.WeChat.Jitter < 0 || c.WeChat.PerChat < 0 || c.WeChat.PerMinute < 0 {
		bad("wechat", "min_gap, jitter, per_chat and per_minute cannot be negative")
	}
	if !c.Telegram.Enabled && !c.WeChat.Enabled && !c.Console.Enabled {
		bad("console.enabled", "no platform is enabled: turn on telegram, wechat or console")
	}
	switch strings.ToLower(c.Log.Level) {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "%q: use debug, info, warn or error", c.Log.Level)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		bad("log.format", "%q: use text or json", c.Log.Format)
	}
}

// validatePeople checks the configured accounts and the suggestions' key.
func (c *Config) validatePeople(bad badFunc) {
	checkAccounts := func(key string, accts []string) {
		for i, a := range accts {
			p, u, ok := strings.Cut(a, ":")
			if !ok || u == "" || !slices.Contains([]string{"console", "telegram", "wechat"}, p) {
				bad(fmt.Sprintf("%s[%d]", key, i), "%q should be platform:user, such as telegram:123456 or wechat:小王", a)
			}
		}
	}
	checkAccounts("admins", c.Admins)
	checkAccounts("canteen.managers", c.Canteen.Managers)
	if c.Suggest.PerHour < 1 {
		bad("suggestions.per_hour", "%d: use how many suggestions one person may file an hour, such as 5", c.Suggest.PerHour)
	}
	if c.Suggest.Secret != "" {
		if problem := secretProblem(c.Suggest.Secret); problem != "" {
			bad("suggestions.secret", "%s", problem)
		}
	}
	if _, err := ParseRetention(c.Retention); err != nil {
		bad("retention", "%v", err)
	}
}

// validateCanteen checks cut-offs and prices.
func (c *Config) validateCanteen(bad badFunc) {
	for meal, at := range c.Canteen.Cutoffs {
		if !slices.Contains([]string{"breakfast", "lunch", "dinner"}, meal) {
			bad("canteen.cutoffs."+meal, "unknown meal (use breakfast, lunch or dinner)")
		} else if at != "" && !validClock(at) {
			bad("canteen.cutoffs."+meal, "%q is not a time of day such as 09:30", at)
		}
	}
	for key, p := range map[string]float64{"price": c.Canteen.Price, "elder_price": c.Canteen.ElderPrice, "worker_price": c.Canteen.WorkerPrice} {
		if p < 0 || p > 10000 || math.Abs(p*100-math.Round(p*100)) > 1e-6 {
			bad("canteen."+key, "%v is not a price in yuan such as 12 or 9.9", p)
		}
	}
}

// validateLimits checks the caps and windows of meals and activities.
func (c *Config) validateLimits(bad badFunc) {
	if d, err := time.ParseDuration(c.Events.NoPromotionWithin); err != nil || d < 0 {
		bad("events.no_promotion_within", "%q is not a duration such as 2h or 90m", c.Events.NoPromotionWithin)
	}
	if c.Canteen.MaxPerHousehold < 0 {
		bad("canteen.max_per_household", "%d: use 0 for no cap, or the portions of a limited meal one household may book, such as 5", c.Canteen.MaxPerHousehold)
	}
	if c.Events.MaxPerHousehold < 0 {
		bad("events.max_per_household", "%d: use 0 for no cap, or the people one household may sign up for a limited activity, such as 5", c.Events.MaxPerHousehold)
	}
	if c.Canteen.Capacity < 0 {
		bad("canteen.capacity", "%d: use 0 for no limit, or the portions a meal may take", c.Canteen.Capacity)
	}
}

var webhookSecret = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// validateTelegram checks the webhook settings, which Telegram itself would
// reject only once the bot is running, and the sending limits.
func (c *Config) validateTelegram(bad func(key, format string, args ...any)) {
	t := c.Telegram
	if t.WebhookURL != "" {
		if !strings.HasPrefix(t.WebhookURL, "https://") {
			bad("telegram.webhook_url", "%q must start with https:// (Telegram posts only to https)", t.WebhookURL)
		}
		if _, port, err := net.SplitHostPort(t.Listen); err != nil || port == "" {
			bad("telegram.listen", "%q is not an address to listen on, such as :8443 or 127.0.0.1:8080", t.Listen)
		}
		if !webhookSecret.MatchString(t.Secret) {
			bad("telegram.secret", "is required with a webhook: 1-256 letters, digits, _ or - (write ${TELEGRAM_SECRET} to read it from the environment)")
		}
	}
	if t.PerChatInterval < 0 || t.GroupPerMinute < 0 || t.PerSecond < 0 {
		bad("telegram", "per_chat_interval, group_per_minute and per_second cannot be negative")
	}
}

// validateStorage checks the database and Redis keys.
func (c *Config) validateStorage(bad func(key, format string, args ...any)) {
	switch c.Database.Driver {
	case "sqlite":
		if c.Database.DSN == "" {
			bad("database.dsn", "is empty (give a file path such as linli.db)")
		}
	case "postgres":
		if strings.TrimSpace(c.Database.DSN) == "" {
			bad("database.dsn", "is empty (give a connection string such as postgres://linli:${PGPASSWORD}@db.example/linli)")
		}
	default:
		bad("database.driver", "%q is not supported (use sqlite, or postgres for several replicas)", c.Database.Driver)
	}
	if c.Redis.Addr != "" {
		if host, port, err := net.SplitHostPort(c.Redis.Addr); err != nil || host == "" || port == "" {
			bad("redis.addr", "%q should be host:port, such as 127.0.0.1:6379", c.Redis.Addr)
		}
	}
	d, err := time.ParseDuration(c.Redis.Failover)
	switch {
	case err != nil:
		bad("redis.failover", "%q is not a duration such as 15s", c.Redis.Failover)
	case d < time.Second || d > 10*time.Minute:
		bad("redis.failover", "%s is out of range: use 1s to 10m (15s is usual)", c.Redis.Failover)
	default:
		c.Redis.FailoverAfter = d
	}
}

func validClock(s string) bool {
	t, err := time.Parse("15:04", s)
	return err == nil && t.Format("15:04") == s
}
