package builder

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// FrontMatter is an article's (or _index.md's) YAML header, decoded.
type FrontMatter struct {
	Title       string
	Description string
	Slug        string
	Order       float64 // decimals allowed: "order: 8.1" slots a page between 8 and 9
	HasOrder    bool
	Tags        []string
	Aliases     []strPos
	NavTitle    string // sidebar_label: the title the sidebar shows, "" for the title
	Draft       bool
	Hidden      bool
	Updated     time.Time // zero when not given; a calendar date, in UTC
	Related     []strPos
	LLMS        string // "" (listed), "optional" or "false"

	// Translations (languages.go). TranslationKey matches this page with
	// its versions in other languages when their paths differ: the
	// default language's content-relative path ("billing/refunds.md").
	// SourceHash is the hash of the original a translation was made
	// from, which kb check compares (kb check -fix-hashes fills it).
	TranslationKey string
	SourceHash     string
	sourceHashPos  Pos

	// Troubleshooting articles.
	Symptoms      []string    // what the reader sees, in their words
	ErrorMessages []string    // exact strings readers paste into search
	AppliesTo     []AppliesTo // product, platform, version…, in the order written
	Owner         string      // who keeps the article true
	Reviewed      time.Time   // when it was last checked
	ReviewEvery   int         // days between reviews; 0 when not set
	reviewPos     Pos

	titlePos Pos
	slugPos  Pos  // of the slug's value, for a URL it makes that is taken
	invalid  bool // the header is not valid YAML: its values are unknown, not missing
}

var frontMatterKeys = []string{"title", "description", "slug", "order", "tags", "aliases",
	"draft", "updated", "related", "hidden", "llms",
	"symptoms", "error_messages", "applies_to", "owner", "reviewed", "review_every",
	"translation_key", "source_hash",
	// Other generators' names, read where their meaning is kb's:
	// Docusaurus sidebar_position, Hugo weight and Just the Docs
	// nav_order are order; Jekyll's redirect_from is aliases (Hugo's
	// aliases is kb's own); Docusaurus sidebar_label is the title the
	// sidebar shows.
	"sidebar_position", "weight", "nav_order", "redirect_from", "sidebar_label"}

// AppliesTo is one line of an article's "Applies to": a key of applies_to
// (product, platform, version, or any other) and its values.
type AppliesTo struct {
	Key    string
	Values []string
}

const maxArticleSize = 4 << 20

// normalizeNewlines turns CRLF and lone CR into LF, so a file saved on
// Windows builds byte-identically to its LF twin.
func normalizeNewlines(src []byte) []byte {
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
}

// cleanSource strips a UTF-8 byte order mark, normalises newlines and
// checks that the file is UTF-8 text of a sane size.
func cleanSource(file string, src []byte) ([]byte, *Diagnostic) {
	if len(src) > maxArticleSize {
		return nil, &Diagnostic{Pos: Pos{File: file}, Msg: fmt.Sprintf("file is %d bytes, more than the %d MiB an article may have", len(src), maxArticleSize>>20)}
	}
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return nil, &Diagnostic{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: "file is UTF-16; save it as UTF-8"}
	}
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	src = normalizeNewlines(src)
	if i := bytes.IndexByte(src, 0); i >= 0 {
		p := newLineIndex(file, src).pos(i)
		return nil, &Diagnostic{Pos: p, Msg: fmt.Sprintf("not a text file: NUL byte at offset %d", i)}
	}
	if !utf8.Valid(src) {
		for i := 0; i < len(src); {
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n <= 1 {
				p := newLineIndex(file, src).pos(i)
				return nil, &Diagnostic{Pos: p, Msg: fmt.Sprintf("invalid UTF-8 (byte 0x%02X); save the file as UTF-8", src[i])}
			}
			i += n
		}
	}
	return src, nil
}

// splitFrontMatter finds the YAML header. It returns the YAML text, the
// offset where the body starts, and ok=false when a header is opened but
// never closed. A file without a header has an empty fm and offset 0.
// The header opens with "---" alone on the first line and closes with
// "---" or "..." alone on a later line.
func splitFrontMatter(src []byte) (fm []byte, bodyOff int, ok bool) {
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \t")) != "---" {
		return nil, 0, true
	}
	if !found {
		return nil, 0, false
	}
	start := len(first) + 1
	off := start
	for off <= len(src) {
		line, _, more := bytes.Cut(src[off:], []byte("\n"))
		t := string(bytes.TrimRight(line, " \t"))
		if t == "---" || t == "..." {
			end := off + len(line)
			if more {
				end++
			}
			return src[start:off], end, true
		}
		if !more {
			break
		}
		off += len(line) + 1
	}
	_ = rest
	return nil, 0, false
}

