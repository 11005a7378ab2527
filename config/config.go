// Package config reads Linli's YAML file: every key known, ${ENV} references
// expanded, and every mistake reported at start with the key that holds it,
// before anything connects.
package config

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"time"

	"go.yaml.in/yaml/v3"
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
	Backup    Backup      `yaml:"backup"`
	Web       Web         `yaml:"web"`
	Groups    Groups      `yaml:"groups"`
	// Buildings are the community's buildings (8号楼, or 8): a registration
	// for any other is refused with these listed. Empty: the buildings
	// bound to groups are the known ones.
	Buildings []string `yaml:"buildings"`
	// Retention is how long records keep who they are about ("2y",
	// "730d"); older ones are anonymised by a nightly job.
	Retention string `yaml:"retention"`

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
	// Files is the directory the console writes spreadsheets asked for in
	// the chat (导出订餐) into, each run in a private directory of its own;
	// empty: the system's temporary directory.
	Files string `yaml:"files"`
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
	// MaxPerHousehold caps the portions of a limited meal (限量) one
	// household may hold across all its accounts, so that a family with
	// several phones cannot take what others would have had; 0: no cap.
	MaxPerHousehold int `yaml:"max_per_household"`
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
	// MaxPerHousehold caps the people one household may sign up, confirmed
	// or waiting, for an activity with limited seats; 0: no cap.
	MaxPerHousehold int `yaml:"max_per_household"`
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
	// Backup is when the nightly backup runs (see Backup).
	Backup string `yaml:"backup"`
	// MonthlyReport sends last month's canteen settlement (月报) to the
	// canteen managers and admins privately.
	MonthlyReport string `yaml:"monthly_report"`
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
			Price: 15, ElderPrice: 12, WorkerPrice: 9.9, MaxPerHousehold: 5},
		Schedule: Schedule{
			MenuToday:    "30 7 * * *",
			MenuTomorrow: "0 16 * * *",
			EventEvening: "0 19 * * *",
			Digest:       "0 9 * * 1",
			Tick:         "* * * * *",
			Backup:       "7 3 * * *",

			MonthlyReport: "0 9 1 * *",
		},
		Backup: Backup{Enabled: true, Keep: 14},
		Events: Events{NoPromotionWithin: "2h", MaxPerHousehold: 5},
		Log:    Log{Level: "info", Format: "text"},
		Web:    Web{Addr: DefaultWebAddr},

		Retention: "2y",
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
		unset := expand(doc, "")
		if err := doc.Decode(&cfg); err != nil {
			return Config{}, fmt.Errorf("config: %w", err)
		}
		if err := cfg.requireSet(unset); err != nil {
			return Config{}, err
		}
	}
	if err := cfg.Validate(checkSpec); err != nil {
		return Config{}, err
	}
	return cfg, nil
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

// Groups is what the bot does in the community's groups of its own accord.
type Groups struct {
	// Welcome is said once to each newcomer of a bound group — the group's
	// rules, how to 登记; empty: nobody is greeted.
	Welcome string `yaml:"welcome"`
}
