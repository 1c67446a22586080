package layouts_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	nethtml "golang.org/x/net/html"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/layouts"
)

var preview = flag.String("preview", "", "also write the sample pages and the assets into this directory")

// kindFile is the layout each page kind uses, as in the builder.
var kindFile = map[string]string{
	"home":     "home.html",
	"category": "list.html",
	"section":  "list.html",
	"article":  "article.html",
	"404":      "404.html",
	"search":   "search.html",
}

// parseLayouts parses the templates the way the builder does: base.html
// and partials.html into one set, cloned per kind, the kind's file parsed
// into the clone under its path.
func parseLayouts(t *testing.T) map[string]*template.Template {
	t.Helper()
	read := func(name string) string {
		b, err := fs.ReadFile(layouts.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	base := template.New("layouts/base.html")
	if _, err := base.Parse(read("base.html")); err != nil {
		t.Fatal(err)
	}
	if _, err := base.New("layouts/partials.html").Parse(read("partials.html")); err != nil {
		t.Fatal(err)
	}
	sets := make(map[string]*template.Template)
	for kind, file := range kindFile {
		set, err := base.Clone()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := set.New("layouts/" + file).Parse(read(file)); err != nil {
			t.Fatal(err)
		}
		sets[kind] = set
	}
	return sets
}

func render(t *testing.T, sets map[string]*template.Template, v *builder.PageView) string {
	t.Helper()
	var buf bytes.Buffer
	if err := sets[v.Kind].ExecuteTemplate(&buf, "base", v); err != nil {
		t.Fatalf("%s: %v", v.Kind, err)
	}
	return buf.String()
}

func sampleSite() *builder.SiteView {
	return &builder.SiteView{
		Title:       "Lumen Help Center",
		Description: "Guides and answers for Lumen, the shared notebook for teams.",
		Lang:        "en",
		Root:        "/",
		BaseURL:     "https://help.lumen.example/",
		Support:     &builder.SupportView{Text: "Still stuck?", LinkText: "Contact support", URL: "/contact/"},
		Footer: []builder.NavLink{
			{Title: "Status", URL: "/status/"},
			{Title: "Privacy", URL: "/privacy/"},
			{Title: "Terms", URL: "/terms/"},
		},
		FeedbackURL: "/api/feedback",
		SearchURL:   "/search/",
		SearchPage:  "/search/",
		SearchAPI:   "/api/search",
		CSS:         []string{"assets/style.css", "assets/chroma.css"},
		JS:          []string{"assets/kb.js"},
		Logo:        "assets/logo.svg",
		Year:        2026,
		LLMSURL:     "/llms.txt",
		LLMSFullURL: "/llms-full.txt",
		T:           mustMessages("en"),
	}
}

func mustMessages(lang string) map[string]string {
	t, err := builder.Messages(nil, lang)
	if err != nil {
		panic(err)
	}
	return t
}

// sampleNav is the sidebar as seen from the "Sync notes across devices"
// article: its category and section are open.
func sampleNav(current string) []builder.NavItem {
	art := func(title, url string) builder.NavItem {
		return builder.NavItem{Title: title, URL: url, Kind: "article", Current: url == current}
	}
	return []builder.NavItem{
		{Title: "Getting started", URL: "/getting-started/", Kind: "category"},
		{Title: "Notes and notebooks", URL: "/notes/", Kind: "category", Open: true, Current: current == "/notes/", Children: []builder.NavItem{
			{Title: "Writing notes", URL: "/notes/writing/", Kind: "section"},
			{Title: "Sync and offline use", URL: "/notes/sync/", Kind: "section", Open: true, Current: current == "/notes/sync/", Children: []builder.NavItem{
				art("Work offline", "/notes/sync/offline/"),
				art("Sync notes across devices", "/notes/sync/devices/"),
				art("Resolve sync conflicts", "/notes/sync/conflicts/"),
				art("Sync is slow or stuck", "/notes/sync/stuck/"),
			}},
			{Title: "Sharing and permissions", URL: "/notes/sharing/", Kind: "section"},
		}},
		{Title: "Account and sign-in", URL: "/account/", Kind: "category"},
		{Title: "Billing and plans", URL: "/billing/", Kind: "category"},
	}
}

func sampleCategories() []builder.Card {
	sec := func(title, url string, n int) builder.Card {
		return builder.Card{Title: title, URL: url, Kind: "section", Count: n}
	}
	return []builder.Card{
		{Title: "Getting started", URL: "/getting-started/", Kind: "category", Count: 6,
			Description: "Set up your workspace, invite your team and write your first note.",
			Children:    []builder.Card{sec("Install Lumen", "/getting-started/install/", 3), sec("Your first workspace", "/getting-started/workspace/", 3)}},
		{Title: "Notes and notebooks", URL: "/notes/", Kind: "category", Count: 14,
			Description: "Write, organise, share and sync everything you keep in Lumen.",
			Children:    []builder.Card{sec("Writing notes", "/notes/writing/", 5), sec("Sync and offline use", "/notes/sync/", 4), sec("Sharing and permissions", "/notes/sharing/", 5)}},
		{Title: "Account and sign-in", URL: "/account/", Kind: "category", Count: 8,
			Description: "Passwords, two-step verification, single sign-on and profile settings.",
			Children:    []builder.Card{sec("Signing in", "/account/sign-in/", 4), sec("Security", "/account/security/", 4)}},
		{Title: "Billing and plans", URL: "/billing/", Kind: "category", Count: 7,
			Description: "Compare plans, change seats, download invoices and update payment details.",
			Children:    []builder.Card{sec("Plans", "/billing/plans/", 3), sec("Invoices and payment", "/billing/invoices/", 4)}},
	}
}

// highlight renders code the way the builder's markdown renderer does:
// chroma with classes.
func highlight(t *testing.T, lang, code string) string {
	t.Helper()
	it, err := lexers.Get(lang).Tokenise(nil, code)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := html.New(html.WithClasses(true)).Format(&buf, styles.Get("github"), it); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// chromaCSS is a stand-in for the builder's highlighting stylesheets:
// "github" by default, "github-dark" for the dark theme.
func chromaCSS(t *testing.T) string {
	t.Helper()
	f := html.New(html.WithClasses(true))
	var light, dark bytes.Buffer
	if err := f.WriteCSS(&light, styles.Get("github")); err != nil {
		t.Fatal(err)
	}
	if err := f.WriteCSS(&dark, styles.Get("github-dark")); err != nil {
		t.Fatal(err)
	}
	d := dark.String()
	return light.String() +
		"@media screen and (prefers-color-scheme: dark) {\n" + strings.ReplaceAll(d, ".chroma", `:root:not([data-theme="light"]) .chroma`) + "}\n" +
		"@media screen {\n" + strings.ReplaceAll(d, ".chroma", `:root[data-theme="dark"] .chroma`) + "}\n"
}

func sampleBody(t *testing.T) template.HTML {
	code := highlight(t, "bash", "# Check which account this device uses\nlumen account whoami\nlumen sync status --verbose\n")
	h := func(level, id, text string) string {
		return "<h" + level + ` id="` + id + `">` + text + `<a class="anchor" href="#` + id + `" aria-hidden="true">#</a></h` + level + ">\n"
	}
	callout := func(kind, title, body string) string {
		return `<div class="callout callout-` + kind + `" role="note"><p class="callout-title">` + title + "</p>\n<p>" + body + "</p>\n</div>\n"
	}
	return template.HTML(`<p>Lumen keeps your notes the same on every device where you sign in with the same account. Changes upload as you type and appear on your other devices within a few seconds.</p>
` + h("2", "before-you-start", "Before you start") + `<ul>
<li>Update Lumen to version 4.2 or later on each device.</li>
<li>Sign in with the <strong>same account</strong> everywhere. Work and personal accounts don't share notes.</li>
<li>Make sure the device can reach the internet; see <a href="/notes/sync/offline/">Work offline</a> for what happens when it can't.</li>
</ul>
` + callout("note", "Note", "Notebooks shared with you sync too, but only while the owner keeps sharing them.") + h("2", "turn-on-sync", "Turn on sync") + h("3", "on-desktop", "On desktop") + `<ol>
<li>Open <strong>Settings</strong> with <kbd>Ctrl</kbd> + <kbd>,</kbd> (<kbd>⌘</kbd> + <kbd>,</kbd> on macOS).</li>
<li>Choose <strong>Sync</strong>, then switch on <strong>Keep this device in sync</strong>.</li>
<li>Pick the notebooks to keep on this device. The rest stay in the cloud and download when you open them.</li>
</ol>
` + callout("tip", "Tip", "On a laptop with little disk space, keep only the notebooks you use every week.") + h("3", "on-mobile", "On mobile") + `<p>Sync is on by default in the iOS and Android apps. To check it, tap your avatar, then <strong>Sync</strong>. A green dot means the device is up to date.</p>
` + callout("important", "Important", "Mobile devices pause sync in low-power mode. Open the app to catch up.") + h("2", "check-from-the-command-line", "Check from the command line") + `<p>If you use the Lumen command-line tool, these commands show the account and the sync state of the current device:</p>
` + code + `<p>The <code>--verbose</code> flag lists each notebook with the time of its last upload.<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup></p>
` + h("2", "sync-states", "What the sync states mean") + `<div class="table-wrap"><table>
<thead><tr><th>State</th><th>Meaning</th><th>What to do</th></tr></thead>
<tbody>
<tr><td>Up to date</td><td>Every change on this device has been uploaded.</td><td>Nothing.</td></tr>
<tr><td>Syncing</td><td>Changes are being uploaded or downloaded.</td><td>Wait a moment; large attachments take longer.</td></tr>
<tr><td>Paused</td><td>Sync was switched off or the device is offline.</td><td>Reconnect, or switch sync back on in <strong>Settings</strong>.</td></tr>
<tr><td>Conflict</td><td>The same note changed in two places while offline.</td><td>See <a href="/notes/sync/conflicts/">Resolve sync conflicts</a>.</td></tr>
</tbody>
</table></div>
<dl>
<dt>Device</dt>
<dd>Any computer, phone or tablet signed in to Lumen.</dd>
<dt>Workspace</dt>
<dd>The set of notebooks that belongs to one team or person.</dd>
</dl>
` + callout("warning", "Warning", "Signing out of a device removes notes that have not finished uploading. Wait for <strong>Up to date</strong> first.") + callout("caution", "Caution", "Deleting a notebook on one device deletes it on all of them after the next sync.") + `<blockquote><p>Sync uses end-to-end encryption, so Lumen staff can't read the notes it carries.</p></blockquote>
<section class="footnotes" role="doc-endnotes">
<hr>
<ol>
<li id="fn:1"><p>Times are shown in the device's time zone. <a href="#fnref:1" class="footnote-backref" role="doc-backlink">↩︎</a></p></li>
</ol>
</section>
`)
}

func samplePages(t *testing.T) []*builder.PageView {
	site := sampleSite()
	catCards := sampleCategories()
	article := &builder.PageView{
		Site:        site,
		Kind:        "article",
		Title:       "Sync notes across devices",
		HeadTitle:   "Sync notes across devices – Lumen Help Center",
		Description: "Keep your notes the same on your computer, phone and tablet.",
		URL:         "/notes/sync/devices/",
		Canonical:   "https://help.lumen.example/notes/sync/devices/",
		MarkdownURL: "/notes/sync/devices.md",
		LLMSURL:     "/notes/sync/devices/llms.txt",
		Breadcrumbs: []builder.NavLink{{Title: "Lumen Help Center", URL: "/"}, {Title: "Notes and notebooks", URL: "/notes/"}, {Title: "Sync and offline use", URL: "/notes/sync/"}},
		Nav:         sampleNav("/notes/sync/devices/"),
		Body:        sampleBody(t),
		TOC: []builder.TOCItem{
			{Title: "Before you start", ID: "before-you-start"},
			{Title: "Turn on sync", ID: "turn-on-sync", Children: []builder.TOCItem{{Title: "On desktop", ID: "on-desktop"}, {Title: "On mobile", ID: "on-mobile"}}},
			{Title: "Check from the command line", ID: "check-from-the-command-line"},
			{Title: "What the sync states mean", ID: "sync-states"},
		},
		Updated:     "March 12, 2026",
		UpdatedText: "Updated March 12, 2026",
		UpdatedISO:  "2026-03-12",
		Tags:        []string{"sync", "devices", "offline"},
		Related: []builder.Card{
			{Title: "Resolve sync conflicts", URL: "/notes/sync/conflicts/", Kind: "article", Description: "Choose which version of a note to keep when two devices disagree."},
			{Title: "Work offline", URL: "/notes/sync/offline/", Kind: "article", Description: "What you can do without a connection, and how changes catch up."},
		},
		Prev:   &builder.NavLink{Title: "Work offline", URL: "/notes/sync/offline/"},
		Next:   &builder.NavLink{Title: "Resolve sync conflicts", URL: "/notes/sync/conflicts/"},
		OGType: "article",
		Image:  "https://help.lumen.example/og/sync.png",
		JSONLD: []template.JS{ // as the builder makes them: json.Marshal escapes <, > and &
			mustJSON(map[string]any{"@context": "https://schema.org", "@type": "TechArticle", "headline": "Sync notes across devices </script><script>alert(1)</script>", "dateModified": "2026-03-12"}),
			mustJSON(map[string]any{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": []any{}}),
		},
	}
	articleCards := func(titles ...string) []builder.Card {
		var cs []builder.Card
		for _, s := range titles {
			cs = append(cs, builder.Card{Title: s, URL: "/notes/x/", Kind: "article"})
		}
		return cs
	}
	category := &builder.PageView{
		Site: site, Kind: "category", Title: "Notes and notebooks",
		HeadTitle:   "Notes and notebooks – Lumen Help Center",
		Description: "Write, organise, share and sync everything you keep in Lumen.",
		URL:         "/notes/", Canonical: "https://help.lumen.example/notes/", MarkdownURL: "/notes.md", LLMSURL: "/notes/llms.txt",
		Breadcrumbs: []builder.NavLink{{Title: "Lumen Help Center", URL: "/"}},
		Nav:         sampleNav("/notes/"),
		Children: []builder.Card{
			{Title: "Writing notes", URL: "/notes/writing/", Kind: "section", Count: 5, Description: "Formatting, checklists, attachments and templates.",
				Children: articleCards("Format text with Markdown", "Add checklists", "Attach files and images")},
			{Title: "Sync and offline use", URL: "/notes/sync/", Kind: "section", Count: 4,
				Children: articleCards("Work offline", "Sync notes across devices", "Resolve sync conflicts", "Sync is slow or stuck")},
			{Title: "Sharing and permissions", URL: "/notes/sharing/", Kind: "section", Count: 7, Description: "Invite people to a notebook and choose what they can do.",
				Children: articleCards("Share a notebook", "Roles and permissions", "Publish a note to the web")},
		},
		OGType: "website",
	}
	section := &builder.PageView{
		Site: site, Kind: "section", Title: "Sync and offline use",
		HeadTitle:   "Sync and offline use – Lumen Help Center",
		Description: "How Lumen keeps your devices in step, and what to do when it doesn't.",
		URL:         "/notes/sync/", MarkdownURL: "/notes/sync.md", LLMSURL: "/notes/sync/llms.txt",
		Breadcrumbs: []builder.NavLink{{Title: "Lumen Help Center", URL: "/"}, {Title: "Notes and notebooks", URL: "/notes/"}},
		Nav:         sampleNav("/notes/sync/"),
		Children: []builder.Card{
			{Title: "Advanced sync settings", URL: "/notes/sync/advanced/", Kind: "section", Count: 3, Description: "Proxies, bandwidth limits and selective sync."},
			{Title: "Work offline", URL: "/notes/sync/offline/", Kind: "article", Description: "What you can do without a connection, and how changes catch up."},
			{Title: "Sync notes across devices", URL: "/notes/sync/devices/", Kind: "article", Description: "Keep your notes the same on your computer, phone and tablet."},
			{Title: "Resolve sync conflicts", URL: "/notes/sync/conflicts/", Kind: "article", Description: "Choose which version of a note to keep when two devices disagree."},
			{Title: "Sync is slow or stuck", URL: "/notes/sync/stuck/", Kind: "article"},
		},
		OGType: "website",
	}
	home := &builder.PageView{
		Site: site, Kind: "home", Title: "How can we help?", HeadTitle: "Lumen Help Center",
		Description: "Guides and answers for Lumen, the shared notebook for teams.",
		URL:         "/", Canonical: "https://help.lumen.example/", MarkdownURL: "/index.md", LLMSURL: "/llms.txt",
		Nav:        sampleNav(""),
		Categories: catCards,
		Featured: []builder.Card{
			{Title: "Sync notes across devices", URL: "/notes/sync/devices/", Kind: "article", Description: "Keep your notes the same on your computer, phone and tablet."},
			{Title: "Reset your password", URL: "/account/sign-in/reset/", Kind: "article", Description: "Get back into your account when you can't remember the password."},
			{Title: "Change the number of seats", URL: "/billing/plans/seats/", Kind: "article", Description: "Add or remove members; the next invoice is adjusted to the day."},
		},
		OGType: "website",
		JSONLD: []template.JS{mustJSON(map[string]any{"@context": "https://schema.org", "@type": "WebSite", "name": "Lumen Help Center"})},
	}
	notFound := &builder.PageView{
		Site: site, Kind: "404", Title: "Page not found", HeadTitle: "Page not found – Lumen Help Center",
		URL: "/404.html", Categories: catCards, OGType: "website",
	}
	searchPage := &builder.PageView{
		Site: site, Kind: "search", Title: "Search", HeadTitle: "Search – Lumen Help Center",
		URL: "/search/", Breadcrumbs: []builder.NavLink{{Title: "Lumen Help Center", URL: "/"}}, OGType: "website", NoIndex: true,
		Markers: &builder.SearchMarkers{Query: builder.SearchQueryMarker, Results: builder.SearchResultsMarker, ResultsEnd: builder.SearchResultsEnd,
			Empty: builder.SearchEmptyMarker, EmptyEnd: builder.SearchEmptyEnd},
	}
	pages := []*builder.PageView{home, category, section, article, notFound, searchPage}
	for _, p := range pages { // the builder computes these texts in the page's language
		for _, cs := range [][]builder.Card{p.Children, p.Categories} {
			for i := range cs {
				if c := &cs[i]; c.Kind != "article" {
					c.SeeAll, c.SeeAllIn = fmt.Sprintf("See all %d articles", c.Count), "in "+c.Title
				}
			}
		}
	}
	return pages
}

func pageByKind(pages []*builder.PageView, kind string) *builder.PageView {
	for _, p := range pages {
		if p.Kind == kind {
			return p
		}
	}
	return nil
}

func TestEveryPageHasTheCommonParts(t *testing.T) {
	sets := parseLayouts(t)
	for _, v := range samplePages(t) {
		t.Run(v.Kind, func(t *testing.T) {
			out := render(t, sets, v)
			wellFormed(t, out)
			for _, want := range []string{
				`<html lang="en">`,
				`<meta charset="utf-8">`,
				`<meta name="viewport"`,
				`<title>` + template.HTMLEscapeString(v.HeadTitle) + `</title>`,
				`<meta name="description" content=`,
				`<meta property="og:title"`,
				`<meta property="og:type" content="` + v.OGType + `">`,
				`<meta property="og:site_name" content="Lumen Help Center">`,
				`<link rel="stylesheet" href="assets/style.css">`,
				`<script src="assets/kb.js" defer></script>`,
				`<a class="skip-link" href="#main">Skip to content</a>`,
				`<main id="main"`,
				`<header class="site-header">`,
				`<footer class="site-footer">`,
				`action="/search/"`,
				`name="q"`,
				`data-theme-toggle hidden`,
				`© 2026 Lumen Help Center`,
				`Built with kb`,
				`<a href="/privacy/">Privacy</a>`,
				`Contact support`,
			} {
				if !strings.Contains(out, want) {
					t.Errorf("missing %q", want)
				}
			}
			// The agent notice comes first in <body>, and is hidden only visually.
			body := out[strings.Index(out, "<body"):]
			body = body[strings.Index(body, ">")+1:]
			if !strings.HasPrefix(strings.TrimSpace(body), `<div class="visually-hidden agent-notice" lang="en">`) {
				t.Errorf("body does not start with the agent notice: %.80q", strings.TrimSpace(body))
			}
			for _, want := range []string{"/llms.txt", "/llms-full.txt", ".md"} {
				if !strings.Contains(body[:strings.Index(body, "</div>")], want) {
					t.Errorf("agent notice does not mention %q", want)
				}
			}
			// Strict CSP: no inline scripts except JSON-LD, no style attributes,
			// no requests to other hosts.
			for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(out, -1) {
				if !strings.Contains(m, " src=") && m != `<script type="application/ld+json">` {
					t.Errorf("inline script: %s", m)
				}
			}
			if regexp.MustCompile(`\sstyle=|<style`).MatchString(out) {
				t.Error("inline style")
			}
			if m := regexp.MustCompile(`(?:src|href)="(?:https?:)?//[^"]*"`).FindAllString(out, -1); len(m) > 0 {
				for _, s := range m {
					if !strings.Contains(out, `<link rel="canonical" `+s) {
						t.Errorf("request or link to another host: %s", s)
					}
				}
			}
			if v.Canonical != "" {
				if !strings.Contains(out, `<link rel="canonical" href="`+v.Canonical+`">`) || !strings.Contains(out, `<meta property="og:url" content="`+v.Canonical+`">`) {
					t.Error("canonical link or og:url missing")
				}
			} else if strings.Contains(out, `rel="canonical"`) || strings.Contains(out, `og:url`) {
				t.Error("canonical link or og:url without a Canonical")
			}
			if v.MarkdownURL != "" && !strings.Contains(out, `<link rel="alternate" type="text/markdown" href="`+v.MarkdownURL+`">`) {
				t.Error("markdown alternate missing")
			}
			if v.MarkdownURL == "" && strings.Contains(out, `type="text/markdown"`) {
				t.Error("markdown alternate without a MarkdownURL")
			}
			if got, want := strings.Count(out, `<script type="application/ld+json">`), len(v.JSONLD); got != want {
				t.Errorf("%d JSON-LD scripts, want %d", got, want)
			}
			if strings.Count(out, "</script>") != len(v.JSONLD)+len(v.Site.JS) {
				t.Error("JSON-LD content closed its script element")
			}
		})
	}
}

func TestArticle(t *testing.T) {
	sets := parseLayouts(t)
	v := pageByKind(samplePages(t), "article")
	out := render(t, sets, v)
	for _, want := range []string{
		`<nav class="breadcrumbs" aria-label="Breadcrumb">`,
		`<a href="/notes/sync/devices/" aria-current="page">Sync notes across devices</a>`,
		`<nav class="nav" aria-label="Help center">`,
		`<h1>Sync notes across devices</h1>`,
		`<a class="btn btn-small" href="/notes/sync/devices.md" type="text/markdown">`,
		`data-copy-page="/notes/sync/devices.md" hidden>`,
		`<time datetime="2026-03-12">Updated March 12, 2026</time>`,
		`On this page`,
		`<a href="#on-mobile">On mobile</a>`,
		`<form class="feedback" method="post" action="/api/feedback" data-feedback>`,
		`<input type="hidden" name="page" value="/notes/sync/devices/">`,
		`name="helpful" value="yes"`,
		`name="helpful" value="no"`,
		`aria-live="polite"`,
		`Related articles`,
		`Choose which version of a note to keep`,
		`<a class="prev" href="/notes/sync/offline/" rel="prev"><span class="prevnext-label">Previous</span><span class="prevnext-title">Work offline</span></a>`,
		`<a class="next" href="/notes/sync/conflicts/" rel="next"><span class="prevnext-label">Next</span>`,
		`<aside class="support" aria-label="Support">`,
		`<meta property="og:image" content="https://help.lumen.example/og/sync.png">`,
		`<li>offline</li>`,
		`<div class="callout callout-warning" role="note">`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
	if n := strings.Count(out, `aria-current="page"`); n != 1 {
		t.Errorf("%d aria-current items, want 1", n)
	}

	// Without the optional parts, their markup goes too.
	bare := *v
	site := *v.Site
	site.FeedbackURL, site.Support, site.Logo = "", nil, ""
	bare.Site = &site
	bare.Canonical, bare.TOC, bare.Related, bare.Prev, bare.Next = "", nil, nil, nil, nil
	bare.Updated, bare.UpdatedISO, bare.Tags, bare.Image, bare.MarkdownURL = "", "", nil, "", ""
	out = render(t, sets, &bare)
	wellFormed(t, out)
	for _, unwanted := range []string{
		`data-feedback`, `Was this page helpful?`, `data-support-url`, `On this page`, `rel="canonical"`,
		`Related articles`, `prevnext`, `class="support"`, `<time`, `class="tags"`, `og:image`,
		`View as Markdown`, `data-copy-page`, `<img`, `Contact support`,
	} {
		if strings.Contains(out, unwanted) {
			t.Errorf("bare article still has %q", unwanted)
		}
	}
}

func TestDevReload(t *testing.T) {
	sets := parseLayouts(t)
	v := *pageByKind(samplePages(t), "section")
	if out := render(t, sets, &v); strings.Contains(out, "data-dev-events") {
		t.Error("dev reload hook outside kb serve")
	}
	v.Dev = true
	if out := render(t, sets, &v); !strings.Contains(out, `<html lang="en" data-dev-events="/_dev/events">`) {
		t.Error("no dev reload hook with Dev set")
	}
}

func TestListsHomeNotFoundAndSearch(t *testing.T) {
	sets := parseLayouts(t)
	pages := samplePages(t)
	checks := map[string][]string{
		"category": {
			`<h1>Notes and notebooks</h1>`,
			`<p class="lede">Write, organise, share and sync`,
			`<h2 class="card-title"><a href="/notes/writing/">Writing notes</a></h2>`,
			`See all 5 articles`,
			`See all 7 articles`,
			`<a href="/notes/" aria-current="page">Notes and notebooks</a>`,
			`<aside class="support"`,
		},
		"section": {
			`<h2 class="card-title"><a href="/notes/sync/advanced/">Advanced sync settings</a></h2>`,
			`See all 3 articles`,
			`<span class="article-list-title">Resolve sync conflicts</span><span class="article-list-desc">Choose which`,
			`<span class="article-list-title">Sync is slow or stuck</span></a>`,
			`<a href="/notes/sync/" aria-current="page">Sync and offline use</a>`,
		},
		"home": {
			`<div class="hero">`,
			`<h1>How can we help?</h1>`,
			`<form class="search search-hero" role="search" action="/search/" method="get" data-search data-search-api="/api/search" data-support-text="Still stuck?"`,
			`<label class="visually-hidden" for="search-hero-q">`,
			`<h2 class="card-title"><a href="/billing/">Billing and plans</a></h2>`,
			`<li><a href="/billing/invoices/">Invoices and payment</a></li>`,
			`Featured articles`,
			`Change the number of seats`,
		},
		"search": {
			`<meta name="robots" content="noindex">`,
			`<h1>Search</h1>`,
			`<nav class="breadcrumbs" aria-label="Breadcrumb">`,
			builder.SearchQueryMarker + `<input id="search-page-q" type="search" name="q" value=""`,
			builder.SearchResultsMarker + "\n<div class=\"search-static\">",
			builder.SearchEmptyMarker,
			`<a class="btn btn-primary" href="/contact/">Contact support</a>`,
			builder.SearchEmptyEnd + "\n</div>\n" + builder.SearchResultsEnd,
		},
		"404": {
			`<h1>Page not found</h1>`,
			`<a class="btn" href="/">Go to the help center home</a>`,
			`<a href="/account/">Account and sign-in</a>`,
			`<aside class="support"`,
		},
	}
	for kind, wants := range checks {
		out := render(t, sets, pageByKind(pages, kind))
		for _, want := range wants {
			if !strings.Contains(out, want) {
				t.Errorf("%s: missing %q", kind, want)
			}
		}
		if kind == "category" && strings.Contains(out, "See all 4 articles") {
			t.Errorf("category: 'See all' link for a section whose articles are all listed")
		}
		if kind != "search" && strings.Contains(out, "noindex") {
			t.Errorf("%s: noindex", kind)
		}
		if (kind == "home" || kind == "404" || kind == "search") && strings.Contains(out, `class="sidebar"`) {
			t.Errorf("%s: has a sidebar", kind)
		}
	}
}

// wellFormed checks that every element the templates open is closed in
// order and that no id repeats: mistakes html/template does not catch.
func wellFormed(t *testing.T, doc string) {
	t.Helper()
	void := map[string]bool{"meta": true, "link": true, "input": true, "img": true, "br": true, "hr": true, "path": true, "circle": true, "rect": true}
	z := nethtml.NewTokenizer(strings.NewReader(doc))
	var stack []string
	ids := map[string]bool{}
	for {
		tt := z.Next()
		switch tt {
		case nethtml.ErrorToken:
			if len(stack) > 0 {
				t.Errorf("unclosed elements: %v", stack)
			}
			return
		case nethtml.StartTagToken:
			tok := z.Token()
			for _, a := range tok.Attr {
				if a.Key == "id" {
					if ids[a.Val] {
						t.Errorf("duplicate id %q", a.Val)
					}
					ids[a.Val] = true
				}
			}
			if !void[tok.Data] {
				stack = append(stack, tok.Data)
			}
		case nethtml.EndTagToken:
			tok := z.Token()
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				t.Errorf("</%s> closes %v", tok.Data, stack)
				return
			}
			stack = stack[:len(stack)-1]
		}
	}
}

// TestPreview writes the sample pages into -preview DIR, with the assets,
// a chroma stylesheet, a dark copy of each page (data-theme="dark") and
// the article with its sidebar menu open (article-menu.html) and without
// kb.js (article-nojs.html).
func TestPreview(t *testing.T) {
	if *preview == "" {
		t.Skip("no -preview DIR")
	}
	dir := *preview
	sets := parseLayouts(t)
	write := func(name, s string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range samplePages(t) {
		out := render(t, sets, v)
		write(v.Kind+".html", out)
		write(v.Kind+"-dark.html", strings.Replace(out, `<html lang="en"`, `<html lang="en" data-theme="dark"`, 1))
		if v.Kind == "article" {
			write("article-menu.html", strings.Replace(out, `data-sidebar>`, `data-sidebar open>`, 1))
			write("article-nojs.html", strings.Replace(out, `<script src="assets/kb.js" defer></script>`, "", 1))
		}
	}
	for _, name := range []string{"assets/style.css", "assets/kb.js"} {
		b, err := fs.ReadFile(layouts.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		write(name, string(b))
	}
	write("assets/chroma.css", chromaCSS(t))
	write("assets/logo.svg", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#4f46e5"/><path d="M10 8v16h12" fill="none" stroke="#fff" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/></svg>`)
	t.Logf("preview written to %s", dir)
}

func mustJSON(v any) template.JS {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return template.JS(b)
}

// TestSearchForms: every page kind has a search form that submits q to
// Site.SearchURL and names the API; data-search-fixed only with
// site.yaml search_url, so that kb.js keeps such forms on a static host.
func TestSearchForms(t *testing.T) {
	sets := parseLayouts(t)
	for _, v := range samplePages(t) {
		out := render(t, sets, v)
		if !strings.Contains(out, `role="search" action="/search/" method="get" data-search data-search-api="/api/search"`) ||
			!strings.Contains(out, `name="q"`) || strings.Contains(out, "data-search-fixed") {
			t.Errorf("%s: no search form, or a fixed one", v.Kind)
		}
		site := *v.Site
		site.SearchURL, site.SearchFixed = "https://search.example/find", true
		fixed := *v
		fixed.Site = &site
		if out := render(t, sets, &fixed); !strings.Contains(out, `action="https://search.example/find" method="get" data-search data-search-api="/api/search" data-search-fixed`) {
			t.Errorf("%s: search_url does not reach the form", v.Kind)
		}
	}
}