// parseFrontMatter decodes the header of file. Unknown keys are warnings,
// but for those in ignore (site.yaml's front_matter.ignore); wrong types
// are errors.
func parseFrontMatter(file string, fmSrc []byte, ignore ...string) (FrontMatter, Diagnostics) {
	var fm FrontMatter
	var orderKey *yaml.Node // the key that set the order: order, sidebar_position, weight or nav_order
	root, diags := yamlDoc(file, fmSrc, 2)
	if diags != nil {
		fm.invalid = true
		return fm, diags
	}
	r := &yamlReader{file: file, line0: 2}
	for _, kv := range pairs(root) {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "title":
			fm.Title = r.str(k.Value, v)
			fm.titlePos = r.pos(v)
			fm.Title = r.noControls(fm.titlePos, fm.Title)
		case "description":
			fm.Description = r.noControls(r.pos(v), r.str(k.Value, v))
		case "slug":
			fm.Slug, fm.slugPos = r.str(k.Value, v), r.pos(v)
			if s, ok := strings.CutPrefix(fm.Slug, "/"); ok && s != "" && !strings.ContainsAny(s, "/\\") {
				fm.Slug = s // Docusaurus writes slug: /name; the folder still gives the rest of the URL
			}
			switch {
			case fm.Slug == "/":
				r.errorf(v, "slug \"/\": kb takes a page's URL from its folder; a folder's own page is its _index.md")
			case strings.ContainsAny(fm.Slug, "/\\"):
				r.errorf(v, "slug %q: write one URL segment, without / or \\ (the folder gives the rest of the URL)", fm.Slug)
			case fm.Slug != "" && slugify(fm.Slug) == "":
				r.errorf(v, "slug %q has no letters or digits", fm.Slug)
			}
		case "order", "sidebar_position", "weight", "nav_order":
			if orderKey != nil {
				r.errorf(k, "key %q: the order is already set by %q at line %d; keep one", k.Value, orderKey.Value, r.pos(orderKey).Line)
				continue
			}
			orderKey = k
			fm.Order, fm.HasOrder = orderValue(r, k.Value, v)
		case "tags":
			for _, t := range r.strList(k.Value, v) {
				fm.Tags = append(fm.Tags, r.noControls(t.Pos, t.Value))
			}
		case "aliases":
			fm.Aliases = append(fm.Aliases, r.strList(k.Value, v)...)
		case "redirect_from": // Jekyll's: one URL or a list
			if v.Kind == yaml.ScalarNode && v.Tag == "!!str" {
				fm.Aliases = append(fm.Aliases, strPos{Value: v.Value, Pos: r.pos(v)})
			} else {
				fm.Aliases = append(fm.Aliases, r.strList(k.Value, v)...)
			}
		case "sidebar_label":
			if !isNull(v) {
				fm.NavTitle = strings.TrimSpace(r.str(k.Value, v))
			}
		case "draft":
			fm.Draft = r.bool(k.Value, v)
		case "hidden":
			fm.Hidden = r.bool(k.Value, v)
		case "updated":
			s := r.str(k.Value, v)
			if s == "" {
				continue
			}
			t, err := parseDate(s)
			if err != nil {
				r.errorf(v, "updated: %q is not a date (write YYYY-MM-DD)", s)
				continue
			}
			fm.Updated = t
		case "related":
			fm.Related = r.strList(k.Value, v)
		case "llms":
			switch {
			case v.Tag == "!!bool" && v.Value == "false":
				fm.LLMS = "false"
			case v.Tag == "!!bool" && v.Value == "true":
				fm.LLMS = ""
			case v.Value == "optional":
				fm.LLMS = "optional"
			default:
				r.errorf(v, "llms: expected true, false or optional, got %s", yamlKind(v))
			}
		case "symptoms":
			for _, s := range r.strList(k.Value, v) {
				fm.Symptoms = append(fm.Symptoms, s.Value)
			}
		case "error_messages":
			for _, s := range r.strList(k.Value, v) {
				fm.ErrorMessages = append(fm.ErrorMessages, s.Value)
			}
		case "applies_to":
			if v.Kind != yaml.MappingNode {
				r.errorf(v, "key %q: expected a mapping such as {product: Kitewire Desktop, platform: [macOS, Windows]}, got %s", k.Value, yamlKind(v))
				continue
			}
			for _, kv := range pairs(v) {
				a := AppliesTo{Key: kv[0].Value}
				if kv[1].Kind == yaml.ScalarNode {
					a.Values = []string{r.str("applies_to."+a.Key, kv[1])}
				} else {
					for _, s := range r.strList("applies_to."+a.Key, kv[1]) {
						a.Values = append(a.Values, s.Value)
					}
				}
				fm.AppliesTo = append(fm.AppliesTo, a)
			}
		case "owner":
			fm.Owner = r.str(k.Value, v)
		case "translation_key":
			fm.TranslationKey = strings.TrimPrefix(r.str(k.Value, v), "/")
		case "source_hash":
			fm.SourceHash, fm.sourceHashPos = r.str(k.Value, v), r.pos(v)
		case "reviewed":
			s := r.str(k.Value, v)
			t, err := parseDate(s)
			if err != nil {
				r.errorf(v, "reviewed: %q is not a date (write YYYY-MM-DD)", s)
				continue
			}
			fm.Reviewed, fm.reviewPos = t, r.pos(k)
		case "review_every":
			s := r.str(k.Value, v)
			days, err := parseDays(s)
			if err != nil {
				r.errorf(v, "review_every: %q is not a period (write 90d, 12w, 6m or 1y)", s)
				continue
			}
			fm.ReviewEvery = days
		default:
			if !slices.Contains(ignore, k.Value) {
				r.unknownKey(k, frontMatterKeys, false, "front matter")
			}
		}
	}
	return fm, r.diags
}

