//go:build unix

package sqldb

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// holdInUse marks a SQLite database as open by this process until the
// returned file is closed: a shared flock on "<db>.lock". Any number of
// Linli processes may hold it together (the bot, an export beside it);
// Restore takes it exclusively, so it cannot replace a database someone
// has open, and nobody can open one while it is being replaced. The kernel
// drops the lock when the process dies, so a crash leaves nothing stale.
// Opened read-only: flock needs no write access, and a lock file made
// under a narrow umask (0400) opens again. A file of its own, not the
// database: closing any descriptor of the database file would drop
// SQLite's own POSIX locks on it in this process.
func holdInUse(path string) (*os.File, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%s is being restored from a backup; start again when `linli restore` has finished", path)
		}
		return nil, fmt.Errorf("lock %s.lock: %w", path, err)
	}
	return f, nil
}

// holdAlone takes "<db>.lock" exclusively, or fails at once with ErrInUse
// when a Linli process has the database open.
func holdAlone(path string) (*os.File, error) {
	f, err := os.OpenFile(path+".lock", os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrInUse
		}
		return nil, fmt.Errorf("lock %s.lock: %w", path, err)
	}
	return f, nil
}

// shareWithOwner gives the files this process made beside a SQLite
// database (its lock, -wal and -shm) to the database file's owner, when
// this process runs as root and the owner is someone else: an operator's
// `sudo linli export` or `linli backup` on a stopped service would
// otherwise leave root's 0600 lock file, which the service's user can no
// longer open, and the service would not start again. Best effort: a
// file that is not there, or already the owner's, is left alone.
func shareWithOwner(db string) {
	if os.Geteuid() != 0 {
		return
	}
	fi, err := os.Stat(db)
	if err != nil {
		return
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || st.Uid == 0 {
		return
	}
	for _, suffix := range []string{".lock", "-wal", "-shm"} {
		p := db + suffix
		if f, err := os.Lstat(p); err == nil && f.Mode().IsRegular() {
			if s, ok := f.Sys().(*syscall.Stat_t); ok && s.Uid != st.Uid {
				_ = os.Lchown(p, int(st.Uid), int(st.Gid))
			}
		}
	}
}
