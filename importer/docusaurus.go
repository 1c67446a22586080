package importer

// Docusaurus: docusaurus.config.js (title, url, baseUrl, the docs'
// routeBasePath), docs/ ordered by number prefixes, sidebar_position and
// _category_.json or _category_.yml; static/ served at the root; the
// i18n config and each locale's translated docs below i18n/.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	jsTitleRE = regexp.MustCompile(`(?m)^\s*title:\s*['"` + "`" + `]([^'"` + "`" + `]+)['"` + "`" + `]`)
	jsURLRE   = regexp.MustCompile(`(?m)^\s*url:\s*['"]([^'"]+)['"]`)
	jsBaseRE  = regexp.MustCompile(`(?m)^\s*baseUrl:\s*['"]([^'"]+)['"]`)
	jsRouteRE = regexp.MustCompile(`routeBasePath:\s*['"]([^'"]*)['"]`)
)

// category is _category_.json or _category_.yml.
type category struct {
	Label    string  `json:"label" yaml:"label"`
	Position float64 `json:"position" yaml:"position"`
	Link     struct {
		Description string `json:"description" yaml:"description"`
	} `json:"link" yaml:"link"`
}

func scanDocusaurus(fsys fs.FS) (*plan, error) {
	pl := newPlan(fsys, flavour{colons: true, mdx: true})
	pl.stripNumbers = true
	route := "docs"
	i18n := &docI18n{def: "en"}
	for _, name := range []string{"docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs"} {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		pl.cfg.file = name
		s := string(raw)
		i18n = readDocusaurusI18n(name, s)
		pl.left = append(pl.left, i18n.left...)
		if m := jsTitleRE.FindStringSubmatch(s); m != nil {
			pl.cfg.title = m[1]
		}
		u, base := "", "/"
		if m := jsURLRE.FindStringSubmatch(s); m != nil {
			u = strings.TrimRight(m[1], "/")
		}
		if m := jsBaseRE.FindStringSubmatch(s); m != nil {
			base = "/" + strings.Trim(m[1], "/") + "/"
			if base == "//" {
				base = "/"
			}
		}
		if u != "" {
			pl.cfg.baseURL = u + base
		}
		pl.oldBase = base
		if m := jsRouteRE.FindStringSubmatch(s); m != nil {
			route = strings.Trim(m[1], "/")
		}
		break
	}
	prefix := pl.oldBase
	if route != "" {
		prefix += route + "/"
	}
	if fi, err := fs.Stat(fsys, "docs"); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("no docs/ folder: kb import -from docusaurus converts a site's docs/")
	}
	ids := map[*doc]string{} // each doc's Docusaurus id, for sidebars.js
	if err := pl.docusaurusTree("docs", "", prefix, ids); err != nil {
		return nil, err
	}
	if err := pl.docusaurusI18n(i18n, route); err != nil {
		return nil, err
	}
	pl.addStatic("static")
	pl.orderBySidebars(ids)
	// Category fronts written for folders with an index page go to it.
	for dir, fm := range pl.folders {
		for _, d := range pl.docs {
			if d.dest == dir+"/_index.md" {
				for _, k := range fm.keys {
					if d.fm.get(k) == nil {
						d.fm.set(k, fm.vals[k])
					}
				}
				delete(pl.folders, dir)
			}
		}
	}
	return pl, nil
}

