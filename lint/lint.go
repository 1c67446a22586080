// Package lint is kb check's content checks: every problem kb build finds,
// each given a rule id, and the lint rules a build does not enforce
// (orphan articles, missing descriptions, duplicate titles, images
// without alt text, long titles, skipped heading levels, empty sections,
// overdue reviews).
//
// It reads the site model builder.Analyze returns and writes nothing.
// Rules() lists every rule with its default severity and its fix; the
// README documents the same list. A site sets a rule to error, warning
// or off in site.yaml:
//
//	check:
//	  rules:
//	    missing-description: off
//	    title-too-long: error
//
// kb check reports each problem kb build reports with the build's own
// severity, so the two agree: one that fails the build is an error, and
// one the build only warns about (a broken link under links: warn) is a
// warning. check.rules can make such a warning an error or turn it off
// for kb check, and sets the lint rules.
//
// Check is safe for concurrent use: it only reads the site.
package lint

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kbhelp/kb/builder"
)

// Severity is how much a finding counts.
type Severity int8

const (
	Off     Severity = iota // not reported
	Info                    // printed as a note; never counts against the site
	Warning                 // printed; kb check still succeeds
	Error                   // kb check exits 1
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "off"
}

// parseSeverity reads a severity as site.yaml writes it.
func parseSeverity(s string) (Severity, bool) {
	switch s {
	case "error":
		return Error, true
	case "warning", "warn":
		return Warning, true
	case "info":
		return Info, true
	case "off":
		return Off, true
	}
	return Off, false
}

// Rule is one kind of finding.
type Rule struct {
	ID       string
	Severity Severity // by default
	// Build is set for problems kb build reports itself; their
	// build errors are errors whatever site.yaml says.
	Build bool
	What  string // what it finds
	Fix   string // how to fix it
}

// Rule ids of the lint rules (the build's problems have theirs in
// classify.go).
const (
	RuleOrphan             = "orphan"
	RuleMissingDescription = "missing-description"
	RuleDuplicateTitle     = "duplicate-title"
	RuleMissingAlt         = "missing-alt"
	RuleTitleTooLong       = "title-too-long"
	RuleHeadingSkip        = "heading-skip"
	RuleEmptySection       = "empty-section"
	RuleReviewOverdue      = "review-overdue"

	// Translations (translations.go).
	RuleTranslationStale   = "translation/stale"
	RuleTranslationMissing = "translation/missing"
	RuleTranslationOrphan  = "translation/orphan"
	RuleForeignLink        = "translation/foreign-link"
)

// MaxTitle is the longest title, in characters, that title-too-long
// accepts: about what search engines show of a result's title.
const MaxTitle = 70

