package builder

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kbhelp/kb/llmstxt"
)

// TestLLMSRootStaysUnderBudget builds a site whose every-article root
// llms.txt would pass 50,000 characters: the root must then list each
// category's own llms.txt instead, stay under the budget, and still parse.
func TestLLMSRootStaysUnderBudget(t *testing.T) {
	fsys := fstest.MapFS{"site.yaml": {Data: []byte("title: Big\ndescription: Many articles.\nbase_url: https://big.example/\n")}}
	long := strings.Repeat("A description long enough to fill the index quickly. ", 4)
	for c := range 4 {
		for a := range 150 {
			fsys[fmt.Sprintf("content/cat-%d/sec/article-%03d.md", c, a)] = &fstest.MapFile{
				Data: fmt.Appendf(nil, "---\ntitle: Article %d of category %d\ndescription: %s\n---\nBody.\n", a, c, long)}
		}
	}
	sink := newMemSink()
	if _, err := New(Options{}).Build(context.Background(), fsys, sink); err != nil {
		t.Fatal(err)
	}
	root := sink.files["llms.txt"]
	if len(root) >= llmsBudget {
		t.Fatalf("root llms.txt has %d bytes, budget %d", len(root), llmsBudget)
	}
	for c := range 4 {
		want := fmt.Sprintf("(https://big.example/cat-%d/llms.txt)", c)
		if !strings.Contains(string(root), want) {
			t.Errorf("root llms.txt does not link %s:\n%s", want, root)
		}
		cat := sink.files[fmt.Sprintf("cat-%d/llms.txt", c)]
		if !strings.Contains(string(cat), "Article 149 of category") {
			t.Errorf("cat-%d/llms.txt does not list its articles", c)
		}
	}
	if strings.Contains(string(root), "Article 0 of category 0") {
		t.Error("root llms.txt still lists articles one by one")
	}
	for name, data := range sink.files {
		if strings.HasSuffix(name, "llms.txt") {
			if _, errs := llmstxt.Parse(data); len(errs) > 0 {
				t.Errorf("%s does not parse: %v", name, errs[0])
			}
		}
	}
}

// TestLLMSSectionStaysUnderBudget: a section with more articles than fit
// in 50,000 characters even without notes still gets an llms.txt under the
// budget, which points at the section's twin for the rest.
func TestLLMSSectionStaysUnderBudget(t *testing.T) {
	fsys := fstest.MapFS{"site.yaml": {Data: []byte("title: Big\nbase_url: https://big.example/\n")}}
	for a := range 800 {
		fsys[fmt.Sprintf("content/cat/sec/a-rather-long-article-file-name-%03d.md", a)] = &fstest.MapFile{
			Data: fmt.Appendf(nil, "---\ntitle: An article with a long title, number %d\ndescription: Words.\n---\nBody.\n", a)}
	}
	sink := newMemSink()
	if _, err := New(Options{}).Build(context.Background(), fsys, sink); err != nil {
		t.Fatal(err)
	}
	sec := sink.files["cat/sec/llms.txt"]
	if len(sec) >= llmsBudget {
		t.Fatalf("section llms.txt has %d bytes, budget %d", len(sec), llmsBudget)
	}
	if !strings.Contains(string(sec), "[All 800 articles of Sec](https://big.example/cat/sec.md)") {
		t.Errorf("section llms.txt does not point at the full list:\n%s", sec[len(sec)-300:])
	}
	if _, errs := llmstxt.Parse(sec); len(errs) > 0 {
		t.Errorf("does not parse: %v", errs[0])
	}
}

// TestOneLine checks oneLine's fast path against what it stands for.
func TestOneLine(t *testing.T) {
	for _, s := range []string{"", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", "a\u00a0b", "é b", "a\u2003b", "\r", "x\vy\fz", "  ", "Fix it: now (really)"} {
		if got, want := oneLine(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("oneLine(%q) = %q, want %q", s, got, want)
		}
	}
}

// TestLLMSFullSplit builds a category whose full text passes about 100k
// tokens: its llms-full.txt must list one part per section (each with its
// article count and size) and hold only its own articles, each part must
// hold its section's articles, every article must be in exactly one of
// them, and the root's file stays whole. A small category stays one file.
func TestLLMSFullSplit(t *testing.T) {
	fsys := fstest.MapFS{"site.yaml": {Data: []byte("title: Big\nbase_url: https://big.example/\n")}}
	filler := strings.Repeat("Words that make the article long enough to pass the budget. ", 350) // ~21 KB
	var big []string
	for _, sec := range []string{"alpha", "beta"} {
		for a := range 12 {
			m := fmt.Sprintf("marker-%s-%d", sec, a)
			big = append(big, m)
			fsys[fmt.Sprintf("content/big/%s/article-%02d.md", sec, a)] = &fstest.MapFile{
				Data: fmt.Appendf(nil, "---\ntitle: Article %s %d\n---\n%s\n\n%s\n", sec, a, m, filler)}
		}
	}
	big = append(big, "marker-own")
	fsys["content/big/own.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Own\n---\nmarker-own\n")}
	fsys["content/small/sec/one.md"] = &fstest.MapFile{Data: []byte("---\ntitle: One\n---\nmarker-small\n")}
	sink := newMemSink()
	res, err := New(Options{}).Build(context.Background(), fsys, sink)
	if err != nil {
		t.Fatal(err)
	}
	cat := string(sink.files["big/llms-full.txt"])
	for _, want := range []string{"in parts", "- [Alpha](https://big.example/big/alpha/llms-full.txt): 12 articles, about ",
		"- [Beta](https://big.example/big/beta/llms-full.txt): 12 articles, about ", "marker-own"} {
		if !strings.Contains(cat, want) {
			t.Errorf("big/llms-full.txt lacks %q:\n%.600s", want, cat)
		}
	}
	files := []string{"big/llms-full.txt", "big/alpha/llms-full.txt", "big/beta/llms-full.txt"}
	for _, m := range big {
		n := 0
		for _, f := range files {
			n += strings.Count(string(sink.files[f]), m+"\n")
		}
		if n != 1 {
			t.Errorf("%s is in %d of the category's files, want 1", m, n)
		}
		if !strings.Contains(string(sink.files["llms-full.txt"]), m+"\n") {
			t.Errorf("the root llms-full.txt lacks %s", m)
		}
	}
	for _, f := range files[1:] {
		if len(sink.files[f]) > llmsFullBudget {
			t.Errorf("%s has %d bytes, over the budget", f, len(sink.files[f]))
		}
	}
	if !strings.Contains(string(sink.files["small/llms-full.txt"]), "marker-small") || sink.files["small/sec/llms-full.txt"] != nil {
		t.Error("the small category is not one whole file")
	}
	got := map[string]FileSize{}
	for _, f := range res.LLMSFull {
		got[f.Path] = f
	}
	if got["big/llms-full.txt"].Parts != 2 || got["big/alpha/llms-full.txt"].PartOf != "big/llms-full.txt" ||
		got["small/llms-full.txt"].Parts != 0 || got["llms-full.txt"].Bytes != len(sink.files["llms-full.txt"]) {
		t.Errorf("summary sizes: %+v", res.LLMSFull)
	}
}
