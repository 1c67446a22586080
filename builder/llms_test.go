package builder

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"kb/llmstxt"
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
