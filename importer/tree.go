package importer

// Helpers the generators' scans share: walking a folder of markdown and
// files, naming what they become in kb.

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
	"unicode"
)

// assetExts are the files copied next to the pages (or into static/):
// what a page may show or link to.
var assetExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".svg": true, ".webp": true,
	".avif": true, ".ico": true, ".pdf": true, ".mp4": true, ".webm": true, ".zip": true, ".csv": true, ".txt": true}

// entry is a file found by walk.
type entry struct {
	path string // relative to SRC
	dir  bool
}

// walk lists the files and folders below root (relative to SRC) in
// lexical order, skipping hidden ones and those skip names.
func walk(fsys fs.FS, root string, skip func(p string, dir bool) bool) []entry {
	var out []entry
	_ = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") || skip != nil && skip(p, d.IsDir()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil // never followed: a link may lead outside SRC
		}
		out = append(out, entry{path: p, dir: d.IsDir()})
		return nil
	})
	return out
}

// relTo is p relative to root ("" root is SRC itself).
func relTo(root, p string) string {
	if root == "" || root == "." {
		return p
	}
	return strings.TrimPrefix(p, root+"/")
}

// slugName makes a kb file or folder name: lowercase, ASCII letters
// folded, each run of other characters one hyphen. kb makes the same URL
// from it, so old and new URLs can be compared.
func slugName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) && unicode.Is(unicode.Latin, r) == false:
			b.WriteRune(r)
			dash = false
		case b.Len() > 0 && !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "page"
	}
	return out
}

// numberPrefixRE is Docusaurus's ordering prefix: "01-intro", "2_setup".
var numberPrefixRE = regexp.MustCompile(`^(\d+)[-_. ]+(.+)$`)

// stripNumber splits an ordering prefix off a name.
func stripNumber(name string) (string, int, bool) {
	m := numberPrefixRE.FindStringSubmatch(name)
	if m == nil {
		return name, 0, false
	}
	n := 0
	for _, c := range m[1] {
		n = n*10 + int(c-'0')
		if n > 1e6 {
			return name, 0, false
		}
	}
	return m[2], n, true
}

// titleFromName makes a title from a file name: "sign-in" → "Sign in".
func titleFromName(name string) string {
	name = strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(name))
	if name == "" {
		return "Untitled"
	}
	r := []rune(name)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// hasH1 reports whether a body starts with a "# Heading", which kb takes
// as the title.
func hasH1(body string) bool {
	for _, l := range strings.Split(body, "\n") {
		t := strings.TrimSpace(l)
		if t == "" || mdxImportRE.MatchString(t) || mdxExportRE.MatchString(t) {
			continue // MDX lines kb import removes
		}
		return strings.HasPrefix(t, "# ")
	}
	return false
}

// ensureTitle gives a page a title when kb would find none.
func (pl *plan) ensureTitle(d *doc, title string) {
	if d.fm.str("title") != "" || hasH1(d.body) {
		return
	}
	d.fm.setStr("title", title)
	pl.kinds["title from the file name or nav"]++
}

// destName is the kb name of a markdown file: its slug, with .md.
func destName(p string) string {
	base := strings.TrimSuffix(path.Base(p), path.Ext(p))
	return slugName(base) + ".md"
}

// destDirs maps each folder of a content tree to its kb path, built as
// the tree is walked.
func slugPath(rel string, strip bool) string {
	parts := strings.Split(rel, "/")
	for i, p := range parts {
		if strip {
			p, _, _ = stripNumber(p)
		}
		parts[i] = slugName(p)
	}
	return strings.Join(parts, "/")
}
