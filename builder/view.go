package builder

import "html/template"

// The view types below are what templates see. They hold finished values
// (escaped by html/template on output) and no methods: navigation,
// breadcrumbs, related articles and previous/next are computed in Go.
// Every URL in a view is a path that already includes the site's base
// path (for example "/help/billing/refunds/"), except the fields named
// Canonical or Abs, which are absolute URLs.

// SiteView is shared by every page of one build. Read-only.
type SiteView struct {
	Title       string
	Description string
	Lang        string
	Dir         string // "ltr" or "rtl": Config.Direction, for <html dir>
	Root        string // URL of the home page: the base path, "/" or "/help/"
	BaseURL     string // absolute URL of the home page, "" when no base_url is set
	Support     *SupportView
	Footer      []NavLink
	FeedbackURL string // "Was this page helpful?" posts here; "" hides it
	SearchURL   string // the search forms' action: site.yaml search_url, else the built-in search page
	SearchPage  string // the built-in search page, "{base}search/"; the kb server renders its results
	SearchAPI   string // the JSON search API that the search box's live results come from, "{base}api/search"
	// SearchFixed is set when site.yaml names search_url: the forms then
	// stay visible on a host without kb's search API, since they submit
	// to a search page elsewhere; otherwise kb.js hides them there.
	SearchFixed bool
	CSS         []string // stylesheet URLs, in order
	CodeCSS     []string // the highlighting stylesheets, which pages with code add
	JS          []string // deferred script URLs, in order
	Logo        string   // URL of the logo image, "" for none: theme.logo, else the top-level logo
	LogoDark    string   // URL of the logo shown in the dark scheme, "" for the same as Logo
	// Icons are the page's <link rel="icon"> and apple-touch-icon: the
	// site's theme.favicon, or kb's generated one, with PNG fallbacks.
	Icons []IconLink
	// HeaderLinks are theme.header_links, shown in the header.
	HeaderLinks []NavLink
	// Announcement is the banner above the header, nil for none.
	Announcement *AnnouncementView
	// Hero is the home page's hero from theme.hero; its empty fields
	// leave the home page's own title and description.
	Hero HeroView
	// FooterColumns are theme.footer_columns, above the footer's links.
	FooterColumns []FooterColumn
	Year          int    // for the footer copyright; from the newest updated date, not the clock
	LLMSURL       string // "/llms.txt" under the base path
	LLMSFullURL   string // "/llms-full.txt" under the base path
	// MCPURL is what the page menu's "Copy MCP URL" copies, "{base}mcp",
	// which kb.js makes absolute against the page's address; "" when
	// site.yaml turns agents.mcp or agents.copy_mcp_url off. kb.js shows
	// the button only where kb's server answers (the search status).
	MCPURL string

	// T is the theme's words in Lang by message key ({{.Site.T.on_this_page}}):
	// layouts/messages/<lang>.yaml over en.yaml, the site's own files
	// over the theme's (messages.go). Texts only; those that show a
	// number arrive computed (Card.SeeAll).
	T    map[string]string
	msgs *messages // T's source, for the texts computed in Go
}

// AnnouncementView is theme.announcement as the header shows it.
type AnnouncementView struct {
	Text template.HTML // inline markdown, rendered
	URL  string        // where the whole text links, "" for no link
	ID   string        // what kb.js stores when the reader closes it
	// Script is the URL of the script that hides the banner before the
	// first paint once closed; it reads ID from data-announcement.
	Script string
}

// HeroView is the home page's hero settings.
type HeroView struct {
	Title, Text string
	Image       bool // theme.hero.background is set: the hero has class has-image
}

// SupportView is the "Have more questions? Submit a request" call to action.
type SupportView struct {
	Text     string // "Have more questions?"
	LinkText string // "Submit a request"
	URL      string
}

// AppliesToView is one line of "Applies to": "Platform: macOS, Windows".
type AppliesToView struct {
	Label  string
	Values string
}

// NavLink is a titled link.
type NavLink struct {
	Title string
	URL   string
}

