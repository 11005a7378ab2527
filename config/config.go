// Package config reads Linli's YAML file: every key known, ${ENV} references
// expanded, and every mistake reported at start with the key that holds it,
// before anything connects.
package config

import (
	"errors"
	"fmt"
	"math"
	"net"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the whole file. Field tags name the keys of config.example.yaml.
type Config struct {
	Community string      `yaml:"community"`
	Timezone  string      `yaml:"timezone"`
	Database  Database    `yaml:"database"`
	Redis     Redis       `yaml:"redis"`
	Telegram  Telegram    `yaml:"telegram"`
	WeChat    WeChat      `yaml:"wechat"`
	Console   Console     `yaml:"console"`
	Admins    []string    `yaml:"admins"`
	Canteen   Canteen     `yaml:"canteen"`
	House     Households  `yaml:"households"`
	Schedule  Schedule    `yaml:"schedule"`
	Events    Events      `yaml:"events"`
	Suggest   Suggestions `yaml:"suggestions"`
	Log       Log         `yaml:"log"`
	Metrics   Metrics     `yaml:"metrics"`

	// Location is Timezone, loaded by Load.
	Location *time.Location `yaml:"-"`
}

// Metrics serves /healthz and Prometheus /metrics on Addr; empty: off.
// Addr must be a loopback address (127.0.0.1:9464, [::1]:9464,
// localhost:9464) unless AllowPublic: the figures name no one, but a
// health endpoint open to the internet invites probing.
type Metrics struct {
	Addr        string `yaml:"addr"`
	AllowPublic bool   `yaml:"allow_public"`
}

// Database says where the community's data lives.
type Database struct {
	Driver string `yaml:"driver"`
	DSN    string `yaml:"dsn"`
}

// Redis coordinates several replicas; an empty Addr means one process.
type Redis struct {
	Addr string `yaml:"addr"`
	// Failover is how soon, as a duration such as "15s", another replica
	// takes over polling after the leader dies.
	Failover string `yaml:"failover"`

	// FailoverAfter is Failover, parsed by Validate.
	FailoverAfter time.Duration `yaml:"-"`
}

// Telegram is the Telegram bot's account and Bot API server.
type Telegram struct {
	Enabled   bool   `yaml:"enabled"`
	Token     string `yaml:"token"`
	APIServer string `yaml:"api_server"`
	// WebhookURL switches from long polling to a webhook Telegram posts
	// updates to; Listen is the local address serving it, Secret the token
	// Telegram must send with each update.
	WebhookURL string `yaml:"webhook_url"`
	Listen     string `yaml:"listen"`
	Secret     string `yaml:"secret"`
	// Sending limits the outbox keeps (Telegram's documented ones).
	PerChatInterval time.Duration `yaml:"per_chat_interval"`
	GroupPerMinute  int           `yaml:"group_per_minute"`
	PerSecond       int           `yaml:"per_second"`
}

// WeChat is the personal WeChat account's session storage and how fast it
// may send: WeChat restricts accounts that send like machines.
type WeChat struct {
	Enabled bool   `yaml:"enabled"`
	Storage string `yaml:"storage"`
	// MinGap is the least time between any two messages, Jitter a random
	// extra wait up to this long.
	MinGap time.Duration `yaml:"min_gap"`
	Jitter time.Duration `yaml:"jitter"`
	// PerMinute caps messages a minute across all chats.
	PerMinute int `yaml:"per_minute"`
	// PerChat is the least time between two messages to one chat.
	PerChat time.Duration `yaml:"per_chat"`
}

// Console runs the terminal simulator beside the real platforms.
type Console struct {
	Enabled bool `yaml:"enabled"`
}

// Canteen holds the community canteen's defaults.
type Canteen struct {
	Managers []string `yaml:"managers"`
	// Cutoffs per meal, "HH:MM" on the meal's day; an empty one means the
	// meal is not served.
	Cutoffs map[string]string `yaml:"cutoffs"`
	// Price, ElderPrice and WorkerPrice are a portion's default prices in
	// yuan (标准价, 助老价 for verified elders, 爱心餐 for registered
	// workers); a menu may set its own. 爱心餐 is the workers' lunch price:
	// other meals offer it only when their menu sets 爱心餐.
	Price       float64 `yaml:"price"`
	ElderPrice  float64 `yaml:"elder_price"`
	WorkerPrice float64 `yaml:"worker_price"`
	// Capacity is the default portions a meal may take; 0 means no limit.
	Capacity int `yaml:"capacity"`
	// Contact is who residents call once booking has closed (name, phone).
	Contact string `yaml:"contact"`
	// Groups are the groups (titles or platform:id) menus are pushed to;
	// empty means every bound group.
	Groups []string `yaml:"groups"`
}

// Fen converts a configured price in yuan to fen, the unit money is kept in.
func Fen(yuan float64) int64 { return int64(math.Round(yuan * 100)) }

// Households says whether a building head confirms new households.
type Households struct {
	Confirm bool `yaml:"confirm"`
}

// Events holds the rules of activity sign-ups.
type Events struct {
	// NoPromotionWithin ("2h") is how long before an activity's start the
	// waitlist stops moving: a seat freed that late is not offered to
	// someone who may no longer be able to come.
	NoPromotionWithin string `yaml:"no_promotion_within"`
}

// PromotionWindow is NoPromotionWithin parsed; Validate has checked it.
func (e Events) PromotionWindow() time.Duration {
	d, _ := time.ParseDuration(e.NoPromotionWithin)
	return d
}

// Suggestions limits how often one person may file, and holds the secret
// anonymous suggestions are keyed with. An empty Secret turns anonymous
// suggestions off (they are refused with a kind reply) rather than keeping
// their authors under a key anyone could know.
type Suggestions struct {
	PerHour int    `yaml:"per_hour"`
	Secret  string `yaml:"secret"`
}

// MinSecretLen is the shortest suggestions.secret accepted: whoever holds
// the database could otherwise guess a short one and unmask every author.
const MinSecretLen = 16

// Schedule holds the cron specs of the scheduled pushes, in the community's
// time zone.
type Schedule struct {
	MenuToday    string `yaml:"menu_today"`
	MenuTomorrow string `yaml:"menu_tomorrow"`
	EventEvening string `yaml:"event_evening"`
	Digest       string `yaml:"digest"`
	Tick         string `yaml:"tick"`
}

// Log sets how much is logged and in which form (text or json).
type Log struct {
	Level  string `yaml:"level"`
	Format string `yaml:"format"`
}

// Default is the configuration used where the file is silent.
func Default() Config {
	return Config{
		Community: "邻里社区",
		Timezone:  "Asia/Shanghai",
		Database:  Database{Driver: "sqlite", DSN: "linli.db"},
		Redis:     Redis{Failover: "15s"},
		Telegram: Telegram{APIServer: "https://api.telegram.org",
			PerChatInterval: time.Second, GroupPerMinute: 20, PerSecond: 30},
		WeChat: WeChat{Storage: "wechat-session.json",
			MinGap: 3 * time.Second, Jitter: 2 * time.Second, PerMinute: 15, PerChat: 3 * time.Second},
		Suggest: Suggestions{PerHour: 5},
		Canteen: Canteen{Cutoffs: map[string]string{"breakfast": "", "lunch": "09:30", "dinner": "15:30"},
			Price: 15, ElderPrice: 12, WorkerPrice: 9.9},
		Schedule: Schedule{
			MenuToday:    "30 7 * * *",
			MenuTomorrow: "0 16 * * *",
			EventEvening: "0 19 * * *",
			Digest:       "0 9 * * 1",
			Tick:         "* * * * *",
		},
		Events: Events{NoPromotionWithin: "2h"},
		Log:    Log{Level: "info", Format: "text"},
	}
}

// Load reads, expands and validates a configuration file. checkSpec
// validates a cron spec (the scheduler's parser), so a bad one is found here.
func Load(path string, checkSpec func(string) error) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return Parse(data, checkSpec)
}

