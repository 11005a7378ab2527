package app

import (
	"cmp"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"time"

	"linli/bot"
	"linli/bot/wechat"
	"linli/web"
)

// loginQR keeps the latest WeChat login QR code the adapter showed, for
// the office's 状态 page: an admin at the desk scans it from the screen.
// It is this process's: with replicas, the one leading WeChat has it.
type loginQR struct {
	mu   sync.Mutex
	scan string
	at   time.Time
}

// shown keeps the address the code at picture (OnQR's) encodes.
func (q *loginQR) shown(picture string, at time.Time) {
	scan, ok := wechat.ScanAddress(picture)
	if !ok {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.scan, q.at = scan, at
}

func (q *loginQR) latest() (string, time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.scan, q.at
}

// officePlatforms are the platforms' sessions as the metrics know them,
// WeChat waiting for a scan with its latest code.
func (a *app) officePlatforms() []web.PlatformSession {
	states := a.metrics.platforms()
	var out []web.PlatformSession
	for name, state := range states {
		p := web.PlatformSession{Platform: name, State: state}
		if name == bot.WeChat && state == sessionLogin {
			p.Scan, p.At = a.qr.latest()
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y web.PlatformSession) int { return cmp.Compare(x.Platform, y.Platform) })
	return out
}

// nightlyName is a nightly backup's file name (sqldb.Nightly writes them).
var nightlyName = regexp.MustCompile(`^linli-\d{4}-\d{2}-\d{2}\.db$`)

// lastBackup is the newest nightly backup in dir: by name, which is its
// community date.
func lastBackup(dir string) (web.BackupFile, bool, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return web.BackupFile{}, false, nil
	}
	if err != nil {
		return web.BackupFile{}, false, err
	}
	for i := len(entries) - 1; i >= 0; i-- { // ReadDir sorts by name
		e := entries[i]
		if !nightlyName.MatchString(e.Name()) || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return web.BackupFile{}, false, err
		}
		return web.BackupFile{Name: filepath.Base(e.Name()), Size: info.Size(), At: info.ModTime()}, true, nil
	}
	return web.BackupFile{}, false, nil
}

// officeBackup finds the newest nightly backup, when backups are on.
func (a *app) officeBackup() func() (web.BackupFile, bool, error) {
	if !a.cfg.BackupOn() {
		return nil
	}
	dir := a.cfg.BackupDir()
	return func() (web.BackupFile, bool, error) { return lastBackup(dir) }
}
