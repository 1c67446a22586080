// Command reloadbench measures save-to-reload latency of kb's dev server
// and of Hugo's, side by side: it starts `kb serve` and `hugo server` on
// the same corpus, listens to each one's live-reload channel as a browser
// would, edits articles in place the way an editor saves, and times each
// save until the reload message arrives. scripts/bench-reload.sh builds kb,
// generates the corpora and runs it.
//
// Usage:
//
//	reloadbench -kb BIN -kb-site DIR -hugo-site DIR [-edits 20] [-title-every 5] [flags]
//
// Per round, both tools get the same edit of the same article, in
// alternating order (kb first in odd rounds). An edit is either a body
// edit (a unique sentence appended) or, every -title-every rounds, a title
// edit (a unique word added to the title, which shows in the sidebar of
// every page of the section). Before each edit, both servers must be idle
// (CPU under -idle-cpu for 500 ms) and no live-reload message may have
// arrived for -quiet, so that the message timed is the edit's own: kb
// keeps working after the reload (its dev search index), and Hugo's
// watcher can send more than one reload per save. After the reload, the
// article (and, for a title edit, the section's page and a sibling page
// whose sidebar links to the article) is fetched to check
// that it shows the edit.
//
// kb's channel is the server-sent event stream /_dev/events (a "reload"
// event after a good build, "error" after a failed one); Hugo's is the
// LiveReload WebSocket /livereload ({"command":"reload"} after a rebuild).
// Latency is from the in-place write returning (open with O_TRUNC, write,
// close) to the message being read off the socket.
//
// For a multilingual site (issue 18, scripts/bench-languages.sh), -tools
// kb,kb2 runs a second kb server on -kb2-site beside the first, and
// -articles names the articles to save, round after round, each with a
// label the summary groups by. With -langs de,fr, a translation's path
// (content/de/a.md) stands, on a site that lacks it, for its original
// (content/a.md); and after a save of a default-language article, its
// fallback pages (/de/a/ on a site with content/de/ but no content/de/a.md)
// are checked for the edit as well.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// config is what the flags say.
type config struct {
	kbBin, kbSite     string
	kb2Site           string   // a second kb server's site ("kb2")
	articles          []string // [label=]content path, saved in turn; empty: random
	langs             []string // language folders under content/
	hugoBin, hugoSite string
	hugoArgs          []string
	tools             []string // "hugo", "kb", "kb2", in that order
	edits             int
	titleEvery        int
	seed              uint64
	timeout           time.Duration // per edit, until the reload
	startTimeout      time.Duration // until the first page is served
	quiet             time.Duration // no message for this long before an edit
	idleCPU           float64       // a server is idle under this share of one core
	settleMax         time.Duration // longest wait for idle before an edit
	logDir            string
}