// parseDays reads a review period: a number of days, weeks, months (30
// days) or years (365 days): "90d", "12w", "6m", "1y".
func parseDays(s string) (int, error) {
	s = strings.TrimSpace(s)
	if len(s) < 2 {
		return 0, fmt.Errorf("bad period")
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 || n > 100000 {
		return 0, fmt.Errorf("bad period")
	}
	switch s[len(s)-1] {
	case 'd':
		return n, nil
	case 'w':
		return n * 7, nil
	case 'm':
		return n * 30, nil
	case 'y':
		return n * 365, nil
	}
	return 0, fmt.Errorf("bad period")
}

// ReviewDue is when the article's next review is due, zero when it has no
// reviewed date or review period.
func (fm *FrontMatter) ReviewDue() time.Time {
	if fm.Reviewed.IsZero() || fm.ReviewEvery == 0 {
		return time.Time{}
	}
	return fm.Reviewed.AddDate(0, 0, fm.ReviewEvery)
}

// ReviewPos is where the reviewed date is written, for "review overdue".
func (fm *FrontMatter) ReviewPos() Pos { return fm.reviewPos }

// parseDate reads a date as written, without consulting the machine's time
// zone: "2026-03-14" and full RFC 3339 timestamps (whose date part is used).
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date")
}

// orderValue reads order: a whole number or a decimal ("8.1", as Gatsby
// sites such as Postman's write it to slot a page between two others),
// also quoted ("04", as sites that sort file names write it). An empty
// value (order:, order: "") sets no order.
func orderValue(r *yamlReader, key string, n *yaml.Node) (float64, bool) {
	if isNull(n) || n.Kind == yaml.ScalarNode && n.Tag == "!!str" && strings.TrimSpace(n.Value) == "" {
		return 0, false
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!int" {
		return float64(r.int(key, n)), true
	}
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!float" || n.Tag == "!!str") {
		if v, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64); err == nil && !math.IsInf(v, 0) && !math.IsNaN(v) {
			return v, true
		}
	}
	r.errorf(n, "key %q: expected a number, got %s", key, yamlKind(n))
	return 0, true
}

// frontMatterConfig reads site.yaml's front_matter: for now only ignore,
// the front matter keys a site keeps for other tools, which kb then does
// not warn about:
//
//	front_matter:
//	  ignore: [layout, permalink]
//
// A key kb reads cannot be ignored, and none is listed twice.
func (r *yamlReader) frontMatterConfig(v *yaml.Node) []string {
	if !r.mapping(v, "front_matter", "a mapping with ignore") {
		return nil
	}
	var ignore []string
	for _, kv := range pairs(v) {
		switch kv[0].Value {
		case "ignore":
			for _, k := range r.strList("front_matter.ignore", kv[1]) {
				switch {
				case strings.TrimSpace(k.Value) == "":
					r.diags = append(r.diags, Diagnostic{Pos: k.Pos, Msg: "front_matter.ignore: an empty key"})
				case slices.Contains(frontMatterKeys, k.Value):
					r.diags = append(r.diags, Diagnostic{Pos: k.Pos, Msg: fmt.Sprintf("front_matter.ignore: kb reads %q; remove it from the list", k.Value)})
				case slices.Contains(ignore, k.Value):
					r.diags = append(r.diags, Diagnostic{Pos: k.Pos, Msg: fmt.Sprintf("front_matter.ignore: %q is listed twice", k.Value)})
				default:
					ignore = append(ignore, k.Value)
				}
			}
		default:
			r.unknownKey(kv[0], []string{"ignore"}, true, "front_matter")
		}
	}
	return ignore
}
