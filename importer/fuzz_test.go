package importer

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// fuzzImport imports a site of one config file and one page, both
// fuzzed, and checks what every converter must hold: no panic, every
// file written below DEST and nothing beside it, every finding of the
// page inside the page.
func fuzzImport(t *testing.T, from, cfgName string, cfg []byte, page string, body []byte) {
	page = path.Clean(page)
	if !validPage(page) {
		return
	}
	fsys := fstest.MapFS{
		cfgName: {Data: cfg},
		page:    {Data: body},
	}
	if path.Dir(page) != "." {
		fsys[path.Join(path.Dir(page), "_snip.md")] = &fstest.MapFile{Data: []byte("Included [link](../x.md).\n")}
	}
	res, err := Import(context.Background(), fsys, Options{From: from})
	if err != nil {
		return // a config it cannot read is an error, not a panic
	}
	lines := strings.Count(string(body), "\n") + 2
	for _, f := range res.Report.Left {
		if f.File == page && (f.Line < 0 || f.Line > lines+1 || f.Col < 0) {
			t.Errorf("finding outside the page (%d lines): %s", lines, f)
		}
	}
	for _, f := range res.Files {
		if !localPath(f.Path) {
			t.Fatalf("file path %q is not below DEST", f.Path)
		}
	}
	parent := t.TempDir()
	dest := filepath.Join(parent, "dest")
	if err := res.Write(dest); err != nil {
		t.Fatalf("write: %v", err)
	}
	ents, _ := os.ReadDir(parent)
	if len(ents) != 1 || ents[0].Name() != "dest" {
		t.Fatalf("wrote beside DEST: %v", ents)
	}
}

// validPage: a page path a source tree may hold.
func validPage(p string) bool {
	return localPath(p) && !strings.HasPrefix(path.Base(p), ".") && len(p) < 200
}

func FuzzImportMkDocs(f *testing.F) {
	f.Add([]byte("site_name: A\nnav:\n  - Home: index.md\n  - S:\n    - a/b.md\n"), "docs/a/b.md",
		[]byte("!!! note \"T\"\n    body\n\n=== \"macOS\"\n\n    text\n\n--8<-- \"_snip.md\"\n[x](../index.md)\n"))
	f.Add([]byte("docs_dir: ../../etc\n"), "docs/x.md", []byte("??? tip\n\ttabbed\n```\n!!! note\n"))
	f.Fuzz(func(t *testing.T, cfg []byte, page string, body []byte) {
		fuzzImport(t, "mkdocs", "mkdocs.yml", cfg, page, body)
	})
}

func FuzzImportDocusaurus(f *testing.F) {
	f.Add([]byte("module.exports = {title: 'A', url: 'https://a.example', baseUrl: '/'}"), "docs/01-a/02-b.mdx",
		[]byte("---\nslug: /x\nid: y\n---\nimport S from './_snip.md';\n:::tip T\nx\n:::\n<Tabs>\n<TabItem value=\"a\" label=\"A\">\nx\n</TabItem>\n</Tabs>\n<S />\n{/* c */}\n"))
	f.Add([]byte("baseUrl: '/../../'"), "docs/a.md", []byte("::::note\n:::\n"))
	f.Add([]byte("module.exports = {i18n: {defaultLocale: 'en', locales: ['en', 'de'], localeConfigs: {de: {label: 'Deutsch', direction: 'ltr'}}}}"),
		"i18n/de/docusaurus-plugin-content-docs/current/01-a/b.md", []byte("[x](../c.md)\n"))
	f.Fuzz(func(t *testing.T, cfg []byte, page string, body []byte) {
		fuzzImport(t, "docusaurus", "docusaurus.config.js", cfg, page, body)
	})
}

func FuzzImportJekyll(f *testing.F) {
	f.Add([]byte("title: A\nbaseurl: /kb\ncollections:\n  docs:\n    output: true\n"), "_docs/a/b.md",
		[]byte("---\npermalink: /x/\nredirect_from: /y/\n---\n{% comment %}\nx\n{% endcomment %}\n{% include _snip.md %}\n[a]({{ site.baseurl }}{% link _docs/a/b.md %}){:target=\"_blank\"}\n{: .note }\ntext\n"))
	f.Add([]byte("collections: [../x]\n"), "_posts/2024-01-02-x.md", []byte("{% highlight go %}\nx\n"))
	f.Fuzz(func(t *testing.T, cfg []byte, page string, body []byte) {
		fuzzImport(t, "jekyll", "_config.yml", cfg, page, body)
	})
}

func FuzzImportHugo(f *testing.F) {
	f.Add([]byte("title = \"A\"\nbaseURL = \"https://a.example/docs/\"\n"), "content/a/index.md",
		[]byte("+++\nweight = 2\nurl = \"/x/\"\n+++\n{{% notice tip %}}\nx\n{{% /notice %}}\n{{< tabs >}}\n{{< tab \"A\" >}}\nx\n{{< /tab >}}\n{{< /tabs >}}\n{{< ref \"a\" >}}\n"))
	f.Add([]byte("[params]\n"), "content/_index.md", []byte("+++\n[x]\n+++\n{{< highlight >}}\n"))
	f.Add([]byte("defaultContentLanguage = \"en\"\n[languages.en]\nweight = 1\n[languages.de]\nlanguageName = \"Deutsch\"\ncontentDir = \"content/de\"\n"), "content/de/a/index.md",
		[]byte("---\ntranslationKey: a\n---\n[b](../b.md) {{< ref \"a\" >}}\n"))
	f.Add([]byte("[languages]\n[languages.\"pt-br\"]\nlanguageName = \"\"\"P\n\"\"\"\ntags = [\n"), "content/a.pt-br.md", []byte("x\n"))
	f.Fuzz(func(t *testing.T, cfg []byte, page string, body []byte) {
		fuzzImport(t, "hugo", "hugo.toml", cfg, page, body)
	})
}