const usage = `usage: reloadbench -kb BIN -kb-site DIR -hugo-site DIR [flags]

Starts kb serve and hugo server on the same corpus and measures, for each
in-place save of an article, the time until the live-reload message.
`

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fl := flag.NewFlagSet("reloadbench", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() { fmt.Fprint(stderr, usage+"\nFlags:\n"); fl.PrintDefaults() }
	fl.StringVar(&c.kbBin, "kb", "", "kb binary")
	fl.StringVar(&c.kbSite, "kb-site", "", "site folder for kb (kbcorpus plain variant)")
	fl.StringVar(&c.kb2Site, "kb2-site", "", "site folder for a second kb server, kb2 in -tools (the same binary)")
	articles := fl.String("articles", "", "articles to save in turn, comma-separated [label=]content/… paths (default: random ones)")
	langs := fl.String("langs", "", "language folders under content/, comma-separated: a translation missing on a site stands for its original, and fallback pages are checked")
	fl.StringVar(&c.hugoBin, "hugo", "hugo", "hugo binary")
	fl.StringVar(&c.hugoSite, "hugo-site", "", "site folder for Hugo (kbcorpus -hugo variant)")
	hugoArgs := fl.String("hugo-args", "", "extra arguments for hugo server, space-separated (e.g. --disableFastRender)")
	tools := fl.String("tools", "kb,hugo", "servers to measure, comma-separated: kb, hugo, kb2")
	fl.IntVar(&c.edits, "edits", 20, "rounds; each round edits one article once per tool")
	fl.IntVar(&c.titleEvery, "title-every", 5, "every Nth round changes the article's title instead of its body (0: never)")
	fl.Uint64Var(&c.seed, "seed", 1, "seed for the choice of articles")
	fl.DurationVar(&c.timeout, "timeout", 3*time.Minute, "longest wait for the reload after a save")
	fl.DurationVar(&c.startTimeout, "start-timeout", 15*time.Minute, "longest wait for a server's first page")
	fl.DurationVar(&c.quiet, "quiet", time.Second, "no live-reload message for this long before each save")
	fl.Float64Var(&c.idleCPU, "idle-cpu", 0.1, "before each save, wait until every server uses less than this share of one core (0: don't wait)")
	fl.DurationVar(&c.settleMax, "settle-max", 3*time.Minute, "longest wait for the servers to become idle before a save")
	fl.StringVar(&c.logDir, "logdir", "", "folder for the servers' output (default: a new temporary folder)")
	if err := fl.Parse(args); err != nil {
		return c, err
	}
	if fl.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fl.Arg(0))
	}
	c.hugoArgs = strings.Fields(*hugoArgs)
	for a := range strings.SplitSeq(*articles, ",") {
		if a = strings.TrimSpace(a); a != "" {
			if _, p := splitLabel(a); !strings.HasPrefix(p, "content/") || !strings.HasSuffix(p, ".md") {
				return c, fmt.Errorf("-articles: %q is not a content/….md path", a)
			}
			c.articles = append(c.articles, a)
		}
	}
	for l := range strings.SplitSeq(*langs, ",") {
		if l = strings.TrimSpace(l); l != "" {
			c.langs = append(c.langs, l)
		}
	}
	for t := range strings.SplitSeq(*tools, ",") {
		switch t = strings.TrimSpace(t); t {
		case "kb", "hugo", "kb2":
			if !slices.Contains(c.tools, t) {
				c.tools = append(c.tools, t)
			}
		default:
			return c, fmt.Errorf("-tools: unknown tool %q (kb, hugo, kb2)", t)
		}
	}
	slices.Sort(c.tools) // "hugo" < "kb" < "kb2"; run order is decided per round
	switch {
	case len(c.tools) == 0:
		return c, errors.New("-tools: nothing to measure")
	case slices.Contains(c.tools, "kb") && (c.kbBin == "" || c.kbSite == ""):
		return c, errors.New("-kb and -kb-site are required to measure kb")
	case slices.Contains(c.tools, "kb2") && (c.kbBin == "" || c.kb2Site == ""):
		return c, errors.New("-kb and -kb2-site are required to measure kb2")
	case slices.Contains(c.tools, "hugo") && c.hugoSite == "":
		return c, errors.New("-hugo-site is required to measure hugo")
	case c.edits < 1:
		return c, errors.New("-edits must be at least 1")
	case c.titleEvery < 0:
		return c, errors.New("-title-every must not be negative")
	case c.timeout <= 0 || c.startTimeout <= 0 || c.quiet < 0 || c.settleMax < 0:
		return c, errors.New("durations must be positive")
	case c.idleCPU < 0:
		return c, errors.New("-idle-cpu must not be negative")
	}
	return c, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "reloadbench: %v\n", err)
		return 2
	}
	if err := bench(ctx, c, stdout); err != nil {
		fmt.Fprintf(stderr, "reloadbench: %v\n", err)
		return 1
	}
	return 0
}

// server is one dev server under test.
type server struct {
	tool    string // "kb", "kb2" or "hugo"
	site    string
	addr    string
	cmd     *exec.Cmd
	exited  chan struct{}
	msgs    chan message
	log     *lineLog
	startup time.Duration // from exec to the first page served
	rssUp   int64         // KiB, right after startup
}

