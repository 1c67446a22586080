// Command mcpbench measures kb's MCP server as an agent uses it: it
// connects to a running `kb serve -prod` over streamable HTTP with the
// official SDK's client, runs searches (article titles from the built
// folder, half of them with a typo) one after another, and prints the
// latency of a search call, p50 and p99, as the client sees it (HTTP,
// JSON-RPC and the search). It then reads sampled pages with get_page
// and prints the bytes an agent gets (the twin) beside the bytes of the
// HTML page, raw and gzipped. scripts/mcp-bench.sh builds a corpus,
// serves it and runs this.
//
// Usage:
//
//	mcpbench -url http://127.0.0.1:8080/mcp -dir public [-n 500] [-pages 200]
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

func main() {
	endpoint := flag.String("url", "http://127.0.0.1:8080/mcp", "the MCP endpoint")
	dir := flag.String("dir", "public", "the folder the server serves (for titles and page sizes)")
	n := flag.Int("n", 500, "searches")
	pages := flag.Int("pages", 200, "pages read with get_page")
	flag.Parse()
	if err := run(*endpoint, *dir, *n, *pages); err != nil {
		fmt.Fprintln(os.Stderr, "mcpbench:", err)
		os.Exit(1)
	}
}

func run(endpoint, dir string, n, npages int) error {
	twins, err := listTwins(dir)
	if err != nil {
		return err
	}
	if len(twins) == 0 {
		return fmt.Errorf("no pages in %s", dir)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	c := mcp.NewClient(&mcp.Implementation{Name: "mcpbench", Version: "1"}, nil)
	cs, err := c.Connect(ctx, &mcp.StreamableClientTransport{Endpoint: endpoint, DisableStandaloneSSE: true}, nil)
	if err != nil {
		return err
	}
	defer cs.Close()

	var lat []time.Duration
	found := 0
	for i := 0; i < n; i++ {
		q := title(filepath.Join(dir, filepath.FromSlash(twins[rng.IntN(len(twins))])))
		if i%2 == 1 {
			q = typo(q, rng)
		}
		start := time.Now()
		res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "search", Arguments: map[string]any{"query": q, "limit": 10}})
		d := time.Since(start)
		if err != nil {
			return fmt.Errorf("search %q: %v", q, err)
		}
		if res.IsError {
			return fmt.Errorf("search %q: tool error %v", q, res.Content)
		}
		lat = append(lat, d)
		var out struct{ Total int }
		data, _ := json.Marshal(res.StructuredContent)
		_ = json.Unmarshal(data, &out)
		if out.Total > 0 {
			found++
		}
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	fmt.Printf("search: %d calls over MCP (half with a typo), %d with results; p50 %v, p90 %v, p99 %v, max %v\n",
		len(lat), found, pct(0.50).Round(10*time.Microsecond), pct(0.90).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond), lat[len(lat)-1].Round(10*time.Microsecond))

	var mdB, htmlB, mdGz, htmlGz []int
	for i := 0; i < npages && i < len(twins); i++ {
		t := twins[rng.IntN(len(twins))]
		res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "get_page", Arguments: map[string]any{"url": "/" + t}})
		if err != nil || res.IsError {
			return fmt.Errorf("get_page %s: %v %v", t, err, res)
		}
		var out struct {
			Content    string
			NextOffset int `json:"next_offset"`
		}
		data, _ := json.Marshal(res.StructuredContent)
		_ = json.Unmarshal(data, &out)
		html, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimSuffix(t, ".md")), "index.html"))
		if err != nil {
			return err
		}
		mdB, htmlB = append(mdB, len(out.Content)), append(htmlB, len(html))
		mdGz, htmlGz = append(mdGz, gz([]byte(out.Content))), append(htmlGz, gz(html))
	}
	med := func(v []int) int { s := slices.Clone(v); slices.Sort(s); return s[len(s)/2] }
	fmt.Printf("get_page: %d pages; median twin %d bytes (%d gzipped) vs HTML page %d bytes (%d gzipped): %.2f of the HTML (%.2f gzipped)\n",
		len(mdB), med(mdB), med(mdGz), med(htmlB), med(htmlGz), float64(med(mdB))/float64(med(htmlB)), float64(med(mdGz))/float64(med(htmlGz)))
	return nil
}

// listTwins lists the articles' twins (x/y.md beside the folder x/y/ that
// holds index.html), as slash paths relative to dir.
func listTwins(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != dir {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if !d.IsDir() && path.Ext(rel) == ".md" && path.Base(rel) != "index.md" && strings.Count(rel, "/") >= 2 {
			out = append(out, rel)
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}

// title reads the first "# " heading of a twin.
func title(file string) string {
	data, _ := os.ReadFile(file)
	for line := range strings.SplitSeq(string(data), "\n") {
		if t, ok := strings.CutPrefix(line, "# "); ok {
			return t
		}
	}
	return "password"
}

// typo swaps two neighbouring letters of the longest word.
func typo(q string, rng *rand.Rand) string {
	words := strings.Fields(q)
	if len(words) == 0 {
		return q
	}
	long := 0
	for i, w := range words {
		if len(w) > len(words[long]) {
			long = i
		}
	}
	w := []byte(words[long])
	if len(w) >= 4 {
		i := 1 + rng.IntN(len(w)-2)
		w[i], w[i+1] = w[i+1], w[i]
	}
	words[long] = string(w)
	return strings.Join(words, " ")
}

func gz(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}
