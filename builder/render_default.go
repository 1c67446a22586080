package builder

import "strings"

// The built-in theme's article, category and section pages, written in
// Go. They are three in every four outputs of a build, and html/template
// executes about 150 actions for each through reflection, which made it
// the largest cost of rendering after markdown. The functions below
// write the same bytes as base.html, partials.html, article.html and
// list.html, escaping each value as html/template does in its context
// (text, attribute, URL, URL fragment).
//
// They are used only for a kind whose three files (base.html,
// partials.html and its own) are the built-in ones: a site's own
// layouts/ file always goes through html/template. The parts that
// depend on the site alone (the header, the support box and the footer)
// are executed with the built-in templates themselves, once per build.
//
// Any change to those layout files must be made here too:
// TestDefaultPagesMatchTemplates compares the two on every page kind with
// values that need escaping, and fails until they agree.

// defaultKinds are the kinds written in Go when their files are the
// built-in ones. The home, 404 and search pages are one each per build
// and stay with the templates.
var defaultKinds = map[string]bool{"article": true, "category": true, "section": true}

// siteParts are the parts of a page that depend on the site view alone,
// executed once per SiteView with the theme's own templates.
type siteParts struct {
	sv                      *SiteView
	header, support, footer string
	headerPre, headerPost   string // the header around the language switcher, on a multilingual site
	err                     error
}

// partsFor returns the site-wide parts for sv, executing them when sv
// is not the one they were made for (a new build).
func (t *theme) partsFor(sv *SiteView) *siteParts {
	if p := t.parts.Load(); p != nil && p.sv == sv {
		return p
	}
	p := &siteParts{sv: sv}
	tmpl := t.byKind["article"]
	v := &PageView{Site: sv}
	run := func(name string) string {
		var b strings.Builder
		if err := tmpl.ExecuteTemplate(&b, name, v); err != nil && p.err == nil {
			p.err = err
		}
		return b.String()
	}
	p.header, p.support, p.footer = run("header"), run("support"), run("footer")
	// The language switcher is each page's own: the header is cut where
	// it goes (appendLanguages).
	v.Languages = []LangLink{{Code: "x", Name: "x", Current: true}}
	p.headerPre, p.headerPost = splitSwitcher(p.header, run("header"))
	t.parts.Store(p)
	return p
}