// sample is one timed save.
type sample struct {
	round   int
	tool    string
	kind    string // "body" or "title"
	label   string // the -articles label, or ""
	art     string // content path, as saved on this tool's site
	latency time.Duration
	timeout bool
	event   string        // the message that ended the wait
	fresh   string        // "yes", "STALE …" or "?" (not checked)
	extra   int           // further messages within -quiet after the first
	cpu     time.Duration // server CPU time from the save until it was idle again
	self    string        // the tool's own report of the rebuild
	load    string
}

func bench(ctx context.Context, c config, out io.Writer) error {
	if c.logDir == "" {
		d, err := os.MkdirTemp("", "reloadbench-")
		if err != nil {
			return err
		}
		c.logDir = d
	}
	p := func(format string, a ...any) { fmt.Fprintf(out, format, a...) }

	// The articles: those of the kb site (the Hugo site has the same).
	ref := c.kbSite
	if ref == "" {
		ref = c.hugoSite
	}
	arts, err := listArticles(ref)
	if err != nil {
		return err
	}
	if len(arts) < 2 {
		return fmt.Errorf("%s: fewer than two articles", ref)
	}
	rng := rand.New(rand.NewPCG(c.seed, 0x5eed))
	perm := rng.Perm(len(arts))
	picks := make([]string, c.edits)
	for i := range picks {
		if len(c.articles) > 0 {
			picks[i] = c.articles[i%len(c.articles)]
		} else {
			picks[i] = arts[perm[i%len(perm)]]
		}
	}

	p("reloadbench: %d articles in %s; %d rounds, a title edit every %d; logs in %s\n", len(arts), ref, c.edits, c.titleEvery, c.logDir)
	p("load at start: %s\n", loadavg())

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	servers := map[string]*server{}
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	// Start the servers one after the other, so that each one's startup
	// has the machine to itself.
	for _, t := range c.tools {
		s, err := startServer(ctx, c, t)
		if s != nil {
			servers[t] = s
		}
		if err != nil {
			return err
		}
		p("%-4s started in %.2f s (first page served), RSS %.0f MB, at %s; its output: %s\n",
			t, s.startup.Seconds(), float64(s.rssUp)/1024, s.addr, filepath.Join(c.logDir, t+".log"))
	}
	for _, t := range c.tools {
		if err := servers[t].subscribe(ctx, c.startTimeout); err != nil {
			return err
		}
	}

	p("\n%-5s %-4s %-5s %10s %-8s %-6s %5s %8s %-14s %s\n", "round", "tool", "edit", "latency", "event", "fresh", "extra", "cpu", "load", "article; the tool's own report")
	var samples []sample
	for r := 1; r <= c.edits; r++ {
		kind := "body"
		if c.titleEvery > 0 && r%c.titleEvery == 0 {
			kind = "title"
		}
		order := slices.Clone(c.tools)
		slices.Reverse(order) // kb2, kb, hugo
		if r%2 == 0 {
			slices.Reverse(order)
		}
		for _, t := range order {
			s := servers[t]
			sm, err := s.edit(ctx, c, servers, r, kind, picks[r-1], arts, rng)
			if err != nil {
				return err
			}
			samples = append(samples, sm)
			lat := fmt.Sprintf("%.1f ms", ms(sm.latency))
			if sm.timeout {
				lat = "TIMEOUT"
			}
			art := sm.art
			if sm.label != "" {
				art = sm.label + " " + art
			}
			p("%-5d %-4s %-5s %10s %-8s %-6s %5d %7.2fs %-14s %s; %s\n", r, t, kind, lat, sm.event, sm.fresh, sm.extra, sm.cpu.Seconds(), sm.load, art, sm.self)
		}
	}

	p("\nload at end: %s\n", loadavg())
	summarize(out, c, servers, samples)
	return nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// isKB reports whether a tool is a kb server (kb or kb2).
func isKB(tool string) bool { return tool == "kb" || tool == "kb2" }

// splitLabel splits an -articles entry, "label=content/a.md" or
// "content/a.md".
func splitLabel(a string) (label, art string) {
	if l, p, ok := strings.Cut(a, "="); ok {
		return l, p
	}
	return "", a
}

// siteArticle is the file a save of art goes to on site: art itself, or,
// when the site lacks a translation (content/de/a.md, de in langs), its
// original (content/a.md).
func siteArticle(site string, langs []string, art string) string {
	if _, err := os.Stat(filepath.Join(site, filepath.FromSlash(art))); err == nil {
		return art
	}
	for _, l := range langs {
		if rest, ok := strings.CutPrefix(art, "content/"+l+"/"); ok {
			return "content/" + rest
		}
	}
	return art
}

// fallbackURLs are the URLs of the fallback pages built from art, a
// default-language article, on site: one per language of langs whose
// folder the site has without art's translation in it.
func fallbackURLs(site string, langs []string, art string) []string {
	rest, ok := strings.CutPrefix(art, "content/")
	if !ok {
		return nil
	}
	for _, l := range langs {
		if strings.HasPrefix(rest, l+"/") {
			return nil // a translation
		}
	}
	var out []string
	for _, l := range langs {
		if fi, err := os.Stat(filepath.Join(site, "content", l)); err != nil || !fi.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(site, "content", l, filepath.FromSlash(rest))); err == nil {
			continue
		}
		out = append(out, "/"+l+pageURL(art))
	}
	return out
}

