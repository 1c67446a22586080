package builder_test

import (
	"context"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/kbhelp/kb/agentcheck"
	"github.com/kbhelp/kb/builder"
)

// mapSink keeps a build's outputs in memory.
type mapSink struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (s *mapSink) Put(p string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[p] = data
	return nil
}

func (s *mapSink) fs() fstest.MapFS {
	m := fstest.MapFS{}
	for p, b := range s.files {
		m[p] = &fstest.MapFile{Data: b}
	}
	return m
}

// parityCorpus is one site the parity test builds.
type parityCorpus struct {
	name string
	root string
	cfg  *builder.Config // nil: the site's own site.yaml
	// adapt, when set, turns the corpus into a site kb builds.
	adapt func(t *testing.T, fsys fs.FS) fs.FS
	// exceptions are the twins (output paths) whose words may differ
	// from their HTML, each with the reason kb does not support it. None
	// is needed today: every article of both corpora agrees. A twin
	// listed here that agrees again fails the test, so the list stays
	// exact.
	exceptions map[string]string
}

var parityCorpora = []parityCorpus{
	{name: "example", root: ".."},
	{
		name: "postman-docs",
		root: "../../shared/corpus/postman-docs",
		cfg:  &builder.Config{Title: "Postman", BaseURL: "https://learning.postman.com/", ContentDir: "src/pages", Links: "warn"},
	},
	{
		name: "zulip-help",
		root: "../../shared/corpus/zulip-help",
		// help/include/ holds the fragments pulled in by {!name.md!};
		// help/missing.md is the body of Zulip's 404 page, not an article.
		cfg:   &builder.Config{Title: "Zulip", ContentDir: "help", Snippets: "include", Exclude: []string{"missing.md"}, Links: "warn"},
		adapt: zulipSite,
	},
}

// zulipSite is the Zulip corpus plus a stand-in file for each image under
// /static/images/help/: those images are part of Zulip's web app, not of
// the corpus, and a broken image is an error even under links: warn (see
// TestZulipCorpusLoads). The pages themselves are unchanged.
func zulipSite(t *testing.T, fsys fs.FS) fs.FS {
	out := fstest.MapFS{}
	img := regexp.MustCompile(`/static/images/help/[A-Za-z0-9_./-]+`)
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		out[p] = &fstest.MapFile{Data: b}
		for _, m := range img.FindAllString(string(b), -1) {
			out["static"+m] = &fstest.MapFile{Data: []byte("stand-in image")}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTwinParity builds the example site and both corpora and checks,
// for every article, that the words of its markdown twin are the words
// of its HTML article body (see agentcheck.Parity for what counts).
func TestTwinParity(t *testing.T) {
	for _, c := range parityCorpora {
		t.Run(c.name, func(t *testing.T) {
			if _, err := os.Stat(c.root); err != nil {
				t.Skipf("corpus %s is absent (%v): clone it into ../shared/corpus to run this test", c.name, err)
			}
			var fsys fs.FS = os.DirFS(c.root)
			if c.adapt != nil {
				fsys = c.adapt(t, fsys)
			}
			sink := &mapSink{files: map[string][]byte{}}
			b := builder.New(builder.Options{Config: c.cfg})
			if _, err := b.Build(context.Background(), fsys, sink); err != nil {
				t.Fatalf("build: %v", err)
			}
			var pages []string
			for p := range sink.files {
				if strings.HasSuffix(p, "index.html") {
					pages = append(pages, p)
				}
			}
			sort.Strings(pages)
			checked, agree := 0, 0
			seen := map[string]bool{}
			for _, p := range pages {
				dir := strings.TrimSuffix(p, "index.html")
				twin := "index.md"
				if dir != "" {
					twin = strings.TrimSuffix(dir, "/") + ".md"
				}
				md, ok := sink.files[twin]
				if !ok {
					continue // an alias's redirect page
				}
				r := agentcheck.Parity(p, sink.files[p], twin, md, "")
				if !r.Checked {
					continue // a folder page: no article body
				}
				checked++
				reason, excepted := c.exceptions[twin]
				seen[twin] = excepted
				switch {
				case r.Finding == nil:
					agree++
					if excepted {
						t.Errorf("%s agrees now: remove it from the exceptions (%s)", twin, reason)
					}
				case excepted:
					t.Logf("%s (excepted: %s)", r.Finding, reason)
				default:
					t.Error(r.Finding)
				}
			}
			for twin := range c.exceptions {
				if _, ok := seen[twin]; !ok {
					t.Errorf("exception %s names no article", twin)
				}
			}
			if checked == 0 {
				t.Fatal("no article was checked: has the article body's class changed?")
			}
			t.Logf("%s: %d of %d articles agree (%.1f%%), %d excepted", c.name, agree, checked,
				100*float64(agree)/float64(checked), len(c.exceptions))

			// The other agent rules: every finding fails the example
			// site; for the corpora they are counted by rule and logged.
			byRule := map[string][]string{}
			for _, f := range agentcheck.Check(sink.fs(), agentcheck.Options{}) {
				if c.name == "example" {
					t.Error(f)
				}
				byRule[f.Rule] = append(byRule[f.Rule], f.String())
			}
			rules := make([]string, 0, len(byRule))
			for r := range byRule {
				rules = append(rules, r)
			}
			sort.Strings(rules)
			for _, r := range rules {
				fs := byRule[r]
				t.Logf("%s: %d %s findings, first: %s", c.name, len(fs), r, fs[0])
			}
		})
	}
}
