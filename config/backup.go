package config

import (
	"path/filepath"
	"strings"
)

// Backup is the nightly copy of a SQLite database (schedule.backup says
// when): one file a day in Dir, the last Keep days kept. On by default, as
// a community's data is one file a disk failure or a mistaken command can
// take; PostgreSQL is backed up with pg_dump, so there it does nothing.
type Backup struct {
	Enabled bool `yaml:"enabled"`
	// Dir is where the copies go; empty: a backups directory beside the
	// database file.
	Dir  string `yaml:"dir"`
	Keep int    `yaml:"keep"`
}

// BackupOn reports whether the nightly backup job runs.
func (c *Config) BackupOn() bool {
	return c.Backup.Enabled && c.Database.Driver == "sqlite"
}

// BackupDir is where the nightly backups go.
func (c *Config) BackupDir() string {
	if c.Backup.Dir != "" {
		return c.Backup.Dir
	}
	path, _, _ := strings.Cut(strings.TrimPrefix(c.Database.DSN, "file:"), "?")
	return filepath.Join(filepath.Dir(path), "backups")
}

// validateBackup checks the backup keys when the job will run.
func (c *Config) validateBackup(bad func(key, format string, args ...any)) {
	if !c.BackupOn() {
		return
	}
	if c.Backup.Keep < 1 || c.Backup.Keep > 3650 {
		bad("backup.keep", "%d: use the days of backups to keep, 1 to 3650, such as 14", c.Backup.Keep)
	}
}