// docusaurusTree adds the docs of one folder: docs/, or a locale's
// translations of them (lang), whose paths mirror docs/ and convert the
// same way, below content/<lang>/. prefix is the docs' old URL folder.
func (pl *plan) docusaurusTree(root, lang, prefix string, ids map[*doc]string) error {
	content := "content"
	if lang != "" {
		content += "/" + lang
	}
	for _, e := range walk(pl.src, root, nil) {
		rel := relTo(root, e.path)
		dirRel := path.Dir(rel)
		if dirRel == "." {
			dirRel = ""
		}
		destDir := content
		if dirRel != "" {
			destDir += "/" + slugPath(dirRel, true)
		}
		name := path.Base(rel)
		if e.dir {
			_, n, ok := stripNumber(name)
			dd := "content/" + slugPath(rel, true)
			if ok && lang == "" { // a translation's folders are the original's
				if fm := pl.folderFM(dd); fm.get("order") == nil {
					fm.setInt("order", n)
					pl.kinds["number prefix → order"]++
				}
			}
			continue
		}
		switch {
		case (name == "_category_.json" || name == "_category_.yml" || name == "_category_.yaml") && lang != "":
			pl.left = append(pl.left, Finding{File: e.path, Line: 1, Col: 1, Rule: "import", Warning: true,
				Msg: "not converted: Docusaurus takes a folder's label from docs/ and its translation from current.json; write the folder's title in " + destDir + "/_index.md"})
		case name == "_category_.json" || name == "_category_.yml" || name == "_category_.yaml":
			if err := pl.readCategory(e.path, destDir); err != nil {
				pl.left = append(pl.left, Finding{File: e.path, Line: 1, Col: 1, Rule: "import", Msg: err.Error()})
			}
		case isMarkdown(e.path):
			stem := strings.TrimSuffix(name, path.Ext(name))
			stripped, n, numbered := stripNumber(stem)
			d, err := pl.addDoc(e.path, "", "")
			if err != nil {
				return err
			}
			d.lang, d.base = lang, strings.TrimSuffix(rel, path.Ext(rel))
			if lang != "" {
				d.mirror = path.Join("docs", dirRel)
			}
			urlName := stripped
			if id := d.fm.str("id"); id != "" {
				urlName = id
			}
			if lang == "" {
				ids[d] = strings.TrimPrefix(slugPathKeep(dirRel)+"/"+urlName, "/")
			}
			oldDir := strings.TrimSuffix(prefix+slugPathKeep(dirRel), "/") + "/"
			folderName, _, _ := stripNumber(path.Base(dirRel))
			isIndex := stem == "index" || stem == "README" || dirRel != "" && strings.EqualFold(stripped, folderName)
			old := oldDir + urlName
			if isIndex {
				old = oldDir
			}
			slug := d.fm.str("slug")
			switch {
			case slug == "/":
				old = prefix
				d.dest = content + "/_index.md"
			case strings.HasPrefix(slug, "/"):
				old = strings.TrimSuffix(prefix, "/") + slug
				d.dest = destDir + "/" + slugName(path.Base(slug)) + ".md"
			case slug != "":
				old = oldDir + slug
				d.dest = destDir + "/" + slugName(path.Base(slug)) + ".md"
			case isIndex:
				d.dest = destDir + "/_index.md"
			case strings.HasPrefix(stem, "_"):
				d.dest = destDir + "/" + stem + ".md" // a partial: findSnippets decides
			default:
				d.dest = destDir + "/" + slugName(urlName) + ".md"
			}
			if strings.HasPrefix(stem, "_") {
				pl.makeSnippet(e.path)
				continue
			}
			d.oldURL = old
			if path.Ext(name) == ".mdx" {
				pl.kinds[".mdx file → .md"]++
			}
			if numbered && d.fm.get("sidebar_position") == nil && d.fm.get("order") == nil {
				d.fm.setInt("order", n)
				pl.kinds["number prefix → order"]++
			}
			pl.mapFrontMatter(d.fm)
		case assetExts[strings.ToLower(path.Ext(name))]:
			pl.addAsset(e.path, destDir+"/"+name)
		}
	}
	return nil
}

// slugPathKeep is a folder's URL path as Docusaurus makes it: number
// prefixes dropped, case and spelling kept.
func slugPathKeep(rel string) string {
	if rel == "" {
		return ""
	}
	parts := strings.Split(rel, "/")
	for i, p := range parts {
		parts[i], _, _ = stripNumber(p)
	}
	return strings.Join(parts, "/")
}

// readCategory reads a folder's _category_ file into its _index.md.
func (pl *plan) readCategory(p, destDir string) error {
	raw, err := fs.ReadFile(pl.src, p)
	if err != nil {
		return err
	}
	var c category
	if strings.HasSuffix(p, ".json") {
		err = json.Unmarshal(raw, &c)
	} else {
		err = yaml.Unmarshal(raw, &c)
	}
	if err != nil {
		return fmt.Errorf("not converted: %v", err)
	}
	fm := pl.folderFM(destDir)
	if c.Label != "" {
		fm.setStr("title", c.Label)
	}
	if c.Link.Description != "" {
		fm.setStr("description", c.Link.Description)
	}
	switch {
	case c.Position == float64(int(c.Position)) && c.Position != 0:
		fm.setInt("order", int(c.Position))
	case c.Position != 0:
		fm.set("order", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: fmt.Sprint(c.Position)})
	}
	pl.kinds["_category_ file → _index.md"]++
	return nil
}

var jsStringRE = regexp.MustCompile(`'([^'\n]*)'|"([^"\n]*)"`)

