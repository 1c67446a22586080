// Command searchbrowser measures kb's static search beside Pagefind in
// Chromium, over one built site: the bytes transferred and requests of a
// reader's first query and of each further keystroke, the time of a query
// once its data has arrived, and each index's size on disk.
//
//	go run ./scripts/searchbrowser -site DIR/public   # kb build, then npx pagefind@1 --site public
//	scripts/static-search-browser.sh 10000           # a kbcorpus site, built and indexed by both
//
// The site is served by staticHost (serve.go): precompressed .gz files
// with Content-Encoding: gzip, other text gzipped on the fly, as Netlify
// or nginx's gzip_static do. Bytes are counted on the server's
// connections (status line, headers and body, what CDP reports as
// encodedDataLength), because Pagefind searches in a web worker whose
// requests the page's CDP session does not see; for kb, whose requests
// it does see, CDP's figure is printed beside the server's as a check.
//
// A session is one query in a fresh browser context (no cache, no
// storage). kb: open an article, wait until kb.js has made the header's
// box a combobox and the network is quiet (anything of the search loaded
// by then is reported), click the box, then type the query a key at a
// time; after each key wait for the box to show that prefix's results
// and for the network to be quiet, then pause -pause (a space is typed
// with the key after it). Pagefind, in the same kind of tab on the same
// article: on "focus", import pagefind/pagefind.js and init(); then for
// each prefix, search(prefix) and data() of the first 8 results, as its
// UI does. The first query is everything from the focus to the first
// key's results (also printed: to the second key's, since the engines
// differ in what they fetch for a single letter); each further keystroke
// is what its prefix fetched.
//
// Query time: in one more tab per engine, each query is run once (to
// fetch its data) and then timed three more times with performance.now(),
// the middle one kept (the machine is shared): kb's engine opened
// directly with kbSearch.open, Pagefind's search(q) plus data() of the
// first 8. -typing=false measures only this and the index sizes.
//
// Queries: the first two words of every -every-th article title (in the
// order of content/, lowercased), then as many reader-style queries with
// a typo (two content words of every -every-th title from the middle
// offset, the longer missing a middle letter), then a few fixed ones.
// Both engines get the same queries.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"
	"unicode"

	"github.com/chromedp/chromedp"
	"go.yaml.in/yaml/v3"
)

func main() {
	site := flag.String("site", "public", "the built site (kb build, then pagefind over it)")
	content := flag.String("content", "", "the site's content folder, for titles (default: beside -site)")
	every := flag.Int("every", 500, "take every n-th article's title as a query")
	sessions := flag.Int("sessions", 0, "at most this many queries (0: all)")
	pause := flag.Duration("pause", 120*time.Millisecond, "pause after a keystroke's results, before the next key")
	engines := flag.String("engines", "kb,pagefind", "engines to measure")
	details := flag.String("details", "", "write every step's requests to this file (tab-separated)")
	typing := flag.Bool("typing", true, "type the queries (false: only the query time and the index sizes)")
	flag.Parse()
	if *content == "" {
		*content = filepath.Join(*site, "..", "content")
	}
	cfg := config{site: *site, pause: *pause, details: *details, typing: *typing}
	for _, e := range strings.Split(*engines, ",") {
		switch e {
		case "kb":
			cfg.kb = true
		case "pagefind":
			cfg.pagefind = true
		default:
			fmt.Fprintf(os.Stderr, "searchbrowser: unknown engine %q\n", e)
			os.Exit(2)
		}
	}
	arts, err := articles(*content)
	if err != nil {
		fail(err)
	}
	if len(arts) == 0 {
		fail(fmt.Errorf("no articles under %s", *content))
	}
	cfg.page = arts[0].URL
	cfg.queries = queries(arts, max(1, *every))
	if *sessions > 0 && len(cfg.queries) > *sessions {
		cfg.queries = cfg.queries[:*sessions]
	}
	// Ctrl-C stops the browser too (its allocator's context is ctx).
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = run(ctx, cfg)
	stop()
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "searchbrowser:", err)
	os.Exit(1)
}

