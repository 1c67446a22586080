package move

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/kbhelp/kb/builder"
)

// translations keeps a multilingual site's translations of what moves
// with their originals. kb mv moves the default language's files only
// (its model is the default language's); a translation stays at its
// path, so its URL and the links to it in its language are unchanged,
// and gets translation_key: the original's new path, so it is still the
// translation of the moved article (the switcher, hreflang, and kb
// check's stale and missing rules follow it). Each such edit is a note
// of the plan. A translated folder's _index.md cannot follow that way
// (a folder's key is its path), and a link of another language to an
// untranslated article that moves would break: both are notes saying
// what to do by hand.
func (pl *planner) translations(sites []*builder.Site) error {
	if len(sites) < 2 {
		return nil
	}
	for _, s := range sites[1:] {
		name := languageName(s)
		for _, p := range s.Pages {
			if p.Src == nil || p.Fallback {
				continue
			}
			if p.Kind == builder.KindArticle {
				to, ok := pl.moved[p.TranslationKey()]
				if !ok || !isMarkdown(to) {
					continue
				}
				raw, err := fs.ReadFile(pl.fsys, p.Src.Path)
				if err != nil {
					return fmt.Errorf("read %s: %w", p.Src.Path, err)
				}
				out, err := builder.SetTranslationKey(raw, to)
				if err != nil {
					pl.plan.Notes = append(pl.plan.Notes, fmt.Sprintf("%s, the %s translation of %s, stays where it is, and %v",
						p.Src.Path, name, pl.site(p.TranslationKey()), err))
					continue
				}
				pl.plan.writes[p.Src.Path] = out
				pl.plan.orig[p.Src.Path] = raw
				pl.plan.Notes = append(pl.plan.Notes, fmt.Sprintf("%s, the %s translation, stays where it is (its URL unchanged) with translation_key: %s, the original's new path",
					p.Src.Path, name, to))
				continue
			}
			if dir := p.Dir; pl.folder && (dir == pl.src || strings.HasPrefix(dir, pl.src+"/")) {
				pl.plan.Notes = append(pl.plan.Notes, fmt.Sprintf("%s describes the %s folder %s, which stays where it is: move %s/%s to %s/%s by hand to keep the folders parallel",
					p.Src.Path, name, dir, s.Config.LanguageFolder(), dir, s.Config.LanguageFolder(), pl.newRel(dir)))
			}
		}
		for _, p := range s.Pages {
			if p.Src == nil || p.Fallback {
				continue
			}
			for _, l := range p.Links {
				t := l.Target
				if t == nil || !t.Fallback || t.Src == nil {
					continue
				}
				if to, ok := pl.moved[t.Src.Rel]; ok {
					pl.plan.Notes = append(pl.plan.Notes, fmt.Sprintf("%s: the link to %s, untranslated in %s, will be broken: kb mv rewrites the default language's links only; link to %s",
						p.Pos(l.Off), l.Dest, name, to))
				}
			}
		}
	}
	return nil
}

// languageName is the site's language as site.yaml names it.
func languageName(s *builder.Site) string {
	for _, l := range s.Config.Languages {
		if strings.EqualFold(l.Code, s.Config.Language) {
			return l.Name
		}
	}
	return s.Config.Language
}

// languageProblems analyses every language of a multilingual site in
// fsys, and returns the models and their errors, keyed as verify keys
// them (a moved file's at its path after the move, when fsys is the site
// before it); nil on a site in one language.
func (pl *planner) languageProblems(fsys fs.FS, after bool) ([]*builder.Site, map[string]builder.Diagnostic, error) {
	if len(pl.cfg.Languages) < 2 {
		return nil, nil, nil
	}
	sites, diags, err := builder.New(builder.Options{Drafts: true, Links: "error"}).AnalyzeLanguages(pl.ctx, fsys)
	if err != nil {
		return nil, nil, err
	}
	out := map[string]builder.Diagnostic{}
	for _, d := range diags {
		if d.Warning {
			continue
		}
		file := d.Pos.File
		if rel, ok := strings.CutPrefix(file, pl.content+"/"); ok && !after {
			file = pl.site(pl.newRel(rel))
		}
		msg, _, _ := strings.Cut(d.Msg, " (did you mean")
		out[file+"\x00"+msg] = d
	}
	return sites, out, nil
}

// verifyLanguages fails the move when it would give another language of
// the site an error it did not have: kb mv moves the default language's
// files, and a translation may link the files that move (an untranslated
// article, an image beside the original), or a folder's old URL may be a
// translated folder's.
func (pl *planner) verifyLanguages(before map[string]builder.Diagnostic) error {
	if before == nil {
		return nil
	}
	fsys, err := pl.plan.overlay(pl.fsys)
	if err != nil {
		return err
	}
	_, after, err := pl.languageProblems(fsys, true)
	if err != nil {
		return err
	}
	var problems builder.Diagnostics
	for k, d := range after {
		if _, ok := before[k]; !ok {
			problems = append(problems, d)
		}
	}
	if len(problems) == 0 {
		return nil
	}
	problems.Sort()
	return &Error{Msg: "the move would break the site in its other languages (kb mv moves the default language's files; a translation stays, and its links are not rewritten); nothing was changed", Diags: problems}
}
