package importer

// Anchors: other generators name headings differently from kb, which
// follows GitHub (builder's headingID). A link's #fragment written for
// the old generator is rewritten to the id kb gives the same heading:
// Python-Markdown's (MkDocs, Zulip) collapses runs of hyphens and numbers
// repeats name_1, and an attribute list ({ #custom }) names it outright.

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/kbhelp/kb/builder"
)

var (
	headingRE    = regexp.MustCompile(`^#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$`)
	customIDRE   = regexp.MustCompile(`\{[ \t]*#([A-Za-z_][\w-]*)[^}]*\}[ \t]*$`)
	mdLinkTextRE = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	htmlTagRE    = regexp.MustCompile(`</?[A-Za-z][^>]*>`)
	pyStripRE    = regexp.MustCompile(`[^\w\s-]`)
	pyDashRE     = regexp.MustCompile(`[-\s]+`)
)

// anchors maps the ids other generators gave d's headings to kb's.
func (pl *plan) anchors(d *doc) map[string]string {
	if d.anchors != nil {
		return d.anchors
	}
	d.anchors = map[string]string{}
	kbSeen, pySeen := map[string]int{}, map[string]int{}
	fence := ""
	first := true
	for _, l := range strings.Split(d.body, "\n") {
		wasFirst := first
		if strings.TrimSpace(l) != "" {
			first = false
		}
		if m := fenceRE.FindStringSubmatch(l); m != nil {
			switch {
			case fence == "":
				fence = m[2][:1]
			case strings.HasPrefix(strings.TrimSpace(l), fence) && strings.Trim(strings.TrimSpace(l), fence) == "":
				fence = ""
			}
			continue
		}
		m := headingRE.FindStringSubmatch(l)
		if fence != "" || m == nil {
			continue
		}
		text := m[1]
		custom := ""
		if c := customIDRE.FindStringSubmatch(text); c != nil {
			custom = c[1]
			text = strings.TrimSpace(text[:len(text)-len(c[0])])
		}
		text = mdLinkTextRE.ReplaceAllString(text, "$1")
		text = htmlTagRE.ReplaceAllString(text, "")
		text = strings.NewReplacer("`", "", "**", "", "*", "").Replace(text)
		py := dedupe(pythonID(text), pySeen, "_")
		if wasFirst && strings.HasPrefix(l, "# ") && d.fm.str("title") == "" {
			continue // kb takes this H1 as the title: it gets no id
		}
		kb := builder.HeadingID(text, kbSeen)
		if py != kb {
			d.anchors[py] = kb
		}
		if custom != "" && custom != kb {
			d.anchors[custom] = kb
		}
	}
	return d.anchors
}

// anchor rewrites the fragment of a link into d ("#name", or "").
func (pl *plan) anchor(d *doc, frag string) string {
	if len(frag) < 2 || d == nil {
		return frag
	}
	if kb, ok := pl.anchors(d)[frag[1:]]; ok {
		pl.kinds["anchor renamed to kb's heading id"]++
		return "#" + kb
	}
	return frag
}

// pythonID is Python-Markdown's toc slugify: word characters, blanks
// and hyphens kept, lowercase, each run of blanks and hyphens one hyphen.
func pythonID(s string) string {
	s = strings.ToLower(strings.TrimSpace(pyStripRE.ReplaceAllString(s, "")))
	return pyDashRE.ReplaceAllString(s, "-")
}

// dedupe numbers a repeated id as its generator does: name-1 (GitHub),
// name_1 (Python-Markdown).
func dedupe(id string, seen map[string]int, sep string) string {
	n := seen[id]
	seen[id]++
	if n == 0 {
		return id
	}
	return id + sep + strconv.Itoa(n)
}
