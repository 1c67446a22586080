package importer

// Hugo: hugo.toml, hugo.yaml or config.toml/.yaml, or the same below
// config/_default/ (title, baseURL, contentDir, the languages), content/
// with _index.md and weight (kb's layout already), leaf bundles
// (a/index.md with its images) as a page beside its folder, static/
// served at the root. Translations in either of Hugo's layouts: by file
// name (page.de.md beside page.md) or by content folder
// (languages.de.contentDir).

import (
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// hugoConfig is the part of Hugo's config kb import reads.
type hugoConfig struct {
	file           string
	title, baseURL string
	contentDir     string // the site's, "content" unless set
	defaultLang    string // defaultContentLanguage, lowercased; "" when not set
	inSubdir       bool   // defaultContentLanguageInSubdir
	langs          []hugoLang
	left           []Finding
}

// hugoLang is one entry of Hugo's languages.
type hugoLang struct {
	language
	contentDir string
	disabled   bool
	line, col  int // of its first key in the config file
}

// cfgEntry is one value of a config file: its key path, lowercased as
// Hugo reads keys ("languages", "de", "languagename"), and its position.
type cfgEntry struct {
	keys      []string
	val       *yaml.Node
	line, col int
}

var hugoConfigNames = []string{"hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml"}

// readHugoConfig reads the site's config file and, below config/_default/,
// its languages file.
func readHugoConfig(fsys fs.FS) (*hugoConfig, error) {
	cfg := &hugoConfig{contentDir: "content"}
	var entries []cfgEntry
	var names []string
	for _, n := range hugoConfigNames {
		names = append(names, n)
	}
	for _, n := range hugoConfigNames {
		names = append(names, "config/_default/"+n)
	}
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		cfg.file = name
		es, err := readConfigEntries(name, raw, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		entries = es
		if dir, ok := strings.CutSuffix(name, path.Base(name)); ok && dir == "config/_default/" {
			for _, ln := range []string{"languages.toml", "languages.yaml", "languages.yml"} {
				if raw, err := fs.ReadFile(fsys, dir+ln); err == nil {
					es, err := readConfigEntries(dir+ln, raw, []string{"languages"})
					if err != nil {
						return nil, fmt.Errorf("%s: %v", dir+ln, err)
					}
					entries = append(entries, es...)
				}
			}
		}
		break
	}
	byCode := map[string]*hugoLang{}
	var order []string
	for _, e := range entries {
		str := ""
		if e.val.Kind == yaml.ScalarNode {
			str = e.val.Value
		}
		if len(e.keys) == 1 {
			switch e.keys[0] {
			case "title":
				cfg.title = str
			case "baseurl":
				cfg.baseURL = str
			case "contentdir":
				cfg.contentDir = str
			case "defaultcontentlanguage":
				cfg.defaultLang = strings.ToLower(str)
			case "defaultcontentlanguageinsubdir":
				cfg.inSubdir = str == "true"
			}
			continue
		}
		if len(e.keys) < 3 || e.keys[0] != "languages" {
			continue
		}
		code := e.keys[1]
		l := byCode[code]
		if l == nil {
			l = &hugoLang{language: language{code: code}, line: e.line, col: e.col}
			byCode[code] = l
			order = append(order, code)
		}
		switch strings.Join(e.keys[2:], ".") {
		case "languagename", "label":
			l.name = str
		case "languagedirection", "direction":
			l.direction = strings.ToLower(str)
		case "title":
			l.title = str
		case "params.description", "description":
			l.description = str
		case "contentdir":
			l.contentDir = strings.Trim(path.Clean(str), "/")
		case "disabled":
			l.disabled = str == "true"
		case "weight":
			l.weight, _ = strconv.Atoi(str)
		}
	}
	for _, code := range order {
		l := byCode[code]
		if l.disabled {
			cfg.left = append(cfg.left, Finding{File: cfg.file, Line: l.line, Col: l.col, Rule: "import", Warning: true,
				Msg: fmt.Sprintf("language %s is disabled: its content is not converted", code)})
			continue
		}
		if !isLanguageCode(code) {
			cfg.left = append(cfg.left, Finding{File: cfg.file, Line: l.line, Col: l.col, Rule: "import", Warning: true,
				Msg: fmt.Sprintf("language %q is not a BCP 47 code kb takes (de, pt-br): its content is not converted", code)})
			continue
		}
		if l.direction != "" && l.direction != "ltr" && l.direction != "rtl" {
			l.direction = ""
		}
		cfg.langs = append(cfg.langs, *l)
	}
	return cfg, nil
}

// isLanguageCode reports whether code is a language code kb's
// site.yaml takes: "de", "pt-BR", "zh-Hans".
func isLanguageCode(code string) bool {
	parts := strings.Split(code, "-")
	if len(parts[0]) < 2 || len(parts[0]) > 3 || strings.Trim(parts[0], "abcdefghijklmnopqrstuvwxyz") != "" {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) < 2 || len(p) > 8 || strings.Trim(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != "" {
			return false
		}
	}
	return true
}

// readConfigEntries reads a TOML or YAML config file into its values.
// prefix is put before every key path (a languages.toml file's tables
// are languages).
func readConfigEntries(name string, raw []byte, prefix []string) ([]cfgEntry, error) {
	if strings.HasSuffix(name, ".toml") {
		return readTOML(string(raw), prefix), nil
	}
	var n yaml.Node
	if err := yaml.Unmarshal(raw, &n); err != nil {
		return nil, err
	}
	var out []cfgEntry
	var visit func(keys []string, m *yaml.Node)
	visit = func(keys []string, m *yaml.Node) {
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, v := m.Content[i], m.Content[i+1]
			ks := append(append([]string(nil), keys...), strings.ToLower(k.Value))
			if v.Kind == yaml.MappingNode && len(ks) < 6 {
				visit(ks, v)
				continue
			}
			out = append(out, cfgEntry{keys: ks, val: v, line: k.Line, col: k.Column})
		}
	}
	if len(n.Content) > 0 && n.Content[0].Kind == yaml.MappingNode {
		visit(prefix, n.Content[0])
	}
	return out, nil
}

