package importer

// Translations: the scans of Hugo and Docusaurus find a source's
// languages and its translated files; each translated file becomes a
// doc of its language (doc.lang) with a key (doc.base) that names the
// file it translates, whatever the generator's layout. matchTranslations
// then pairs them, once, before any file is converted:
//
//	Hugo         page.de.md beside page.md, or contentDir trees (content/de/…)
//	Docusaurus   i18n/<locale>/docusaurus-plugin-content-docs/current/… beside docs/…
//	  → content/<code>/<the original's path in content/>
//
// kb matches a translation with its original by that path, or by
// translation_key: the original's path, written where the translation
// keeps a path of its own (Hugo's translationKey).

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// language is one language of the source site, as site.yaml's
// languages: gets it. The default language is pl.langs[0].
type language struct {
	code, name, direction, title, description string
	// path is the URL folder when kb's own (the code in lowercase, and
	// the root for the default language) is not the old site's: "en/"
	// for Hugo's defaultContentLanguageInSubdir, "pt-BR/" for Docusaurus.
	path   string
	weight int
}

// urlDir is the language's URL folder below the base path: "" for the
// root.
func (l language) urlDir(def bool) string {
	switch {
	case l.path != "":
		return l.path
	case def:
		return ""
	}
	return strings.ToLower(l.code) + "/"
}

// langOf is the language of a DEST path: "" for the default language's
// files and those shared by all.
func (pl *plan) langOf(dest string) string {
	for _, l := range pl.langs[min(1, len(pl.langs)):] {
		if strings.HasPrefix(dest, "content/"+l.code+"/") {
			return l.code
		}
	}
	return ""
}

// siteURL is the URL kb gives a DEST file, without the base path, with
// its language's folder.
func (pl *plan) siteURL(dest string) string {
	u := kbURL(dest)
	if len(pl.langs) == 0 || !strings.HasPrefix(dest, "content/") {
		return u
	}
	if code := pl.langOf(dest); code != "" {
		for _, l := range pl.langs[1:] {
			if l.code == code {
				return "/" + l.urlDir(false) + strings.TrimPrefix(strings.TrimPrefix(u, "/"+code), "/")
			}
		}
	}
	return "/" + pl.langs[0].urlDir(true) + strings.TrimPrefix(u, "/")
}

// inLang is the DEST file a link in d to dest names: in a translation, a
// page or file of the default language is named at its path in d's
// language (content/de/…), which kb resolves to the translation, or to
// the fallback and the shared image where there is none; a page
// translated at another path (translation_key) is named there.
func (pl *plan) inLang(d *doc, dest string) string {
	if d.lang == "" || !strings.HasPrefix(dest, "content/") || strings.HasPrefix(dest, "content/_snippets/") || pl.langOf(dest) != "" {
		return dest
	}
	if t := pl.trans[dest][d.lang]; t != nil {
		return t.dest
	}
	return "content/" + d.lang + "/" + strings.TrimPrefix(dest, "content/")
}

