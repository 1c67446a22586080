package builder

import (
	"net/url"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Config is site.yaml, decoded. Only the keys below are accepted; an
// unknown key is an error with its line and column.
type Config struct {
	Title       string
	Description string
	BaseURL     string // absolute URL of the site's home, "" when unknown
	BasePath    string // "/" or "/help/": where the site is served; derived from BaseURL unless set
	Language    string // BCP 47 code of the pages' language: "en", "de", "pt-BR"
	// Direction is "ltr" or "rtl": site.yaml's direction, else derived
	// from Language (Direction method).
	Direction   string
	Logo        string // site URL of the logo, usually under static/
	Support     Support
	Featured    []strPos // content-relative article paths
	Footer      []NavLink
	FeedbackURL string
	SearchURL   string
	Links       string   // "error" (default) or "warn": how broken links count
	ContentDir  string   // folder of articles, relative to the site root; "content" unless set
	Snippets    string   // folder of snippets, relative to ContentDir; "_snippets" unless set
	Exclude     []string // path.Match patterns of content-relative paths never built

	// FrontMatterIgnore is front_matter.ignore: front matter keys kept
	// for other tools, not warned about (frontmatter.go).
	FrontMatterIgnore []string

	// Synonyms is search.synonyms: each key and its values are words or
	// phrases readers use for the same thing, in both directions.
	Synonyms map[string][]string

	// Check is check.rules: kb check's rule ids and the severity each is
	// set to, in the order written. Their shape is checked here; the ids
	// belong to package lint, which reports unknown ones.
	Check []CheckRule

	// Agents is agents: MCP, negotiation and menu switches (agents.go).
	Agents Agents

	// Theme is theme: colours, fonts, logos, favicon, header links,
	// banner, hero, footer columns and a stylesheet (theme.go).
	Theme Theme

	// Languages is languages: every language of a multilingual site, the
	// default first (languages.go); nil for a site in one language.
	Languages []Language
	// lang is set on the Config of a language's build within a
	// multilingual site.
	lang *langBuild

	// Drafts builds articles marked draft. Set by flags, not by site.yaml.
	Drafts bool
	dev    bool // from Options.Dev
	// msgs are the theme's words in Language (messages.go), set by
	// Analyze, for the texts the model itself has (search's "General").
	msgs *messages
}

// CheckRule is one line of check.rules in site.yaml
// ("title-too-long: error").
type CheckRule struct {
	ID       string
	Severity string // "error", "warning", "info" or "off"
	Pos      Pos    // where the id is written
}

// Support is the call to action shown under every article.
type Support struct {
	Text     string
	LinkText string
	URL      string
}

var configKeys = []string{"title", "description", "base_url", "base_path", "language", "direction", "logo",
	"support", "featured", "footer", "feedback_url", "search_url", "links", "content_dir", "search", "snippets", "exclude", "check", "front_matter", "agents", "theme", "languages"}

// parseConfig decodes site.yaml. It returns every problem it finds.
func parseConfig(file string, src []byte) (*Config, Diagnostics) {
	c := &Config{Agents: defaultAgents()}
	src = normalizeNewlines(src)
	root, diags := yamlDoc(file, src, 1)
	if diags != nil {
		return c, diags
	}
	r := &yamlReader{file: file, line0: 1}
	var languageNode, languagesNode *yaml.Node
	for _, kv := range pairs(root) {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "title":
			c.Title = r.str(k.Value, v)
		case "description":
			c.Description = r.str(k.Value, v)
		case "base_url":
			c.BaseURL = r.str(k.Value, v)
			if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				r.errorf(v, "base_url: %q is not an absolute http(s) URL", c.BaseURL)
				c.BaseURL = ""
			}
		case "base_path":
			c.BasePath = r.str(k.Value, v)
		case "language":
			c.Language, languageNode = r.str(k.Value, v), v
			r.checkSearchLanguage(v, c.Language)
		case "languages":
			c.Languages, languagesNode = r.languagesConfig(v), k
		case "direction":
			if c.Direction = r.str(k.Value, v); c.Direction != "ltr" && c.Direction != "rtl" {
				r.errorf(v, "direction: %q is neither ltr nor rtl", c.Direction)
				c.Direction = ""
			}
		case "logo":
			c.Logo = r.str(k.Value, v)
		case "support":
			if v.Kind != yaml.MappingNode {
				r.errorf(v, "key %q: expected a mapping with text, link_text and url, got %s", k.Value, yamlKind(v))
				continue
			}
			c.Support = r.support(v, "support")
		case "featured":
			c.Featured = r.strList(k.Value, v)
		case "footer":
			if v.Kind != yaml.SequenceNode {
				r.errorf(v, "key %q: expected a list of {title, url}, got %s", k.Value, yamlKind(v))
				continue
			}
			for _, item := range v.Content {
				if item.Kind != yaml.MappingNode {
					r.errorf(item, "footer: expected {title, url}, got %s", yamlKind(item))
					continue
				}
				c.Footer = append(c.Footer, r.navLink("footer", item))
			}
		case "feedback_url":
			c.FeedbackURL = r.str(k.Value, v)
		case "search_url":
			c.SearchURL = r.str(k.Value, v)
		case "links":
			c.Links = r.str(k.Value, v)
			if c.Links != "error" && c.Links != "warn" {
				r.errorf(v, "links: expected error or warn, got %q", c.Links)
			}
		case "content_dir":
			c.ContentDir = r.str(k.Value, v)
		case "snippets":
			c.Snippets = r.str(k.Value, v)
		case "exclude":
			for _, e := range r.strList(k.Value, v) {
				if _, err := path.Match(e.Value, ""); err != nil {
					r.errorf(v, "exclude: bad pattern %q", e.Value)
					continue
				}
				c.Exclude = append(c.Exclude, e.Value)
			}
		case "search":
			c.Synonyms = r.searchConfig(v)
		case "check":
			c.Check = r.checkConfig(v)
		case "front_matter":
			c.FrontMatterIgnore = r.frontMatterConfig(v)
		case "agents":
			c.Agents = r.agentsConfig(v)
		case "theme":
			c.Theme = r.themeConfig(v)
		default:
			r.unknownKey(k, configKeys, true, "site.yaml")
		}
	}
	c.checkLanguages(r, languageNode, languagesNode)
	return c, r.diags
}

