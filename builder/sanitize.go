package builder

import (
	"bytes"
	"html"
	"strings"

	xhtml "golang.org/x/net/html"
)

// sanitizeHTML keeps what a help-center article may contain as raw HTML:
// <kbd> (no attributes) and <img> with src, alt, title, width and height,
// src passing the URL allowlist. Everything else is dropped, text inside
// dropped elements included, and dropped reports it. Comments are dropped
// silently.
func sanitizeHTML(raw []byte) (safe []byte, dropped bool) {
	return sanitize(raw, false)
}

// sanitizeInlineHTML sanitises one inline raw HTML tag. goldmark gives
// "<kbd>Ctrl</kbd>" as three nodes, the tags apart from the text, so a
// lone <kbd> is not closed here and a lone </kbd> is kept (the browser
// ignores an unmatched end tag).
func sanitizeInlineHTML(raw []byte) (safe []byte, dropped bool) {
	return sanitize(raw, true)
}

func sanitize(raw []byte, inline bool) (safe []byte, dropped bool) {
	var out bytes.Buffer
	z := xhtml.NewTokenizer(bytes.NewReader(raw))
	depth := 0 // >0 inside an element that is not allowed
	kbd := 0
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			for ; kbd > 0 && !inline; kbd-- {
				out.WriteString("</kbd>")
			}
			return out.Bytes(), dropped
		case xhtml.CommentToken, xhtml.DoctypeToken:
			// not shown to readers either way
		case xhtml.TextToken:
			if depth == 0 {
				out.WriteString(html.EscapeString(string(z.Text())))
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			switch {
			case depth == 0 && tok.Data == "kbd" && tt == xhtml.StartTagToken:
				out.WriteString("<kbd>")
				kbd++
			case depth == 0 && tok.Data == "img":
				out.WriteString(safeImg(tok, &dropped))
			case depth == 0 && tok.Data == "br":
				out.WriteString("<br>")
			default:
				dropped = true
				if tt == xhtml.StartTagToken && !voidElements[tok.Data] {
					depth++
				}
			}
		case xhtml.EndTagToken:
			tok := z.Token()
			switch {
			case depth == 0 && tok.Data == "kbd" && (kbd > 0 || inline):
				out.WriteString("</kbd>")
				kbd = max(kbd-1, 0)
			case depth == 0 && (tok.Data == "img" || tok.Data == "br" || tok.Data == "kbd"):
			case depth > 0:
				depth--
			default:
				dropped = true
			}
		}
	}
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

func safeImg(tok xhtml.Token, dropped *bool) string {
	var b strings.Builder
	b.WriteString("<img")
	for _, a := range tok.Attr {
		switch a.Key {
		case "src":
			if !safeURL(a.Val) {
				*dropped = true
				continue
			}
		case "alt", "title", "width", "height":
		default:
			*dropped = true
			continue
		}
		b.WriteString(" " + a.Key + `="` + html.EscapeString(a.Val) + `"`)
	}
	b.WriteString(` loading="lazy">`)
	return b.String()
}

// safeURL reports whether a URL, as the browser will read it (character
// references decoded, control characters and whitespace removed), is
// relative or uses an allowed scheme: http, https, mailto or tel.
func safeURL(u string) bool {
	u = html.UnescapeString(u)
	u = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, u)
	colon := strings.IndexByte(u, ':')
	if colon < 0 {
		return true
	}
	if i := strings.IndexAny(u, "/?#"); i >= 0 && i < colon {
		return true // the colon is in the path, query or fragment
	}
	switch strings.ToLower(u[:colon]) {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}