// orderBySidebars orders pages and folders as sidebars.js lists their
// doc ids, which Docusaurus puts before positions and number prefixes.
// The file is JavaScript: kb import reads its strings in order, not its
// code, so an id listed is placed where it first appears; a sidebar
// made by type: 'autogenerated' lists none and changes nothing.
func (pl *plan) orderBySidebars(ids map[*doc]string) {
	var raw []byte
	for _, name := range []string{"sidebars.js", "sidebars.ts", "sidebars.mjs", "sidebars.cjs"} {
		if b, err := fs.ReadFile(pl.src, name); err == nil {
			raw = b
			break
		}
	}
	if raw == nil {
		return
	}
	byID := map[string]*doc{}
	for d, id := range ids {
		byID[id] = d
	}
	rank := map[string]int{} // DEST page or folder → first position listed
	n := 0
	for _, m := range jsStringRE.FindAllStringSubmatch(string(raw), -1) {
		d := byID[m[1]+m[2]]
		if d == nil || d.snippet {
			continue
		}
		n++
		// The page, and each folder above it, rank where it first appears.
		for p := d.dest; p != "content" && p != "."; p = path.Dir(p) {
			if path.Base(p) == "_index.md" {
				continue
			}
			if _, ok := rank[p]; !ok {
				rank[p] = n
			}
		}
	}
	if len(rank) == 0 {
		return
	}
	siblings := map[string][]string{}
	for p := range rank {
		siblings[path.Dir(p)] = append(siblings[path.Dir(p)], p)
	}
	for _, list := range siblings {
		sort.Slice(list, func(i, j int) bool { return rank[list[i]] < rank[list[j]] })
		for i, p := range list {
			var fm *frontMatter
			if strings.HasSuffix(p, ".md") {
				fm = pl.byDest(p).fm
			} else {
				fm = pl.folderFM(p)
			}
			fm.setInt("order", i+1)
			pl.kinds["sidebars.js position → order"]++
		}
	}
	pl.destDoc = nil // dests may still change: byDest rebuilds its map
}

// ---------------------------------------------------------------- i18n

var (
	jsI18nRE          = regexp.MustCompile(`\bi18n\s*:\s*\{`)
	jsDefaultLocaleRE = regexp.MustCompile(`\bdefaultLocale\s*:\s*['"]([^'"]+)['"]`)
	jsLocalesRE       = regexp.MustCompile(`\blocales\s*:\s*\[([^\]]*)\]`)
	jsLocaleConfigsRE = regexp.MustCompile(`\blocaleConfigs\s*:\s*\{`)
	jsLocaleKeyRE     = regexp.MustCompile(`(['"]?)([A-Za-z][\w-]*)(['"]?)\s*:\s*\{`)
	jsLabelRE         = regexp.MustCompile(`\blabel\s*:\s*['"]([^'"\n]*)['"]`)
	jsDirectionRE     = regexp.MustCompile(`\bdirection\s*:\s*['"](ltr|rtl)['"]`)
)

// docI18n is docusaurus.config.js's i18n: the default locale, the
// locales in the order listed (the default among them), their labels
// and directions.
type docI18n struct {
	def     string
	locales []language
	left    []Finding // locales kb cannot take
}

