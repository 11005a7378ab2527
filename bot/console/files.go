package console

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"linli/bot"
)

// writeFile writes a reply's file for the person at the terminal and says
// where. The file names residents, rooms and what they asked for, so it
// is readable by its owner only (0600), in a directory of Linli's own
// (0700, made with a name nobody can guess) rather than straight in a
// shared temporary directory, where someone could have put a link by the
// same name first. A second file of the same name gets a number.
func (a *Adapter) writeFile(f *bot.File) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.files == "" {
		base := a.FileDir
		if base == "" {
			base = os.TempDir()
		}
		if err := os.MkdirAll(base, 0o700); err != nil {
			return "", err
		}
		dir, err := os.MkdirTemp(base, "linli-files-")
		if err != nil {
			return "", err
		}
		a.files = dir
	}
	name := filepath.Base(strings.ReplaceAll(f.Name, `\`, "/"))
	if name == "." || name == "/" || name == ".." {
		name = "linli"
	}
	ext := filepath.Ext(name)
	for n := 1; ; n++ {
		path := filepath.Join(a.files, name)
		if n > 1 {
			path = filepath.Join(a.files, strings.TrimSuffix(name, ext)+"-"+strconv.Itoa(n)+ext)
		}
		out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if os.IsExist(err) {
			continue
		}
		if err != nil {
			return "", err
		}
		if err := out.Chmod(0o600); err != nil { // whatever the umask did
			out.Close()
			return "", err
		}
		if _, err := out.Write(f.Data); err != nil {
			out.Close()
			return "", err
		}
		return path, out.Close()
	}
}
