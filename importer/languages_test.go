package importer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/kbhelp/kb/builder"
)

// memSink keeps what a build writes.
type memSink struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memSink) Put(p string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[p] = append([]byte(nil), data...)
	return nil
}

// TestImportTranslations converts the fixtures of each translation
// layout (testdata/import/<generator>-i18n*/src), compares them with
// want.txtar as TestImportFixtures does, and builds the converted site:
// each page named is at its URL, the translated one in German, the
// untranslated one as a fallback page under /de/ with the notice, and
// the page in German only.
func TestImportTranslations(t *testing.T) {
	for _, tc := range []struct {
		dir, from string
		pages     map[string]string // output → a text it holds
		fallback  string            // an untranslated page's output under /de/
		counts    []Translation
	}{
		{"hugo-i18n", "hugo", map[string]string{
			"index.html":                       "Start with",
			"de/index.html":                    "Beginnen Sie",
			"de/billing/refunds/index.html":    "Erstattungen enden",
			"de/guides/neuigkeiten/index.html": "Nur auf Deutsch",
			"de/guides/bundle/index.html":      "bundle/diagram.png",
		}, "de/guides/setup/index.html", []Translation{{Lang: "de", Pages: 4, Only: 1}}},
		{"hugo-i18n-dirs", "hugo", map[string]string{
			"en/index.html":                    "Read about",
			"de/index.html":                    "Lesen Sie",
			"de/billing/preise/index.html":     "Tarife ab",
			"de/billing/kuendigung/index.html": "Nur auf Deutsch",
			"ar/index.html":                    `dir="rtl"`,
		}, "de/billing/invoices/index.html", []Translation{{Lang: "de", Pages: 3, Only: 1}, {Lang: "ar", Pages: 1}}},
		{"docusaurus-i18n", "docusaurus", map[string]string{
			"index.html":                    "Welcome",
			"de/index.html":                 "Willkommen",
			"de/billing/refunds/index.html": "Erstattungen enden",
			"de/nur-deutsch/index.html":     "nur auf Deutsch",
			"de/billing/index.html":         "Abrechnung",
		}, "de/setup/index.html", []Translation{{Lang: "de", Pages: 3, Only: 1}}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			dir := filepath.Join("testdata", "import", tc.dir)
			res, err := Import(context.Background(), os.DirFS(filepath.Join(dir, "src")), Options{From: tc.from})
			if err != nil {
				t.Fatal(err)
			}
			compareGolden(t, filepath.Join(dir, "want.txtar"), goldenArchive(res))
			if !reflect.DeepEqual(res.Report.Translations, tc.counts) {
				t.Errorf("translations %+v, want %+v", res.Report.Translations, tc.counts)
			}
			for _, f := range res.Report.Left {
				if !f.Warning || f.Line == 0 {
					t.Errorf("left, not a warning at a position: %s", f)
				}
			}
			fsys := fstest.MapFS{}
			for _, f := range res.Files {
				fsys[f.Path] = &fstest.MapFile{Data: f.Data}
			}
			out := &memSink{files: map[string][]byte{}}
			if _, err := builder.New(builder.Options{NoIndex: true}).Build(context.Background(), fsys, out); err != nil {
				t.Fatalf("converted site does not build: %v", err)
			}
			for p, text := range tc.pages {
				if got, ok := out.files[p]; !ok {
					t.Errorf("no %s", p)
				} else if !bytes.Contains(got, []byte(text)) {
					t.Errorf("%s does not say %q", p, text)
				}
			}
			if fb := out.files[tc.fallback]; !bytes.Contains(fb, []byte("fallback-notice")) {
				t.Errorf("%s is not a fallback page", tc.fallback)
			}
		})
	}
}

// compareGolden compares got with the golden file, or rewrites it
// with -update.
func compareGolden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./importer -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("converted site differs from %s (go test ./importer -update rewrites it):\n%s", file, diffLines(string(want), string(got)))
	}
}