// readDocusaurusI18n reads the i18n object of a Docusaurus config. As
// for the rest of the config, the JavaScript is not run: the object's
// literal strings are read where the keys name them, so a locale
// computed in code is not seen (its folder is then reported).
func readDocusaurusI18n(name, s string) *docI18n {
	out := &docI18n{def: "en"}
	loc := jsI18nRE.FindStringIndex(s)
	if loc == nil {
		return out
	}
	block := braceBlock(s, loc[1]-1)
	if m := jsDefaultLocaleRE.FindStringSubmatch(block); m != nil {
		out.def = m[1]
	}
	configs := map[string]language{}
	if cl := jsLocaleConfigsRE.FindStringIndex(block); cl != nil {
		inner := braceBlock(block, cl[1]-1)
		depth := 0
		last := 0
		for _, m := range jsLocaleKeyRE.FindAllStringSubmatchIndex(inner, -1) {
			depth += braceDepth(inner[last:m[0]])
			last = m[0]
			if depth != 0 || inner[m[2]:m[3]] != inner[m[6]:m[7]] { // nested, or quotes that do not pair
				continue
			}
			code := inner[m[4]:m[5]]
			entry := braceBlock(inner, m[1]-1)
			l := language{code: code}
			if lm := jsLabelRE.FindStringSubmatch(entry); lm != nil {
				l.name = lm[1]
			}
			if dm := jsDirectionRE.FindStringSubmatch(entry); dm != nil {
				l.direction = dm[1]
			}
			configs[code] = l
		}
	}
	var codes []string
	if m := jsLocalesRE.FindStringSubmatchIndex(block); m != nil {
		for _, sm := range jsStringRE.FindAllStringSubmatchIndex(block[m[2]:m[3]], -1) {
			c := block[m[2]+sm[0]+1 : m[2]+sm[1]-1]
			if !isLanguageCode(c) {
				off := loc[1] + m[2] + sm[0] // in s: block starts after i18n's brace
				line := strings.Count(s[:off], "\n") + 1
				out.left = append(out.left, Finding{File: name, Line: line, Col: off - strings.LastIndexByte(s[:off], '\n'), Rule: "import", Warning: true,
					Msg: fmt.Sprintf("locale %q is not a language code kb takes (de, pt-BR): its translations are not converted", c)})
				continue
			}
			codes = append(codes, c)
		}
	}
	if len(codes) == 0 {
		codes = []string{out.def}
	}
	for _, c := range codes {
		l, ok := configs[c]
		if !ok {
			l = language{code: c}
		}
		if strings.ToLower(c) != c {
			l.path = c + "/" // Docusaurus's URL keeps the code's case: /pt-BR/
		}
		out.locales = append(out.locales, l)
	}
	return out
}

// braceBlock is the text inside the braces that open at s[open], up to
// the brace that closes them (or the end), skipping strings and
// comments.
func braceBlock(s string, open int) string {
	depth := 0
	for i := open; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"', '`':
			for i++; i < len(s) && s[i] != c; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case '/':
			if i+1 < len(s) && s[i+1] == '/' {
				for i < len(s) && s[i] != '\n' {
					i++
				}
			} else if i+1 < len(s) && s[i+1] == '*' {
				end := strings.Index(s[i+2:], "*/")
				if end < 0 {
					return s[open+1:]
				}
				i += end + 3
			}
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return s[open+1 : i]
			}
		}
	}
	return s[min(open+1, len(s)):]
}

// braceDepth is how many more braces s opens than it closes.
func braceDepth(s string) int { return strings.Count(s, "{") - strings.Count(s, "}") }

// docusaurusI18n adds each locale's translated docs,
// i18n/<locale>/docusaurus-plugin-content-docs/current/, and reports the
// rest of i18n/: theme and sidebar strings (JSON), other plugins'
// translations, and locales the config does not list.
func (pl *plan) docusaurusI18n(i18n *docI18n, route string) error {
	known := map[string]bool{}
	for _, l := range i18n.locales {
		known[l.code] = true
	}
	var def language
	var others []language
	for _, l := range i18n.locales {
		if l.code == i18n.def {
			def = l
		} else {
			others = append(others, l)
		}
	}
	if def.code == "" {
		def = language{code: i18n.def}
	}
	if len(i18n.locales) > 0 {
		pl.langs = append([]language{def}, others...)
	}
	ents, err := fs.ReadDir(pl.src, "i18n")
	if err != nil {
		return nil // the languages are written, every page a fallback in the others
	}
	for _, e := range ents {
		loc := e.Name()
		if !e.IsDir() || strings.HasPrefix(loc, ".") {
			continue
		}
		files := walk(pl.src, "i18n/"+loc, nil)
		first := ""
		for _, f := range files {
			if !f.dir {
				first = f.path
				break
			}
		}
		switch {
		case first == "":
			continue
		case !known[loc] || !isLanguageCode(loc):
			why := "is not in " + pl.cfg.file + "'s i18n.locales"
			if pl.cfg.file == "" {
				why = "has no docusaurus.config.js listing it"
			} else if known[loc] {
				why = "is not a language code kb takes (de, pt-BR)"
			}
			pl.left = append(pl.left, Finding{File: first, Line: 1, Col: 1, Rule: "import", Warning: true,
				Msg: fmt.Sprintf("locale %s %s: i18n/%s/ (%s) not converted", loc, why, loc, plural(countFiles(files), "file"))})
			continue
		}
		docs := "i18n/" + loc + "/docusaurus-plugin-content-docs/current"
		if loc != i18n.def {
			prefix := pl.oldBase + loc + "/"
			if route != "" {
				prefix += route + "/"
			}
			if err := pl.docusaurusTree(docs, loc, prefix, nil); err != nil {
				return err
			}
		}
		reported := map[string]bool{}
		for _, f := range files {
			switch {
			case f.dir || loc != i18n.def && strings.HasPrefix(f.path, docs+"/"):
			case f.path == docs+".json" && loc != i18n.def:
				pl.sidebarStrings(f.path, loc)
			case strings.HasSuffix(f.path, ".json"):
				pl.left = append(pl.left, Finding{File: f.path, Line: 1, Col: 1, Rule: "import", Warning: true,
					Msg: "theme strings not converted: kb's theme has its own words in each language it ships, and layouts/messages/" + loc + ".yaml overrides any of them"})
			default:
				dir := path.Dir(f.path)
				for strings.Count(dir, "/") > 2 {
					dir = path.Dir(dir)
				}
				if !reported[dir] {
					reported[dir] = true
					pl.left = append(pl.left, Finding{File: f.path, Line: 1, Col: 1, Rule: "import", Warning: true,
						Msg: fmt.Sprintf("%s/ not converted: kb import converts the translations of the current docs (%s/)", dir, "i18n/"+loc+"/docusaurus-plugin-content-docs/current")})
				}
			}
		}
	}
	return nil
}

