package server

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

const (
	maxFeedbackBody = 4 << 10 // bytes of a feedback post
	maxQueryLog     = 256     // bytes of a logged search query
)

// Record is one line of the feedback file: a vote ("vote": Page and
// Helpful), a search that found nothing ("search": Query), or an agent
// read ("twin", "llms", "html": Page; "mcp": Page, or Query and Hits for
// a search; Agent when its user agent is known, see agents.go). No client
// address is kept.
type Record struct {
	Time    time.Time `json:"time"`
	Kind    string    `json:"kind"`
	Page    string    `json:"page,omitempty"`
	Helpful *bool     `json:"helpful,omitempty"`
	Query   string    `json:"query,omitempty"`
	Hits    *int      `json:"hits,omitempty"`
	Agent   string    `json:"agent,omitempty"`
}

// feedbackLog appends records to a JSON-lines file. Each record is one
// write to a file opened with O_APPEND, so several processes may append
// to the same file without mixing lines.
type feedbackLog struct {
	path string
	mu   sync.Mutex
}

func (f *feedbackLog) append(rec Record) error {
	line, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	line = append(line, '\n')
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
		return err
	}
	fh, err := os.OpenFile(f.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	_, err = fh.Write(line)
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	return err
}

// SearchMiss records a search that found nothing, for kb feedback. The
// search API calls it; it is safe for concurrent use and does nothing
// when the server keeps no feedback file. Queries are trimmed, and cut
// to 256 bytes.
func (s *Server) SearchMiss(query string) {
	if s.feedback == nil {
		return
	}
	q := cutQuery(query)
	if q == "" {
		return
	}
	if err := s.feedback.append(Record{Time: time.Now().UTC(), Kind: "search", Query: q}); err != nil {
		s.log.printf("kb: feedback: %v\n", err)
	}
}

// cutQuery is a query as logged: spaces trimmed and joined, at most
// maxQueryLog bytes.
func cutQuery(query string) string {
	q := strings.Join(strings.Fields(query), " ")
	if len(q) > maxQueryLog {
		q = q[:maxQueryLog]
		for !utf8.ValidString(q) {
			q = q[:len(q)-1]
		}
	}
	return q
}

// serveFeedback takes a "Was this page helpful?" vote: form-encoded
// page and helpful=yes|no from the theme's form without JavaScript
// (answered with 303 back to the page, ?feedback=thanks), or JSON
// {"page": …, "helpful": true|false} from kb.js (answered with JSON).
// The page must be given and be a page of the site (no page is a 400,
// not a vote for the home page); posts are bounded in size and
// rate-limited per client address.
func (s *Server) serveFeedback(w http.ResponseWriter, r *http.Request, st site) {
	if s.feedback == nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	if !allowMethods(w, r, http.MethodPost) {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	isJSON := ctype == "application/json"
	fail := func(code int, msg string) {
		if isJSON {
			writeJSON(w, code, map[string]string{"error": msg})
		} else {
			http.Error(w, msg, code)
		}
	}
	if ok, wait := s.limiter.allow(clientAddr(r), time.Now()); !ok {
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds()+0.999)))
		fail(http.StatusTooManyRequests, "too many feedback posts; try again later")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFeedbackBody)
	var page string
	var helpful bool
	switch ctype {
	case "application/json":
		var in struct {
			Page    *string `json:"page"`
			Helpful *bool   `json:"helpful"`
		}
		dec := json.NewDecoder(r.Body)
		if err := dec.Decode(&in); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				fail(http.StatusRequestEntityTooLarge, "feedback too large")
				return
			}
			fail(http.StatusBadRequest, "feedback must be JSON: {\"page\": \"/path/\", \"helpful\": true}")
			return
		}
		if in.Page == nil || in.Helpful == nil {
			fail(http.StatusBadRequest, "feedback needs page and helpful")
			return
		}
		page, helpful = *in.Page, *in.Helpful
	case "application/x-www-form-urlencoded", "multipart/form-data":
		if err := r.ParseForm(); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				fail(http.StatusRequestEntityTooLarge, "feedback too large")
				return
			}
			fail(http.StatusBadRequest, "bad form")
			return
		}
		page = r.PostForm.Get("page")
		switch r.PostForm.Get("helpful") {
		case "yes":
			helpful = true
		case "no":
		default:
			fail(http.StatusBadRequest, "helpful must be yes or no")
			return
		}
	default:
		fail(http.StatusUnsupportedMediaType, "post a form or JSON")
		return
	}
	if page == "" {
		// Else pageExists would read "" as "/": a vote for the home page.
		fail(http.StatusBadRequest, "feedback needs a page: the path of the page voted on")
		return
	}
	page, ok := pageExists(st, page)
	if !ok {
		fail(http.StatusBadRequest, "no such page")
		return
	}
	if err := s.feedback.append(Record{Time: time.Now().UTC(), Kind: "vote", Page: page, Helpful: &helpful}); err != nil {
		s.log.printf("kb: feedback: %v\n", err)
		fail(http.StatusServiceUnavailable, "feedback could not be saved")
		return
	}
	if isJSON {
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
		return
	}
	redirectTo(w, r, (&url.URL{Path: page}).EscapedPath()+"?feedback=thanks", http.StatusSeeOther)
}

