package agentcheck

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
)

// htmlPage is what the checker reads from an HTML file's tags.
type htmlPage struct {
	redirect     bool   // a <meta http-equiv="refresh">: an alias, not a page
	noindex      bool   // <meta name="robots" content="noindex">: kb's search page, not a page to read
	kind         string // "article", "category", … from <body class="kind-…">
	canonical    string // href of <link rel="canonical">
	description  string // content of <meta name="description">
	hasAlternate bool
	alternate    string // href of <link rel="alternate" type="text/markdown">
	alternateOff int    // byte offset of that tag
	headOff      int    // byte offset of <head>, for a missing alternate link
	ids          map[string]bool
}

// scanPage reads the tags of an HTML file. It uses html.Tokenizer, not
// the tree builder, to keep byte offsets.
func scanPage(src []byte) *htmlPage {
	p := &htmlPage{ids: map[string]bool{}}
	z := html.NewTokenizer(bytes.NewReader(src))
	off := 0
	for {
		tt := z.Next()
		start := off
		off += len(z.Raw())
		if tt == html.ErrorToken {
			return p
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		t := z.Token()
		attr := func(k string) string {
			for _, a := range t.Attr {
				if a.Key == k {
					return a.Val
				}
			}
			return ""
		}
		if id := attr("id"); id != "" {
			p.ids[id] = true
		}
		if t.Data == "a" && attr("name") != "" {
			p.ids[attr("name")] = true
		}
		switch t.Data {
		case "head":
			p.headOff = start
		case "meta":
			if strings.EqualFold(attr("http-equiv"), "refresh") {
				p.redirect = true
			}
			if strings.EqualFold(attr("name"), "robots") && strings.Contains(strings.ToLower(attr("content")), "noindex") {
				p.noindex = true
			}
			if strings.EqualFold(attr("name"), "description") {
				p.description = attr("content")
			}
		case "link":
			rels := strings.Fields(strings.ToLower(attr("rel")))
			for _, r := range rels {
				switch {
				case r == "canonical" && p.canonical == "":
					p.canonical = attr("href")
				case r == "alternate" && strings.EqualFold(attr("type"), "text/markdown") && !p.hasAlternate:
					p.hasAlternate, p.alternate, p.alternateOff = true, attr("href"), start
				}
			}
		case "body":
			for _, cl := range strings.Fields(attr("class")) {
				if k, ok := strings.CutPrefix(cl, "kind-"); ok {
					p.kind = k
				}
			}
		}
	}
}