func countFiles(es []entry) int {
	n := 0
	for _, e := range es {
		if !e.dir {
			n++
		}
	}
	return n
}

// sidebarStrings reads a locale's current.json, the translations of
// the docs sidebar's words: a category's label (and its generated
// index's description) becomes the title of the folder's _index.md in
// that language. Other strings are reported at their line; the version
// label is nothing in kb, which has no versions.
func (pl *plan) sidebarStrings(p, loc string) {
	raw, err := fs.ReadFile(pl.src, p)
	if err != nil {
		return
	}
	var strs map[string]struct {
		Message string `json:"message"`
	}
	if err := json.Unmarshal(raw, &strs); err != nil {
		pl.left = append(pl.left, Finding{File: p, Line: 1, Col: 1, Rule: "import", Warning: true, Msg: "not converted: " + err.Error()})
		return
	}
	// Each folder of docs/ by its sidebar label: its _category_ label,
	// else its name without the number.
	byLabel := map[string]string{}
	for _, d := range pl.docs {
		if d.lang != "" || !strings.HasPrefix(d.src, "docs/") {
			continue
		}
		for dir := path.Dir(strings.TrimPrefix(d.src, "docs/")); dir != "."; dir = path.Dir(dir) {
			name, _, _ := stripNumber(path.Base(dir))
			if _, ok := byLabel[name]; !ok {
				byLabel[name] = "content/" + slugPath(dir, true)
			}
		}
	}
	for label, dir := range byLabel {
		if t := pl.folderFront(dir).str("title"); t != "" && t != label {
			delete(byLabel, label)
			byLabel[t] = dir
		}
	}
	keys := make([]string, 0, len(strs))
	for k := range strs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		msg := strs[k].Message
		_, rest, isSidebar := strings.Cut(k, ".category.")
		field := "title"
		if r, ok := strings.CutSuffix(rest, ".link.generated-index.description"); ok {
			rest, field = r, "description"
		} else if r, ok := strings.CutSuffix(rest, ".link.generated-index.title"); ok {
			rest = r
		}
		dir, found := byLabel[rest]
		switch {
		case k == "version.label":
		case isSidebar && strings.HasPrefix(k, "sidebar.") && found && msg != "":
			fm := pl.folderFM("content/" + loc + strings.TrimPrefix(dir, "content"))
			if fm.get(field) == nil {
				fm.setStr(field, msg)
				if from := pl.folderFront(dir); from != nil {
					copyKeys(fm, from, "order")
				}
				pl.kinds["current.json category label → folder title"]++
			}
		default:
			line, col := 1, 1
			if i := bytes.Index(raw, []byte(strconv.Quote(k))); i >= 0 {
				line = bytes.Count(raw[:i], []byte("\n")) + 1
				col = i - bytes.LastIndexByte(raw[:i], '\n')
			}
			pl.left = append(pl.left, Finding{File: p, Line: line, Col: col, Rule: "import", Warning: true,
				Msg: fmt.Sprintf("sidebar string %q not converted: kb's sidebar shows each page's and folder's title in %s", k, loc)})
		}
	}
}

// folderFront is folderFM without making one: nil for a folder with no
// _index.md, read or to be written.
func (pl *plan) folderFront(dir string) *frontMatter {
	for _, d := range pl.docs {
		if d.dest == dir+"/_index.md" {
			return d.fm
		}
	}
	return pl.folders[dir]
}