// pageExists checks a page path sent with a vote ("/help/billing/refunds/")
// and returns it in its canonical form, with a trailing slash.
func pageExists(st site, page string) (string, bool) {
	if st == nil || len(page) > maxPathLen {
		return "", false
	}
	if !strings.HasSuffix(page, "/") {
		page += "/"
	}
	rel, code := sitePath(page, st.basePath())
	if code != 0 {
		return "", false
	}
	e, err := st.file(rel + "index.html")
	if err != nil {
		return "", false
	}
	e.close()
	if _, _, redirected := st.redirect(page); redirected {
		return "", false
	}
	return page, true
}

// clientAddr is the address rate limits apply to: the connection's, as
// headers such as X-Forwarded-For can be forged.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Rate is a token bucket: Burst posts at once, then one per Every.
type Rate struct {
	Burst int
	Every time.Duration
}

// limiter keeps one token bucket per client address.
type limiter struct {
	rate    Rate
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

const maxBuckets = 10000

func newLimiter(r Rate) *limiter {
	if r.Burst <= 0 {
		r.Burst = 5
	}
	if r.Every <= 0 {
		r.Every = 6 * time.Second
	}
	return &limiter{rate: r, buckets: map[string]*bucket{}}
}

// allow takes a token for key, or reports how long until one is free.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	burst := float64(l.rate.Burst)
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			for k, o := range l.buckets { // forget clients whose bucket is full again
				if o.tokens+float64(now.Sub(o.last))/float64(l.rate.Every) >= burst {
					delete(l.buckets, k)
				}
			}
			if len(l.buckets) >= maxBuckets {
				return false, l.rate.Every
			}
		}
		b = &bucket{tokens: burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(burst, b.tokens+float64(now.Sub(b.last))/float64(l.rate.Every))
	b.last = now
	if b.tokens < 1 {
		return false, time.Duration((1 - b.tokens) * float64(l.rate.Every))
	}
	b.tokens--
	return true, 0
}

// Summary is what kb feedback prints.
type Summary struct {
	Pages    []PageVotes  // voted pages, least helpful first; then pages and llms files only agents read, most read first
	Searches []QueryCount // most frequent first
	// AgentSearches are MCP searches that found nothing, most frequent first.
	AgentSearches []QueryCount
	Agents        []QueryCount // agent reads per agent name ("" unknown), most first
	Kinds         map[string]int
	Bad           int // lines that could not be read
}

// PageVotes counts the votes of one page, and its agent reads: its twin,
// its HTML fetched by an agent, MCP get_page; for an llms file, its reads.
type PageVotes struct {
	Page    string
	Yes, No int
	Agent   int
}

// Helpful is the share of "yes" votes, from 0 to 1.
func (p PageVotes) Helpful() float64 {
	if p.Yes+p.No == 0 {
		return 0
	}
	return float64(p.Yes) / float64(p.Yes+p.No)
}

// QueryCount counts a search that found nothing.
type QueryCount struct {
	Query string
	Count int
}

