package lint

import (
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kbhelp/kb/builder"
)

// The translation rules compare the languages of a multilingual site,
// builder.AnalyzeLanguages' models, the default language first. A
// translation is a page of another language's own folder (not a
// fallback); its original is the default language's page with the same
// translation key (builder.Page.TranslationKey: the path in the
// language's folder, or translation_key).
//
//   - translation/stale: the translation's source_hash is not the
//     original's builder.Source.BodyHash now; without source_hash, its
//     updated date is before the original's. source_hash decides when it
//     is there: it says which text was translated, a date does not.
//   - translation/orphan: a translation whose key names no page of the
//     default language (a language-only article), an info.
//   - translation/missing: the default language's articles a language
//     has no translation of, as a table (MissingTranslations); set to
//     warning or error, also one finding per article.
//   - translation/foreign-link: a broken link to a page that exists in
//     another language only; the build's broken-link problem, explained.

// Missing is one language's row of the missing translations table.
type Missing struct {
	Code, Name string
	Articles   int      // the default language's articles
	Paths      []string // those with no translation in this language, site paths, sorted
}

// MissingTranslations counts, for each language but the default, the
// default language's articles that have no translation there.
func MissingTranslations(sites []*builder.Site) []Missing {
	if len(sites) < 2 {
		return nil
	}
	var originals []*builder.Page
	for _, p := range sites[0].Pages {
		if p.Kind == builder.KindArticle && p.Src != nil {
			originals = append(originals, p)
		}
	}
	var out []Missing
	for _, s := range sites[1:] {
		own := translated(s)
		m := Missing{Code: s.Config.Language, Name: languageName(s), Articles: len(originals)}
		for _, o := range originals {
			if !own[o.TranslationKey()] {
				m.Paths = append(m.Paths, o.Src.Path)
			}
		}
		sort.Strings(m.Paths)
		out = append(out, m)
	}
	return out
}

// translated is the translation keys of a language's own pages.
func translated(s *builder.Site) map[string]bool {
	own := map[string]bool{}
	for _, p := range s.Pages {
		if p.Src != nil && !p.Fallback {
			own[p.TranslationKey()] = true
		}
	}
	return own
}

// languageName is the site's language as site.yaml names it: "Deutsch".
func languageName(s *builder.Site) string {
	for _, l := range s.Config.Languages {
		if strings.EqualFold(l.Code, s.Config.Language) {
			return l.Name
		}
	}
	return s.Config.Language
}

// translations runs the stale, orphan and missing rules; c is the
// default language's checker.
func (c *checker) translations(sites []*builder.Site) {
	def := map[string]*builder.Page{}
	for _, p := range sites[0].Pages {
		if p.Src != nil {
			def[p.TranslationKey()] = p
		}
	}
	defName := languageName(sites[0])
	hashes := map[*builder.Page]string{}
	for _, s := range sites[1:] {
		name := languageName(s)
		for _, p := range s.Pages {
			if p.Src == nil || p.Fallback || p.FM.Invalid() {
				continue
			}
			o := def[p.TranslationKey()]
			if o == nil {
				if k := p.FM.TranslationKey; k != "" {
					c.add(startPos(p), RuleTranslationOrphan, "translation_key %q names no page in %s (no %s): correct it, or remove it for an article in %s only",
						k, defName, path.Join(sites[0].Config.LanguageFolder(), k), name)
				} else {
					c.add(startPos(p), RuleTranslationOrphan, "an article in %s only: %s has no %s (set translation_key: if it translates another article)",
						name, defName, path.Join(sites[0].Config.LanguageFolder(), p.TranslationKey()))
				}
				continue
			}
			c.stale(p, o, hashes)
		}
		if c.sev[RuleTranslationMissing] >= Warning {
			own := translated(s)
			for _, o := range sites[0].Pages {
				if o.Kind == builder.KindArticle && o.Src != nil && !c.failed[o.Src.Path] && !own[o.TranslationKey()] {
					c.add(startPos(o), RuleTranslationMissing, "not translated into %s (%s): no %s",
						name, s.Config.Language, path.Join(s.Config.LanguageFolder(), o.Src.Rel))
				}
			}
		}
	}
}

// stale reports translation p when it is older than its original o.
func (c *checker) stale(p, o *builder.Page, hashes map[*builder.Page]string) {
	if !c.on(RuleTranslationStale) {
		return
	}
	if h := p.FM.SourceHash; h != "" {
		now, ok := hashes[o]
		if !ok {
			now = o.Src.BodyHash()
			hashes[o] = now
		}
		if !strings.EqualFold(h, now) {
			pos := p.FM.SourceHashPos()
			if pos.Line == 0 {
				pos = startPos(p)
			}
			c.add(pos, RuleTranslationStale, "stale translation: %s changed since source_hash %s (its body hash is %s now); bring this translation up to date, then run kb check -fix-hashes", o.Src.Path, h, now)
		}
		return
	}
	if pu, ou := p.FM.Updated, o.FM.Updated; !pu.IsZero() && !ou.IsZero() && pu.Before(ou) {
		c.add(startPos(p), RuleTranslationStale, "stale translation: updated %s, before its original %s (updated %s); bring it up to date, then set updated: or run kb check -fix-hashes",
			pu.Format("2006-01-02"), o.Src.Path, ou.Format("2006-01-02"))
	}
}

