package builder

import (
	"path"
	"strings"
)

// reservedOutput is an output kb writes itself, below the base path,
// whatever the content: no page, folder, alias or file may claim it.
type reservedOutput struct {
	path string // a folder when it ends in "/": everything below it is kb's
	what string // for messages: "kb writes <what> there"
}

// reservedOutputs lists them, from the names the writers use (render,
// renderSiteFiles, the search index, the servers), so that the list
// follows them. TestReservedCoversSiteOutputs builds a site and checks
// that every output that is not a page's, an alias's or a file's is
// below one of these.
var reservedOutputs = []reservedOutput{
	{"404.html", "the page-not-found page"},
	{NotFoundMarkdownPath, "the markdown page-not-found page"},
	{SearchPagePath, "the search page"},
	// Only the API's own paths: a site may have an api/ category (the
	// example site has).
	{SearchStatusPath, "the search status"},
	{path.Dir(SearchStatusPath) + "/search", "its search API"},
	{path.Dir(SearchStatusPath) + "/feedback", "its feedback API"},
	{path.Dir(StaticSearchDir) + "/", "the theme's assets and the static search index"}, // assets/
	{SearchDir + "/", "the search index"},
	{"_dev/", "the dev server's live reload"},
	{"sitemap.xml", "the sitemap"},
	{"robots.txt", "robots.txt"},
	{"_redirects", "the redirects file"},
	{"_headers", "the headers file"},
	{SiteManifestPath, "the settings kb serve reads"},
	{".well-known/mcp/", "the MCP discovery files"},
	{"llms.txt", "the site's llms.txt"},
	{"llms-full.txt", "the site's llms-full.txt"},
}

// reservedBy reports what of kb's own claims key, an output path or a
// page's URL below the base path ("search/", "llms.txt/", "api/x"). A
// page at "404/" claims "404.html" too, which hosts serve at /404/.
func reservedBy(key string) (reservedOutput, bool) {
	for _, r := range reservedOutputs {
		if strings.HasSuffix(r.path, "/") {
			if strings.HasPrefix(key, r.path) || key+"/" == r.path {
				return r, true
			}
			continue
		}
		if key == r.path || strings.HasPrefix(key, r.path+"/") {
			return r, true
		}
		if stem, ok := strings.CutSuffix(r.path, ".html"); ok && (key == stem+"/" || strings.HasPrefix(key, stem+"/")) {
			return r, true
		}
	}
	return reservedOutput{}, false
}