// listArticles returns the content paths (content/…/x.md) of a site's
// articles, sorted: markdown files not named _index.md, outside folders
// and files whose names start with _ or a dot.
func listArticles(site string) ([]string, error) {
	var out []string
	root := filepath.Join(site, "content")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if path != root && (strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() && strings.HasSuffix(name, ".md") {
			rel, err := filepath.Rel(site, path)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}

// pageURL is an article's pretty URL path: content/a/b/c.md → /a/b/c/.
// (kbcorpus names are lowercase ASCII and set no slug, so kb and Hugo agree.)
func pageURL(contentPath string) string {
	return "/" + strings.TrimSuffix(strings.TrimPrefix(contentPath, "content/"), ".md") + "/"
}

// siblings returns the other articles of art's folder, nearest in name
// order first.
func siblings(arts []string, art string) []string {
	dir := path.Dir(art)
	var all []string
	for _, a := range arts {
		if a != art && path.Dir(a) == dir {
			all = append(all, a)
		}
	}
	slices.Sort(all)
	i, _ := slices.BinarySearch(all, art)
	var out []string
	for lo, hi := i-1, i; lo >= 0 || hi < len(all); lo, hi = lo-1, hi+1 {
		if hi < len(all) {
			out = append(out, all[hi])
		}
		if lo >= 0 {
			out = append(out, all[lo])
		}
	}
	return out
}

// sectionURL is the URL of the folder a page URL is in: /a/b/c/ → /a/b/.
func sectionURL(u string) string {
	return path.Dir(strings.TrimSuffix(u, "/")) + "/"
}

// linkingSibling returns the URL of a page of art's folder that links to
// art (in its sidebar, say) as the server serves it now, trying a few, or "".
// kb's sidebar shows a window of a long section, so not every sibling does.
func linkingSibling(ctx context.Context, addr string, arts []string, art string) string {
	want := `href="` + pageURL(art) + `"`
	for i, sib := range siblings(arts, art) {
		if i == 8 {
			break
		}
		if code, body, err := get(ctx, addr, pageURL(sib)); err == nil && code == http.StatusOK && strings.Contains(body, want) {
			return pageURL(sib)
		}
	}
	return ""
}

var titleRE = regexp.MustCompile(`(?m)^title:[ \t]*(.*?)[ \t]*$`)

// addToTitle adds " word" at the end of the front matter title of an
// article, inside its quotes if it has some.
func addToTitle(src []byte, word string) ([]byte, bool) {
	m := titleRE.FindSubmatchIndex(src)
	if m == nil {
		return nil, false
	}
	val := string(src[m[2]:m[3]])
	switch {
	case len(val) >= 2 && (val[0] == '"' || val[0] == '\'') && val[len(val)-1] == val[0]:
		val = val[:len(val)-1] + " " + word + val[len(val)-1:]
	case val == "":
		return nil, false
	default:
		val += " " + word
	}
	out := slices.Concat(src[:m[2]], []byte(val), src[m[3]:])
	return out, true
}

// writeInPlace saves data over an existing file as an editor that does
// not rename does: open with truncation, write, close.
func writeInPlace(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err2 := f.Close(); err == nil {
		err = err2
	}
	return err
}

// freePort returns a TCP port free on 127.0.0.1 at the time of the call.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

var httpClient = &http.Client{
	Timeout: 60 * time.Second,
	// A redirect would hide which page answered.
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// get fetches http://addr+path and returns its status and body.
func get(ctx context.Context, addr, path string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+path, nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func startServer(ctx context.Context, c config, tool string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{tool: tool, addr: fmt.Sprintf("127.0.0.1:%d", port), exited: make(chan struct{}), msgs: make(chan message, 64)}
	var cmd *exec.Cmd
	switch tool {
	case "kb", "kb2":
		s.site = c.kbSite
		if tool == "kb2" {
			s.site = c.kb2Site
		}
		cmd = exec.Command(c.kbBin, "serve", "-src", s.site, "-addr", s.addr)
	case "hugo":
		s.site = c.hugoSite
		args := append([]string{"server", "-s", c.hugoSite, "--port", fmt.Sprint(port), "--bind", "127.0.0.1"}, c.hugoArgs...)
		cmd = exec.Command(c.hugoBin, args...)
	}
	lf, err := os.Create(filepath.Join(c.logDir, tool+".log"))
	if err != nil {
		return nil, err
	}
	s.log = newLineLog(lf)
	cmd.Stdout, cmd.Stderr = s.log, s.log
	cmd.Stdin = nil
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %v", tool, err)
	}
	s.cmd = cmd
	go func() { _ = cmd.Wait(); close(s.exited); s.log.Close() }()

	// Ready when / answers 200. kb listens before its first build and
	// answers once it is done; Hugo listens after its first build.
	deadline := time.Now().Add(c.startTimeout)
	for {
		if time.Now().After(deadline) {
			return s, fmt.Errorf("%s: no page served within %s (see %s)", tool, c.startTimeout, lf.Name())
		}
		select {
		case <-s.exited:
			return s, fmt.Errorf("%s exited before serving (see %s): %s", tool, lf.Name(), s.log.tail())
		case <-ctx.Done():
			return s, ctx.Err()
		default:
		}
		rctx, rcancel := context.WithDeadline(ctx, deadline)
		code, _, err := get(rctx, s.addr, "/")
		rcancel()
		if err == nil && code == http.StatusOK {
			break
		}
		sleep(ctx, 50*time.Millisecond)
	}
	s.startup = time.Since(start)
	s.rssUp, _, _ = memKB(cmd.Process.Pid)
	return s, nil
}

// subscribe connects to the server's live-reload channel and waits for
// its hello.
func (s *server) subscribe(ctx context.Context, timeout time.Duration) error {
	switch s.tool {
	case "kb", "kb2":
		go listenSSE(ctx, "http://"+s.addr+"/_dev/events", s.msgs)
	case "hugo":
		go listenLiveReload(ctx, s.addr, s.msgs)
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	for {
		select {
		case m := <-s.msgs:
			if m.Err != nil {
				return fmt.Errorf("%s: %v", s.tool, m.Err)
			}
			if m.Kind == "hello" {
				return nil
			}
		case <-t.C:
			return fmt.Errorf("%s: no hello on the live-reload channel within %s", s.tool, timeout)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// isReload reports whether a message ends a save's wait: kb's reload (or
// css, or error for a failed build), Hugo's reload.
func (s *server) isReload(m message) bool {
	switch s.tool {
	case "kb", "kb2":
		return m.Kind == "reload" || m.Kind == "css" || m.Kind == "error"
	default:
		return m.Kind == "reload"
	}
}

// waitIdle drains every server's messages and returns once no message
// has arrived for quiet and every server's CPU use has been under
// c.idleCPU for 500 ms, or after max. It reports whether they became idle.
func waitIdle(ctx context.Context, c config, servers map[string]*server, max time.Duration) bool {
	const step = 250 * time.Millisecond
	end := time.Now().Add(max)
	last := map[string][]int64{} // the last few CPU readings per server
	lastMsg := time.Now().Add(-c.quiet)
	for {
		for _, s := range servers {
		drain:
			for {
				select {
				case m := <-s.msgs:
					if m.At.After(lastMsg) {
						lastMsg = m.At
					}
				default:
					break drain
				}
			}
		}
		idle := time.Since(lastMsg) >= c.quiet
		for t, s := range servers {
			n, err := cpuTicks(s.cmd.Process.Pid)
			if err != nil {
				continue // exited: edit will say so
			}
			h := append(last[t], n)
			if len(h) > 3 {
				h = h[len(h)-3:]
			}
			last[t] = h
			if c.idleCPU > 0 && (len(h) < 3 || float64(h[2]-h[0]) > c.idleCPU*clockTicks*2*step.Seconds()) {
				idle = false
			}
		}
		if idle {
			return true
		}
		if time.Now().After(end) {
			return false
		}
		sleep(ctx, step)
		if ctx.Err() != nil {
			return false
		}
	}
}

// edit makes one save and times it.
func (s *server) edit(ctx context.Context, c config, servers map[string]*server, round int, kind, art string, arts []string, rng *rand.Rand) (sample, error) {
	label, art := splitLabel(art)
	art = siteArticle(s.site, c.langs, art)
	sm := sample{round: round, tool: s.tool, kind: kind, label: label, art: art, fresh: "?"}
	select {
	case <-s.exited:
		return sm, fmt.Errorf("%s exited: %s", s.tool, s.log.tail())
	default:
	}
	file := filepath.Join(s.site, filepath.FromSlash(art))
	src, err := os.ReadFile(file)
	if err != nil {
		return sm, err
	}
	word := fmt.Sprintf("rb%s%dz%06x", s.tool, round, rng.Uint32()&0xFFFFFF)
	var data []byte
	check := append([]string{pageURL(art)}, fallbackURLs(s.site, c.langs, art)...)
	switch kind {
	case "title":
		var ok bool
		if data, ok = addToTitle(src, word); !ok {
			return sm, fmt.Errorf("%s: no title to change", file)
		}
		// The section's page lists every article; a sibling shows the
		// title in its sidebar.
		check = append(check, sectionURL(pageURL(art)))
		if sib := linkingSibling(ctx, s.addr, arts, art); sib != "" {
			check = append(check, sib)
		}
	default:
		data = append(slices.Clip(src), fmt.Sprintf("\nReload benchmark edit %s, round %d.\n", word, round)...)
	}
	// The writer has the page open.
	_, _, _ = get(ctx, s.addr, check[0])
	if c.idleCPU > 0 || c.quiet > 0 {
		if !waitIdle(ctx, c, servers, c.settleMax) {
			fmt.Fprintf(os.Stderr, "reloadbench: round %d %s: servers still busy after %s; saving anyway\n", round, s.tool, c.settleMax)
		}
	}
	sm.load = strings.Fields(loadavg())[0]
	mark := s.log.mark()
	ticks0, _ := cpuTicks(s.cmd.Process.Pid)

	if err := writeInPlace(file, data); err != nil {
		return sm, err
	}
	t0 := time.Now()

	timer := time.NewTimer(c.timeout)
	defer timer.Stop()
wait:
	for {
		select {
		case m := <-s.msgs:
			if m.Err != nil {
				fmt.Fprintf(os.Stderr, "reloadbench: round %d %s: %v\n", round, s.tool, m.Err)
				continue
			}
			if m.At.Before(t0) || !s.isReload(m) {
				continue
			}
			sm.latency, sm.event = m.At.Sub(t0), m.Kind
			break wait
		case <-timer.C:
			sm.timeout, sm.latency, sm.event = true, c.timeout, "-"
			break wait
		case <-s.exited:
			return sm, fmt.Errorf("%s exited: %s", s.tool, s.log.tail())
		case <-ctx.Done():
			return sm, ctx.Err()
		}
	}

	if !sm.timeout {
		// Does the page show the edit (and, for a title, the sidebar of a
		// page next to it)?
		sm.fresh = "yes"
		for _, u := range check {
			code, body, err := get(ctx, s.addr, u)
			switch {
			case err != nil:
				sm.fresh = "? " + err.Error()
			case code != http.StatusOK:
				sm.fresh = fmt.Sprintf("? %d %s", code, u)
			case !strings.Contains(body, word):
				sm.fresh = "STALE " + u
			default:
				continue
			}
			break
		}
	}

	// Further messages within quiet of the last one (a second reload for
	// the same save), and the time until the server is idle again.
	quietEnd := time.Now().Add(c.quiet)
	for time.Now().Before(quietEnd) {
		t := time.NewTimer(time.Until(quietEnd))
		select {
		case m := <-s.msgs:
			if m.Err == nil && s.isReload(m) {
				sm.extra++
				quietEnd = time.Now().Add(c.quiet)
			}
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return sm, ctx.Err()
		}
		t.Stop()
	}
	if c.idleCPU > 0 {
		waitIdle(ctx, c, map[string]*server{s.tool: s}, c.settleMax)
		if ticks1, err := cpuTicks(s.cmd.Process.Pid); err == nil {
			sm.cpu = time.Duration(ticks1-ticks0) * time.Second / clockTicks
		}
	}
	sm.self = s.log.since(mark, s.selfReport)
	return sm, nil
}

var (
	kbBuiltRE   = regexp.MustCompile(`kb: built .* in ([0-9.]+[µmn]?s)\b`)
	hugoTotalRE = regexp.MustCompile(`Total in ([0-9.]+) ms`)
)

// selfBuild is the rebuild time the tool printed in a round's report
// (the last one if it rebuilt more than once), or 0.
func selfBuild(tool, report string) time.Duration {
	re := kbBuiltRE
	if !isKB(tool) {
		re = hugoTotalRE
	}
	m := re.FindAllStringSubmatch(report, -1)
	if m == nil {
		return 0
	}
	v := m[len(m)-1][1]
	if tool == "hugo" {
		v += "ms"
	}
	d, _ := time.ParseDuration(v)
	return d
}

// selfReport picks the lines in which a tool reports a rebuild.
func (s *server) selfReport(line string) bool {
	switch s.tool {
	case "kb", "kb2":
		return strings.Contains(line, "built") || strings.Contains(line, "failed") || strings.Contains(line, "search index")
	default:
		return strings.Contains(line, "Total in") || strings.Contains(line, "ERROR") || strings.Contains(line, "rebuild")
	}
}

// stop interrupts the server and waits for it (killing it after 10 s).
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// lineLog writes a server's output to a file and keeps its lines, with
// the time each was read, for the per-round report.
type lineLog struct {
	mu    sync.Mutex
	w     io.WriteCloser
	part  []byte
	lines []string
}

func newLineLog(w io.WriteCloser) *lineLog { return &lineLog{w: w} }

func (l *lineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = l.w.Write(p)
	l.part = append(l.part, p...)
	for {
		i := strings.IndexByte(string(l.part), '\n')
		if i < 0 {
			break
		}
		l.lines = append(l.lines, strings.TrimRight(string(l.part[:i]), "\r"))
		l.part = l.part[i+1:]
	}
	if len(l.lines) > 100000 {
		l.lines = l.lines[len(l.lines)-50000:] // mark() indexes shift; only the report suffers
	}
	return len(p), nil
}

func (l *lineLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Close()
}

// mark is the number of lines so far.
func (l *lineLog) mark() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.lines)
}

// since joins, with " | ", the lines after mark that keep accepts.
func (l *lineLog) since(mark int, keep func(string) bool) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for i := min(mark, len(l.lines)); i < len(l.lines); i++ {
		if t := strings.TrimSpace(l.lines[i]); t != "" && keep(t) {
			out = append(out, t)
		}
	}
	return strings.Join(out, " | ")
}

// tail is the last lines of output, for an error message.
func (l *lineLog) tail() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := len(l.lines)
	return strings.Join(l.lines[max(0, n-5):n], " | ")
}
