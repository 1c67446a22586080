package search

import (
	"context"
	"fmt"
	"html"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"
)

// errDocs is a small help center with troubleshooting articles: each
// article that lists an error message has a rival whose title and body
// use the same words, and the code, more often.
var errDocs = []Doc{
	{URL: "/troubleshooting/cant-connect/", Title: "Kitewire can't connect", Category: "troubleshooting", Slug: "cant-connect",
		Symptoms:      []string{"A yellow bar says “Trying to connect…”", "Messages show a clock icon and never send"},
		ErrorMessages: []string{"KW-NET-0042: connection timed out", "Unable to reach kitewire.example"},
		Body:          "If the app can't reach our servers, work through these steps in order.",
		Sections: []Section{{Anchor: "check-the-status-page", Title: "Check the status page", Text: "Open the status page."},
			{Anchor: "restart", Title: "Restart the app", Text: "Quit the app and open it again."}}},
	{URL: "/troubleshooting/timeouts/", Title: "Connection timed out", Category: "troubleshooting", Slug: "connection-timed-out",
		Description: "Why a connection timed out, and what KW-NET-0042 means.",
		Body: "A connection timed out error, KW-NET-0042, means the connection timed out before the server answered. " +
			"KW-NET-0042: connection timed out. When the connection timed out twice, KW-NET-0042 connection timed out again. " +
			"Unable to reach the server? The connection timed out.",
		Sections: []Section{{Anchor: "kw-net-0042", Title: "KW-NET-0042 connection timed out", Text: "KW-NET-0042 connection timed out: the connection timed out."}}},
	{URL: "/troubleshooting/gateway/", Title: "Gateway errors", Category: "troubleshooting", Slug: "gateway-errors",
		ErrorMessages: []string{"NET-0042 gateway error"}, Body: "The gateway did not answer."},
	{URL: "/install/disk-full/", Title: "The installer stops", Category: "install", Slug: "installer-stops",
		ErrorMessages: []string{"ERR_INSTALL_42: not enough disk space"}, Body: "Free some space and run the installer again."},
	{URL: "/install/install-errors/", Title: "Install error 42", Category: "install", Slug: "install-error-42",
		Body: "Install error 42: err install 42 means the install failed. ERR INSTALL 42, err_install, install 42, error 42 install."},
	{URL: "/billing/card-declined/", Title: "Why was my card declined?", Category: "billing", Slug: "card-declined",
		ErrorMessages: []string{"Your card was declined (do_not_honor)"}, Body: "Your bank makes the decision, not us."},
	{URL: "/billing/do-not-honor/", Title: "Do not honor: your card was declined", Category: "billing", Slug: "do-not-honor",
		Body: "Do not honor means your card was declined by the bank: do not honor, do_not_honor, honor. Your card was declined; card declined; do_not_honor."},
	{URL: "/api/markup/", Title: "Markup in errors", Category: "api", Slug: "markup",
		ErrorMessages: []string{"<script>alert(\"x\")</script> & **bold** `code` [link](http://x) <b>KW-HTML-0007</b> failed"},
		Body:          "Some errors show markup."},
	{URL: "/account/sign-in/", Title: "Sign in", Category: "account", Slug: "sign-in", Body: "Sign in with your email and password."},
	{URL: "/account/timeout/", Title: "Your session timed out", Category: "account", Slug: "session-timed-out", Body: "Sessions time out after a day."},
}

var errFixture struct {
	once sync.Once
	ix   *Index
	err  error
}

func errIndex(t testing.TB) *Index {
	t.Helper()
	errFixture.once.Do(func() {
		dir := buildTemp(t, errDocs)
		errFixture.ix, errFixture.err = Open(dir)
	})
	if errFixture.err != nil {
		t.Fatal(errFixture.err)
	}
	return errFixture.ix
}

func errHits(t *testing.T, ix *Index, q string) []Hit {
	t.Helper()
	res, err := ix.Search(context.Background(), Query{Text: q})
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	return res.Hits
}

func urls(hs []Hit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.URL)
	}
	return out
}