// Summarize reads a feedback file.
func Summarize(r io.Reader) (*Summary, error) {
	pages := map[string]*PageVotes{}
	queries := map[string]*QueryCount{}
	agentQueries := map[string]*QueryCount{}
	agents := map[string]*QueryCount{}
	sum := &Summary{Kinds: map[string]int{}}
	page := func(path string) *PageVotes {
		p := pages[path]
		if p == nil {
			p = &PageVotes{Page: path}
			pages[path] = p
		}
		return p
	}
	count := func(m map[string]*QueryCount, k string) {
		q := m[k]
		if q == nil {
			q = &QueryCount{Query: k}
			m[k] = q
		}
		q.Count++
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		var rec Record
		if err := json.Unmarshal(line, &rec); err != nil {
			sum.Bad++
			continue
		}
		switch {
		case rec.Kind == "vote" && rec.Page != "" && rec.Helpful != nil:
			p := page(rec.Page)
			if *rec.Helpful {
				p.Yes++
			} else {
				p.No++
			}
		case rec.Kind == "search" && rec.Query != "":
			count(queries, strings.ToLower(rec.Query))
		case rec.Kind == "mcp" && rec.Query != "" && rec.Hits != nil:
			sum.Kinds[rec.Kind]++
			count(agents, rec.Agent)
			if *rec.Hits == 0 {
				count(agentQueries, strings.ToLower(rec.Query))
			}
		case (rec.Kind == "twin" || rec.Kind == "llms" || rec.Kind == "html" || rec.Kind == "mcp") && rec.Page != "":
			sum.Kinds[rec.Kind]++
			count(agents, rec.Agent)
			page(rec.Page).Agent++
		default:
			sum.Bad++
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for _, p := range pages {
		sum.Pages = append(sum.Pages, *p)
	}
	sort.Slice(sum.Pages, func(i, j int) bool {
		a, b := sum.Pages[i], sum.Pages[j]
		if va, vb := a.Yes+a.No > 0, b.Yes+b.No > 0; va != vb {
			return va // voted pages first
		} else if !va && a.Agent != b.Agent {
			return a.Agent > b.Agent
		}
		if a.Helpful() != b.Helpful() {
			return a.Helpful() < b.Helpful()
		}
		if a.Yes+a.No != b.Yes+b.No {
			return a.Yes+a.No > b.Yes+b.No
		}
		return a.Page < b.Page
	})
	sum.Searches = byCount(queries)
	sum.AgentSearches = byCount(agentQueries)
	sum.Agents = byCount(agents)
	return sum, nil
}

// byCount lists counts, most first, then by name.
func byCount(m map[string]*QueryCount) []QueryCount {
	var out []QueryCount
	for _, q := range m {
		out = append(out, *q)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Query < b.Query
	})
	return out
}

// WriteText prints the summary as tables: pages with their votes (and
// their agent reads, when agents read any), searches without results,
// then agent reads by kind and agent, and agents' searches without
// results.
func (s *Summary) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	agentReads := len(s.Agents) > 0
	switch {
	case len(s.Pages) == 0:
		fmt.Fprintln(bw, "No votes yet.")
	case !agentReads:
		fmt.Fprintf(bw, "%7s %5s %5s %5s  %s\n", "Helpful", "Yes", "No", "Votes", "Page")
		for _, p := range s.Pages {
			fmt.Fprintf(bw, "%6.0f%% %5d %5d %5d  %s\n", 100*p.Helpful(), p.Yes, p.No, p.Yes+p.No, p.Page)
		}
	default:
		fmt.Fprintf(bw, "%7s %5s %5s %5s %6s  %s\n", "Helpful", "Yes", "No", "Votes", "Agents", "Page")
		for _, p := range s.Pages {
			helpful := "-"
			if p.Yes+p.No > 0 {
				helpful = fmt.Sprintf("%.0f%%", 100*p.Helpful())
			}
			fmt.Fprintf(bw, "%7s %5d %5d %5d %6d  %s\n", helpful, p.Yes, p.No, p.Yes+p.No, p.Agent, p.Page)
		}
	}
	fmt.Fprintln(bw)
	printQueries(bw, s.Searches, "No searches without results.", "Searches without results:")
	if agentReads {
		fmt.Fprint(bw, "\nAgent reads:")
		for i, k := range []string{"twin", "llms", "mcp", "html"} {
			if i > 0 {
				fmt.Fprint(bw, ",")
			}
			fmt.Fprintf(bw, " %d %s", s.Kinds[k], k)
		}
		fmt.Fprintf(bw, "\n%5s  %s\n", "Reads", "Agent")
		for _, a := range s.Agents {
			name := a.Query
			if name == "" {
				name = "(not a known agent)"
			}
			fmt.Fprintf(bw, "%5d  %s\n", a.Count, name)
		}
		fmt.Fprintln(bw)
		printQueries(bw, s.AgentSearches, "No agent searches without results.", "Agent searches without results (MCP):")
	}
	if s.Bad > 0 {
		fmt.Fprintf(bw, "\n%d lines could not be read.\n", s.Bad)
	}
	return bw.Flush()
}

// printQueries lists searches by count under title, or says none when
// there are none.
func printQueries(w io.Writer, qs []QueryCount, none, title string) {
	if len(qs) == 0 {
		fmt.Fprintln(w, none)
		return
	}
	fmt.Fprintln(w, title)
	fmt.Fprintf(w, "%5s  %s\n", "Count", "Query")
	for _, q := range qs {
		fmt.Fprintf(w, "%5d  %s\n", q.Count, q.Query)
	}
}