// writeDefault appends page v of kind (article, category or section) as
// the built-in layouts render it.
func (t *theme) writeDefault(b []byte, kind string, v *PageView) ([]byte, error) {
	sp := t.partsFor(v.Site)
	if sp.err != nil {
		return nil, sp.err
	}
	sv := v.Site
	b = append(b, "<!DOCTYPE html>\n<html lang=\""...)
	b = appendHTML(b, sv.Lang)
	b = append(b, '"')
	if sv.Dir != "" {
		b = append(b, " dir=\""...)
		b = appendHTML(b, sv.Dir)
		b = append(b, '"')
	}
	if v.Dev {
		b = append(b, ` data-dev-events="/_dev/events"`...)
	}
	b = append(b, ">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"...)
	b = appendHTML(b, v.HeadTitle)
	b = append(b, "</title>"...)
	desc := v.Description
	if desc == "" {
		desc = sv.Description
	}
	if desc != "" {
		b = append(b, "\n<meta name=\"description\" content=\""...)
		b = appendHTML(b, desc)
		b = append(b, "\">"...)
	}
	b = append(b, "\n<meta name=\"color-scheme\" content=\"light dark\">"...)
	if v.NoIndex {
		b = append(b, "\n<meta name=\"robots\" content=\"noindex\">"...)
	}
	for _, ic := range sv.Icons {
		b = append(b, "\n<link rel=\""...)
		b = appendHTML(b, ic.Rel)
		b = append(b, "\" href=\""...)
		b = appendURL(b, ic.URL)
		b = append(b, '"')
		switch ic.Type {
		case "svg":
			b = append(b, " type=\"image/svg+xml\""...)
		case "png":
			b = append(b, " type=\"image/png\""...)
		}
		if ic.Sizes != "" {
			b = append(b, " sizes=\""...)
			b = appendHTML(b, ic.Sizes)
			b = append(b, '"')
		}
		b = append(b, '>')
	}
	if len(sv.Icons) == 0 {
		b = append(b, "\n<link rel=\"icon\" href=\""...)
		if sv.Logo != "" {
			b = appendURL(b, sv.Logo)
		} else {
			b = append(b, "data:,"...)
		}
		b = append(b, "\">"...)
	}
	if v.Canonical != "" {
		b = append(b, "\n<link rel=\"canonical\" href=\""...)
		b = appendURL(b, v.Canonical)
		b = append(b, "\">"...)
	}
	if v.MarkdownURL != "" {
		b = append(b, "\n<link rel=\"alternate\" type=\"text/markdown\" href=\""...)
		b = appendURL(b, v.MarkdownURL)
		b = append(b, "\">"...)
	}
	b = appendAlternates(b, v)
	b = append(b, "\n<meta property=\"og:title\" content=\""...)
	switch {
	case v.Kind == "home":
		b = appendHTML(b, v.HeadTitle)
	case v.Title != "":
		b = appendHTML(b, v.Title)
	default:
		b = appendHTML(b, sv.Title)
	}
	b = append(b, "\">"...)
	if desc != "" {
		b = append(b, "\n<meta property=\"og:description\" content=\""...)
		b = appendHTML(b, desc)
		b = append(b, "\">"...)
	}
	b = append(b, "\n<meta property=\"og:type\" content=\""...)
	if v.OGType != "" {
		b = appendHTML(b, v.OGType)
	} else {
		b = append(b, "website"...)
	}
	b = append(b, "\">"...)
	if v.Canonical != "" {
		b = append(b, "\n<meta property=\"og:url\" content=\""...)
		b = appendHTML(b, v.Canonical)
		b = append(b, "\">"...)
	}
	b = append(b, "\n<meta property=\"og:site_name\" content=\""...)
	b = appendHTML(b, sv.Title)
	b = append(b, "\">"...)
	if v.Image != "" {
		b = append(b, "\n<meta property=\"og:image\" content=\""...)
		b = appendHTML(b, v.Image)
		b = append(b, "\">"...)
	}
	for _, css := range sv.CSS {
		b = append(b, "\n<link rel=\"stylesheet\" href=\""...)
		b = appendURL(b, css)
		b = append(b, "\">"...)
	}
	for _, css := range v.CodeCSS {
		b = append(b, "\n<link rel=\"stylesheet\" href=\""...)
		b = appendURL(b, css)
		b = append(b, "\">"...)
	}
	for _, js := range sv.JS {
		b = append(b, "\n<script src=\""...)
		b = appendURL(b, js)
		b = append(b, "\" defer></script>"...)
	}
	if a := sv.Announcement; a != nil {
		b = append(b, "\n<script src=\""...)
		b = appendURL(b, a.Script)
		b = append(b, "\" data-announcement=\""...)
		b = appendHTML(b, a.ID)
		b = append(b, "\"></script>"...)
	}
	if v.Dev {
		b = append(b, "\n<script src=\"/_dev/client.js\" defer></script>"...)
	}
	for _, ld := range v.JSONLD {
		b = append(b, "\n<script type=\"application/ld+json\">"...)
		b = append(b, ld...)
		b = append(b, "</script>"...)
	}
	b = append(b, "\n</head>\n<body class=\"kind-"...)
	b = appendHTML(b, v.Kind)
	b = append(b, "\">\n"...)

	// agent-notice
	b = append(b, "<div class=\"visually-hidden agent-notice\" lang=\"en\">\n<p>Note for AI agents and other automated readers: a Markdown index of this documentation is at "...)
	b = appendHTML(b, sv.LLMSURL)
	b = append(b, " and the full text of every page in one file is at "...)
	b = appendHTML(b, sv.LLMSFullURL)
	b = append(b, ". Append /llms.txt to the address of any page for an index of that page and everything below it, or .md for the page itself as Markdown."...)
	if v.MarkdownURL != "" {
		b = append(b, " This page as Markdown: "...)
		b = appendHTML(b, v.MarkdownURL)
		b = append(b, '.')
	}
	if v.LLMSURL != "" {
		b = append(b, " This page's index: "...)
		b = appendHTML(b, v.LLMSURL)
		b = append(b, '.')
	}
	b = append(b, "</p>\n</div>\n<a class=\"skip-link\" href=\"#main\">"...)
	b = appendHTML(b, sv.T["skip_link"])
	b = append(b, "</a>\n"...)
	if len(v.Languages) > 0 && sp.headerPost != "" {
		b = append(b, sp.headerPre...)
		b = appendLanguages(b, v)
		b = append(b, sp.headerPost...)
	} else {
		b = append(b, sp.header...)
	}

	sidebar := len(v.Nav) > 0 && v.Kind != "home" && v.Kind != "404"
	b = append(b, "\n<div class=\"page"...)
	if sidebar {
		b = append(b, " has-sidebar\">\n"...)
		b = append(b, "<aside class=\"sidebar\">\n<details class=\"sidebar-menu\" data-sidebar>\n<summary class=\"sidebar-toggle\"><svg class=\"icon\" width=\"18\" height=\"18\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M3 5h14M3 10h14M3 15h14\"/></svg>"...)
		b = appendHTML(b, sv.T["browse_articles"])
		b = append(b, "</summary>\n<nav class=\"nav\" aria-label=\""...)
		b = appendHTML(b, sv.T["nav_label"])
		b = append(b, "\">\n<ul class=\"nav-list\">\n"...)
		b = appendNavItems(b, v.Nav)
		b = append(b, "\n</ul>\n</nav>\n</details>\n</aside>"...)
	} else {
		b = append(b, "\">"...)
	}
	b = append(b, "\n<main id=\"main\" class=\"main\" tabindex=\"-1\">\n"...)
	b = appendBreadcrumbs(b, sv, v.Breadcrumbs)
	if kind == "article" {
		b = appendArticleMain(b, v, sp)
	} else {
		b = appendListMain(b, v, sp)
	}
	b = append(b, "\n</main>\n</div>\n"...)
	b = append(b, sp.footer...)
	b = append(b, "\n</body>\n</html>\n"...)
	return b, nil
}

