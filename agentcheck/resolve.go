package agentcheck

import (
	"net/url"
	"path"
	"strings"
)

// resolution is where a link leads.
type resolution struct {
	external bool   // not checkable offline: another host, or a scheme such as mailto:
	broken   string // why the link leads nowhere; "" when it resolves
	redirect bool   // it resolves only through _redirects
	file     string // the output file it names
	fragment string // its #fragment, decoded
}

// resolve maps a link found in output file from to an output file, the
// way a static host would: a path ending in / serves its index.html, and
// a path without one serves the file, or the folder's index.html.
func (c *checker) resolve(from, dest string) resolution {
	if dest == "" {
		return resolution{broken: "empty URL"}
	}
	u, err := url.Parse(dest)
	if err != nil {
		return resolution{broken: "URL does not parse"}
	}
	var sitePath string
	switch {
	case u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https":
		return resolution{external: true}
	case u.Host != "":
		if c.base == nil || !strings.EqualFold(u.Host, c.base.Host) {
			return resolution{external: true}
		}
		sitePath = u.Path
		if sitePath == "" {
			sitePath = "/"
		}
		// The site's own host outside its base path is another site
		// (the company's, beside its help center at /help/).
		if root := strings.TrimSuffix(c.basePath, "/"); sitePath != root && !strings.HasPrefix(sitePath, c.basePath) {
			return resolution{external: true}
		}
	case u.Scheme != "":
		return resolution{broken: "http(s) URL without a host"}
	case u.Path == "":
		return resolution{file: from, fragment: u.Fragment} // "#anchor": this file
	case strings.HasPrefix(u.Path, "/"):
		sitePath = u.Path
	default:
		dir := path.Dir(c.basePath + from)
		sitePath = path.Join(dir, u.Path)
		if strings.HasSuffix(u.Path, "/") {
			sitePath += "/"
		}
	}
	r := resolution{fragment: u.Fragment}
	root := strings.TrimSuffix(c.basePath, "/")
	if sitePath != root && !strings.HasPrefix(sitePath, c.basePath) {
		r.broken = "outside the site (its base path is " + c.basePath + ")"
		return r
	}
	rel := strings.TrimPrefix(strings.TrimPrefix(sitePath, root), "/")
	if clean := path.Clean("/" + rel); clean != "/"+strings.TrimSuffix(rel, "/") && rel != "" {
		r.broken = "path is not clean (" + clean + ")"
		return r
	}
	switch {
	case rel == "" || strings.HasSuffix(rel, "/"):
		if c.files[rel+"index.html"] {
			r.file = rel + "index.html"
			return r
		}
	case c.files[rel]:
		r.file = rel
		return r
	case c.files[rel+"/index.html"]:
		r.file = rel + "/index.html"
		return r
	}
	if c.redirects[sitePath] || c.redirects[strings.TrimSuffix(sitePath, "/")] {
		r.redirect = true
		return r
	}
	r.broken = "no file " + rel + " in the output"
	if rel == "" || strings.HasSuffix(rel, "/") {
		r.broken = "no file " + rel + "index.html in the output"
	}
	return r
}