func TestErrorMessagesRankFirst(t *testing.T) {
	ix := errIndex(t)
	for _, c := range []struct{ q, want string }{
		{"KW-NET-0042: connection timed out", "/troubleshooting/cant-connect/"}, // pasted whole
		{"KW-NET-0042", "/troubleshooting/cant-connect/"},                       // the bare code
		{"kw-net-0042", "/troubleshooting/cant-connect/"},
		{"KW-NET-0042:", "/troubleshooting/cant-connect/"},
		{"  kw-net-0042   CONNECTION\ttimed  out. ", "/troubleshooting/cant-connect/"}, // case and spaces
		{`"KW-NET-0042: connection timed out"`, "/troubleshooting/cant-connect/"},      // quoted
		{"getting KW-NET-0042: connection timed out on my mac", "/troubleshooting/cant-connect/"},
		{"Unable to reach kitewire.example", "/troubleshooting/cant-connect/"},
		{"unable to reach kitewire.example.", "/troubleshooting/cant-connect/"},
		{"NET-0042", "/troubleshooting/gateway/"}, // a code matches whole: not part of KW-NET-0042
		{"ERR_INSTALL_42", "/install/disk-full/"},
		{"err_install_42: not enough disk space", "/install/disk-full/"},
		{"ERR_INSTALL_42 not enough disk", "/install/disk-full/"},
		{"Your card was declined (do_not_honor)", "/billing/card-declined/"},
		{"your card was declined do_not_honor", "/billing/card-declined/"},
		{"do_not_honor", "/billing/card-declined/"},
		{"(do_not_honor)", "/billing/card-declined/"},
		{"KW-HTML-0007", "/api/markup/"},
		// Symptoms are searchable text.
		{"yellow bar trying to connect", "/troubleshooting/cant-connect/"},
		{"clock icon", "/troubleshooting/cant-connect/"},
	} {
		hs := errHits(t, ix, c.q)
		if len(hs) == 0 || hs[0].URL != c.want {
			t.Errorf("%q: got %v, want %s first", c.q, urls(hs), c.want)
		}
	}
	// Words shared with a message, but neither all of it, a code nor a
	// long part, or a code that is only part of one: ordinary ranking.
	for _, q := range []string{"timed out", "connection timed", "card declined", "install error 42", "0042", "NET",
		"KW-NET-0043", "reach kitewire", "kitewire.example", "do not honor", "ERR_INSTALL", "KW-NET"} {
		p := ix.parse(q, &readerDict{ctx: context.Background(), r: ix.r, dfs: map[[2]string]int{}})
		if len(p.errs) > 0 || p.etoks != nil {
			t.Errorf("%q names an error message: %v", q, p.errs)
		}
	}
}

// The fixture is a fair test: without the error messages' ranking, the
// rivals that repeat the words win.
func TestErrorMessagesFixtureRivals(t *testing.T) {
	ix, err := Open(buildTemp(t, errDocs))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.hasErrs = false
	for q, rival := range map[string]string{
		"KW-NET-0042: connection timed out":     "/troubleshooting/timeouts/",
		"KW-NET-0042":                           "/troubleshooting/timeouts/",
		"ERR_INSTALL_42":                        "/install/install-errors/",
		"Your card was declined (do_not_honor)": "/billing/do-not-honor/",
		"do_not_honor":                          "/billing/do-not-honor/",
	} {
		if hs := errHits(t, ix, q); len(hs) == 0 || !strings.HasPrefix(hs[0].URL, rival) {
			t.Errorf("%q without error messages: got %v, want the rival %s first", q, urls(hs), rival)
		}
	}
}

func TestErrorMessageSnippet(t *testing.T) {
	ix := errIndex(t)
	hs := errHits(t, ix, "KW-NET-0042")
	if hs[0].Snippet != "<mark>KW-NET-0042</mark>: connection timed out" {
		t.Errorf("snippet %q", hs[0].Snippet)
	}
	if strings.Contains(hs[0].URL, "#") || hs[0].Section != "" {
		t.Errorf("an error message's hit points at a section: %s", hs[0].URL)
	}
	hs = errHits(t, ix, "kw-net-0042 connection timed out")
	if hs[0].Snippet != "<mark>KW-NET-0042: connection timed out</mark>" {
		t.Errorf("snippet %q", hs[0].Snippet)
	}
	for _, q := range []string{"KW-HTML-0007", "<b>KW-HTML-0007</b> failed", "script alert bold code link"} {
		for _, h := range errHits(t, ix, q) {
			if strings.ContainsAny(markup.ReplaceAllString(h.Snippet, ""), "<>") {
				t.Errorf("%q: %s: snippet %q has unescaped HTML", q, h.URL, h.Snippet)
			}
		}
	}
	hs = errHits(t, ix, "KW-HTML-0007")
	want := "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; **bold** `code` [link](http://x) &lt;b&gt;<mark>KW-HTML-0007</mark>&lt;/b&gt; failed"
	if hs[0].URL != "/api/markup/" || hs[0].Snippet != want {
		t.Errorf("snippet\n%q, want\n%q", hs[0].Snippet, want)
	}
}

func TestErrorTokens(t *testing.T) {
	toks, _ := errTokens(" “KW-NET-0042:  Connection’s (do_not_honor) ... kitewire.example.\n<b>E_42</b> **x**")
	var got []string
	for _, tk := range toks {
		got = append(got, tk.norm)
	}
	if strings.Join(got, "|") != "kw-net-0042|connection's|do_not_honor|kitewire.example|b|e_42|b|x" {
		t.Errorf("tokens %q", got)
	}
	for tok, want := range map[string]bool{"kw-net-0042": true, "err_install_42": true, "do_not_honor": true, "e3871": true,
		"0x80070005": true, "404": false, "2024": false, "2fa": false, "oauth2": false, "timed": false, "a_b": false} {
		if isCode(tok) != want {
			t.Errorf("isCode(%q) = %v", tok, !want)
		}
	}
	var long []string
	for i := 0; i < 100; i++ {
		long = append(long, fmt.Sprintf("w%03d", i))
	}
	sfx, wholes := errIndexTerms([]string{"KW-NET-0042: connection timed out", "KW-NET-0042: connection timed out", strings.Join(long, " ")})
	if strings.Join(wholes, "|") != "kw-net-0042 connection timed out" {
		t.Errorf("wholes %q", wholes)
	}
	for _, s := range sfx {
		if len(s) > MaxQueryBytes {
			t.Errorf("suffix of %d bytes", len(s))
		}
	}
	if len(sfx) != 4+100 {
		t.Errorf("%d suffixes: %q", len(sfx), sfx)
	}
}