// TestHugoLanguageConfig: the languages of Hugo's config in TOML and
// YAML, dotted and quoted keys, arrays over lines and tables kb import
// does not read.
func TestHugoLanguageConfig(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []hugoLang
		def       string
	}{
		{"hugo.toml", "title = \"A\"\ndisableKinds = [\n  \"rss\",\n]\n[[menu.main]]\n  name = \"x\"\n[languages.\"pt-br\"]\nlanguageName = 'Português'\nweight = 2\n[languages.en]\nlabel = \"English\" # new name\nweight = 1\ndirection = \"ltr\"\n",
			[]hugoLang{{language: language{code: "pt-br", name: "Português", weight: 2}, line: 8, col: 1},
				{language: language{code: "en", name: "English", direction: "ltr", weight: 1}, line: 11, col: 1}}, ""},
		{"hugo.toml", "defaultContentLanguage = \"DE\"\nlanguages.de.languageName = \"Deutsch\"\n[languages]\nfr.contentDir = \"content/fr/\"\n",
			[]hugoLang{{language: language{code: "de", name: "Deutsch"}, line: 2, col: 1},
				{language: language{code: "fr"}, contentDir: "content/fr", line: 4, col: 1}}, "de"},
		{"hugo.yaml", "languages:\n  ar:\n    languageName: العربية\n    languageDirection: RTL\n    params:\n      description: مساعدة\n",
			[]hugoLang{{language: language{code: "ar", name: "العربية", direction: "rtl", description: "مساعدة"}, line: 3, col: 5}}, ""},
	} {
		cfg, err := readHugoConfig(fstest.MapFS{tc.name: {Data: []byte(tc.src)}})
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		if !reflect.DeepEqual(cfg.langs, tc.want) || cfg.defaultLang != tc.def {
			t.Errorf("%q:\ngot  %+v %q\nwant %+v %q", tc.src, cfg.langs, cfg.defaultLang, tc.want, tc.def)
		}
	}
}

// TestDocusaurusI18nConfig: locales, labels and directions read from
// the config's literal strings; nested objects and comments skipped.
func TestDocusaurusI18nConfig(t *testing.T) {
	src := "module.exports = {\n  i18n: {\n    defaultLocale: \"de\", // {not a brace}\n    locales: ['de', 'en', 'pt-BR'],\n    localeConfigs: {\n      en: {label: 'English', calendar: {x: 1}},\n      'pt-BR': {label: \"Português\", direction: 'ltr'},\n      ar: {direction: 'rtl'},\n    },\n  },\n  themeConfig: {label: 'no'},\n};\n"
	got := readDocusaurusI18n("docusaurus.config.js", src)
	want := &docI18n{def: "de", locales: []language{{code: "de"}, {code: "en", name: "English"}, {code: "pt-BR", name: "Português", direction: "ltr", path: "pt-BR/"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if got := readDocusaurusI18n("x", "i18n: {locales: [`en`]"); got.def != "en" || len(got.locales) != 1 {
		t.Errorf("unclosed: %+v", got)
	}
	got = readDocusaurusI18n("c.js", "x = {\n  i18n: {locales: ['en', 'zh_CN']}}")
	if len(got.locales) != 1 || len(got.left) != 1 || got.left[0].String() != `c.js:2:26: warning: import: locale "zh_CN" is not a language code kb takes (de, pt-BR): its translations are not converted` {
		t.Errorf("zh_CN: %+v", got)
	}
}

// TestTranslationPluginsReported: MkDocs's and Jekyll's translation
// plugins are not mapped; kb import says so at the plugin's line.
func TestTranslationPluginsReported(t *testing.T) {
	for _, tc := range []struct {
		from, cfg, src, want string
	}{
		{"mkdocs", "mkdocs.yml", "site_name: A\nplugins:\n  - search\n  - i18n:\n      languages: [en, de]\n",
			"mkdocs.yml:4:5: warning: import: plugin i18n (mkdocs-static-i18n) not converted"},
		{"jekyll", "_config.yml", "title: A\nplugins:\n  - jekyll-polyglot\nlanguages: [en, de]\n",
			"_config.yml:3:5: warning: import: plugin jekyll-polyglot not converted"},
	} {
		fsys := fstest.MapFS{tc.cfg: {Data: []byte(tc.src)}, "docs/index.md": {Data: []byte("# A\n")}, "index.md": {Data: []byte("# A\n")}}
		res, err := Import(context.Background(), fsys, Options{From: tc.from})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range res.Report.Left {
			found = found || bytes.HasPrefix([]byte(f.String()), []byte(tc.want))
		}
		if !found {
			t.Errorf("%s: no %q in %v", tc.from, tc.want, res.Report.Left)
		}
	}
}
