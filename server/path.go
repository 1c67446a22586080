package server

import (
	"mime"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kbhelp/kb/builder"
)

const (
	maxPathLen  = 2048 // longer request paths get 414
	maxSegments = 64   // deeper paths cannot name an output
	maxRanges   = 16   // a Range header with more parts is ignored (200, whole file)
)

// sitePath checks a decoded request path and returns it relative to the
// site's base path: "" for the home page, "billing/refunds/" for a page,
// "assets/style.css" for a file. code is 0 when the path may name an
// output; otherwise it is the status to answer with, always 4xx.
//
// The rules are stricter than path.Clean, which would quietly turn
// "/a/../b" into "/b": a path that needs cleaning is refused, so nothing
// above the site root can ever be named, whatever the encoding. Go's
// server has already decoded %xx escapes once; a '%' left in the decoded
// path means a double encoding ("%252e") and is refused too, as are
// backslashes (a separator on Windows), NUL and other control bytes,
// invalid UTF-8 (overlong "%c0%ae"), empty segments ("//x") and "." or
// ".." segments. Segments starting with a dot (".git", ".env",
// ".kb-search", "..;") are private: 404, as if they did not exist.
func sitePath(p, base string) (rel string, code int) {
	if len(p) > maxPathLen {
		return "", http.StatusRequestURITooLong
	}
	if !strings.HasPrefix(p, "/") || !utf8.ValidString(p) {
		return "", http.StatusBadRequest
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < 0x20 || c == 0x7f || c == '\\' || c == '%' {
			return "", http.StatusBadRequest
		}
	}
	if !strings.HasPrefix(p, base) {
		return "", http.StatusNotFound
	}
	rel = p[len(base):]
	if rel == "" {
		return "", 0
	}
	segs := strings.Split(rel, "/")
	if len(segs) > maxSegments {
		return "", http.StatusNotFound
	}
	for i, s := range segs {
		switch {
		case s == "" && i == len(segs)-1: // trailing slash
		case s == "", s == ".", s == "..":
			return "", http.StatusBadRequest
		case s[0] == '.':
			return "", http.StatusNotFound
		}
	}
	return rel, 0
}

// hiddenOutput reports outputs that are configuration for other hosts,
// not pages: they are never served.
func hiddenOutput(rel string) bool {
	// Each language of a multilingual site has its own manifest
	// (de/_kb.json).
	return rel == "_redirects" || rel == "_headers" || path.Base(rel) == builder.SiteManifestPath
}

var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".xml":         "application/xml; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/vnd.microsoft.icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".pdf":         "application/pdf",
	".webmanifest": "application/manifest+json",
	".wasm":        "application/wasm",
	".mp4":         "video/mp4",
	".webm":        "video/webm",
	".zip":         "application/zip",
	".csv":         "text/csv; charset=utf-8",
}

// contentType is the type of an output, from its extension. The table
// above comes first so that answers do not depend on the machine's
// mime.types; unknown types are never sniffed.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// compressible reports types worth gzipping.
func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.HasPrefix(ctype, "application/json") ||
		strings.HasPrefix(ctype, "application/xml") || strings.HasPrefix(ctype, "image/svg+xml") ||
		strings.HasPrefix(ctype, "application/manifest+json")
}

// fingerprinted matches the theme's content-hashed assets, which never
// change under their name: /assets/style.1a2b3c4d.css.
var fingerprinted = regexp.MustCompile(`^assets/[^/]+\.[0-9a-f]{8}\.(css|js)$`)

// acceptQ returns the quality an Accept or Accept-Encoding header gives to
// want ("text/markdown", "gzip") and how specifically it was named: 3 for
// the exact value, 2 for "type/*", 1 for "*/*" or "*", 0 when nothing
// matched (q is then 0).
func acceptQ(header, want string) (q float64, spec int) {
	wantType, _, _ := strings.Cut(want, "/")
	for part := range strings.SplitSeq(header, ",") {
		media, params, _ := strings.Cut(part, ";")
		media = strings.ToLower(strings.TrimSpace(media))
		s := 0
		switch {
		case media == want:
			s = 3
		case media == wantType+"/*" && strings.Contains(want, "/"):
			s = 2
		case media == "*/*" || media == "*":
			s = 1
		}
		if s == 0 || s < spec {
			continue
		}
		pq := 1.0
		for p := range strings.SplitSeq(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0
				}
				pq = f
			}
		}
		if s > spec || pq > q {
			q, spec = pq, s
		}
	}
	return q, spec
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip.
func acceptsGzip(ae string) bool {
	if ae == "" {
		return false
	}
	if q, _ := acceptQ(ae, "gzip"); q > 0 {
		return true
	}
	q, spec := acceptQ(ae, "x-gzip")
	return spec == 3 && q > 0
}

// countRanges counts the parts of a Range header.
func countRanges(h string) int {
	if h == "" {
		return 0
	}
	return strings.Count(h, ",") + 1
}
