package console_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"linli/bot"
	"linli/bot/console"
)

// TestAFileIsWrittenForItsOwnerOnlyAndItsPathPrinted: the console writes a
// reply's file (0600, in a 0700 directory of its own under FileDir), says
// where in the script's format, and never overwrites an earlier file of
// the same name.
func TestAFileIsWrittenForItsOwnerOnlyAndItsPathPrinted(t *testing.T) {
	base := filepath.Join(t.TempDir(), "exports")
	var out strings.Builder
	a := &console.Adapter{Out: &out, FileDir: base}
	me := bot.Chat{Platform: bot.Console, ID: "社区小王"}
	first, second := []byte("PK\x03\x04 first"), []byte("PK\x03\x04 second")
	ctx := context.Background()
	if err := a.Send(ctx, me, bot.Reply{Text: "11月订餐表，共3单。", File: &bot.File{Name: "订餐-2026-11.xlsx", Data: first}}); err != nil {
		t.Fatal(err)
	}
	if err := a.Send(ctx, me, bot.Reply{File: &bot.File{Name: "订餐-2026-11.xlsx", Data: second}}); err != nil {
		t.Fatal(err)
	}
	saved := regexp.MustCompile(`(?m)^\[@社区小王\] <linli> （文件）订餐-2026-11\.xlsx 已保存到：(\S+)$`).FindAllStringSubmatch(out.String(), -1)
	if len(saved) != 2 || !strings.HasPrefix(out.String(), "[@社区小王] <linli> 11月订餐表，共3单。\n") {
		t.Fatalf("console printed:\n%s\nwant the text, then where each file was saved", out.String())
	}
	for i, want := range [][]byte{first, second} {
		path := saved[i][1]
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("file %d at %s holds %q (%v), want %q", i+1, path, got, err, want)
		}
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("file %d mode %v (%v), want 0600", i+1, fi.Mode().Perm(), err)
		}
		dir := filepath.Dir(path)
		if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 || filepath.Dir(dir) != base {
			t.Errorf("file %d in %s (mode %v), want a 0700 directory of its own in %s", i+1, dir, fi.Mode().Perm(), base)
		}
	}
	if saved[0][1] == saved[1][1] {
		t.Errorf("the second file overwrote the first at %s", saved[0][1])
	}
}