type config struct {
	site         string
	page         string // the article every session opens
	queries      []query
	pause        time.Duration
	details      string // a file for every step's requests
	typing       bool   // type the queries in the box (false: query time and sizes only)
	kb, pagefind bool
}

type article struct{ Title, URL string }

// A query is what a session types; Source is the title it was taken from
// (title queries only).
type query struct{ Text, Source string }

// articles reads every article's title from content/ (not _index.md), in
// the order of the folder, and its URL (path without .md, slash-ended).
func articles(dir string) ([]article, error) {
	var out []article
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || d.Name() == "_index.md" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := strings.TrimPrefix(string(b), "---\n")
		fm, _, ok := strings.Cut(s, "\n---\n")
		if !ok {
			return nil
		}
		var m struct{ Title string }
		if err := yaml.Unmarshal([]byte(fm), &m); err != nil || m.Title == "" {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, article{Title: m.Title, URL: "/" + strings.TrimSuffix(filepath.ToSlash(rel), ".md") + "/"})
		return nil
	})
	return out, err
}

// fixed are reader-style queries, with and without typos, in the
// corpus's words.
var fixed = []string{"pasword reset", "cant sign in", "refund invoce", "two factor", "export csv", "delete acount", "webhok not working", "vat number"}

var stopWords = map[string]bool{"how": true, "do": true, "can't": true, "my": true, "why": true, "is": true, "the": true, "for": true, "your": true, "when": true, "you": true, "with": true, "and": true, "from": true, "after": true, "what": true, "error": true, "to": true, "on": true, "in": true, "of": true, "an": true}

func queries(arts []article, every int) []query {
	var qs []query
	for i := 0; i < len(arts); i += every {
		w := strings.Fields(strings.ToLower(arts[i].Title))
		qs = append(qs, query{strings.Join(w[:min(2, len(w))], " "), arts[i].Title})
	}
	for i := every / 2; i < len(arts); i += every {
		var w []string
		for _, f := range strings.Fields(strings.ToLower(arts[i].Title)) {
			f = strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if len(f) >= 3 && !stopWords[f] {
				w = append(w, f)
			}
		}
		if len(w) == 0 {
			continue
		}
		w = w[:min(2, len(w))]
		long := 0
		for j := range w {
			if len(w[j]) > len(w[long]) {
				long = j
			}
		}
		if s := w[long]; len(s) >= 5 {
			w[long] = s[:len(s)/2] + s[len(s)/2+1:]
		}
		qs = append(qs, query{Text: strings.Join(w, " ")})
	}
	for _, q := range fixed {
		qs = append(qs, query{Text: q})
	}
	return qs
}

// steps splits q into what the reader has typed after each keystroke; a
// space goes with the key after it (the box would search the same words
// again).
func steps(q string) []string {
	var out []string
	for i := 1; i <= len(q); i++ {
		if q[i-1] != ' ' {
			out = append(out, q[:i])
		}
	}
	return out
}

// A session is what one query cost: per step, requests and bytes.
type session struct {
	query    string
	loadReqs []string // requests of the page load that belong to search
	reqs     []int    // per step
	bytes    []int64
	cdpBytes []float64 // per step, what the page's CDP session saw (kb)
	typed    []string  // per step, what the box held
	urls     [][]string
	source   string   // the title a title query was taken from
	titles   []string // the titles shown (the first 8)
	problems []string
	warns    []string
}

