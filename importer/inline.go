package importer

// The inline converter: template code inside a line (Liquid variables and
// link tags, Hugo's ref, figure and video shortcodes, MDX comments,
// kramdown and Pandoc attribute lists) and links. Code spans are left as
// they are.

import (
	"regexp"
	"strings"
)

var (
	baseURLRE     = regexp.MustCompile(`\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}`)
	urlFilterRE   = regexp.MustCompile(`\{\{-?\s*["']([^"']*)["']\s*\|\s*(?:relative_url|absolute_url|prepend:\s*site\.baseurl)\s*-?\}\}`)
	liquidLinkRE  = regexp.MustCompile(`\{%-?\s*link\s+([^\s%]+)\s*-?%\}`)
	inlineRawRE   = regexp.MustCompile(`\{%-?\s*(?:raw|endraw)\s*-?%\}`)
	inlineCommRE  = regexp.MustCompile(`\{%-?\s*comment\s*-?%\}(.*?)\{%-?\s*endcomment\s*-?%\}`)
	hugoRefRE     = regexp.MustCompile(`\{\{[<%]\s*(?:rel)?ref\s+"?([^">%\s]+)"?\s*[>%]\}\}`)
	hugoFigureRE  = regexp.MustCompile(`\{\{<\s*(?:figure|img|image)\s+([^>]*?)\s*/?>\}\}`)
	hugoVideoRE   = regexp.MustCompile(`\{\{<\s*(youtube|vimeo)\s+(?:id=)?["']?([\w-]+)["']?\s*>\}\}`)
	mdxCommentRE  = regexp.MustCompile(`\{/\*(.*?)\*/\}`)
	kramdownIALRE = regexp.MustCompile(`[ \t]*\{:(?:[ \t.#]|[A-Za-z_][\w-]*[=:])[^}\n]*\}`)
	attrListRE    = regexp.MustCompile(`[ \t]*\{[ \t]*[#.][A-Za-z_][\w-]*(?:[ \t]+(?:[#.][A-Za-z_][\w-]*|[A-Za-z_][\w-]*=(?:"[^"\n]*"|'[^'\n]*'|[^\s}]+)))*[ \t]*\}`)
	// linkRE is a link's "](target)": its text may start on an earlier line.
	linkRE       = regexp.MustCompile(`\]\(<?([^)\s>]+)>?((?:\s+"[^"]*")?)\)`)
	imgSrcRE     = regexp.MustCompile(`(<img\b[^>]*?\bsrc=["'])([^"']+)(["'])`)
	imgSrcLineRE = regexp.MustCompile(`^(\s*src=["'])([^"']+)(["'])`)
	refDefRE     = regexp.MustCompile(`^([ \t]*\[[^\]]+\]:[ \t]*)(\S+)(.*)$`)
)

// inline converts one line outside code spans.
func (c *fileCtx) inline(l line) line {
	if m := refDefRE.FindStringSubmatch(l.s); m != nil {
		t := c.stripTemplates(m[2])
		if nt, ok := c.pl.link(c.d, t, false); ok {
			t = nt
		}
		l.s = m[1] + t + m[3]
		return l
	}
	parts := splitCode(l.s)
	for k := 0; k < len(parts); k += 2 { // even parts are prose, odd parts code spans
		parts[k] = c.prose(parts[k])
	}
	l.s = strings.Join(parts, "")
	return l
}