// Rules returns every rule, lint rules first, then the build's, each
// group sorted by id. The slice is new on every call.
func Rules() []Rule {
	return []Rule{
		{ID: RuleDuplicateTitle, Severity: Warning,
			What: "two published articles have the same title (ignoring case)",
			Fix:  "make each title say what sets the article apart, or merge the two articles"},
		{ID: RuleEmptySection, Severity: Warning,
			What: "a category or section has no article in the sidebar, at any depth",
			Fix:  "add an article to it (kb new), move its articles back, or delete the folder"},
		{ID: RuleHeadingSkip, Severity: Warning,
			What: "a heading is more than one level below the one before it (## then ####); the title counts as level 1",
			Fix:  "use the next level down (###), so screen readers and the \"On this page\" list show the real structure"},
		{ID: RuleMissingAlt, Severity: Warning,
			What: "an image has no alt text: ![](image.png), or <img> without alt",
			Fix:  "describe what the image shows for readers who cannot see it: ![The Billing page with Retry payment highlighted](image.png)"},
		{ID: RuleMissingDescription, Severity: Warning,
			What: "an article or an _index.md has no description",
			Fix:  "add description: with one sentence; it is shown under the title, in lists, in search results and in llms.txt"},
		{ID: RuleOrphan, Severity: Warning,
			What: "an article is in no sidebar (it is hidden, or in a hidden folder) and nothing links to it: no article, no related:, no featured:",
			Fix:  "link to it from the articles readers come from, list it in their related:, remove hidden:, or delete it"},
		{ID: RuleReviewOverdue, Severity: Warning,
			What: "an article's review is overdue: reviewed plus review_every is in the past (kb check -stale lists them)",
			Fix:  "have its owner check the article, then set reviewed: to today's date"},
		{ID: RuleTitleTooLong, Severity: Warning,
			What: fmt.Sprintf("a title is longer than %d characters; search engines and the sidebar cut it", MaxTitle),
			Fix:  "shorten it to the words a reader would search for; move the rest to the description"},
		{ID: RuleTranslationMissing, Severity: Info,
			What: "articles of the default language with no translation, counted per language in one table after the findings (kb check -missing CODE lists the paths; warning or error: one finding per article)",
			Fix:  "translate them (kb new -lang CODE PATH starts one), or leave them to the fallback"},
		{ID: RuleTranslationOrphan, Severity: Info,
			What: "a translation with no original: content/<code>/x.md with no x.md in the default language and no translation_key, an article in that language only; or a translation_key naming no page",
			Fix:  "nothing, for an article only that language's readers need; else set translation_key: to the original's path, or correct it"},
		{ID: RuleTranslationStale, Severity: Warning,
			What: "a translation older than its original: its source_hash is not the original's body hash now, or (without source_hash) its updated date is before the original's",
			Fix:  "bring the translation up to date with the original, then run kb check -fix-hashes (or set updated:)"},

		{ID: RuleCodeNotHighlighted, Severity: Warning, Build: true,
			What: "code blocks past an article's first 128 KiB of code, written without highlighting (highlighting takes about 1.5 µs a byte)",
			Fix:  "link to a file with the long code, or shorten the blocks"},
		{ID: RuleConfig, Severity: Error, Build: true,
			What: "site.yaml cannot be used: invalid YAML, an unknown key, a value of the wrong type, an unknown rule id under check.rules",
			Fix:  "correct the key or value at the position shown; the message suggests the nearest known key"},
		{ID: RuleFileInvalid, Severity: Error, Build: true,
			What: "a content file cannot be read: not UTF-8, UTF-16, a NUL byte, too large, empty, or unreadable",
			Fix:  "save the file as UTF-8 text, or delete it"},
		{ID: RuleFileSkipped, Severity: Warning, Build: true,
			What: "a file in content/ is not published: an HTML file, or a symbolic link",
			Fix:  "write the page in markdown; replace the link with the file itself"},
		{ID: RuleFrontMatterInvalid, Severity: Error, Build: true,
			What: "front matter cannot be used: invalid YAML, a value of the wrong type, a bad slug or date, a missing title, an unclosed header",
			Fix:  "correct the value at the position shown (dates are YYYY-MM-DD; lists are [a, b])"},
		{ID: RuleFrontMatterUnknownKey, Severity: Warning, Build: true,
			What: "front matter has a key kb does not know, usually a typo",
			Fix:  "use the suggested key, or remove it"},
		{ID: RuleHTMLMarker, Severity: Warning, Build: true,
			What: "an audience marker (<!-- kb:agents -->, <!-- kb:people -->) is not opened or not closed",
			Fix:  "put the opening and closing markers on lines of their own, around the blocks they apply to"},
		{ID: RuleHTMLRaw, Severity: Warning, Build: true,
			What: "raw HTML was removed, or its markup removed and its text kept, and the page says less than the source (kept: <kbd>, <sup>, <sub>, <br>, <img>, <details>; icons and video embeds become a mark or a link)",
			Fix:  "write what the message suggests in markdown (tables, lists, emphasis, alerts, links) or leave it out"},
		{ID: RuleLayoutInvalid, Severity: Error, Build: true,
			What: "a layout in layouts/ is missing or does not parse",
			Fix:  "correct the template at the position shown, or delete the file to use the built-in one"},
		{ID: RuleLinkAnchor, Severity: Error, Build: true,
			What: "a link's #anchor names no heading of the page it links to",
			Fix:  "use the heading's id as suggested (anchors are lowercase, spaces become -)"},
		{ID: RuleLinkBroken, Severity: Error, Build: true,
			What: "a link, image, related: or featured: entry leads nowhere (a warning under links: warn)",
			Fix:  "correct the path as suggested; after moving files, use kb mv, which rewrites links"},
		{ID: RuleLinkDraft, Severity: Error, Build: true,
			What: "a link leads to a draft, which is not published",
			Fix:  "publish the draft (remove draft: true) or remove the link until it is"},
		{ID: RuleLinkUnsafe, Severity: Warning, Build: true,
			What: "a link was removed for its scheme (only http, https, mailto and tel), or is protocol-relative (//host)",
			Fix:  "write the full https:// URL, or remove the link"},
		{ID: RuleMarkdownTooComplex, Severity: Error, Build: true,
			What: "an article holds more than 20000 marks of markup (each [, < and |, each run of *, _ or ~, each line starting with # or :), or its lines start with more than 20000 levels of nesting in all (each quote marker, list marker and level of indentation, up to 32 a line); fenced code is not counted; the parser's time grows with them, for some faster than linearly",
			Fix:  "split the article; the largest real help articles hold under 1,200"},
		{ID: RuleMarkdownTooDeep, Severity: Error, Build: true,
			What: "lists, quotes, footnotes or definitions nested more than 32 deep (a list and its item count one); the parser's time grows with the depth on every line",
			Fix:  "flatten the structure: split the list, use headings for the outer levels, or drop quote markers"},
		{ID: RuleSnippet, Severity: Error, Build: true,
			What: "a snippet include ({!name.md!}) names no file of content/_snippets, or the includes form a cycle",
			Fix:  "correct the name as suggested; break the cycle"},
		{ID: RuleSnippetTooLarge, Severity: Error, Build: true,
			What: "an article is more than 4 MiB with its snippets included (each include line counts too), usually snippets that include each other many times",
			Fix:  "include each snippet once or a few times; the chain shown leads to where the limit was passed"},
		{ID: RuleSyntaxForeign, Severity: Warning, Build: true,
			What: "syntax of another generator that kb does not render: admonitions (:::note, !!! tip), Liquid tags and variables, Hugo shortcodes, kramdown and attribute lists, MDX import/export and JSX components, [TOC], tab markers kb cannot use, Zulip macros, .mdx files; an error where readers would see template code or a hidden comment, a warning where the text still reads",
			Fix:  "write the kb equivalent the message names (an alert, tabs, a snippet include, a link or image), or remove the marker"},
		{ID: RuleTextControl, Severity: Warning, Build: true,
			What: "a control character (ESC, BEL, C1 codes; not tab or newline) in a title, description, tag or the body, removed (a space in the body)",
			Fix:  "delete it; it usually comes from text pasted from a terminal"},
		{ID: RuleForeignLink, Severity: Error, Build: true,
			What: "a broken link of one language to a page that exists only in another language (the build reports it as broken; each language's links stay in the language)",
			Fix:  "link to a page of the link's own language, or translate the page first"},
		{ID: RuleURLConflict, Severity: Error, Build: true,
			What: "two pages, an alias or a file claim one URL, two _index files describe one folder, or a file name gives no URL",
			Fix:  "rename one file, change its slug:, or remove the alias"},
		{ID: RuleBuild, Severity: Error, Build: true,
			What: "any other problem kb build reports",
			Fix:  "follow the message"},
	}
}