func run(ctx context.Context, cfg config) error {
	exe, err := exec.LookPath("chromium")
	if err != nil {
		return errors.New("chromium is not installed (apt-get install chromium)")
	}
	rec := newRecorder()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: rec.wrap(newStaticHost(cfg.site)), ReadHeaderTimeout: readHeaderTimeout}
	go hs.Serve(rec.listen(ln))
	defer hs.Close()
	base := "http://" + ln.Addr().String()

	browser, stopBrowser, err := startBrowser(ctx, exe)
	if err != nil {
		return fmt.Errorf("start %s: %w", exe, err)
	}
	defer stopBrowser()

	var kbS, pfS []session
	var kbT, pfT []timing
	for i, q := range cfg.queries {
		if !cfg.typing {
			break
		}
		fmt.Fprintf(os.Stderr, "\rsession %d/%d %-40q", i+1, len(cfg.queries), q.Text)
		if cfg.kb {
			s, err := kbSession(browser, rec, base, cfg, q)
			if err != nil {
				return fmt.Errorf("kb, %q: %w", q.Text, err)
			}
			kbS = append(kbS, s)
		}
		if cfg.pagefind {
			s, err := pagefindSession(browser, rec, base, cfg, q)
			if err != nil {
				return fmt.Errorf("pagefind, %q: %w", q.Text, err)
			}
			pfS = append(pfS, s)
		}
	}
	fmt.Fprintln(os.Stderr)
	if cfg.kb {
		if kbT, err = timeQueries(browser, base, cfg, kbTimeJS); err != nil {
			return fmt.Errorf("kb query time: %w", err)
		}
	}
	if cfg.pagefind {
		if pfT, err = timeQueries(browser, base, cfg, pagefindTimeJS); err != nil {
			return fmt.Errorf("pagefind query time: %w", err)
		}
	}
	if cfg.details != "" {
		var b strings.Builder
		b.WriteString("engine\tquery\tstep\ttyped\trequests\tbytes\tpaths\n")
		for e, ss := range [][]session{kbS, pfS} {
			for _, s := range ss {
				for i := range s.reqs {
					fmt.Fprintf(&b, "%s\t%s\t%d\t%s\t%d\t%d\t%s\n", []string{"kb", "pagefind"}[e], s.query, i, s.typed[i], s.reqs[i], s.bytes[i], strings.Join(s.urls[i], " "))
				}
				fmt.Fprintf(&b, "%s\t%s\tshown\t%s\t\t\t%s\n", []string{"kb", "pagefind"}[e], s.query, s.query, strings.Join(s.titles, " | "))
			}
		}
		if err := os.WriteFile(cfg.details, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	report(cfg, kbS, pfS, kbT, pfT)
	return nil
}

const header = "#search-header-q"

// shownJS: the box shows the results of what it holds (the "see all"
// link, there with or without hits, carries the query).
const shownJS = `(() => { const i = document.querySelector("` + header + `"), all = i.form.querySelector(".search-all");
	return i.getAttribute("aria-expanded") === "true" && !!all && new URL(all.href).searchParams.get("q") === i.value.trim(); })()`

func kbSession(browser context.Context, rec *recorder, base string, cfg config, q query) (session, error) {
	s := session{query: q.Text, source: q.Source}
	tb, err := newTab(browser, base)
	if err != nil {
		return s, err
	}
	defer tb.cancel()
	rec.reset()
	resp, err := chromedp.RunResponse(tb.ctx, chromedp.Navigate(base+cfg.page))
	if err != nil {
		return s, err
	}
	if resp == nil || resp.Status != 200 {
		return s, fmt.Errorf("%s: no 200 response", cfg.page)
	}
	if err := waitJS(tb, `document.querySelector("`+header+`").getAttribute("role") === "combobox"`, 20*time.Second); err != nil {
		return s, err
	}
	if err := rec.idle(300 * time.Millisecond); err != nil {
		return s, err
	}
	s.loadReqs = loadedEarly(rec, "/assets/search/", "/assets/kb-search.")
	tb.setStep(0)
	rec.setStep(0)
	if err := chromedp.Do(tb.ctx, chromedp.Click(header)); err != nil {
		return s, err
	}
	time.Sleep(cfg.pause)
	prev := ""
	for i, st := range steps(q.Text) {
		tb.setStep(i)
		rec.setStep(i)
		if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(st[len(prev):])); err != nil {
			return s, err
		}
		prev = st
		if err := waitJS(tb, shownJS, 20*time.Second); err != nil {
			return s, err
		}
		if err := rec.idle(150 * time.Millisecond); err != nil {
			return s, err
		}
		s.add(rec, tb, i, st)
		time.Sleep(cfg.pause)
	}
	t, err := eval[[]string](tb, `Array.from(document.querySelectorAll("`+header+`-list .search-option-title"), (o) => o.firstChild.textContent)`)
	if err != nil {
		return s, err
	}
	s.titles = t
	s.problems, s.warns = tb.report()
	return s, nil
}