// mapDict is a dict over a set of terms in one field.
type mapDict map[string][]string // field → sorted terms

func (m mapDict) df(field, term string) int {
	ts := m[field]
	i := sort.SearchStrings(ts, term)
	if i < len(ts) && ts[i] == term {
		return 1
	}
	return 0
}

func (m mapDict) fuzzy(string, string) []index.DictEntry { return nil }

func (m mapDict) prefix(field, pre string, max int) []index.DictEntry {
	ts := m[field]
	var out []index.DictEntry
	for i := sort.SearchStrings(ts, pre); i < len(ts) && strings.HasPrefix(ts[i], pre) && len(out) < max; i++ {
		out = append(out, index.DictEntry{Term: ts[i], Count: 1})
	}
	return out
}

// FuzzErrorMessage: any message and query never panic; a snippet of a
// message is the message, escaped, with one <mark> and no other markup;
// and the dictionary walk finds a message whenever errMatch does.
func FuzzErrorMessage(f *testing.F) {
	for _, s := range [][2]string{
		{"KW-NET-0042: connection timed out", "KW-NET-0042"},
		{"Your card was declined (do_not_honor)", "your card was declined do_not_honor"},
		{"<script>alert(1)</script> ERR_X_1", "ERR_X_1"},
		{"a & b < c > d ERR_&_42", "err_&_42 <"},
		{"**bold** `code` [x](y) E_42", "`code` [x](y) E_42"},
		{"\xff\xfe ERR_\xff_1", "ERR_\xff_1"},
		{"a a a a a a a a", "a a a a"},
		{strings.Repeat("ERR_LONG_1 ", 60), "ERR_LONG_1 ERR_LONG_1"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, msg, query string) {
		if len(query) > MaxQueryBytes {
			query = query[:MaxQueryBytes]
		}
		q, _ := errTokens(query)
		h := errMatch(q, storedErrors([]string{msg}))
		sfx, wholes := errIndexTerms([]string{msg})
		sort.Strings(sfx)
		sort.Strings(wholes)
		terms := errorTerms(q, mapDict{fErrSfx: sfx, fErrMsg: wholes})
		if len(terms) > 0 && !h.ok() {
			t.Fatalf("the dictionary found %v, errMatch nothing", terms)
		}
		if h.ok() && len(terms) == 0 && len(q) <= 8 {
			t.Fatalf("errMatch found %+v, the dictionary nothing", h)
		}
		if !h.ok() {
			return
		}
		s := errSnippet(h)
		if strings.Count(s, "<mark>") != 1 || strings.Count(s, "</mark>") != 1 {
			t.Fatalf("snippet %q", s)
		}
		plain := markup.ReplaceAllString(s, "")
		if strings.ContainsAny(plain, "<>") {
			t.Fatalf("snippet %q has markup", s)
		}
		if !utf8.ValidString(s) {
			t.Fatalf("snippet %q is not UTF-8", s)
		}
		if len(msg) <= maxErrSnippet {
			want := strings.Join(strings.Fields(strings.ToValidUTF8(storedErrors([]string{msg}), "\uFFFD")), " ")
			if got := html.UnescapeString(plain); got != want {
				t.Fatalf("snippet %q is not the message %q", got, want)
			}
		}
	})
}

// FuzzSearchErrorMessages: any text searched over articles with error
// messages never panics and never yields a snippet with HTML other than
// <mark>.
func FuzzSearchErrorMessages(f *testing.F) {
	for _, s := range []string{"KW-NET-0042", "kw-net-0042: connection timed out", "<b>KW-HTML-0007</b>", "do_not_honor",
		`"ERR_INSTALL_42`, "** ` [ ] ( ) < > &", "NET-0042 gateway error", strings.Repeat("kw-net-0042 ", 30)} {
		f.Add(s)
	}
	ix := errIndex(f)
	f.Fuzz(func(t *testing.T, text string) {
		res, err := ix.Search(context.Background(), Query{Text: text})
		if err != nil {
			if len(text) > MaxQueryBytes {
				return
			}
			t.Fatalf("%q: %v", text, err)
		}
		for _, h := range res.Hits {
			if strings.ContainsAny(markup.ReplaceAllString(h.Snippet, ""), "<>") {
				t.Fatalf("%q: snippet %q", text, h.Snippet)
			}
		}
	})
}