// setDefaults fills in what site.yaml left out and derives the base path.
func (c *Config) setDefaults() {
	if c.Title == "" {
		c.Title = "Help Center"
	}
	if c.Language == "" {
		c.Language = "en"
	}
	if c.Direction == "" {
		c.Direction = languageDirection(c.Language)
	}
	if c.Links == "" {
		c.Links = "error"
	}
	if c.ContentDir == "" {
		c.ContentDir = "content"
	}
	if c.Snippets == "" {
		c.Snippets = "_snippets"
	}
	if c.BaseURL != "" && !strings.HasSuffix(c.BaseURL, "/") {
		c.BaseURL += "/"
	}
	if c.BasePath == "" && c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err == nil {
			c.BasePath = u.Path
		}
	}
	c.BasePath = "/" + strings.Trim(c.BasePath, "/") + "/"
	if c.BasePath == "//" {
		c.BasePath = "/"
	}
}

// abs turns a site path ("/help/billing/") into an absolute URL, or ""
// when the site has no base URL.
func (c *Config) abs(sitePath string) string {
	if c.BaseURL == "" {
		return ""
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host + sitePath
}

// searchConfig reads the search mapping: for now only synonyms, a
// mapping of a word or phrase to the list of words or phrases that mean
// the same to readers:
//
//	search:
//	  synonyms:
//	    sign in: [log in, login]
//	    leave: [unsubscribe]
func (r *yamlReader) searchConfig(v *yaml.Node) map[string][]string {
	if v.Kind != yaml.MappingNode {
		r.errorf(v, "key %q: expected a mapping with synonyms, got %s", "search", yamlKind(v))
		return nil
	}
	var syn map[string][]string
	for _, kv := range pairs(v) {
		switch kv[0].Value {
		case "synonyms":
			m := kv[1]
			if !r.mapping(m, "search.synonyms", "a mapping of a word to its synonyms") {
				continue
			}
			syn = map[string][]string{}
			for _, e := range pairs(m) {
				word := r.str("search.synonyms", e[0])
				if strings.TrimSpace(word) == "" {
					continue
				}
				for _, alt := range r.strList("search.synonyms."+word, e[1]) {
					if strings.TrimSpace(alt.Value) != "" {
						syn[word] = append(syn[word], alt.Value)
					}
				}
			}
		default:
			r.unknownKey(kv[0], []string{"synonyms"}, true, "search")
		}
	}
	return syn
}

// checkConfig reads kb check's settings: for now only rules, a mapping of
// a rule id to error, warning (or warn) or off:
//
//	check:
//	  rules:
//	    missing-description: off
//	    title-too-long: error
func (r *yamlReader) checkConfig(v *yaml.Node) []CheckRule {
	if !r.mapping(v, "check", "a mapping with rules") {
		return nil
	}
	var rules []CheckRule
	for _, kv := range pairs(v) {
		switch kv[0].Value {
		case "rules":
			m := kv[1]
			if !r.mapping(m, "check.rules", "a mapping of rule ids to error, warning, info or off") {
				continue
			}
			for _, e := range pairs(m) {
				if e[1].Kind != yaml.ScalarNode || isNull(e[1]) {
					r.errorf(e[1], "check.rules.%s: expected error, warning, info or off, got %s", e[0].Value, yamlKind(e[1]))
					continue
				}
				sev := e[1].Value
				if sev == "warn" {
					sev = "warning"
				}
				if sev != "error" && sev != "warning" && sev != "info" && sev != "off" {
					r.errorf(e[1], "check.rules.%s: expected error, warning, info or off, got %q", e[0].Value, e[1].Value)
					continue
				}
				rules = append(rules, CheckRule{ID: e[0].Value, Severity: sev, Pos: r.pos(e[0])})
			}
		default:
			r.unknownKey(kv[0], []string{"rules"}, true, "check")
		}
	}
	return rules
}

// mapping reports whether the value of key is a mapping to read. An empty
// value (null) is none, and no problem; any other value is reported as
// not the mapping wanted.
func (r *yamlReader) mapping(n *yaml.Node, key, want string) bool {
	if isNull(n) {
		return false
	}
	if n.Kind != yaml.MappingNode {
		r.errorf(n, "key %q: expected %s, got %s", key, want, yamlKind(n))
		return false
	}
	return true
}

// languageDirection is the writing direction of a language by its code:
// "rtl" for the scripts written right to left, else "ltr".
func languageDirection(code string) string {
	base, _, _ := strings.Cut(strings.ToLower(code), "-")
	switch base {
	case "ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb":
		return "rtl"
	}
	return "ltr"
}

// support reads a support mapping (site.yaml's, or a language's): text,
// link_text and url; what names it in messages about other keys.
func (r *yamlReader) support(v *yaml.Node, what string) Support {
	var s Support
	for _, kv := range pairs(v) {
		switch kv[0].Value {
		case "text":
			s.Text = r.str("support.text", kv[1])
		case "link_text":
			s.LinkText = r.str("support.link_text", kv[1])
		case "url":
			s.URL = r.str("support.url", kv[1])
		default:
			r.unknownKey(kv[0], []string{"text", "link_text", "url"}, true, what)
		}
	}
	return s
}