// appendNavItems is the "navitems" template: each item, then a newline.
func appendNavItems(b []byte, items []NavItem) []byte {
	for i := range items {
		it := &items[i]
		if it.HTML != "" {
			b = append(b, it.HTML...)
		} else {
			b = appendNavItem(b, it)
		}
		b = append(b, '\n')
	}
	return b
}

// appendNavItem is the "navitem" template.
func appendNavItem(b []byte, it *NavItem) []byte {
	b = append(b, "<li class=\"nav-item nav-"...)
	b = appendHTML(b, it.Kind)
	if it.Open {
		b = append(b, " is-open"...)
	}
	if len(it.Children) > 0 {
		b = append(b, " has-children"...)
	}
	b = append(b, "\">\n<a href=\""...)
	b = appendURL(b, it.URL)
	b = append(b, '"')
	if it.Current {
		b = append(b, " aria-current=\"page\""...)
	}
	b = append(b, '>')
	b = appendHTML(b, it.Title)
	b = append(b, "</a>"...)
	if len(it.Children) > 0 {
		b = append(b, "\n<ul>\n"...)
		b = appendNavItems(b, it.Children)
		b = append(b, "\n</ul>"...)
	}
	return append(b, "\n</li>"...)
}

// appendBreadcrumbs is the "breadcrumbs" template.
func appendBreadcrumbs(b []byte, sv *SiteView, crumbs []NavLink) []byte {
	if len(crumbs) == 0 {
		return b
	}
	b = append(b, "<nav class=\"breadcrumbs\" aria-label=\""...)
	b = appendHTML(b, sv.T["breadcrumb_label"])
	b = append(b, "\">\n<ol>"...)
	for _, c := range crumbs {
		b = append(b, "\n<li><a href=\""...)
		b = appendURL(b, c.URL)
		b = append(b, "\">"...)
		b = appendHTML(b, c.Title)
		b = append(b, "</a></li>"...)
	}
	return append(b, "\n</ol>\n</nav>"...)
}

