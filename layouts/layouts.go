// Package layouts holds kb's default theme: html/template files and the
// static assets they link to.
//
// # Template contract
//
// The builder parses base.html and partials.html into one template set,
// clones that set once per page kind and parses the kind's own file into
// the clone:
//
//	Kind                  File
//	"home"                home.html
//	"category", "section" list.html
//	"article"             article.html
//	"404"                 404.html
//	"search"              search.html
//
// Each file is parsed under its path (t.New("layouts/article.html")), so
// parse and execution errors name the file. The builder then executes the
// template "base" with a *builder.PageView.
//
// base.html defines "base", the whole HTML document. It calls the partials
// that partials.html defines ("agent-notice", "header", "search-hero",
// "search-attrs", "sidebar", "navitems", "breadcrumbs", "toc", "feedback",
// "related", "prevnext", "support", "footer", "cards") and, for the
// page-specific part, "main". The kind files define only "main". A site may replace any of
// these files with its own layouts/<same name>; a replacement must keep the
// names that the other files call.
//
// While base.html, partials.html and a kind's own file are these built-in
// ones, the builder writes that kind's pages (article, category, section)
// in Go, with the same bytes and escaping (builder/render_default.go), and
// the sidebar entries too while partials.html is: html/template's
// reflection was the largest cost of rendering after markdown. A change
// to one of these files must be made there as well; the builder's
// TestDefaultPagesMatchTemplates fails until the two agree. A site's own
// file of any of these names always goes through html/template.
//
// Templates format values and compute nothing: navigation, breadcrumbs,
// related articles and previous/next arrive as fields of the view. No
// template function beyond html/template's built-ins is used.
//
// # Theme strings
//
// Every word the theme shows comes from messages/<lang>.yaml (en, de,
// fr, es, ja, ar; en.yaml lists every key), resolved by the builder for
// the site's language with a site's own layouts/messages/<lang>.yaml
// over it: templates read .Site.T.<key>, and texts with a number or a
// date arrive computed (Card.SeeAll, PageView.UpdatedText). <html> has
// lang and dir (.Site.Lang, .Site.Dir); style.css uses logical
// properties, so one stylesheet lays out both directions. kb.js's asset
// starts with the scripts' messages (self.kbMessages).
//
// The pages contain no inline script and no style attribute, so a strict
// Content-Security-Policy works. Everything interactive is done by
// assets/kb.js and is optional: elements that need JavaScript (the theme
// toggle, "Copy page") are rendered with the hidden attribute and revealed
// by the script. When PageView.Dev is set (pages served by kb serve), the
// html element carries data-dev-events="/_dev/events" and the page loads
// /_dev/client.js, the dev server's live-reload and error-overlay script.
//
// # Search
//
// Every page's header (and the home and 404 pages' hero) has a search
// form, form[data-search] with an input[data-search-input], submitting q
// to Site.SearchURL: site.yaml's search_url, or the built-in search page
// Site.SearchPage ({base}search/, from search.html). kb.js turns each
// input into an ARIA combobox with results as the reader types, from
// Site.SearchAPI ({base}api/search). On a host without that API (a
// static host) kb.js hides the forms, unless search_url is set
// (data-search-fixed): they then keep submitting there.
//
// search.html carries PageView.Markers, comments that kb's server
// replaces with the results of GET {base}search/?q=… (package server);
// a replacement search.html must keep them. The page has noindex.
//
// assets/style.css and assets/kb.js are copied to /assets/ under
// content-hashed names; their URLs reach the templates in Site.CSS and
// Site.JS. Syntax-highlighting colours come from the chroma stylesheets,
// also listed in Site.CSS; style.css styles only the code block's box.
package layouts

import "embed"

// FS holds the default templates (*.html), assets (assets/*), the
// static search client's scripts (search/*.js) and the message files
// (messages/*.yaml).
//
//go:embed *.html assets search/*.js messages/*.yaml
var FS embed.FS