// readTOML reads the TOML of Hugo's config files: [tables] and
// [tables."quoted"], key = value lines (dotted keys too) of strings,
// numbers, booleans, dates and arrays of those, an array spread over
// lines. It is tolerant: a line it cannot read (an inline table, an
// array of tables' contents) is skipped, as the keys kb import needs are
// plain ones.
func readTOML(src string, prefix []string) []cfgEntry {
	var out []cfgEntry
	table, skipping := prefix, false
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		col := len(l) - len(strings.TrimLeft(l, " \t")) + 1
		if t == "" || t[0] == '#' {
			continue
		}
		if strings.HasPrefix(t, "[[") {
			skipping = true // an array of tables: not read
			continue
		}
		if t[0] == '[' {
			end := strings.LastIndexByte(t, ']')
			keys, ok := []string(nil), end > 0
			if ok {
				keys, ok = splitTOMLKey(t[1:end])
			}
			skipping = !ok
			table = append(append([]string(nil), prefix...), keys...)
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		if !ok || skipping {
			continue
		}
		keys, ok := splitTOMLKey(k)
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		// A value over lines: an array until its brackets close, a
		// multi-line string until its closing quotes.
		switch {
		case strings.HasPrefix(v, `"""`) || strings.HasPrefix(v, "'''"):
			q := v[:3]
			body := v[3:]
			for !strings.Contains(body, q) && i+1 < len(lines) {
				i++
				body += "\n" + lines[i]
			}
			s, _, _ := strings.Cut(strings.TrimPrefix(body, "\n"), q)
			out = append(out, cfgEntry{keys: append(append([]string(nil), table...), keys...),
				val: &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}, line: i + 1, col: col})
			continue
		case strings.HasPrefix(v, "["):
			for strings.Count(v, "[") > strings.Count(v, "]") && i+1 < len(lines) {
				i++
				v += " " + strings.TrimSpace(lines[i])
			}
		}
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(v), &n); err != nil || len(n.Content) == 0 {
			continue
		}
		out = append(out, cfgEntry{keys: append(append([]string(nil), table...), keys...), val: n.Content[0], line: i + 1, col: col})
	}
	return out
}