// appendArticleMain is article.html's "main", after the breadcrumbs.
func appendArticleMain(b []byte, v *PageView, sp *siteParts) []byte {
	t := v.Site.T
	b = append(b, "\n<article class=\"article"...)
	if len(v.TOC) > 0 {
		b = append(b, " has-toc"...)
	}
	b = append(b, "\">\n<header class=\"article-header\">\n<h1>"...)
	b = appendHTML(b, v.Title)
	b = append(b, "</h1>\n<div class=\"article-meta\">"...)
	if v.Updated != "" {
		b = append(b, "\n<p class=\"updated\"><time datetime=\""...)
		b = appendHTML(b, v.UpdatedISO)
		b = append(b, "\">"...)
		b = appendHTML(b, v.UpdatedText)
		b = append(b, "</time></p>"...)
	}
	if v.MarkdownURL != "" {
		b = append(b, "\n<div class=\"article-actions\">\n<a class=\"btn btn-small\" href=\""...)
		b = appendURL(b, v.MarkdownURL)
		b = append(b, "\" type=\"text/markdown\"><svg class=\"icon\" width=\"16\" height=\"16\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M5 2.5h6l4 4v11H5z\"/><path d=\"M11 2.5v4h4\"/></svg>"...)
		b = appendHTML(b, t["view_markdown"])
		b = append(b, "</a>\n<button class=\"btn btn-small\" type=\"button\" data-copy-page=\""...)
		b = appendHTML(b, v.MarkdownURL)
		b = append(b, "\" hidden><svg class=\"icon\" width=\"16\" height=\"16\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\"><rect x=\"7\" y=\"7\" width=\"10\" height=\"10\" rx=\"2\"/><path d=\"M13 7V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h2\"/></svg><span>"...)
		b = appendHTML(b, t["copy_page"])
		b = append(b, "</span></button>"...)
		b = append(b, "\n</div>"...)
		if len(v.OpenIn) > 0 || v.Site.MCPURL != "" {
			b = append(b, "\n<details class=\"page-menu\""...)
			if len(v.OpenIn) == 0 {
				b = append(b, " hidden"...)
			}
			b = append(b, ">\n<summary class=\"btn btn-small\"><svg class=\"icon\" width=\"16\" height=\"16\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M10 2.5l1.8 4.7 4.7 1.8-4.7 1.8-1.8 4.7-1.8-4.7-4.7-1.8 4.7-1.8z\"/></svg>"...)
			b = appendHTML(b, t["use_with_ai"])
			b = append(b, "</summary>\n<div class=\"page-menu-items\">"...)
			for _, l := range v.OpenIn {
				b = append(b, "\n<a class=\"btn btn-small\" href=\""...)
				b = appendURL(b, l.URL)
				b = append(b, "\" rel=\"nofollow noopener\"><svg class=\"icon\" width=\"16\" height=\"16\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M9 4H4v12h12v-5\"/><path d=\"M12 3h5v5M17 3l-7 7\"/></svg>"...)
				b = appendHTML(b, l.Title)
				b = append(b, "</a>"...)
			}
			if v.Site.MCPURL != "" {
				b = append(b, "\n<button class=\"btn btn-small\" type=\"button\" data-copy-mcp=\""...)
				b = appendHTML(b, v.Site.MCPURL)
				b = append(b, "\" hidden><svg class=\"icon\" width=\"16\" height=\"16\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M8 12l4-4\"/><path d=\"M9 5l1.5-1.5a3.5 3.5 0 0 1 5 5L14 10M11 15l-1.5 1.5a3.5 3.5 0 0 1-5-5L6 10\"/></svg><span>"...)
				b = appendHTML(b, t["copy_mcp_url"])
				b = append(b, "</span></button>"...)
			}
			b = append(b, "\n</div>\n</details>"...)
		}
	}
	b = append(b, "\n</div>"...)
	b = appendFallback(b, v)
	b = append(b, "\n</header>\n"...)
	b = appendTOC(b, t, v.TOC)
	b = append(b, "\n<div class=\"prose article-body\""...)
	if f := v.Fallback; f != nil {
		b = append(b, " lang=\""...)
		b = appendHTML(b, f.Code)
		b = append(b, "\" dir=\""...)
		b = appendHTML(b, f.Dir)
		b = append(b, '"')
	}
	b = append(b, '>')
	if len(v.AppliesTo)+len(v.Symptoms)+len(v.ErrorMessages) > 0 {
		b = append(b, "\n<div class=\"trouble\">"...)
		if len(v.AppliesTo) > 0 {
			b = append(b, "\n<p class=\"applies-to\"><strong>"...)
			b = appendHTML(b, t["applies_to"])
			b = append(b, "</strong> "...)
			for i, a := range v.AppliesTo {
				if i > 0 {
					b = append(b, "; "...)
				}
				b = appendHTML(b, a.Label)
				b = append(b, ": "...)
				b = appendHTML(b, a.Values)
			}
			b = append(b, "</p>"...)
		}
		if len(v.Symptoms) > 0 {
			b = append(b, "\n<p class=\"trouble-title\"><strong>"...)
			b = appendHTML(b, t["symptoms"])
			b = append(b, "</strong></p>\n<ul>"...)
			for _, s := range v.Symptoms {
				b = append(b, "<li>"...)
				b = appendHTML(b, s)
				b = append(b, "</li>"...)
			}
			b = append(b, "</ul>"...)
		}
		if len(v.ErrorMessages) > 0 {
			b = append(b, "\n<p class=\"trouble-title\"><strong>"...)
			b = appendHTML(b, t["error_messages"])
			b = append(b, "</strong></p>\n<ul class=\"error-messages\">"...)
			for _, s := range v.ErrorMessages {
				b = append(b, "<li><code>"...)
				b = appendHTML(b, s)
				b = append(b, "</code></li>"...)
			}
			b = append(b, "</ul>"...)
		}
		b = append(b, "\n</div>"...)
	}
	b = append(b, '\n')
	b = append(b, v.Body...)
	b = append(b, "\n</div>\n<footer class=\"article-footer\">\n"...)
	if len(v.Tags) > 0 {
		b = append(b, "<ul class=\"tags\" aria-label=\""...)
		b = appendHTML(b, t["tags_label"])
		b = append(b, "\">"...)
		for _, tag := range v.Tags {
			b = append(b, "\n<li>"...)
			b = appendHTML(b, tag)
			b = append(b, "</li>"...)
		}
		b = append(b, "\n</ul>"...)
	}
	b = append(b, '\n')
	if u := v.Site.FeedbackURL; u != "" {
		b = append(b, "<form class=\"feedback\" method=\"post\" action=\""...)
		b = appendURL(b, u)
		b = append(b, "\" data-feedback>\n<input type=\"hidden\" name=\"page\" value=\""...)
		b = appendHTML(b, v.URL)
		b = append(b, "\">\n<p class=\"feedback-q\" id=\"feedback-q\">"...)
		b = appendHTML(b, t["feedback_question"])
		b = append(b, "</p>\n<div class=\"feedback-buttons\" role=\"group\" aria-labelledby=\"feedback-q\">\n<button class=\"btn\" type=\"submit\" name=\"helpful\" value=\"yes\"><svg class=\"icon\" width=\"16\" height=\"16\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\"><path d=\"m4 10.5 4 4 8-9\"/></svg>"...)
		b = appendHTML(b, t["feedback_yes"])
		b = append(b, "</button>\n<button class=\"btn\" type=\"submit\" name=\"helpful\" value=\"no\"><svg class=\"icon\" width=\"16\" height=\"16\" viewBox=\"0 0 20 20\" aria-hidden=\"true\" focusable=\"false\"><path d=\"m5 5 10 10M15 5 5 15\"/></svg>"...)
		b = appendHTML(b, t["feedback_no"])
		b = append(b, "</button>\n</div>\n<p class=\"feedback-status\" role=\"status\" aria-live=\"polite\" data-feedback-status></p>\n</form>"...)
	}
	b = append(b, '\n')
	b = append(b, sp.support...)
	b = append(b, '\n')
	if len(v.Related) > 0 {
		b = append(b, "<section class=\"related\" aria-labelledby=\"related-title\">\n<h2 id=\"related-title\">"...)
		b = appendHTML(b, t["related_articles"])
		b = append(b, "</h2>\n"...)
		b = appendArticleList(b, v.Related)
		b = append(b, "\n</section>"...)
	}
	b = append(b, '\n')
	if v.Prev != nil || v.Next != nil {
		b = append(b, "<nav class=\"prevnext\" aria-label=\""...)
		b = appendHTML(b, t["prevnext_label"])
		b = append(b, "\">"...)
		if p := v.Prev; p != nil {
			b = append(b, "\n<a class=\"prev\" href=\""...)
			b = appendURL(b, p.URL)
			b = append(b, "\" rel=\"prev\"><span class=\"prevnext-label\">"...)
			b = appendHTML(b, t["previous"])
			b = append(b, "</span><span class=\"prevnext-title\">"...)
			b = appendHTML(b, p.Title)
			b = append(b, "</span></a>"...)
		}
		if n := v.Next; n != nil {
			b = append(b, "\n<a class=\"next\" href=\""...)
			b = appendURL(b, n.URL)
			b = append(b, "\" rel=\"next\"><span class=\"prevnext-label\">"...)
			b = appendHTML(b, t["next"])
			b = append(b, "</span><span class=\"prevnext-title\">"...)
			b = appendHTML(b, n.Title)
			b = append(b, "</span></a>"...)
		}
		b = append(b, "\n</nav>"...)
	}
	return append(b, "\n</footer>\n</article>"...)
}