// Parse is Load for a file already read.
func Parse(data []byte, checkSpec func(string) error) (Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return Config{}, fmt.Errorf("config: not valid YAML: %w", err)
	}
	cfg := Default()
	if len(root.Content) > 0 {
		doc := root.Content[0]
		if err := checkKeys(doc, reflect.TypeOf(cfg), ""); err != nil {
			return Config{}, err
		}
		if err := expand(doc, ""); err != nil {
			return Config{}, err
		}
		if err := doc.Decode(&cfg); err != nil {
			return Config{}, fmt.Errorf("config: %w", err)
		}
	}
	if err := cfg.Validate(checkSpec); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// checkKeys walks the document beside the Config type and names the first
// key that the type does not have.
func checkKeys(n *yaml.Node, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i].Value, n.Content[i+1]
		full := join(path, key)
		f, ok := fieldByTag(t, key)
		if !ok {
			return fmt.Errorf("config: unknown key %s (line %d); known keys here: %s",
				full, n.Content[i].Line, strings.Join(tags(t), ", "))
		}
		if err := checkKeys(val, f.Type, full); err != nil {
			return err
		}
	}
	return nil
}

func fieldByTag(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name == key && name != "-" {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func tags(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// expand replaces ${NAME} in every scalar value with the environment
// variable's value, so a token need not be written in the file. A reference
// to a variable that is not set is an error naming the key.
func expand(n *yaml.Node, path string) error {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if err := expand(n.Content[i+1], join(path, n.Content[i].Value)); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if err := expand(c, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	case yaml.ScalarNode:
		var missing []string
		n.Value = envRef.ReplaceAllStringFunc(n.Value, func(ref string) string {
			name := envRef.FindStringSubmatch(ref)[1]
			v, ok := os.LookupEnv(name)
			if !ok {
				missing = append(missing, name)
			}
			return v
		})
		if len(missing) > 0 {
			return fmt.Errorf("config: %s refers to environment variable %s, which is not set", path, missing[0])
		}
	}
	return nil
}

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
	if c.WeChat.Enabled && c.WeChat.Storage == "" {
		bad("wechat.storage", "is required when wechat.enabled is true (a file for the login session)")
	}
	if c.WeChat.MinGap < 0 || c.WeChat.Jitter < 0 || c.WeChat.PerChat < 0 || c.WeChat.PerMinute < 0 {
		bad("wechat", "min_gap, jitter, per_chat and per_minute cannot be negative")
	}
	if !c.Telegram.Enabled && !c.WeChat.Enabled && !c.Console.Enabled {
		bad("console.enabled", "no platform is enabled: turn on telegram, wechat or console")
	}
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
	for meal, at := range c.Canteen.Cutoffs {
		if !slices.Contains([]string{"breakfast", "lunch", "dinner"}, meal) {
			bad("canteen.cutoffs."+meal, "unknown meal (use breakfast, lunch or dinner)")
		} else if at != "" && !validClock(at) {
			bad("canteen.cutoffs."+meal, "%q is not a time of day such as 09:30", at)
		}
	}
	if d, err := time.ParseDuration(c.Events.NoPromotionWithin); err != nil || d < 0 {
		bad("events.no_promotion_within", "%q is not a duration such as 2h or 90m", c.Events.NoPromotionWithin)
	}
	if c.Suggest.PerHour < 1 {
		bad("suggestions.per_hour", "%d: use how many suggestions one person may file an hour, such as 5", c.Suggest.PerHour)
	}
	if n := len(c.Suggest.Secret); n > 0 && n < MinSecretLen {
		bad("suggestions.secret", "is %d characters; use at least %d random ones (openssl rand -hex 32), or leave it empty to turn anonymous suggestions off", n, MinSecretLen)
	}
	for key, p := range map[string]float64{"price": c.Canteen.Price, "elder_price": c.Canteen.ElderPrice, "worker_price": c.Canteen.WorkerPrice} {
		if p < 0 || p > 10000 || math.Abs(p*100-math.Round(p*100)) > 1e-6 {
			bad("canteen."+key, "%v is not a price in yuan such as 12 or 9.9", p)
		}
	}
	if c.Canteen.Capacity < 0 {
		bad("canteen.capacity", "%d: use 0 for no limit, or the portions a meal may take", c.Canteen.Capacity)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		bad("log.format", "%q: use text or json", c.Log.Format)
	}
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

// ServedCutoffs are the cut-offs of the meals the canteen serves.
func (c *Config) ServedCutoffs() map[string]string {
	m := map[string]string{}
	for meal, at := range c.Canteen.Cutoffs {
		if at != "" {
			m[meal] = at
		}
	}
	return m
}