// foreignLinks finds the links of each language that lead nowhere in it
// but to a page of another language's own folder: position → what to
// add to the build's broken-link message.
func foreignLinks(sites []*builder.Site) map[builder.Pos]string {
	type version struct {
		site *builder.Site
		page *builder.Page
	}
	byPath := map[string]version{}
	byRel, byURL := map[string][]version{}, map[string][]version{}
	for _, s := range sites {
		for _, q := range s.Pages {
			if q.Src == nil || q.Fallback {
				continue
			}
			v := version{s, q}
			byPath[q.Src.Path] = v
			byRel[q.Src.Rel] = append(byRel[q.Src.Rel], v)
			u := strings.TrimSuffix(q.URL, "/")
			byURL[u] = append(byURL[u], v)
		}
	}
	out := map[builder.Pos]string{}
	for _, s := range sites {
		for _, p := range s.Pages {
			if p.Src == nil || p.Fallback {
				continue
			}
			for _, l := range p.Links {
				if l.Target != nil || l.Asset != "" || l.FrontMatter {
					continue
				}
				dest, _, _ := strings.Cut(strings.TrimSpace(l.Dest), "#")
				dest, _, _ = strings.Cut(dest, "?")
				if dest == "" || hasScheme(dest) {
					continue
				}
				var found []version
				if strings.HasPrefix(dest, "/") {
					found = byURL[strings.TrimSuffix(dest, "/")]
				} else if v, ok := byPath[path.Join(path.Dir(p.Src.Path), dest)]; ok {
					found = []version{v}
				} else {
					found = byRel[path.Join(path.Dir(p.Src.Rel), dest)]
				}
				var names []string
				for _, v := range found {
					if v.site != s {
						names = append(names, fmt.Sprintf("%s (%s)", languageName(v.site), v.page.Src.Path))
					}
				}
				if len(names) == 0 {
					continue
				}
				out[p.Pos(l.Off)] = fmt.Sprintf("; that page exists only in %s: link to a page in %s, or translate it first",
					strings.Join(names, ", "), languageName(s))
			}
		}
	}
	return out
}

// hasScheme reports whether dest is a URL with a scheme (https:,
// mailto:) or protocol-relative.
func hasScheme(dest string) bool {
	if strings.HasPrefix(dest, "//") {
		return true
	}
	i := strings.IndexByte(dest, ':')
	return i > 0 && !strings.ContainsAny(dest[:i], "/?#")
}

// HashFix is a translation whose source_hash is not its original's body
// hash: kb check -fix-hashes writes New into it.
type HashFix struct {
	Page     *builder.Page // the translation
	Original *builder.Page
	Old, New string // Old is "" when the front matter has no source_hash
}

// HashFixes lists the translations whose source_hash is missing or is
// not their original's body hash now, by path. Translations whose front
// matter is not valid are left out (the check reports them).
func HashFixes(sites []*builder.Site) []HashFix {
	if len(sites) < 2 {
		return nil
	}
	def := map[string]*builder.Page{}
	for _, p := range sites[0].Pages {
		if p.Src != nil {
			def[p.TranslationKey()] = p
		}
	}
	var out []HashFix
	for _, s := range sites[1:] {
		for _, p := range s.Pages {
			if p.Src == nil || p.Fallback || p.FM.Invalid() {
				continue
			}
			o := def[p.TranslationKey()]
			if o == nil {
				continue
			}
			if h := o.Src.BodyHash(); h != p.FM.SourceHash {
				out = append(out, HashFix{Page: p, Original: o, Old: p.FM.SourceHash, New: h})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Page.Src.Path < out[j].Page.Src.Path })
	return out
}

// WriteMissing prints translation/missing's table: a line per language
// with how many of the default language's articles it lacks and the
// first few paths, so a site of 10,000 articles still gets one line a
// language: shown paths at most of each.
func WriteMissing(w io.Writer, ms []Missing, prefix string, shown int) error {
	if len(ms) == 0 {
		return nil
	}
	wide := 0
	for _, m := range ms {
		wide = max(wide, utf8.RuneCountInString(m.Name)+len(m.Code)+3)
	}
	if _, err := fmt.Fprintln(w, "kb check: translations missing (translation/missing; kb check -missing CODE lists them):"); err != nil {
		return err
	}
	for _, m := range ms {
		label := m.Name + " (" + m.Code + ")"
		pad := strings.Repeat(" ", wide-utf8.RuneCountInString(label))
		line := fmt.Sprintf("  %s%s %d of %d articles", label, pad, len(m.Paths), m.Articles)
		if m.Articles > 0 {
			line += fmt.Sprintf(" (%d%%)", len(m.Paths)*100/m.Articles)
		}
		if len(m.Paths) == 0 {
			line += ": all translated"
		} else {
			n := min(shown, len(m.Paths))
			var ps []string
			for _, p := range m.Paths[:n] {
				ps = append(ps, prefix+p)
			}
			line += ": " + strings.Join(ps, ", ")
			if rest := len(m.Paths) - n; rest > 0 {
				line += fmt.Sprintf(" and %d more", rest)
			}
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}
