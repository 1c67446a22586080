package lint

import (
	"strings"

	"github.com/kbhelp/kb/builder"
)

// Rule ids of the problems kb build reports.
const (
	RuleCodeNotHighlighted    = "code/not-highlighted"
	RuleConfig                = "config/invalid"
	RuleFileInvalid           = "file/invalid"
	RuleFileSkipped           = "file/skipped"
	RuleFrontMatterInvalid    = "frontmatter/invalid"
	RuleFrontMatterUnknownKey = "frontmatter/unknown-key"
	RuleHTMLMarker            = "html/marker"
	RuleHTMLRaw               = "html/raw"
	RuleLayoutInvalid         = "layout/invalid"
	RuleLinkAnchor            = "link/anchor"
	RuleLinkBroken            = "link/broken"
	RuleLinkDraft             = "link/draft"
	RuleLinkUnsafe            = "link/unsafe"
	RuleMarkdownTooDeep       = "markdown/too-deep"
	RuleMarkdownTooComplex    = "markdown/too-complex"
	RuleSnippet               = "snippet/include"
	RuleSnippetTooLarge       = "snippet/too-large"
	RuleSyntaxForeign         = "syntax/foreign"
	RuleTextControl           = "text/control"
	RuleURLConflict           = "url/conflict"
	RuleBuild                 = "build/other"
)

// Classify gives a build diagnostic its rule id: the one it carries
// (Diagnostic.Rule), else one read from the file and the start of the
// message; the tests pin every message the builder writes, so a reworded
// message fails them instead of falling silently into build/other.
func Classify(d builder.Diagnostic) string {
	if d.Rule != "" {
		return d.Rule // named where it was found
	}
	m := d.Msg
	has := func(s ...string) bool {
		for _, x := range s {
			if strings.HasPrefix(m, x) {
				return true
			}
		}
		return false
	}
	switch {
	case strings.HasPrefix(d.Pos.File, "layouts/"):
		return RuleLayoutInvalid
	case has("featured article "):
		return RuleLinkBroken
	case d.Pos.File == "site.yaml":
		return RuleConfig
	case strings.Contains(m, " is a draft and is not published"):
		return RuleLinkDraft
	case has("broken anchor #"):
		return RuleLinkAnchor
	case has("broken link", "broken image", "empty link", "empty image", "related "),
		has("image ") && strings.Contains(m, " is a page, not an image file"):
		return RuleLinkBroken
	case strings.Contains(m, " removed: only http, https, mailto and tel links are allowed"), has("protocol-relative "):
		return RuleLinkUnsafe
	case has("raw HTML removed"):
		return RuleHTMLRaw
	case has("<!-- kb:", "<!-- /kb:"):
		return RuleHTMLMarker
	case has("unknown front matter key "):
		return RuleFrontMatterUnknownKey
	case has("alias ") && (strings.Contains(m, " is the URL of ") || strings.Contains(m, " is this page's own URL")),
		strings.Contains(m, " is also the URL of "), strings.Contains(m, " already describes this folder"),
		strings.Contains(m, " is also published at /"), has("file is published at the URL of "),
		has("the file name has no letters or digits"), strings.Contains(m, " is reserved: kb writes "):
		return RuleURLConflict
	case has("invalid YAML", `key "`, "expected a mapping of keys to values", "YAML anchors", "slug ",
		"updated: ", "llms: ", "reviewed: ", "review_every: ", "front matter opened", "missing title", "alias "):
		return RuleFrontMatterInvalid
	case has("control character U+"):
		return RuleTextControl
	case has("lists, quotes or footnotes nested more than "):
		return RuleMarkdownTooDeep
	case has("more than ") && (strings.Contains(m, " marks of markup ") || strings.Contains(m, " levels of nesting in one article")):
		return RuleMarkdownTooComplex
	case has("code past the article's first "):
		return RuleCodeNotHighlighted
	case has("snippets make the article more than"):
		return RuleSnippetTooLarge
	case has("snippet ", "include cycle", "snippets nested"):
		return RuleSnippet
	case has("file is UTF-16", "not a text file", "invalid UTF-8", "empty file", "cannot read", "markdown parser failed"),
		has("file is ") && strings.Contains(m, " bytes, more than "):
		return RuleFileInvalid
	case has("symbolic link not followed", "HTML files in content are not published"):
		return RuleFileSkipped
	}
	return RuleBuild
}
