package reader

import (
	"bufio"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

// example is one line of phrases.tsv or heldout.tsv.
type example struct {
	ctx, text string
	want      map[string]any
	miss      bool // heldout.tsv's fourth column: still read wrong
}

// loadExamples reads a TSV of examples (context, text, fields[, miss]).
func loadExamples(t *testing.T, path string) []example {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []example
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 && !(len(cols) == 4 && cols[3] == "miss") {
			t.Fatalf("%s: bad line %q", path, line)
		}
		e := example{ctx: cols[0], text: cols[1], miss: len(cols) == 4}
		if err := json.Unmarshal([]byte(cols[2]), &e.want); err != nil {
			t.Fatalf("%s: %q: %v", path, line, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// readsAs reports whether the example reads with every listed field (and no
// error unless one is listed); why says what differed.
func readsAs(t *testing.T, r *Reader, e example) (bool, string) {
	got := toMap(t, r.Read(e.text, modeOf(t, e.ctx), phrasesNow))
	for k, v := range e.want {
		if !reflect.DeepEqual(got[k], v) {
			return false, k + " differs: got " + parseJSON(t, got)
		}
	}
	if _, ok := e.want["error"]; !ok && got["error"] != nil {
		return false, "unexpected error: " + parseJSON(t, got)
	}
	return true, ""
}

// TestReadingRate reports the share of each example set read correctly:
// the figure issue 16 asks for, before and after the sentence reader.
func TestReadingRate(t *testing.T) {
	r := newTestReader(t)
	for _, path := range []string{"testdata/phrases.tsv", "testdata/heldout.tsv", "testdata/fresh.tsv"} {
		ex := loadExamples(t, path)
		ok := 0
		for _, e := range ex {
			if good, _ := readsAs(t, r, e); good {
				ok++
			}
		}
		t.Logf("%s: %d/%d read correctly (%.0f%%)", path, ok, len(ex), 100*float64(ok)/float64(len(ex)))
	}
}

// TestHeldOut: each held-out sentence reads as expected, and one marked
// "miss" is still missed (so fixing it means updating the mark and the
// rate reported).
func TestHeldOut(t *testing.T) {
	r := newTestReader(t)
	ex := loadExamples(t, "testdata/heldout.tsv")
	if len(ex) < 60 {
		t.Fatalf("only %d held-out sentences", len(ex))
	}
	for _, e := range append(ex, loadExamples(t, "testdata/fresh.tsv")...) {
		good, why := readsAs(t, r, e)
		switch {
		case !good && !e.miss:
			t.Errorf("%s %q: %s", e.ctx, e.text, why)
		case good && e.miss:
			t.Errorf("%s %q: reads correctly now: remove its miss mark", e.ctx, e.text)
		}
	}
}
