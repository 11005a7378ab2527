package wechat

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// groupBook remembers every group the account has served, across logins
// and restarts, with the names of its members. WeChat gives a group a new
// UserName at each login and lets any member change its title, so a group
// is recognised by who is in it: a renamed group keeps its key (and so its
// building), and a second group created under a served group's title is a
// newcomer with a key of its own, not a way to silence or replace the
// first. It lives beside the session file; the adapter's mu guards it.
type groupBook struct {
	path    string
	Entries []groupEntry `json:"groups"`
}

type groupEntry struct {
	Key     string   `json:"key"`
	Title   string   `json:"title"`
	Members []string `json:"members,omitempty"`
}

// seenGroup is a group of this login as WeChat lists it.
type seenGroup struct {
	user, title string
	members     []string // display names, without the account itself; nil when unknown
}

// sameGroup is how much two member lists must share (Jaccard index) for
// a group to be taken for one seen before: a clone made with a few of the
// members is far below it, a group whose members came and went between
// two logins far above.
const sameGroup = 0.5

// maxMembers bounds what is kept of a group's members (WeChat allows 500).
const maxMembers = 500

func groupBookPath(storage string) string {
	return strings.TrimSuffix(storage, filepath.Ext(storage)) + "-groups.json"
}

// loadGroupBook reads the book at path; a missing or unreadable file is an
// empty book (groups are then recognised by title until seen with members).
func loadGroupBook(path string) *groupBook {
	b := &groupBook{path: path}
	if data, err := os.ReadFile(path); err == nil {
		_ = json.Unmarshal(data, b)
	}
	return b
}

func (b *groupBook) save() error {
	if b.path == "" {
		return nil
	}
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(b.path, data)
}

// titled lists the keys of the entries titled title, except skip.
func (b *groupBook) titled(title, skip string) []string {
	var keys []string
	for _, e := range b.Entries {
		if e.Title == title && e.Key != skip {
			keys = append(keys, e.Key)
		}
	}
	return keys
}

// resolve gives each group of this login not yet keyed a key: the entry
// it matches best (by members, else by title when members are unknown on
// either side), each entry at most once per login, best matches first;
// else a new entry. It returns the titles of new entries that share a
// title with an older one — the groups to tell the admins about — and
// whether the book changed.
func (d *directory) resolve(groups []seenGroup) (lookalikes []string, changed bool) {
	d.ready()
	type pair struct {
		g, e  int
		score float64
	}
	var pairs []pair
	for gi, g := range groups {
		if _, done := d.groupKey[g.user]; done || g.title == "" {
			continue
		}
		for ei, e := range d.book.Entries {
			if _, claimed := d.groupUser[e.Key]; claimed {
				continue
			}
			if s, ok := match(g, e); ok {
				pairs = append(pairs, pair{gi, ei, s})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].score > pairs[j].score })
	for _, p := range pairs {
		g, e := groups[p.g], &d.book.Entries[p.e]
		if _, done := d.groupKey[g.user]; done {
			continue
		}
		if _, claimed := d.groupUser[e.Key]; claimed {
			continue
		}
		d.claim(g.user, e.Key)
		if e.Title != g.title || (g.members != nil && !equal(e.Members, g.members)) {
			e.Title = g.title
			if g.members != nil {
				e.Members = g.members
			}
			changed = true
		}
	}
	for _, g := range groups {
		if _, done := d.groupKey[g.user]; done || g.title == "" {
			continue
		}
		k := d.book.freeKey(g.title)
		if len(d.book.titled(g.title, "")) > 0 {
			lookalikes = append(lookalikes, g.title)
		}
		d.book.Entries = append(d.book.Entries, groupEntry{Key: k, Title: g.title, Members: g.members})
		d.claim(g.user, k)
		changed = true
	}
	return lookalikes, changed
}

func (d *directory) claim(user, key string) {
	d.groupUser[key], d.groupKey[user] = user, key
}

// match scores how well a group of this login fits an entry.
func match(g seenGroup, e groupEntry) (float64, bool) {
	same := 0.0
	if g.title == e.Title {
		same = 0.01
	}
	if len(g.members) > 0 && len(e.Members) > 0 {
		j := jaccard(g.members, e.Members)
		return 1 + j + same, j >= sameGroup
	}
	return 0.5, same > 0
}

// freeKey is the key for a new entry titled title: the title's own, or
// with #2, #3 … when an entry has it already.
func (b *groupBook) freeKey(title string) string {
	used := map[string]bool{}
	for _, e := range b.Entries {
		used[e.Key] = true
	}
	k := groupID(title)
	for n := 2; used[k]; n++ {
		k = groupID(title) + fmt.Sprintf("#%d", n)
	}
	return k
}

// members lists the display names of a group's members, sorted and
// bounded, without the account itself.
func memberNames(names []string) []string {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if n != "" {
			out = append(out, key(n))
		}
	}
	sort.Strings(out)
	if len(out) > maxMembers {
		out = out[:maxMembers]
	}
	return out
}

func jaccard(a, b []string) float64 {
	in := map[string]int{}
	for _, x := range a {
		in[x] |= 1
	}
	for _, x := range b {
		in[x] |= 2
	}
	both := 0
	for _, v := range in {
		if v == 3 {
			both++
		}
	}
	if len(in) == 0 {
		return 0
	}
	return float64(both) / float64(len(in))
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// writeAtomic replaces path with data, readable by the owner only, so a
// crash never leaves half a file.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".linli-wechat-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