// loadedEarly returns the paths of the page load (step -1) that start
// with one of prefixes: search files loaded before the reader focused
// the box.
func loadedEarly(rec *recorder, prefixes ...string) []string {
	paths, _ := rec.at(-1)
	var out []string
	for _, p := range paths {
		for _, pre := range prefixes {
			if strings.HasPrefix(p, pre) {
				out = append(out, "loaded before the focus: "+p)
				break
			}
		}
	}
	return out
}

// add records step i's requests and bytes, as the server and CDP saw them.
func (s *session) add(rec *recorder, tb *tab, i int, typed string) {
	s.typed = append(s.typed, typed)
	paths, n := rec.at(i)
	s.reqs = append(s.reqs, len(paths))
	s.bytes = append(s.bytes, n)
	s.urls = append(s.urls, paths)
	var cdp float64
	for _, f := range tb.fetches(i) {
		cdp += f.Wire
	}
	s.cdpBytes = append(s.cdpBytes, cdp)
}

func pagefindSession(browser context.Context, rec *recorder, base string, cfg config, q query) (session, error) {
	s := session{query: q.Text, source: q.Source}
	tb, err := newTab(browser, base)
	if err != nil {
		return s, err
	}
	defer tb.cancel()
	rec.reset()
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(base+cfg.page)); err != nil {
		return s, err
	}
	if err := waitJS(tb, `document.querySelector("`+header+`").getAttribute("role") === "combobox"`, 20*time.Second); err != nil {
		return s, err
	}
	if err := rec.idle(300 * time.Millisecond); err != nil {
		return s, err
	}
	s.loadReqs = loadedEarly(rec, "/pagefind/")
	tb.setStep(0)
	rec.setStep(0)
	if _, err := eval[bool](tb, `(async () => { window.__pf = await import(`+jsString(base+"/pagefind/pagefind.js")+`); await __pf.init(); return true; })()`); err != nil {
		return s, fmt.Errorf("pagefind init: %w", err)
	}
	time.Sleep(cfg.pause)
	type res struct {
		N      int      `json:"n"`
		Titles []string `json:"titles"`
	}
	var r res
	for i, st := range steps(q.Text) {
		tb.setStep(i)
		rec.setStep(i)
		r, err = eval[res](tb, `(async () => { const r = await __pf.search(`+jsString(st)+`);
			const d = await Promise.all(r.results.slice(0, 8).map((x) => x.data()));
			return {n: r.results.length, titles: d.map((x) => x.meta.title || "")}; })()`)
		if err != nil {
			return s, fmt.Errorf("pagefind search %q: %w", st, err)
		}
		if err := rec.idle(150 * time.Millisecond); err != nil {
			return s, err
		}
		s.add(rec, tb, i, st)
		time.Sleep(cfg.pause)
	}
	s.titles = r.Titles
	s.problems, s.warns = tb.report()
	return s, nil
}

// kbTimeJS opens kb's engine as kb.js does and times each query's second
// run (ms).
const kbTimeJS = `(async (qs) => {
	const st = (await (await fetch("/api/search-status.json")).json()).static;
	await new Promise((ok, fail) => { const s = document.createElement("script"); s.src = st.engine; s.onload = ok; s.onerror = fail; document.head.append(s); });
	const load = (u) => fetch(u, { headers: { Accept: "application/json" } }).then((r) => { if (!r.ok) throw new Error(u + ": " + r.status); return r.json(); });
	const eng = kbSearch.open(new URL(st.index, location.href).href, load);
	await eng.ready();
	const out = [];
	for (const q of qs) {
		const n = (await eng.search(q, { limit: 8 })).total;
		const ts = [];
		for (let i = 0; i < 3; i++) { const t = performance.now(); await eng.search(q, { limit: 8 }); ts.push(performance.now() - t); }
		out.push({ ms: ts.sort((a, b) => a - b)[1], n });
	}
	return out;
})`

