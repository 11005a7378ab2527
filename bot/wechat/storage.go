package wechat

import (
	"bytes"
	"io"
	"os"
	"sync"
)

// fileStorage is openwechat's HotReloadStorage on one file. Reading serves
// the snapshot taken when the login began (openwechat's own file storage
// reads from wherever its last write left the offset, so a second login
// in one process reads nothing); each write replaces the whole file
// atomically, so a crash never leaves half a session.
type fileStorage struct {
	path string
	mu   sync.Mutex
	r    *bytes.Reader
}

// readStored returns the stored session, or nil when there is none.
func readStored(path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil || len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	return data
}

// storage serves data to openwechat's reload and saves what it writes;
// nil data reads as empty, which makes a reload fail.
func (a *Adapter) storage(data []byte) *fileStorage {
	return &fileStorage{path: a.cfg.Storage, r: bytes.NewReader(data)}
}

func (f *fileStorage) Read(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.r.Len() == 0 {
		return 0, io.EOF
	}
	return f.r.Read(p)
}

// Write receives one whole JSON document (openwechat encodes in one call).
func (f *fileStorage) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := writeAtomic(f.path, p); err != nil {
		return 0, err
	}
	return len(p), nil
}