// prose converts text that is not code.
func (c *fileCtx) prose(s string) string {
	if !strings.ContainsAny(s, "{[") && !strings.Contains(s, "](") && !strings.Contains(s, "<img") && !c.inImg {
		return s
	}
	s = c.stripTemplates(s)
	if c.fl.liquid {
		s = c.replace(s, inlineCommRE, "Liquid comment → HTML comment", htmlComment)
		s = c.replace(s, inlineRawRE, "Liquid raw tag removed", func([]string) string { return "" })
		s = c.replace(s, liquidLinkRE, "Liquid link → file link", func(m []string) string {
			if dd := c.pl.bySrc[strings.TrimPrefix(m[1], "/")]; dd != nil {
				return c.pl.linkTo(c.d, dd.dest)
			}
			return m[0]
		})
		s = c.replace(s, kramdownIALRE, "attribute list removed", func([]string) string { return "" })
	}
	if c.fl.hugo {
		s = c.replace(s, hugoRefRE, "shortcode ref → file link", func(m []string) string {
			if t, ok := c.pl.hugoRef(c.d, m[1]); ok {
				return t
			}
			return m[0]
		})
		s = c.replace(s, hugoFigureRE, "shortcode figure → image", func(m []string) string {
			a, _ := hugoAttrs(m[1])
			if a["src"] == "" {
				return m[0]
			}
			alt := a["alt"]
			if alt == "" {
				alt = a["caption"] + a["title"]
			}
			return "![" + alt + "](" + a["src"] + ")"
		})
		s = c.replace(s, hugoVideoRE, "video embed → link", func(m []string) string {
			if m[1] == "vimeo" {
				return "[Video](https://vimeo.com/" + m[2] + ")"
			}
			return "[Video](https://www.youtube.com/watch?v=" + m[2] + ")"
		})
	}
	if c.fl.mdx {
		s = c.replace(s, mdxCommentRE, "MDX comment → HTML comment", htmlComment)
	}
	s = c.replace(s, attrListRE, "attribute list removed", func(m []string) string { return "" })
	re := imgSrcRE
	if c.inImg { // an <img written over several lines (Zulip's emoji)
		re = imgSrcLineRE
	}
	if i := strings.LastIndex(s, "<img"); i >= 0 || c.inImg {
		c.inImg = !strings.Contains(s[max(i, 0):], ">")
	}
	s = c.replace(s, re, "", func(m []string) string { // link counts what it does
		if t, ok := c.pl.link(c.d, m[2], true); ok {
			return m[1] + t + m[3]
		}
		return m[0]
	})
	var b strings.Builder
	last := 0
	for _, m := range linkRE.FindAllStringSubmatchIndex(s, -1) {
		target := s[m[2]:m[3]]
		open := strings.LastIndexByte(s[:m[0]], '[')
		image := open > 0 && s[open-1] == '!'
		t, ok := c.pl.link(c.d, target, image)
		if !ok || t == target {
			continue
		}
		b.WriteString(s[last:m[2]] + t)
		last = m[3]
	}
	return b.String() + s[last:]
}

// stripTemplates removes the site's base URL written as Liquid, which kb
// adds itself, and unwraps {{ "/a" | relative_url }}.
func (c *fileCtx) stripTemplates(s string) string {
	if !c.fl.liquid || !strings.Contains(s, "{{") {
		return s
	}
	s = c.replace(s, baseURLRE, "base URL prefix removed", func([]string) string { return "" })
	return c.replace(s, urlFilterRE, "URL filter removed", func(m []string) string { return m[1] })
}

// replace replaces each match of re in s with f's result and counts the
// matches that changed under kind.
func (c *fileCtx) replace(s string, re *regexp.Regexp, kind string, f func(m []string) string) string {
	if !re.MatchString(s) {
		return s
	}
	return re.ReplaceAllStringFunc(s, func(t string) string {
		r := f(re.FindStringSubmatch(t))
		if r != t && kind != "" {
			c.count(kind)
		}
		return r
	})
}

// splitCode splits a line into prose and code spans, alternately (the
// first part is prose, possibly empty). A backtick run opens a code span
// only when a run of the same length closes it.
func splitCode(s string) []string {
	var parts []string
	start := 0
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		j := runEnd(s, i)
		run := s[i:j]
		k := j
		closeAt := -1
		for k < len(s) {
			if s[k] != '`' {
				k++
				continue
			}
			e := runEnd(s, k)
			if e-k == len(run) {
				closeAt = e
				break
			}
			k = e
		}
		if closeAt < 0 {
			i = j
			continue
		}
		parts = append(parts, s[start:i], s[i:closeAt])
		start, i = closeAt, closeAt
	}
	return append(parts, s[start:])
}

// runEnd is the end of the run of backticks starting at i.
func runEnd(s string, i int) int {
	for i < len(s) && s[i] == '`' {
		i++
	}
	return i
}

// htmlComment writes the text of another syntax's comment (m[1]) as an
// HTML comment, which kb never publishes.
func htmlComment(m []string) string { return "<!--" + strings.ReplaceAll(m[1], "--", "- -") + "-->" }