// pagefindTimeJS does the same for Pagefind: search plus the first 8
// results' data.
const pagefindTimeJS = `(async (qs) => {
	const pf = await import(location.origin + "/pagefind/pagefind.js");
	await pf.init();
	const one = async (q) => { const r = await pf.search(q); await Promise.all(r.results.slice(0, 8).map((x) => x.data())); return r.results.length; };
	const out = [];
	for (const q of qs) {
		const n = await one(q);
		const ts = [];
		for (let i = 0; i < 3; i++) { const t = performance.now(); await one(q); ts.push(performance.now() - t); }
		out.push({ ms: ts.sort((a, b) => a - b)[1], n });
	}
	return out;
})`

// A timing is one query's time once its data is in, and its result count.
type timing struct {
	MS float64 `json:"ms"`
	N  int     `json:"n"`
}

func timeQueries(browser context.Context, base string, cfg config, fn string) ([]timing, error) {
	tb, err := newTab(browser, base)
	if err != nil {
		return nil, err
	}
	defer tb.cancel()
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(base+cfg.page)); err != nil {
		return nil, err
	}
	qs := make([]string, len(cfg.queries))
	for i, q := range cfg.queries {
		qs[i] = jsString(q.Text)
	}
	return eval[[]timing](tb, fn+"(["+strings.Join(qs, ",")+"])")
}

func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// dirSize counts the files under dir and their bytes, with and without
// the .gz twins.
func dirSize(dir string) (files, gzFiles int, size, gzSize int64) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		if strings.HasSuffix(p, ".gz") {
			gzFiles++
			gzSize += fi.Size()
		} else {
			files++
			size += fi.Size()
		}
		return nil
	})
	return
}

