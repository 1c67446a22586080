package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func post(t *testing.T, h http.Handler, target, ctype, data string, header map[string]string) *http.Response {
	t.Helper()
	r := httptest.NewRequest("POST", target, strings.NewReader(data))
	r.Host = "127.0.0.1:1313"
	r.Header.Set("Content-Type", ctype)
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func readRecords(t *testing.T, path string) []Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var recs []Record
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("bad line %q: %v", sc.Text(), err)
		}
		recs = append(recs, r)
	}
	return recs
}

func TestFeedbackPosts(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	bothModes(t, testSite(nil), func(t *testing.T, s *Server) {
		file := s.cfg.FeedbackFile
		s.limiter = newLimiter(Rate{Burst: 1000, Every: time.Millisecond}) // limits have their own test
		// The theme's form without JavaScript: 303 back to the page.
		res := post(t, s, "/api/feedback", form, "page=%2Fbilling%2Frefunds%2F&helpful=yes", nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/billing/refunds/?feedback=thanks" {
			t.Errorf("form: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		// kb.js posts JSON.
		res = post(t, s, "/api/feedback", "application/json", `{"page":"/billing/refunds/","helpful":false}`, map[string]string{"Origin": "http://127.0.0.1:1313"})
		if b := body(t, res); res.StatusCode != 200 || b != `{"ok":true}`+"\n" {
			t.Errorf("json: %d %s", res.StatusCode, b)
		}
		// A page without its trailing slash counts as the page.
		if res := post(t, s, "/api/feedback", "application/json", `{"page":"/billing","helpful":true}`, nil); res.StatusCode != 200 {
			t.Errorf("page without slash: %d", res.StatusCode)
		}
		for _, tc := range []struct {
			ctype, data string
			code        int
		}{
			{form, "page=/nope/&helpful=yes", 400},
			{form, "page=/old/refunds/&helpful=yes", 400}, // an alias, not a page
			{form, "page=/../secret/&helpful=yes", 400},
			{form, "page=/billing/refunds/&helpful=maybe", 400},
			{form, "page=/billing/refunds/", 400},
			{"application/json", `{"page":"/billing/refunds/"}`, 400},
			{"application/json", `{"page":"/billing/refunds/","helpful":"yes"}`, 400},
			{"application/json", `not json`, 400},
			{"application/json", `{"page":"` + strings.Repeat("a", 5000) + `","helpful":true}`, 413},
			{form, "page=" + strings.Repeat("a", 5000) + "&helpful=yes", 413},
			{"text/plain", "page=/billing/refunds/&helpful=yes", 415},
		} {
			if res := post(t, s, "/api/feedback", tc.ctype, tc.data, nil); res.StatusCode != tc.code {
				t.Errorf("%s %.60q: %d, want %d", tc.ctype, tc.data, res.StatusCode, tc.code)
			}
		}
		if res := get(t, s, "GET", "/api/feedback", nil); res.StatusCode != 405 || res.Header.Get("Allow") != "POST" {
			t.Errorf("GET: %d %q", res.StatusCode, res.Header.Get("Allow"))
		}
		if res := post(t, s, "/api/feedback", form, "page=/billing/refunds/&helpful=yes", map[string]string{"Origin": "http://evil.example"}); res.StatusCode != 403 {
			t.Errorf("cross-origin post: %d", res.StatusCode)
		}
		recs := readRecords(t, file)
		if len(recs) != 3 || recs[0].Page != "/billing/refunds/" || !*recs[0].Helpful || *recs[1].Helpful || recs[2].Page != "/billing/" || recs[0].Kind != "vote" {
			t.Errorf("records: %+v", recs)
		}
	})
}

// TestFeedbackWithoutPageIsRefused: a vote that names no page (a form
// without page=, an empty page, JSON with "page": "") is refused with
// 400 and recorded nowhere; before, it counted as a vote for the home
// page.
func TestFeedbackWithoutPageIsRefused(t *testing.T) {
	const form = "application/x-www-form-urlencoded"
	bothModes(t, testSite(nil), func(t *testing.T, s *Server) {
		s.limiter = newLimiter(Rate{Burst: 1000, Every: time.Millisecond})
		for _, tc := range []struct{ ctype, data string }{
			{form, "helpful=yes"},
			{form, "page=&helpful=no"},
			{"application/json", `{"helpful":true}`},
			{"application/json", `{"page":"","helpful":true}`},
			{"application/json", `{"page":null,"helpful":true}`},
		} {
			res := post(t, s, "/api/feedback", tc.ctype, tc.data, nil)
			b := body(t, res)
			if res.StatusCode != http.StatusBadRequest {
				t.Errorf("%s %q: %d, want 400: %s", tc.ctype, tc.data, res.StatusCode, b)
			}
			if tc.ctype == "application/json" {
				var e struct{ Error string }
				if err := json.Unmarshal([]byte(b), &e); err != nil || !strings.Contains(e.Error, "page") {
					t.Errorf("%q: error %q (%v), want JSON naming the page field", tc.data, b, err)
				}
			} else if !strings.Contains(b, "page") {
				t.Errorf("%q: error %q, want one naming the page field", tc.data, b)
			}
		}
		if _, err := os.Stat(s.cfg.FeedbackFile); !os.IsNotExist(err) {
			t.Errorf("feedback file written: %v %+v", err, readRecords(t, s.cfg.FeedbackFile))
		}
	})
}

func TestFeedbackRateLimit(t *testing.T) {
	s := devServer(t, newSiteDir(t, testSite(nil)), func(c *Config) { c.FeedbackRate = Rate{Burst: 2, Every: time.Hour} })
	for i := range 3 {
		res := post(t, s, "/api/feedback", "application/json", `{"page":"/billing/refunds/","helpful":true}`, nil)
		want := 200
		if i == 2 {
			want = 429
		}
		if res.StatusCode != want {
			t.Errorf("post %d: %d, want %d", i, res.StatusCode, want)
		}
		if want == 429 && res.Header.Get("Retry-After") == "" {
			t.Error("no Retry-After")
		}
	}
	// Another client is not limited.
	r := httptest.NewRequest("POST", "/api/feedback", strings.NewReader(`{"page":"/billing/refunds/","helpful":true}`))
	r.Host, r.RemoteAddr = "127.0.0.1:1313", "10.0.0.9:5555"
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != 200 {
		t.Errorf("other client: %d", w.Code)
	}
}

func TestLimiterRefills(t *testing.T) {
	l := newLimiter(Rate{Burst: 1, Every: time.Minute})
	now := time.Unix(1000, 0)
	if ok, _ := l.allow("a", now); !ok {
		t.Fatal("first")
	}
	if ok, wait := l.allow("a", now.Add(time.Second)); ok || wait < 58*time.Second {
		t.Fatalf("second: %v %v", ok, wait)
	}
	if ok, _ := l.allow("a", now.Add(time.Minute+time.Second)); !ok {
		t.Fatal("after refill")
	}
}

func TestFeedbackOff(t *testing.T) {
	s := devServer(t, newSiteDir(t, testSite(nil)), func(c *Config) { c.FeedbackFile = "" })
	if res := post(t, s, "/api/feedback", "application/json", `{"page":"/","helpful":true}`, nil); res.StatusCode != 404 {
		t.Errorf("feedback without a file: %d", res.StatusCode)
	}
	s.SearchMiss("nothing") // no file: nothing happens
}

func TestSearchMissAndSummary(t *testing.T) {
	s := devServer(t, newSiteDir(t, testSite(nil)), func(c *Config) { c.FeedbackRate = Rate{Burst: 100, Every: time.Second} })
	votes := []struct {
		page    string
		helpful bool
	}{
		{"/billing/refunds/", false}, {"/billing/refunds/", false}, {"/billing/refunds/", true},
		{"/billing/invoices/", true}, {"/", true}, {"/", false},
	}
	for _, v := range votes {
		if res := post(t, s, "/api/feedback", "application/json", fmt.Sprintf(`{"page":%q,"helpful":%v}`, v.page, v.helpful), nil); res.StatusCode != 200 {
			t.Fatalf("vote: %d", res.StatusCode)
		}
	}
	s.SearchMiss("  Reset   PASWORD ")
	s.SearchMiss("reset pasword")
	s.SearchMiss("sso")
	s.SearchMiss(strings.Repeat("é", 300))
	s.SearchMiss("   ")
	f, err := os.Open(s.cfg.FeedbackFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := Summarize(f)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := sum.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	want := `Helpful   Yes    No Votes  Page
    33%     1     2     3  /billing/refunds/
    50%     1     1     2  /
   100%     1     0     1  /billing/invoices/

Searches without results:
Count  Query
    2  reset pasword
    1  sso
`
	if !strings.HasPrefix(got, want) {
		t.Errorf("summary:\n%s\nwant prefix:\n%s", got, want)
	}
	if len(sum.Searches) != 3 || len(sum.Searches[2].Query) > maxQueryLog {
		t.Errorf("searches %+v", sum.Searches)
	}
}

func TestSummarizeSkipsBadLines(t *testing.T) {
	sum, err := Summarize(strings.NewReader(`{"kind":"vote","page":"/a/","helpful":true}
garbage
{"kind":"vote","page":"/a/"}

{"kind":"search","query":"x"}
`))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Bad != 2 || len(sum.Pages) != 1 || len(sum.Searches) != 1 {
		t.Errorf("%+v", sum)
	}
}

// TestTwoServersOneFolder: two production servers serve one built folder
// read-only and append feedback to one file at the same time.
func TestTwoServersOneFolder(t *testing.T) {
	src := newSiteDir(t, testSite(nil))
	_, out := prodServer(t, src, nil)
	file := filepath.Join(t.TempDir(), "feedback.jsonl")
	var servers []*httptest.Server
	for range 2 {
		s, err := New(Config{Dir: out, FeedbackFile: file, FeedbackRate: Rate{Burst: 1000, Every: time.Millisecond}})
		if err != nil {
			t.Fatal(err)
		}
		servers = append(servers, startServer(t, s))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for _, ts := range servers {
		for range 4 {
			wg.Go(func() {
				for range 25 {
					res, err := http.Get(ts.URL + "/billing/refunds/")
					if err != nil {
						errs <- err
						return
					}
					res.Body.Close()
					if res.StatusCode != 200 {
						errs <- fmt.Errorf("page: %d", res.StatusCode)
					}
					res, err = http.Post(ts.URL+"/api/feedback", "application/json", strings.NewReader(`{"page":"/billing/refunds/","helpful":true}`))
					if err != nil {
						errs <- err
						return
					}
					res.Body.Close()
					if res.StatusCode != 200 {
						errs <- fmt.Errorf("feedback: %d", res.StatusCode)
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := len(readRecords(t, file)); n != 200 {
		t.Errorf("%d records, want 200", n)
	}
}
