package app

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestLastBackupIsTheNewestNightly: the 状态 page's backup is the newest
// linli-DATE.db by name; other files in the directory are not backups.
func TestLastBackupIsTheNewestNightly(t *testing.T) {
	dir := t.TempDir()
	if _, ok, err := lastBackup(filepath.Join(dir, "none")); ok || err != nil {
		t.Fatalf("a missing directory: %v %v", ok, err)
	}
	for name, size := range map[string]int{"linli-2026-11-23.db": 10, "linli-2026-11-24.db": 20, "linli-2026-11-25.db.tmp": 30, "zz-notes.db": 40} {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, size), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	f, ok, err := lastBackup(dir)
	if err != nil || !ok || f.Name != "linli-2026-11-24.db" || f.Size != 20 {
		t.Fatalf("lastBackup = %+v %v %v", f, ok, err)
	}
}

// TestLoginQRKeepsTheScanAddress: the panel draws the code from the
// address the phone scans, not from the picture's on WeChat's server.
func TestLoginQRKeepsTheScanAddress(t *testing.T) {
	var q loginQR
	at := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	q.shown("https://login.weixin.qq.com/qrcode/Abc123==", at)
	q.shown("https://example.com/not-a-code", at.Add(time.Minute))
	if scan, when := q.latest(); scan != "https://login.weixin.qq.com/l/Abc123==" || !when.Equal(at) {
		t.Fatalf("latest = %q %v", scan, when)
	}
}