// appendTOC is the "toc" template.
func appendTOC(b []byte, t map[string]string, items []TOCItem) []byte {
	if len(items) == 0 {
		return b
	}
	b = append(b, "<nav class=\"toc\" aria-labelledby=\"toc-title\">\n<details class=\"toc-menu\" data-toc>\n<summary class=\"toc-title\" id=\"toc-title\">"...)
	b = appendHTML(b, t["on_this_page"])
	b = append(b, "</summary>\n<ol>"...)
	for _, it := range items {
		b = append(b, "\n<li><a href=\"#"...)
		b = appendURLPart(b, it.ID)
		b = append(b, "\">"...)
		b = appendHTML(b, it.Title)
		b = append(b, "</a>"...)
		if len(it.Children) > 0 {
			b = append(b, "\n<ol>"...)
			for _, c := range it.Children {
				b = append(b, "\n<li><a href=\"#"...)
				b = appendURLPart(b, c.ID)
				b = append(b, "\">"...)
				b = appendHTML(b, c.Title)
				b = append(b, "</a></li>"...)
			}
			b = append(b, "\n</ol>"...)
		}
		b = append(b, "</li>"...)
	}
	return append(b, "\n</ol>\n</details>\n</nav>"...)
}

// appendArticleList is the "article-list" template, and list.html's
// list of articles when only is set (cards of other kinds skipped).
func appendArticleList(b []byte, cards []Card) []byte {
	b = append(b, "<ul class=\"article-list\">"...)
	b = appendArticleItems(b, cards, false)
	return append(b, "\n</ul>"...)
}