// Finding is one problem, at a position of the site folder.
type Finding struct {
	Pos      builder.Pos
	Rule     string
	Severity Severity
	Msg      string
}

// String formats a finding as path:line:col: rule: message, with
// "warning: " before the message of a warning and "info: " before a
// note's.
func (f Finding) String() string {
	w := ""
	switch f.Severity {
	case Warning:
		w = "warning: "
	case Info:
		w = "info: "
	}
	return fmt.Sprintf("%s: %s: %s%s", f.Pos, f.Rule, w, f.Msg)
}

// Options are what a check needs beyond the site.
type Options struct {
	// Now is the date reviews are due against; review-overdue is not
	// checked when it is zero.
	Now time.Time
}

// Check turns the build's diagnostics into findings with rule ids and
// runs the lint rules over site, with the severities of site.yaml's
// check.rules. site may be nil (site.yaml itself has errors): then only
// the diagnostics are reported. Findings are sorted by position.
func Check(site *builder.Site, diags builder.Diagnostics, opts Options) []Finding {
	var sites []*builder.Site
	if site != nil {
		sites = []*builder.Site{site}
	}
	return CheckLanguages(sites, diags, opts)
}

// CheckLanguages is Check of every language of a site: sites are
// builder.AnalyzeLanguages' models, the default language first, and
// diags their problems. The lint rules run in each language over its
// own files (an untranslated article's fallback page is the default
// language's to report), and the translation rules across them
// (translations.go). Findings are sorted by position, each once.
func CheckLanguages(sites []*builder.Site, diags builder.Diagnostics, opts Options) []Finding {
	var site *builder.Site
	if len(sites) > 0 {
		site = sites[0]
	}
	sev, out := severities(site)
	var foreign map[builder.Pos]string
	if len(sites) > 1 {
		foreign = foreignLinks(sites)
	}
	for _, d := range diags {
		id := Classify(d)
		if note, ok := foreign[d.Pos]; ok && id == RuleLinkBroken {
			id, d.Msg = RuleForeignLink, d.Msg+note
		}
		s := Error
		if d.Warning {
			// The build's own severity, so kb check and kb build agree
			// (under links: warn a broken link warns in both), unless
			// check.rules names the rule.
			s = Warning
			if configured(site, id) {
				s = sev[id]
			}
		}
		if s == Off {
			continue
		}
		out = append(out, Finding{Pos: d.Pos, Rule: id, Severity: s, Msg: d.Msg})
	}
	for i, s := range sites {
		c := &checker{site: s, sev: sev}
		c.run(opts)
		if i == 0 && len(sites) > 1 {
			c.translations(sites)
		}
		out = append(out, c.out...)
	}
	Sort(out)
	return slices.Compact(out)
}

