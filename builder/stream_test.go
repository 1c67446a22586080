package builder

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kbhelp/kb/search"
)

// indexDirSink discards outputs and gives the search index a folder.
type indexDirSink struct{ dir string }

func (s indexDirSink) Put(string, []byte) error { return nil }
func (s indexDirSink) Dir() string              { return s.dir }

// TestStreamedIndexSameAsAfter checks that the index fed while parsing
// answers exactly as the one built from the finished site model: the same
// articles, categories and sections, and for every article's title as a
// query, and for words of its description, the same hits in the same
// order. The sites differ in every way the document's URL, category,
// section and breadcrumb come from: folders with and without _index.md,
// slugs on folders and articles, a base path, drafts, hidden articles,
// titles from an H1, articles at the top level and four folders deep.
func TestStreamedIndexSameAsAfter(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, map[string]string{
		"site.yaml":                        "title: Stream\nbase_url: https://example.com/help/\n",
		"content/top.md":                   "---\ntitle: Top level\n---\n\nAt the top.\n",
		"content/a/_index.md":              "---\ntitle: Alpha things\nslug: alpha\n---\n",
		"content/a/one.md":                 "---\ntitle: First alpha\nslug: uno\ntags: [x, y]\n---\n\nOne words.\n\n## Part\n\nMore.\n",
		"content/a/b/two.md":               "# Second from an H1\n\nTwo words.\n",
		"content/a/b/c/d/deep.md":          "---\ntitle: Deep down\ndescription: Four folders deep\n---\n\nDeep words.\n",
		"content/a/b/c/_index.md":          "# C from an H1\n",
		"content/plain-folder/hidden.md":   "---\ntitle: Hidden one\nhidden: true\n---\n\nHidden words.\n",
		"content/plain-folder/draft.md":    "---\ntitle: Draft one\ndraft: true\n---\n\nDraft words.\n",
		"content/plain-folder/symptom.md":  "---\ntitle: Error page\nsymptoms: [it breaks]\nerror_messages: [\"E42 broke\"]\n---\n\nFix it.\n",
		"content/Weird Folder/Ünïcode.md":  "---\ntitle: Unicode name\n---\n\nWords.\n",
		"content/Weird Folder/_index.md":   "---\ntitle: Weird\ndescription: A folder with a space\n---\n",
		"content/plain-folder/no-title.md": "---\ndescription: only a description\ntitle: Has one after all\n---\n\nText.\n",
	})
	sites := []testSite{{"cases", dir, nil}, {"cases with drafts", dir, &Config{Title: "Stream", Drafts: true}}, exampleTestSite, postmanSite}
	for _, s := range sites {
		t.Run(s.name, func(t *testing.T) {
			if _, err := os.Stat(s.dir); err != nil {
				t.Skipf("%s is not here: %v", s.dir, err)
			}
			open := func(noStream bool) (*search.Index, *Site) {
				out := t.TempDir()
				b := New(Options{Config: s.cfg})
				b.noStream = noStream
				res, err := b.Build(context.Background(), os.DirFS(s.dir), indexDirSink{out})
				if err != nil {
					t.Fatal(err)
				}
				ix, err := search.Open(filepath.Join(out, SearchDir))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { ix.Close() })
				return ix, res.Site
			}
			streamed, site := open(false)
			after, _ := open(true)
			gm, wm := streamed.Meta(), after.Meta()
			if gm.Docs != wm.Docs || !reflect.DeepEqual(gm.Titles, wm.Titles) || gm.Docs == 0 {
				t.Fatalf("streamed index has %d docs and titles %v; the other %d and %v", gm.Docs, gm.Titles, wm.Docs, wm.Titles)
			}
			queries := 0
			for _, p := range site.Pages {
				if p.Kind != KindArticle {
					continue
				}
				words := strings.Fields(p.Description + " " + p.Title)
				for _, q := range []string{p.Title, strings.Join(words[:min(2, len(words))], " ")} {
					got, err1 := streamed.Search(context.Background(), search.Query{Text: q})
					want, err2 := after.Search(context.Background(), search.Query{Text: q})
					if err1 != nil || err2 != nil {
						t.Fatalf("%q: %v, %v", q, err1, err2)
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%q: streamed index answers\n%s\nthe other\n%s", q, hitURLs(got), hitURLs(want))
					}
					queries++
				}
			}
			if queries == 0 {
				t.Fatal("no article to query")
			}
		})
	}
}

func hitURLs(r *search.Results) string {
	var b strings.Builder
	for _, h := range r.Hits {
		fmt.Fprintf(&b, "  %s %v\n", h.URL, h.Score)
	}
	return b.String()
}