// matchTranslations pairs each translated doc with its original: the
// default language's doc of the same base (the same file in the
// generator's layout), or, for Hugo, of the same translationKey. A
// matched translation is written at its original's path below
// content/<code>/, or where Hugo matched it by translationKey at a path
// of its own, with translation_key naming the original. A translation
// without an original is a page of its language only, and reported.
func (pl *plan) matchTranslations() {
	if len(pl.langs) < 2 {
		return
	}
	byBase, byKey := map[string]*doc{}, map[string]*doc{}
	dirs := map[string]bool{} // the default language's DEST folders
	for _, d := range pl.docs {
		if d.lang != "" || d.snippet {
			continue
		}
		byBase[d.base] = d
		if d.key != "" {
			byKey[d.key] = d
		}
		for p := path.Dir(d.dest); p != "content" && p != "."; p = path.Dir(p) {
			dirs[p] = true
		}
	}
	for dir := range pl.folders {
		dirs[dir] = true
	}
	pl.trans = map[string]map[string]*doc{}
	count := map[string]*Translation{}
	for _, d := range pl.docs {
		if d.lang == "" || d.snippet {
			continue
		}
		t := count[d.lang]
		if t == nil {
			t = &Translation{Lang: d.lang}
			count[d.lang] = t
		}
		t.Pages++
		orig, byKeyMatch := byBase[d.base], false
		if d.key != "" {
			orig, byKeyMatch = byKey[d.key], true
			if orig == nil && byBase[d.base] != nil && byBase[d.base].key == "" {
				orig, byKeyMatch = byBase[d.base], false
			}
		}
		own := strings.TrimPrefix(d.dest, "content/"+d.lang+"/")
		if orig == nil {
			if path.Base(own) == "_index.md" && (path.Dir(own) == "." || dirs["content/"+path.Dir(own)]) {
				if fm := pl.folders["content/"+path.Dir(own)]; fm != nil {
					copyKeys(d.fm, fm, "order")
				}
				continue // a translated folder whose original has no page of its own
			}
			t.Only++
			pl.left = append(pl.left, Finding{File: d.src, Line: 1, Col: 1, Rule: "import", Warning: true,
				Msg: fmt.Sprintf("translation into %s of a page the default language (%s) does not have: converted as a page in %s only", d.lang, pl.langs[0].code, d.lang)})
			continue
		}
		rel := strings.TrimPrefix(orig.dest, "content/")
		if byKeyMatch && own != rel {
			d.fm.setStr("translation_key", rel)
			pl.kinds["front matter translationKey → translation_key"]++
		} else {
			d.dest = "content/" + d.lang + "/" + rel
		}
		copyKeys(d.fm, orig.fm, "order", "hidden")
		if pl.trans[orig.dest] == nil {
			pl.trans[orig.dest] = map[string]*doc{}
		}
		pl.trans[orig.dest][d.lang] = d
	}
	for _, l := range pl.langs[1:] {
		if t := count[l.code]; t != nil {
			pl.translations = append(pl.translations, *t)
		}
	}
	pl.destDoc = nil
}

// copyKeys copies keys that order a page from the original's front
// matter where the translation has none: kb orders each language's
// pages by their own.
func copyKeys(to, from *frontMatter, keys ...string) {
	for _, k := range keys {
		if v := from.get(k); v != nil && to.get(k) == nil {
			to.set(k, v)
		}
	}
}

// Translation counts one language's translated pages.
type Translation struct {
	Lang  string
	Pages int // pages written below content/<Lang>/
	Only  int // of which translate no page of the default language
}

// languagesYAML is site.yaml's language: and languages: lines.
func (pl *plan) languagesYAML() string {
	if len(pl.langs) == 0 {
		return ""
	}
	def := &frontMatter{}
	def.setStr("language", pl.langs[0].code)
	if len(pl.langs) == 1 {
		return def.yaml()
	}
	var b strings.Builder
	b.WriteString(def.yaml())
	b.WriteString("languages:\n")
	for i, l := range pl.langs {
		fm := &frontMatter{}
		fm.setStr("code", l.code)
		if l.name != "" {
			fm.setStr("name", l.name)
		}
		if l.direction != "" {
			fm.setStr("direction", l.direction)
		}
		if p := l.urlDir(i == 0); p != "" && (i == 0 || p != strings.ToLower(l.code)+"/") {
			fm.setStr("path", p)
		}
		if l.title != "" && (i > 0 || l.title != pl.cfg.title) {
			fm.setStr("title", l.title)
		}
		if l.description != "" {
			fm.setStr("description", l.description)
		}
		for j, line := range strings.Split(strings.TrimSuffix(fm.yaml(), "\n"), "\n") {
			if j == 0 {
				b.WriteString("  - " + line + "\n")
			} else {
				b.WriteString("    " + line + "\n")
			}
		}
	}
	return b.String()
}

// sortLanguages orders languages by weight (unweighted last, then by
// code), the default language first, as Hugo lists them.
func sortLanguages(ls []language, def string) []language {
	sort.SliceStable(ls, func(i, j int) bool {
		a, b := ls[i], ls[j]
		if (a.code == def) != (b.code == def) {
			return a.code == def
		}
		if (a.weight == 0) != (b.weight == 0) {
			return a.weight != 0
		}
		if a.weight != b.weight {
			return a.weight < b.weight
		}
		return a.code < b.code
	})
	return ls
}