// Report is kb check of every language of a site.
type Report struct {
	// Sites is each language's model, the default language first; nil
	// when site.yaml has errors (the findings say which).
	Sites    []*builder.Site
	Findings []Finding
	// Missing is translation/missing's table: one entry per language
	// but the default; nil on a site in one language, or when the rule
	// is off.
	Missing []Missing
}

// Run analyzes the site in fsys as kb build would (layouts included),
// without writing anything, and checks it: kb check. The site is the
// default language's (every language is checked); it is nil when
// site.yaml has errors, and the findings then say what they are.
func Run(ctx context.Context, fsys fs.FS, bopts builder.Options, opts Options) (*builder.Site, []Finding, error) {
	r, err := RunLanguages(ctx, fsys, bopts, opts)
	if err != nil {
		return nil, nil, err
	}
	var site *builder.Site
	if len(r.Sites) > 0 {
		site = r.Sites[0]
	}
	return site, r.Findings, nil
}

// RunLanguages is Run with every language's model and the table of
// missing translations.
func RunLanguages(ctx context.Context, fsys fs.FS, bopts builder.Options, opts Options) (*Report, error) {
	sites, diags, err := builder.New(bopts).AnalyzeLanguages(ctx, fsys)
	if err != nil {
		return nil, err
	}
	if sites != nil {
		diags = append(diags, builder.CheckLayouts(fsys)...)
	}
	r := &Report{Sites: sites, Findings: CheckLanguages(sites, diags, opts)}
	if len(sites) > 1 {
		if sev, _ := severities(sites[0]); sev[RuleTranslationMissing] != Off {
			r.Missing = MissingTranslations(sites)
		}
	}
	return r, nil
}

// severities reads check.rules over the defaults, and reports unknown
// rule ids as config errors.
func severities(site *builder.Site) (map[string]Severity, []Finding) {
	rules := Rules()
	sev := make(map[string]Severity, len(rules))
	ids := make([]string, 0, len(rules))
	for _, r := range rules {
		sev[r.ID] = r.Severity
		ids = append(ids, r.ID)
	}
	if site == nil || site.Config == nil {
		return sev, nil
	}
	var out []Finding
	for _, r := range site.Config.Check {
		if _, ok := sev[r.ID]; !ok {
			msg := fmt.Sprintf("unknown check rule %q", r.ID)
			if s := builder.Suggest(r.ID, ids); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			out = append(out, Finding{Pos: r.Pos, Rule: RuleConfig, Severity: Error, Msg: msg})
			continue
		}
		s, _ := parseSeverity(r.Severity) // builder accepts only the three
		sev[r.ID] = s
	}
	return sev, out
}

// configured reports whether site.yaml's check.rules sets rule id.
func configured(site *builder.Site, id string) bool {
	if site == nil || site.Config == nil {
		return false
	}
	for _, r := range site.Config.Check {
		if r.ID == id {
			return true
		}
	}
	return false
}

// Sort orders findings by file, line, column, then errors before
// warnings, then rule and message, so output never depends on timing.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if c := a.Pos.Compare(b.Pos); c != 0 {
			return c < 0
		}
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Msg < b.Msg
	})
}

// Count returns the numbers of errors and warnings; notes (Info) are
// neither.
func Count(fs []Finding) (errors, warnings int) {
	for _, f := range fs {
		switch f.Severity {
		case Error:
			errors++
		case Warning:
			warnings++
		}
	}
	return errors, warnings
}

// contentPath names a folder of content for a finding about a folder
// that has no _index.md.
func contentPath(site *builder.Site, dir string) string {
	return strings.TrimSuffix(site.Config.ContentDir, "/") + "/" + dir
}
