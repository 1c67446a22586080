package builder

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// This file is the writers' side of a multilingual site (languages.go is
// the build's): every language's model for kb check, kb new -lang and
// kb mv, and the hash a translation records of its original.

// AnalyzeLanguages is Analyze for every language of the site: each
// language's model, the default language's first (one model on a site
// in one language), and the problems of them all, sorted, each once. A
// problem of a default-language file is the default language's to
// report (a fallback page's are left out, as Build does), so a broken
// link in an untranslated article is listed once, not once a language.
// The languages' pages know their versions in the others (the switcher's
// LangLinks), as in a build. The sites are nil when site.yaml has
// errors; the diagnostics then say what they are.
//
// The languages are analysed one after another, each parsing in
// parallel; the models are read-only once returned.
func (b *Builder) AnalyzeLanguages(ctx context.Context, fsys fs.FS) ([]*Site, Diagnostics, error) {
	cfg, cdiags := b.config(fsys)
	if cdiags.Errors() > 0 || len(cfg.Languages) == 0 || cfg.lang != nil {
		site, diags, err := b.Analyze(ctx, fsys)
		if site == nil {
			return nil, diags, err
		}
		return []*Site{site}, diags, err
	}
	cfgs := cfg.languageConfigs()
	sites := make([]*Site, len(cfgs))
	byCode := make(map[string]*Site, len(cfgs))
	diags := cdiags
	for i, lc := range cfgs {
		opts := b.opts
		opts.Config, opts.BaseURL, opts.Links = lc, "", "" // lc has them applied
		if b.opts.Cache != nil {
			opts.Cache = b.opts.Cache.child(lc.Language)
		}
		site, d, err := New(opts).Analyze(ctx, fsys)
		if err != nil {
			return nil, nil, err
		}
		diags = append(diags, d...)
		if site == nil { // cannot happen: the config was read above
			return nil, diags, nil
		}
		sites[i], byCode[lc.Language] = site, site
	}
	t := newLangTable(cfgs, byCode)
	for _, s := range sites {
		s.setLanguages(t)
	}
	diags.Sort()
	return sites, diags.Compact(), ctx.Err()
}

// TranslationKey is what matches the page with its versions in the
// other languages: an article's path in its language's folder
// ("billing/refunds.md", or its translation_key), a folder's path with a
// slash ("billing/").
func (p *Page) TranslationKey() string { return translationKey(p) }

// Languages is the page in every language of the site, the default
// first, as its switcher lists them; nil on a site in one language, or
// from Analyze (AnalyzeLanguages fills it).
func (p *Page) Languages() []LangLink { return p.langs }

// SourceHashPos is where source_hash's value is written; zero when the
// front matter has none.
func (fm *FrontMatter) SourceHashPos() Pos { return fm.sourceHashPos }

// LanguageFolder is the content folder of the site's language
// ("content/de"), or the content folder on a site in one language and
// for the default language.
func (c *Config) LanguageFolder() string {
	if c.lang != nil {
		return c.lang.Own
	}
	return path.Clean(c.ContentDir)
}

// BodyHash is what a translation records of its original in front
// matter source_hash: the first 12 hex digits of the SHA-256 of the
// original's markdown body, the front matter left out, as load reads it
// (UTF-8, LF newlines, no byte order mark) and with blank space at its
// start and end trimmed. An edit of the original's front matter (its
// title, tags, updated date) or of its line endings leaves the hash as
// it was; a snippet it includes is not part of it.
func (s *Source) BodyHash() string { return BodyHash(s.Src[s.BodyOffset:]) }

// BodyHash is Source.BodyHash of a markdown body.
func BodyHash(body []byte) string {
	sum := sha256.Sum256(bytes.TrimSpace(body))
	return hex.EncodeToString(sum[:6])
}

// SetSourceHash returns a translation's file with its front matter's
// source_hash set to hash: the value replaced where the key is written
// (a comment after it kept), else a line "source_hash: HASH" added after
// the last key, before the closing ---; a file with no front matter gets
// one of that line alone. Every other byte stays as it was: a byte order
// mark, CRLF line ends, comments, the order of keys. It fails, changing
// nothing, when the front matter is not closed or not valid, or when the
// edit would not read back as that hash with the body unchanged (a key
// whose value goes on over more lines, a flow mapping {…}): the message
// says to set it by hand.
func SetSourceHash(file []byte, hash string) ([]byte, error) {
	if hash == "" || strings.Trim(hash, "0123456789abcdef") != "" {
		return nil, fmt.Errorf("source_hash %q is not lowercase hex", hash)
	}
	return setFrontMatterKey(file, "source_hash", hash, hash, func(fm *FrontMatter) string { return fm.SourceHash })
}

