// Package search indexes a help center's articles with bleve and answers
// the queries readers type into a search box.
//
// Build writes an index of []Doc into a fresh folder (kb build puts it in
// the output's .kb-search/, which is never served), with a sidecar file,
// kb-search.json, that records kb's index schema, the bleve version and a
// hash of the content. Open checks that sidecar before it opens anything,
// opens the index read-only (several processes may share it), and never
// waits more than a couple of seconds on another process's lock. Search
// turns plain text into bleve queries itself: a reader's text never
// reaches bleve's query-string syntax. An index is analysed in one
// language (BuildOptions.Language, lang.go): kb's English, bleve's token
// filters of another language, CJK pairs, or the neutral analysis; the
// sidecar records it, and Open analyses queries the same way.
//
// The package imports only the standard library and bleve; kb's builder
// makes the Docs from its parsed markdown.
package search

// Doc is one published article, as the builder extracts it from the
// parsed markdown (never from HTML). URL is its ID.
type Doc struct {
	URL         string // site path with the base path: "/billing/payments/refunds/"
	Title       string
	Description string

	// Category and Section are the keys results can be filtered by: the
	// URL paths, without the base path or slashes at either end, of the
	// article's top-level folder and second-level folder ("billing",
	// "billing/payments"). Either may be "".
	Category, Section           string
	CategoryTitle, SectionTitle string

	Breadcrumb []string // titles from the category down to the article's folder
	Tags       []string
	Slug       string   // the last segment of the URL: "cant-sign-in"
	Headings   []string // the text of every heading below the title, in order
	Body       string   // plain text before the first H2 (code excluded)
	Code       string   // the text of every code block
	Sections   []Section

	// Troubleshooting articles. Symptoms are what readers see, in their
	// words, searchable like the description. ErrorMessages are the exact
	// messages readers paste into the search box: a query that holds one,
	// or a long exact part of one, or a code in one ("KW-NET-0042"), finds
	// the articles that list it first.
	Symptoms      []string
	ErrorMessages []string

	// Fallback is set on an article of the site's default language that
	// an index in another language holds because it has no translation
	// there (the builder's fallback pages). It is found as any other, but
	// ranks after the index's own articles: its score is multiplied by
	// FallbackWeight, on the server and in the static engine alike.
	Fallback bool
}

// Section is the part of an article under one H2 heading, down to the
// next H2; its text includes its H3s and their content, without code.
type Section struct {
	Anchor string // the heading's id: the hit's URL ends in #Anchor
	Title  string
	Text   string
}
