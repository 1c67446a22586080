// Command staticbytes prints what kb's static search fetches: the bytes
// (gzipped, as a host that serves the .gz files or compresses sends them)
// and requests of a reader's first query and of each further keystroke,
// over a site kb build wrote, with the client readers run (in goja).
//
//	go run ./scripts/staticbytes -out public          # a built site
//	scripts/static-search-bytes.sh 10000              # a kbcorpus site
//
// A session: focus (the client and meta.json), then each query typed a
// key at a time, each prefix searched as the box does after its pause.
// The queries are the first two words of every 97th article's title
// (deterministic), typed in one session each.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/kbhelp/kb/internal/jsengine"
)

func main() {
	out := flag.String("out", "public", "the built site")
	every := flag.Int("every", 97, "take every n-th article's title as a query")
	verbose := flag.Bool("v", false, "print every query's fetches")
	flag.Parse()
	dir, err := jsengine.Version(*out)
	if err != nil {
		fail(err)
	}
	files, size := 0, int64(0)
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && !strings.HasSuffix(p, ".gz") {
			files++
			size += fi.Size()
		}
		return nil
	})
	var queries []string
	for c := 0; ; c++ {
		b, err := os.ReadFile(filepath.Join(dir, "d", fmt.Sprint(c)+".json"))
		if err != nil {
			break
		}
		var docs []struct {
			T string `json:"t"`
		}
		json.Unmarshal(b, &docs)
		for i, d := range docs {
			if (c*len(docs)+i)%*every == 0 {
				w := strings.Fields(strings.ToLower(d.T))
				if len(w) > 2 {
					w = w[:2]
				}
				queries = append(queries, strings.Join(w, " "))
			}
		}
	}
	var firstB, firstR, keyB, keyR []float64
	var took []float64
	for _, q := range queries {
		e, err := jsengine.Open(dir)
		if err != nil {
			fail(err)
		}
		first := true
		for i := 2; i <= len(q); i++ {
			if q[i-1] == ' ' {
				continue
			}
			start := time.Now()
			if _, err := e.Search(q[:i], "", 8); err != nil {
				fail(fmt.Errorf("%q: %v", q[:i], err))
			}
			took = append(took, float64(time.Since(start).Microseconds())/1000)
			n, b := 0, int64(0)
			for _, f := range e.Fetches() {
				n++
				b += f.GZ
				if *verbose {
					fmt.Printf("%q\t%s\t%.1f KB\n", q[:i], f.Path, float64(f.GZ)/1e3)
				}
			}
			if first {
				// The first query: the client (with meta.json inside) and
				// everything it fetched.
				firstB = append(firstB, float64(b))
				firstR = append(firstR, float64(n))
				first = false
				continue
			}
			keyB = append(keyB, float64(b))
			keyR = append(keyR, float64(n))
		}
	}
	fmt.Printf("static index: %d files (and as many .gz), %.1f MB uncompressed\n", files, float64(size)/1e6)
	fmt.Printf("%d sessions (queries %q…)\n", len(queries), queries[:min(3, len(queries))])
	fmt.Printf("first query (client, meta, shards, documents): median %.1f KB in %.0f requests; p90 %.1f KB, %.0f requests\n",
		med(firstB)/1e3, med(firstR), pct(firstB, 0.9)/1e3, pct(firstR, 0.9))
	fmt.Printf("each further keystroke: median %.1f KB in %.0f requests; p90 %.1f KB, %.0f requests\n",
		med(keyB)/1e3, med(keyR), pct(keyB, 0.9)/1e3, pct(keyR, 0.9))
	fmt.Printf("query time in goja (not a browser): median %.1f ms\n", med(took))
}

func med(v []float64) float64 { return pct(v, 0.5) }

func pct(v []float64, p float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "staticbytes:", err)
	os.Exit(1)
}
