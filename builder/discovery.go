package builder

import (
	"fmt"
	"strings"
)

// NotFoundMarkdownPath is the markdown page-not-found page: what kb's
// server answers, with status 404, to a request for a .md URL that does
// not exist or to any 404 of a request that prefers markdown; a static
// host can be told to do the same (see the README).
const NotFoundMarkdownPath = "404.md"

// notFoundMarkdown is NotFoundMarkdownPath: a short llmstxt.org-shaped
// file that sends an agent to the site's llms.txt and its search page,
// with absolute URLs when the site has a base_url. It names no request
// path, so that one file serves every missing URL, on any host.
func (s *Site) notFoundMarkdown() []byte {
	c := s.Config
	var b strings.Builder
	fmt.Fprintf(&b, "# Page not found\n\n> There is no page at this address on %s.\n\n", oneLine(c.Title))
	fmt.Fprintf(&b, "- [llms.txt](%s): every category and article of the site, each with its markdown URL\n", s.absURL(c.BasePath+"llms.txt"))
	fmt.Fprintf(&b, "- [Search](%s): add your words after q=\n", s.absURL(c.BasePath+SearchPagePath+"?q="))
	return []byte(b.String())
}

// robots is robots.txt: everything allowed, the sitemap (which
// robots.txt must name by an absolute URL, so only with a base_url),
// and the root llms.txt as a comment. No robots.txt directive for
// llms.txt is standardised (RFC 9309 has none, llmstxt.org proposes
// none), and crawlers ignore comments, so the comment tells the people
// and agents who read the file without changing what a crawler does.
func (s *Site) robots() []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	if sm := s.Config.abs(s.Config.BasePath + "sitemap.xml"); sm != "" {
		b.WriteString("Sitemap: " + sm + "\n")
	}
	b.WriteString("# llms.txt (llmstxt.org), an index of this site for AI agents: " + s.absURL(s.Config.BasePath+"llms.txt") + "\n")
	return []byte(b.String())
}