// NavItem is one entry of the sidebar tree. Only the branch that leads to
// the current page is expanded (Open), so a page carries its category's
// sections and its own section's articles, not the whole site.
type NavItem struct {
	Title    string
	URL      string
	Kind     string // "category", "section" or "article"
	Current  bool   // the page being shown
	Open     bool   // on the path to the current page
	Children []NavItem
	// HTML is the item already rendered with the "navitem" template, or
	// "" when the template should render it. The builder pre-renders
	// article entries, which are the same on every page that lists them.
	HTML template.HTML
}

// TOCItem is one "On this page" entry: an H2 with its H3s.
type TOCItem struct {
	Title    string
	ID       string
	Children []TOCItem
}

// Card is a child listed on the home, category and section pages, or a
// related article.
type Card struct {
	Title       string
	URL         string
	Description string
	Kind        string // "category", "section" or "article"
	Count       int    // articles below it, for categories and sections
	Children    []Card // for a category on the home page: its sections; for a section on a category page: its articles

	// SeeAll is the link to the rest of a category or section ("See all
	// 12 articles", in the page's language), and SeeAllIn what the
	// visually hidden end of it says ("in Billing").
	SeeAll, SeeAllIn string
}

// PageView is everything one HTML page shows.
type PageView struct {
	Site        *SiteView
	Kind        string // "home", "category", "section", "article", "404" or "search"
	Title       string // the H1
	HeadTitle   string // the <title>: "Page – Site" or the site title on home
	Description string
	URL         string // this page
	Canonical   string // absolute URL, "" when no base_url is set
	MarkdownURL string // the .md twin
	// OpenIn are the page menu's "Open in ChatGPT" and "Open in Claude"
	// links (site.yaml agents.open_in), in its order: Title is the
	// assistant, URL a new chat asking it to read the twin's absolute
	// URL. Empty without a base_url, as an assistant cannot read a
	// relative or localhost address.
	OpenIn      []NavLink
	LLMSURL     string    // this page's llms.txt
	Breadcrumbs []NavLink // from the home page down to the parent; the page itself is not included
	Nav         []NavItem // the sidebar tree
	Body        template.HTML
	TOC         []TOCItem
	Updated     string // "March 12, 2026" in the page's language (date_format), "" when not given
	UpdatedText string // "Updated March 12, 2026": the message updated, shown in <time>
	UpdatedISO  string // "2026-03-12"
	Tags        []string
	Related     []Card        // related articles (front matter first, then backlinks), no duplicates
	Prev, Next  *NavLink      // in sidebar order, across section boundaries
	Children    []Card        // category page: its sections (with articles); section page: its subsections and articles
	Categories  []Card        // home page: the categories with their sections
	Featured    []Card        // home page: featured articles from site.yaml
	JSONLD      []template.JS // JSON documents, each for its own <script type="application/ld+json">
	OGType      string        // "article" or "website"
	Image       string        // absolute URL of an og:image, "" for none
	Dev         bool          // served by kb serve: the live-reload script is added
	NoIndex     bool          // <meta name="robots" content="noindex">: the search page
	// Languages are this page in every language of a multilingual site,
	// for the switcher: the same page where the language has it (a
	// fallback too), else its nearest folder there; nil on a site in one
	// language. Alternates are the versions that are written in their
	// language, for hreflang, with XDefault the default language's; nil
	// when the page has no translation.
	Languages  []LangLink
	Alternates []LangLink
	XDefault   string
	// Fallback is set on an article shown in the default language
	// because it is not translated: the notice links the original.
	Fallback *LangLink
	// Markers is set on the search page only: the comments that kb's
	// server finds and replaces to show results (see SearchQueryMarker).
	// Comments written in a template are dropped by html/template, so they
	// arrive as values.
	Markers *SearchMarkers
	CodeCSS []string // the highlighting stylesheets when the page has code, else empty

	// Troubleshooting articles (front matter symptoms, error_messages,
	// applies_to); empty otherwise.
	Symptoms      []string
	ErrorMessages []string
	AppliesTo     []AppliesToView
}

// SearchMarkers are the search page's marker comments, as HTML.
type SearchMarkers struct {
	Query               template.HTML // before the query input
	Results, ResultsEnd template.HTML // around what a static host shows in place of results
	Empty, EmptyEnd     template.HTML // around the "no results" advice, inside the results
	// Messages is a comment holding the texts kb's server writes on the
	// page, in the page's language (SearchMessagesMarker), inside the
	// results; "" leaves the server's English.
	Messages template.HTML
}