// splitTOMLKey splits a TOML key (`languages."pt-br"`, `a.b`) into its
// parts, lowercased as Hugo reads them.
func splitTOMLKey(s string) ([]string, bool) {
	var parts []string
	s = strings.TrimSpace(s)
	for s != "" {
		var p string
		switch s[0] {
		case '"', '\'':
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return nil, false
			}
			p, s = s[1:end+1], s[end+2:]
		default:
			end := strings.IndexByte(s, '.')
			if end < 0 {
				end = len(s)
			}
			p, s = strings.TrimSpace(s[:end]), s[end:]
			if p == "" || strings.ContainsAny(p, " \t\"'[]") {
				return nil, false
			}
		}
		parts = append(parts, strings.ToLower(p))
		s = strings.TrimSpace(s)
		if s == "" {
			break
		}
		if s[0] != '.' {
			return nil, false
		}
		s = strings.TrimSpace(s[1:])
	}
	return parts, len(parts) > 0
}

// hugoTree is one content folder and the language it holds.
type hugoTree struct {
	dir, lang string // lang "" for the default language
}

func scanHugo(fsys fs.FS) (*plan, error) {
	pl := newPlan(fsys, flavour{hugo: true})
	cfg, err := readHugoConfig(fsys)
	if err != nil {
		return nil, err
	}
	pl.cfg.file, pl.cfg.title, pl.cfg.baseURL = cfg.file, cfg.title, cfg.baseURL
	pl.left = append(pl.left, cfg.left...)
	def := cfg.defaultLang
	if def == "" && len(cfg.langs) > 0 {
		def = "en" // Hugo's default, when it is one of the languages
		if !hasLang(cfg.langs, def) {
			def = sortLanguages(toLanguages(cfg.langs), "")[0].code
		}
	}
	var langs []hugoLang
	if def != "" && len(cfg.langs) == 0 {
		langs = []hugoLang{{language: language{code: def}}}
	}
	langs = append(langs, cfg.langs...)
	if def != "" && !hasLang(langs, def) {
		pl.left = append(pl.left, Finding{File: cfg.file, Line: 1, Col: 1, Rule: "import", Warning: true,
			Msg: fmt.Sprintf("defaultContentLanguage %q is not one of the languages", def)})
		langs = append(langs, hugoLang{language: language{code: def}})
	}
	ls := sortLanguages(toLanguages(langs), def)
	if cfg.inSubdir && len(ls) > 0 {
		ls[0].path = strings.ToLower(ls[0].code) + "/"
	}
	pl.langs = ls
	if pl.cfg.title == "" && len(ls) > 0 {
		pl.cfg.title = ls[0].title
	}
	// The content folders: the default language's, and each language's
	// contentDir; content/<code>/ for every language when the site puts
	// the default language in a subfolder and names no contentDir.
	dirOf := map[string]string{}
	named := false
	for _, l := range langs {
		if l.contentDir != "" {
			dirOf[l.code], named = l.contentDir, true
		}
	}
	if !named && cfg.inSubdir && len(ls) > 1 {
		all := true
		for _, l := range ls {
			if fi, err := fs.Stat(fsys, path.Join(cfg.contentDir, l.code)); err != nil || !fi.IsDir() {
				all = false
			}
		}
		for _, l := range ls {
			if all {
				dirOf[l.code] = path.Join(cfg.contentDir, l.code)
			}
		}
	}
	defDir := cfg.contentDir
	if d := dirOf[def]; d != "" {
		defDir = d
	}
	pl.contentDir = defDir
	trees := []hugoTree{{dir: defDir}}
	for _, l := range ls[min(1, len(ls)):] {
		if d := dirOf[l.code]; d != "" && d != defDir {
			trees = append(trees, hugoTree{dir: d, lang: l.code})
		}
	}
	if fi, err := fs.Stat(fsys, defDir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("no %s/ folder: kb import -from hugo converts a site's content/", defDir)
	}
	for _, tr := range trees {
		skip := func(p string, dir bool) bool {
			for _, o := range trees {
				if dir && o.dir == p && o != tr {
					return true
				}
			}
			return false
		}
		for _, e := range walk(fsys, tr.dir, skip) {
			if !e.dir {
				if err := pl.hugoFile(e.path, tr, defDir, def); err != nil {
					return nil, err
				}
			}
		}
	}
	pl.addStatic("static")
	for _, e := range walk(fsys, "i18n", nil) {
		if !e.dir {
			pl.left = append(pl.left, Finding{File: e.path, Line: 1, Col: 1, Rule: "import", Warning: true,
				Msg: "theme strings not converted: kb's theme has its own words in each language it ships, and layouts/messages/<code>.yaml overrides any of them"})
		}
	}
	return pl, nil
}