func report(cfg config, kbS, pfS []session, kbT, pfT []timing) {
	var qs []string
	for _, q := range cfg.queries[:min(4, len(cfg.queries))] {
		qs = append(qs, q.Text)
	}
	fmt.Printf("%d sessions, each in a fresh browser context on %s; queries %q …\n", len(cfg.queries), cfg.page, qs)
	type col struct {
		name string
		ss   []session
		t    []timing
	}
	var cols []col
	if cfg.kb {
		cols = append(cols, col{"kb static search", kbS, kbT})
	}
	if cfg.pagefind {
		cols = append(cols, col{"Pagefind", pfS, pfT})
	}
	row := func(name string, f func(c col) string) {
		fmt.Printf("| %s |", name)
		for _, c := range cols {
			fmt.Printf(" %s |", f(c))
		}
		fmt.Println()
	}
	fmt.Print("\n| |")
	for _, c := range cols {
		fmt.Printf(" %s |", c.name)
	}
	fmt.Print("\n|---|")
	for range cols {
		fmt.Print("---|")
	}
	fmt.Println()
	// sum adds the steps [from, to) of each session, or each step
	// alone (to < 0: every step from from on).
	sum := func(c col, from, to int) (b, r []float64) {
		for _, s := range c.ss {
			if to < 0 {
				for i := from; i < len(s.bytes); i++ {
					b, r = append(b, float64(s.bytes[i])), append(r, float64(s.reqs[i]))
				}
				continue
			}
			var sb, sr float64
			for i := from; i < min(to, len(s.bytes)); i++ {
				sb, sr = sb+float64(s.bytes[i]), sr+float64(s.reqs[i])
			}
			b, r = append(b, sb), append(r, sr)
		}
		return
	}
	stat := func(from, to int, p float64) func(c col) string {
		return func(c col) string {
			if len(c.ss) == 0 {
				return "–"
			}
			b, r := sum(c, from, to)
			return fmt.Sprintf("%s, %.0f requests", kB(pct(b, p)), pct(r, p))
		}
	}
	row("first query (focus and first key), median", stat(0, 1, 0.5))
	row("first query, p90", stat(0, 1, 0.9))
	row("first query, max", stat(0, 1, 1))
	row("focus and first two keys, median", stat(0, 2, 0.5))
	row("focus and first two keys, p90", stat(0, 2, 0.9))
	row("each further keystroke, median", stat(1, -1, 0.5))
	row("each further keystroke, p90", stat(1, -1, 0.9))
	row("each further keystroke, max", stat(1, -1, 1))
	row("whole query typed, median", stat(0, 1<<30, 0.5))
	row("whole query typed, p90", stat(0, 1<<30, 0.9))
	row("query time after the data arrived, median / p90", func(c col) string {
		var ms []float64
		for _, t := range c.t {
			ms = append(ms, t.MS)
		}
		return fmt.Sprintf("%.1f ms / %.1f ms", med(ms), pct(ms, 0.9))
	})
	row("queries with no results", func(c col) string {
		var none []string
		for i, t := range c.t {
			if t.N == 0 {
				none = append(none, cfg.queries[i].Text)
			}
		}
		return fmt.Sprintf("%d of %d %q", len(none), len(c.t), none)
	})
	row("title queries: the article among the 8 shown / first", func(c col) string {
		if len(c.ss) == 0 {
			return "–"
		}
		in, top, n := 0, 0, 0
		for _, s := range c.ss {
			if s.source == "" {
				continue
			}
			n++
			if slices.Contains(s.titles, s.source) {
				in++
			}
			if len(s.titles) > 0 && s.titles[0] == s.source {
				top++
			}
		}
		return fmt.Sprintf("%d / %d of %d", in, top, n)
	})
	row("index on disk", func(c col) string {
		if c.name == "Pagefind" {
			f, _, sz, _ := dirSize(filepath.Join(cfg.site, "pagefind"))
			return fmt.Sprintf("pagefind/: %d files, %.1f MB", f, float64(sz)/1e6)
		}
		v := kbIndexDir(cfg.site)
		f, gf, sz, gsz := dirSize(v)
		return fmt.Sprintf("%s: %d files, %.1f MB; with .gz %d files, %.1f MB", path.Base(v)+"/", f, float64(sz)/1e6, f+gf, float64(sz+gsz)/1e6)
	})
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("\nload average at the end: %s\n", strings.Join(strings.Fields(string(b))[:3], " "))
	}
	for _, c := range cols {
		var before, probs, warns []string
		for _, s := range c.ss {
			before = append(before, s.loadReqs...)
			probs = append(probs, s.problems...)
			warns = append(warns, s.warns...)
		}
		fmt.Printf("%s: %d search requests before the focus; %d problems (console errors, failed requests, exceptions), %d console warnings\n", c.name, len(before), len(probs), len(warns))
		for _, p := range uniq(append(append(before, probs...), warns...)) {
			fmt.Println("  " + p)
		}
		if c.name != "Pagefind" {
			var worst float64
			for _, s := range c.ss {
				for i := range s.bytes {
					if d := float64(s.bytes[i]) - s.cdpBytes[i]; d > worst || -d > worst {
						worst = max(d, -d)
					}
				}
			}
			fmt.Printf("  (bytes counted by the server and by CDP's encodedDataLength differ by at most %.0f bytes a step)\n", worst)
		}
	}
}

// kbIndexDir is the static index's versioned folder, assets/search/<version>.
func kbIndexDir(site string) string {
	ms, _ := filepath.Glob(filepath.Join(site, "assets", "search", "*", "meta.json"))
	sort.Strings(ms)
	if len(ms) == 0 {
		return filepath.Join(site, "assets", "search")
	}
	return filepath.Dir(ms[len(ms)-1])
}

func uniq(v []string) []string {
	seen := map[string]int{}
	var out []string
	for _, s := range v {
		if seen[s]++; seen[s] == 1 {
			out = append(out, s)
		}
	}
	for i, s := range out {
		if n := seen[s]; n > 1 {
			out[i] = fmt.Sprintf("%s (×%d)", s, n)
		}
	}
	return out
}

func kB(b float64) string { return fmt.Sprintf("%.1f KB", b/1e3) }

func med(v []float64) float64 { return pct(v, 0.5) }

// pct is the nearest-rank percentile p of v (1: the largest), as
// scripts/staticbytes reports.
func pct(v []float64, p float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}