// SetTranslationKey is SetSourceHash for translation_key: it makes a
// translation name its original's path ("billing/refunds.md"), as kb mv
// does when the original moves and the translation stays.
func SetTranslationKey(file []byte, key string) ([]byte, error) {
	if key == "" || !fs.ValidPath(key) {
		return nil, fmt.Errorf("translation_key %q is not a path in the content folder", key)
	}
	value := key
	if strings.Trim(key, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./") != "" || strings.HasPrefix(key, ".") {
		value = strconv.Quote(key) // a YAML double-quoted string
	}
	return setFrontMatterKey(file, "translation_key", value, key, func(fm *FrontMatter) string { return fm.TranslationKey })
}

// setFrontMatterKey sets key to value (YAML) in file's front matter, and
// checks that the field read back (get) is want.
func setFrontMatterKey(file []byte, key, value, want string, get func(*FrontMatter) string) ([]byte, error) {
	before, d := cleanSource("", file)
	if d != nil {
		return nil, errors.New(d.Msg)
	}
	fmBefore, offBefore, ok := splitFrontMatter(before)
	if !ok {
		return nil, errors.New("the front matter is not closed: end it with a line ---")
	}
	if _, diags := parseFrontMatter("", fmBefore); diags.Errors() > 0 {
		return nil, fmt.Errorf("the front matter is not valid: %s", diags[0].Msg)
	}
	out := setKey(file, key, value)
	after, d := cleanSource("", out)
	byHand := fmt.Errorf("cannot place %s in this front matter; write %s: %s in it by hand", key, key, value)
	if d != nil {
		return nil, byHand
	}
	fmAfter, offAfter, ok := splitFrontMatter(after)
	if !ok || !bytes.Equal(before[offBefore:], after[offAfter:]) {
		return nil, byHand
	}
	if fm, diags := parseFrontMatter("", fmAfter); diags.Errors() > 0 || get(&fm) != want {
		return nil, byHand
	}
	return out, nil
}

// setKey is setFrontMatterKey's edit, unchecked.
func setKey(file []byte, key, value string) []byte {
	bom, rest := []byte(nil), file
	if bytes.HasPrefix(file, []byte("\xEF\xBB\xBF")) {
		bom, rest = file[:3], file[3:]
	}
	nl := "\n"
	if i := bytes.IndexByte(rest, '\n'); i > 0 && rest[i-1] == '\r' {
		nl = "\r\n"
	}
	line := key + ": " + value
	join := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	first, _, found := bytes.Cut(rest, []byte("\n"))
	if !found || string(bytes.TrimRight(first, " \t\r")) != "---" {
		return join(bom, []byte("---"+nl+line+nl+"---"+nl), rest)
	}
	start := len(bom)
	for off := len(first) + 1; off < len(rest); {
		l, _, more := bytes.Cut(rest[off:], []byte("\n"))
		if t := string(bytes.TrimRight(l, " \t\r")); t == "---" || t == "..." {
			at := start + off
			return join(file[:at], []byte(line+nl), file[at:])
		}
		if v, ok := bytes.CutPrefix(l, []byte(key)); ok {
			if v = bytes.TrimLeft(v, " \t"); len(v) > 0 && v[0] == ':' {
				colon := start + off + len(l) - len(v)
				end := start + off + len(bytes.TrimRight(l, "\r"))
				old := file[colon+1 : end]
				comment := []byte(nil)
				for i := 1; i < len(old); i++ {
					if old[i] == '#' && (old[i-1] == ' ' || old[i-1] == '\t') {
						comment = old[i-1:]
						break
					}
				}
				return join(file[:colon+1], []byte(" "+value), comment, file[end:])
			}
		}
		if !more {
			break
		}
		off += len(l) + 1
	}
	return file
}

// FrontMatter is the source's YAML header, without its --- lines; nil
// when it has none. It must not be changed.
func (s *Source) FrontMatter() []byte { return s.fm }

// featured is the page a featured: entry of site.yaml names (a default
// language path): the page at that path or, in a language's build, the
// translation whose translation_key it is, when the translation has a
// path of its own.
func (s *Site) featured(rel string) *Page {
	rel = strings.TrimPrefix(path.Clean(rel), "/")
	if t := s.byRel[rel]; t != nil {
		return t
	}
	if lb := s.Config.lang; lb == nil || lb.Default {
		return nil
	}
	for _, p := range s.Pages {
		if p.Kind == KindArticle && !p.Fallback && p.FM.TranslationKey == rel {
			return p
		}
	}
	return nil
}
