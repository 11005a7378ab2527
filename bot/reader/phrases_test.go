package reader

import (
	"bufio"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// phrasesNow is the clock phrases.tsv is written for: a Tuesday morning.
var phrasesNow = time.Date(2026, 11, 24, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))

// modeOf maps the context column of phrases.tsv to a Mode.
func modeOf(t *testing.T, ctx string) Mode {
	switch ctx {
	case "group":
		return Mode{}
	case "mentioned":
		return Mode{Mentioned: true}
	case "private":
		return Mode{Private: true}
	}
	t.Fatalf("unknown context %q", ctx)
	return Mode{}
}

// TestPhrases checks every example of the design's phrases.tsv: each field
// listed must equal the field in the intent's JSON, and an example that
// lists no error must not get one.
func TestPhrases(t *testing.T) {
	f, err := os.Open("testdata/phrases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := newTestReader(t)
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("bad line %q", line)
		}
		var want map[string]any
		if err := json.Unmarshal([]byte(cols[2]), &want); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		got := toMap(t, r.Read(cols[1], modeOf(t, cols[0]), phrasesNow))
		for k, v := range want {
			if !reflect.DeepEqual(got[k], v) {
				t.Errorf("%s %q: %s = %v, want %v (got %v)", cols[0], cols[1], k, got[k], v, got)
			}
		}
		if _, ok := want["error"]; !ok && got["error"] != nil {
			t.Errorf("%s %q: unexpected error %v", cols[0], cols[1], got["error"])
		}
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 40 {
		t.Fatalf("read only %d examples", n)
	}
}

// toMap is the intent as `linli parse` prints it, decoded generically.
func toMap(t *testing.T, in any) map[string]any {
	t.Helper()
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func newTestReader(t testing.TB) *Reader {
	t.Helper()
	r, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}