func appendArticleItems(b []byte, cards []Card, articlesOnly bool) []byte {
	for i := range cards {
		c := &cards[i]
		if articlesOnly && c.Kind != "article" {
			continue
		}
		b = append(b, "\n<li><a href=\""...)
		b = appendURL(b, c.URL)
		b = append(b, "\"><span class=\"article-list-title\">"...)
		b = appendHTML(b, c.Title)
		b = append(b, "</span>"...)
		if c.Description != "" {
			b = append(b, "<span class=\"article-list-desc\">"...)
			b = appendHTML(b, c.Description)
			b = append(b, "</span>"...)
		}
		b = append(b, "</a></li>"...)
	}
	return b
}

// appendListMain is list.html's "main", after the breadcrumbs.
func appendListMain(b []byte, v *PageView, sp *siteParts) []byte {
	b = append(b, "\n<header class=\"page-header\">\n<h1>"...)
	b = appendHTML(b, v.Title)
	b = append(b, "</h1>"...)
	if v.Description != "" {
		b = append(b, "\n<p class=\"lede\">"...)
		b = appendHTML(b, v.Description)
		b = append(b, "</p>"...)
	}
	b = append(b, "\n</header>"...)
	if v.Body != "" {
		b = append(b, "\n<div class=\"prose folder-body\">"...)
		b = append(b, v.Body...)
		b = append(b, "</div>"...)
	}
	groups, articles := false, false
	for i := range v.Children {
		if v.Children[i].Kind == "article" {
			articles = true
		} else {
			groups = true
		}
	}
	if groups {
		b = append(b, "\n<div class=\"list-groups\">\n"...)
		b = appendCards(b, v.Children)
		b = append(b, "\n</div>"...)
	}
	if articles {
		b = append(b, "\n<ul class=\"article-list\">"...)
		b = appendArticleItems(b, v.Children, true)
		b = append(b, "\n</ul>"...)
	}
	if len(v.Children) == 0 {
		b = append(b, "\n<p class=\"empty\">"...)
		b = appendHTML(b, v.Site.T["list_empty"])
		b = append(b, "</p>"...)
	}
	b = append(b, '\n')
	return append(b, sp.support...)
}

