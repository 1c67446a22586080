package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kbhelp/kb/builder"
)

// notCopied are the front matter keys a new translation does not take
// from its original: the original's old URLs stay the original's, the
// link to the original is the path (or is written anew), and the
// translation's dates are its own.
var notCopied = map[string]bool{"aliases": true, "redirect_from": true, "translation_key": true, "source_hash": true, "updated": true}

// newTranslation is kb new -lang CODE: the translation of the default
// language's article (or, with section, folder page) at arg, created in
// the language's folder at the same path, with the original's front
// matter (less notCopied, plus source_hash) and a note to translate; or,
// when the default language has no such article, an article of that
// language only, as kb new makes one.
func newTranslation(ctx context.Context, src, code, arg, title string, section bool, stdout, stderr io.Writer) int {
	sites, diags, err := builder.New(builder.Options{Drafts: true}).AnalyzeLanguages(ctx, os.DirFS(src))
	if err != nil {
		fmt.Fprintf(stderr, "kb new: %v\n", err)
		return 1
	}
	if sites == nil {
		printDiags(stderr, sitePrefix(src), diags)
		return 1
	}
	var lang *builder.Site
	var codes []string
	for _, s := range sites[1:] {
		codes = append(codes, s.Config.Language)
		if strings.EqualFold(s.Config.Language, code) {
			lang = s
		}
	}
	switch {
	case len(sites) == 1:
		fmt.Fprintln(stderr, "kb new: -lang: the site has one language (site.yaml lists no languages:)")
		return 2
	case lang == nil && strings.EqualFold(code, sites[0].Config.Language):
		fmt.Fprintf(stderr, "kb new: -lang %s is the default language; write kb new %s without -lang\n", code, arg)
		return 2
	case lang == nil:
		fmt.Fprintf(stderr, "kb new: -lang %q is not a language of the site (%s)\n", code, strings.Join(codes, ", "))
		return 2
	}
	contentDir := path.Clean(sites[0].Config.ContentDir)
	own := lang.Config.LanguageFolder()
	a := strings.ReplaceAll(arg, "\\", "/")
	if rest, ok := strings.CutPrefix(path.Clean(a), own+"/"); ok {
		a = rest // the translation's path given: content/de/billing/refunds.md
	}
	rel, err := newPath(a, contentDir, section)
	if err != nil {
		fmt.Fprintf(stderr, "kb new: %v\n", err)
		return 2
	}
	file := rel
	if section {
		file = rel + "/_index.md"
	}
	var orig *builder.Page
	for _, p := range sites[0].Pages {
		if p.Src != nil && p.Src.Rel == file {
			orig = p
		}
	}
	for _, p := range sites[0].DraftPages {
		if p.Src != nil && p.Src.Rel == file {
			orig = p
		}
	}
	var text []byte
	note := ""
	if orig == nil {
		if title == "" {
			title = titleOf(strings.TrimSuffix(path.Base(rel), ".md"))
		}
		text = []byte("---\ntitle: " + strconv.Quote(title) + "\ndescription: \"\" # one sentence: shown under the title, in lists, in search results and in llms.txt\n---\n")
		if !section {
			text = append(text, '\n')
		}
		note = fmt.Sprintf("an article in %s only: %s has no %s", languageName(lang), languageName(sites[0]), path.Join(contentDir, file))
	} else {
		text, err = translationText(orig, title, languageName(lang), code)
		if err != nil {
			fmt.Fprintf(stderr, "kb new: %s: %v\n", orig.Src.Path, err)
			return 1
		}
		note = "translate it from " + orig.Src.Path
	}
	target := path.Join(own, file)
	osFile := filepath.Join(src, filepath.FromSlash(target))
	if err := os.MkdirAll(filepath.Dir(osFile), 0o755); err != nil {
		fmt.Fprintf(stderr, "kb new: %v\n", err)
		return 1
	}
	f, err := os.OpenFile(osFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "kb new: %s%s already exists; kb new never overwrites a file\n", sitePrefix(src), target)
		return 1
	}
	if err == nil {
		_, err = f.Write(text)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "kb new: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "kb new: created %s%s (%s)\n", sitePrefix(src), target, note)
	return 0
}

// translationText is a new translation of orig: its front matter, with
// the title given (else the original's) and source_hash, and a note in
// place of the body.
func translationText(orig *builder.Page, title, langName, code string) ([]byte, error) {
	var doc yaml.Node
	if fm := orig.Src.FrontMatter(); len(bytes.TrimSpace(fm)) > 0 {
		if err := yaml.Unmarshal(fm, &doc); err != nil {
			return nil, fmt.Errorf("front matter: %v", err)
		}
	}
	var m *yaml.Node
	if len(doc.Content) == 1 && doc.Content[0].Kind == yaml.MappingNode {
		m = doc.Content[0]
	} else {
		m = &yaml.Node{Kind: yaml.MappingNode}
	}
	scalar := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }
	var kept []*yaml.Node
	hasTitle := false
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if notCopied[k.Value] {
			continue
		}
		if k.Value == "title" {
			hasTitle = true
			if title != "" {
				v = scalar(title)
			}
		}
		kept = append(kept, k, v)
	}
	if !hasTitle {
		kept = append([]*yaml.Node{scalar("title"), scalar(cmpOr(title, orig.Title))}, kept...)
	}
	kept = append(kept, scalar("source_hash"), scalar(orig.Src.BodyHash()))
	kept[len(kept)-1].LineComment = "the original's body this translates (kb check -fix-hashes)"
	m.Content = kept
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	out := []byte("---\n")
	out = append(out, b.Bytes()...)
	out = append(out, "---\n"...)
	if orig.Kind == builder.KindArticle {
		out = append(out, fmt.Sprintf("\n> [!NOTE]\n> Translate %s into %s (%s) here, then remove this note.\n", orig.Src.Path, langName, code)...)
	}
	return out, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// languageName is a language's name as site.yaml writes it.
func languageName(s *builder.Site) string {
	for _, l := range s.Config.Languages {
		if strings.EqualFold(l.Code, s.Config.Language) {
			return l.Name
		}
	}
	return s.Config.Language
}