func hasLang(ls []hugoLang, code string) bool {
	for _, l := range ls {
		if l.code == code {
			return true
		}
	}
	return false
}

func toLanguages(hs []hugoLang) []language {
	out := make([]language, len(hs))
	for i, h := range hs {
		out[i] = h.language
	}
	return out
}

// hugoFile adds one file of content folder tr: a page, in its
// language (the folder's, or a file name's .de), or an asset.
func (pl *plan) hugoFile(p string, tr hugoTree, defDir, def string) error {
	rel := relTo(tr.dir, p)
	dir := path.Dir(rel)
	name := path.Base(rel)
	lang := tr.lang
	root := "content"
	if lang != "" {
		root += "/" + lang
	}
	destDir := root
	if dir != "." {
		destDir += "/" + slugPath(dir, false)
	}
	if !isMarkdown(name) {
		if assetExts[strings.ToLower(path.Ext(name))] {
			pl.addAsset(p, destDir+"/"+name)
		}
		return nil
	}
	stem := strings.TrimSuffix(name, path.Ext(name))
	if i := strings.LastIndexByte(stem, '.'); i > 0 {
		switch code := strings.ToLower(stem[i+1:]); {
		case code == def:
			stem = stem[:i]
		case pl.hasLanguage(code):
			stem, lang = stem[:i], code
			root = "content/" + lang
			destDir = root
			if dir != "." {
				destDir += "/" + slugPath(dir, false)
			}
		case len(code) == 2 && isLanguageCode(code) || len(code) > 3 && code[2] == '-' && isLanguageCode(code):
			pl.left = append(pl.left, Finding{File: p, Line: 1, Col: 1, Rule: "import", Warning: true,
				Msg: fmt.Sprintf("%s looks like a translation into %s, which is not one of the config's languages: converted as a page named %s", name, code, stem)})
		}
	}
	// URLs: each language but the default below its code, the default
	// too with defaultContentLanguageInSubdir.
	urlDir := ""
	for i, l := range pl.langs {
		if l.code == lang || lang == "" && i == 0 {
			urlDir = l.urlDir(i == 0)
		}
	}
	dest := destDir + "/" + slugName(stem) + ".md"
	old := "/" + strings.ToLower(strings.TrimPrefix(path.Join(dir, stem), "./")) + "/"
	base := path.Join(dir, stem)
	switch stem {
	case "_index":
		dest = destDir + "/_index.md"
		old = "/" + strings.ToLower(strings.TrimPrefix(dir, ".")) + "/"
	case "index":
		if dir == "." {
			dest = root + "/_index.md"
			base = "_index"
		} else {
			dest = destDir + ".md" // a leaf bundle: a page beside its folder of images
		}
		old = "/" + strings.ToLower(strings.TrimPrefix(dir, ".")) + "/"
	}
	d, err := pl.addDoc(p, dest, "")
	if err != nil {
		return err
	}
	d.lang, d.base = lang, base
	if lang != "" {
		d.mirror = path.Join(defDir, dir)
	}
	for _, key := range []string{"translationKey", "translationkey"} {
		if k := d.fm.str(key); k != "" {
			d.key = k
			d.fm.del(key)
			if lang == "" {
				pl.kinds["front matter translationKey → matched by path or translation_key"]++
			}
		}
	}
	if s := d.fm.str("slug"); s != "" && stem != "_index" {
		d.dest = path.Dir(d.dest) + "/" + slugName(s) + ".md"
		old = path.Dir(strings.TrimSuffix(old, "/")) + "/" + s + "/"
	}
	if u := d.fm.str("url"); u != "" {
		old = u
	} else {
		old = "/" + urlDir + strings.TrimPrefix(old, "/")
	}
	d.oldURL = pl.withBase(strings.ReplaceAll(old, "//", "/"))
	pl.mapFrontMatter(d.fm)
	return nil
}

// hasLanguage reports whether code is one of the site's languages.
func (pl *plan) hasLanguage(code string) bool {
	for _, l := range pl.langs {
		if l.code == code {
			return true
		}
	}
	return false
}