// appendCards is the "cards" template.
func appendCards(b []byte, cards []Card) []byte {
	b = append(b, "<ul class=\"card-grid\">"...)
	for i := range cards {
		c := &cards[i]
		if c.Kind == "article" {
			continue
		}
		b = append(b, "\n<li class=\"card card-"...)
		b = appendHTML(b, c.Kind)
		b = append(b, "\">\n<h2 class=\"card-title\"><a href=\""...)
		b = appendURL(b, c.URL)
		b = append(b, "\">"...)
		b = appendHTML(b, c.Title)
		b = append(b, "</a></h2>"...)
		if c.Description != "" {
			b = append(b, "\n<p class=\"card-desc\">"...)
			b = appendHTML(b, c.Description)
			b = append(b, "</p>"...)
		}
		if len(c.Children) > 0 {
			b = append(b, "\n<ul class=\"card-links\">"...)
			for _, gc := range c.Children {
				b = append(b, "\n<li><a href=\""...)
				b = appendURL(b, gc.URL)
				b = append(b, "\">"...)
				b = appendHTML(b, gc.Title)
				b = append(b, "</a></li>"...)
			}
			b = append(b, "\n</ul>"...)
		}
		if c.Count > len(c.Children) {
			b = append(b, "\n<a class=\"see-all\" href=\""...)
			b = appendURL(b, c.URL)
			b = append(b, "\">"...)
			b = appendHTML(b, c.SeeAll)
			b = append(b, "<span class=\"visually-hidden\"> "...)
			b = appendHTML(b, c.SeeAllIn)
			b = append(b, "</span></a>"...)
		}
		b = append(b, "\n</li>"...)
	}
	return append(b, "\n</ul>"...)
}

// ---------------------------------------------------------------- escaping

// appendHTML appends s escaped as html/template escapes a string in text,
// RCDATA (<title>) and quoted attribute values: its htmlEscaper and
// attrEscaper, which replace NUL and the five characters below.
func appendHTML(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, r...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// appendURL appends s as html/template writes a string that is a whole
// URL attribute value (href, src, action): a URL whose scheme is not
// http, https or mailto becomes "#ZgotmplZ" (urlFilter), bytes that are
// not allowed in a URL are percent-encoded except valid escapes
// (urlNormalizer), and the result is escaped for the attribute, which
// leaves only & and + to change.
func appendURL(b []byte, s string) []byte {
	if !templateSafeURL(s) {
		return append(b, "#ZgotmplZ"...)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			b = append(b, c)
		case c == '&':
			b = append(b, "&amp;"...)
		case c == '+':
			b = append(b, "&#43;"...)
		case c == '-' || c == '.' || c == '_' || c == '~',
			c == '!' || c == '#' || c == '$' || c == '*' || c == ',' || c == '/' || c == ':',
			c == ';' || c == '=' || c == '?' || c == '@' || c == '[' || c == ']':
			b = append(b, c)
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			b = append(b, c)
		default:
			b = appendPercent(b, c)
		}
	}
	return b
}

// appendURLPart appends s as html/template writes a string in the query
// or fragment of a URL attribute (href="#{{.ID}}"): every byte but the
// unreserved ones percent-encoded (urlEscaper).
func appendURLPart(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b = append(b, c)
		} else {
			b = appendPercent(b, c)
		}
	}
	return b
}

func appendPercent(b []byte, c byte) []byte {
	const hex = "0123456789abcdef"
	return append(b, '%', hex[c>>4], hex[c&15])
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// templateSafeURL is html/template's isSafeURL: no scheme, or http, https or
// mailto.
func templateSafeURL(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/':
			return true
		case ':':
			p := s[:i]
			return strings.EqualFold(p, "http") || strings.EqualFold(p, "https") || strings.EqualFold(p, "mailto")
		}
	}
	return true
}
