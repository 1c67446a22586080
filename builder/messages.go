package builder

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/kbhelp/kb/layouts"
)

// The theme's own words (messages): "On this page", "Was this page
// helpful?", the search box's texts, month names. Each language has a
// message file, layouts/messages/<code>.yaml, embedded for en, de, fr,
// es, ja and ar; a site's own layouts/messages/<code>.yaml overrides any
// of its keys. en.yaml is the reference: it lists every key, and a
// value's shape (text, plural forms or a list) and placeholders are
// checked against it.
//
// A page's messages are resolved once per build for Config.Language,
// from the most general file to the most specific, the site's file after
// the theme's for each code: en, then "pt", then "pt-BR". The pages get
// the texts as SiteView.T; kb.js gets scriptKeys through its own asset.

// message is one key's value: a text, its plural forms, or a list.
type message struct {
	text   string
	plural map[string]string // by CLDR category: zero, one, two, few, many, other
	list   []string          // months
}

// messages are one language's resolved messages. Read-only once made.
type messages struct {
	lang string
	m    map[string]message
}

// pluralCategories are CLDR's plural categories, in their usual order.
var pluralCategories = []string{"zero", "one", "two", "few", "many", "other"}

// scriptKeys are the messages kb.js shows, which its asset carries
// (messages.script). TestScriptKeysMatchKbJS checks them against kb.js.
var scriptKeys = []string{
	"copied", "copy_failed", "code_copy", "code_copy_label", "code_copy_failed",
	"feedback_thanks", "feedback_failed",
	"search_prompt", "search_found", "search_found_in", "search_summary", "search_range",
	"search_filter_label", "search_filter_all", "search_results_count", "search_no_match", "search_no_match_in",
	"search_pages_label", "search_page_of", "search_error", "search_suggestions_label",
	"search_wait", "search_unavailable", "search_fallback", "search_see_all", "search_all_for",
	"search_status_wait", "search_status_failed", "search_status_found", "search_status_none",
	"previous", "next",
}

// messageFile is where a language's message file is, in the theme and
// in a site.
func messageFile(code string) string { return "messages/" + code + ".yaml" }

// languageChain is the codes whose files make up lang's messages, most
// general first: "pt-BR" gives en, pt, pt-BR.
func languageChain(lang string) []string {
	chain := []string{"en"}
	parts := strings.Split(lang, "-")
	for i := range parts {
		code := strings.Join(parts[:i+1], "-")
		if code != "" && !strings.EqualFold(code, "en") {
			chain = append(chain, code)
		}
	}
	return chain
}

// loadMessages resolves lang's messages from the theme's files and the
// site's layouts/messages/ (site may be nil). Problems in the site's
// files are returned with their positions; the site's keys must be
// en.yaml's.
func loadMessages(site fs.FS, lang string) (*messages, Diagnostics) {
	ref, diags := parseMessages("layouts/messages/en.yaml (built in)", mustRead(layouts.FS, messageFile("en")), nil)
	out := &messages{lang: lang, m: make(map[string]message, len(ref))}
	for k, v := range ref {
		out.m[k] = v
	}
	for i, code := range languageChain(lang) {
		if i > 0 {
			if src, err := fs.ReadFile(layouts.FS, messageFile(code)); err == nil {
				m, d := parseMessages("layouts/"+messageFile(code)+" (built in)", src, ref)
				diags = append(diags, d...)
				for k, v := range m {
					out.m[k] = v
				}
			}
		}
		if site == nil {
			continue
		}
		name := "layouts/" + messageFile(code)
		src, err := fs.ReadFile(site, name)
		if err != nil {
			continue
		}
		m, d := parseMessages(name, src, ref)
		diags = append(diags, d...)
		for k, v := range m {
			out.m[k] = v
		}
	}
	return out, diags
}

func mustRead(fsys fs.FS, name string) []byte {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		panic(err) // embedded: a missing file is a broken binary
	}
	return b
}

// parseMessages reads a message file. With ref nil (en.yaml itself) any
// key is accepted and its shape is what is written; otherwise each key
// must be one of ref's, of the same shape, using only the placeholders
// ref's text for it uses.
func parseMessages(file string, src []byte, ref map[string]message) (map[string]message, Diagnostics) {
	src = normalizeNewlines(src)
	root, diags := yamlDoc(file, src, 1)
	if diags != nil {
		return nil, diags
	}
	r := &yamlReader{file: file, line0: 1}
	out := map[string]message{}
	var known []string
	for k := range ref {
		known = append(known, k)
	}
	sort.Strings(known)
	for _, kv := range pairs(root) {
		k, v := kv[0], kv[1]
		want, ok := ref[k.Value]
		if ref != nil && !ok {
			r.unknownKey(k, known, true, "message")
			continue
		}
		var m message
		kind := v.Kind
		if ref != nil {
			switch {
			case want.plural != nil:
				kind = yaml.MappingNode
			case want.list != nil:
				kind = yaml.SequenceNode
			default:
				kind = yaml.ScalarNode
			}
		}
		switch kind {
		case yaml.ScalarNode:
			if v.Kind != yaml.ScalarNode || isNull(v) {
				r.errorf(v, "message %q: expected a text, got %s", k.Value, yamlKind(v))
				continue
			}
			m.text = v.Value
			r.placeholders(k.Value, v, m.text, want)
		case yaml.MappingNode:
			if v.Kind != yaml.MappingNode {
				r.errorf(v, "message %q: expected plural forms (a mapping of %s to texts), got %s", k.Value, strings.Join(pluralCategories, ", "), yamlKind(v))
				continue
			}
			m.plural = map[string]string{}
			for _, f := range pairs(v) {
				if !slicesContains(pluralCategories, f[0].Value) {
					r.unknownKey(f[0], pluralCategories, true, "plural form")
					continue
				}
				if f[1].Kind != yaml.ScalarNode || isNull(f[1]) {
					r.errorf(f[1], "message %q: expected a text for %s, got %s", k.Value, f[0].Value, yamlKind(f[1]))
					continue
				}
				m.plural[f[0].Value] = f[1].Value
				r.placeholders(k.Value, f[1], f[1].Value, want)
			}
			if _, ok := m.plural["other"]; !ok {
				r.errorf(v, "message %q: the plural form other is missing (it is used for every number no other form covers)", k.Value)
				continue
			}
		case yaml.SequenceNode:
			n := len(want.list)
			if v.Kind != yaml.SequenceNode || (ref != nil && len(v.Content) != n) {
				r.errorf(v, "message %q: expected a list of %d texts, got %s", k.Value, n, describeList(v))
				continue
			}
			for _, it := range v.Content {
				if it.Kind != yaml.ScalarNode || isNull(it) {
					r.errorf(it, "message %q: expected a text in the list, got %s", k.Value, yamlKind(it))
					continue
				}
				m.list = append(m.list, it.Value)
			}
			if len(m.list) != len(v.Content) {
				continue
			}
		default:
			r.errorf(v, "message %q: expected a text, got %s", k.Value, yamlKind(v))
			continue
		}
		out[k.Value] = m
	}
	return out, r.diags
}

func describeList(n *yaml.Node) string {
	if n.Kind == yaml.SequenceNode {
		return fmt.Sprintf("a list of %d", len(n.Content))
	}
	return yamlKind(n)
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// placeholders reports each {name} in text that the reference message
// does not use, at the value's position: a typo would show as written.
func (r *yamlReader) placeholders(key string, n *yaml.Node, text string, ref message) {
	if ref.text == "" && ref.plural == nil {
		return // en.yaml itself
	}
	allowed := map[string]bool{}
	for _, name := range placeholderNames(ref.text) {
		allowed[name] = true
	}
	for _, f := range ref.plural {
		for _, name := range placeholderNames(f) {
			allowed[name] = true
		}
	}
	for _, name := range placeholderNames(text) {
		if !allowed[name] {
			var names []string
			for a := range allowed {
				names = append(names, "{"+a+"}")
			}
			sort.Strings(names)
			hint := "it takes none"
			if len(names) > 0 {
				hint = "it takes " + strings.Join(names, ", ")
			}
			r.errorf(n, "message %q: unknown placeholder {%s} (%s)", key, name, hint)
		}
	}
}

// placeholderNames lists the {name}s in s: a name is letters, digits
// and underscores; any other brace is text.
func placeholderNames(s string) []string {
	var names []string
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			return names
		}
		s = s[i+1:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return names
		}
		if name := s[:j]; isPlaceholderName(name) {
			names = append(names, name)
			s = s[j+1:]
		}
	}
}

func isPlaceholderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// fillIn replaces each {name} in s by its value; vars are pairs of name
// and value. Other braces stay as written.
func fillIn(s string, vars ...string) string {
	if len(vars) == 0 || !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		name, done := s[i+1:i+j], false
		for k := 0; k+1 < len(vars); k += 2 {
			if vars[k] == name {
				b.WriteString(s[:i])
				b.WriteString(vars[k+1])
				s, done = s[i+j+1:], true
				break
			}
		}
		if !done {
			b.WriteString(s[:i+1])
			s = s[i+1:]
		}
	}
	b.WriteString(s)
	return b.String()
}

// text is key's text with vars filled in; a plural message gives its
// other form. A key no file has gives the key itself, so that a missing
// message shows where it is missing (the tests keep that from happening).
func (m *messages) text(key string, vars ...string) string {
	msg, ok := m.m[key]
	switch {
	case !ok:
		return key
	case msg.plural != nil:
		return fillIn(msg.plural["other"], vars...)
	}
	return fillIn(msg.text, vars...)
}

// count is key's plural form for n in the language, {count} being n.
func (m *messages) count(key string, n int, vars ...string) string {
	msg, ok := m.m[key]
	if !ok {
		return key
	}
	if msg.plural == nil {
		return fillIn(msg.text, append(vars, "count", strconv.Itoa(n))...)
	}
	f, ok := msg.plural[pluralCategory(m.lang, n)]
	if !ok {
		f = msg.plural["other"]
	}
	return fillIn(f, append(vars, "count", strconv.Itoa(n))...)
}

// date writes t as the language writes dates: date_format with {day},
// {month} (from months) and {year}.
func (m *messages) date(t time.Time) string {
	month := t.Month().String()
	if l := m.m["months"].list; len(l) == 12 {
		month = l[t.Month()-1]
	}
	return fillIn(m.text("date_format"), "day", strconv.Itoa(t.Day()), "month", month, "year", strconv.Itoa(t.Year()))
}

// fingerprint is every message, in key order, for the theme's
// fingerprint: a page is made again when any text it shows changes.
func (m *messages) fingerprint() []byte {
	keys := make([]string, 0, len(m.m))
	for k := range m.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b []byte
	for _, k := range keys {
		v := m.m[k]
		b = fmt.Appendf(b, "%s\x00%s\x00%v\x00%q\n", k, v.text, v.plural, v.list) // %v sorts a map's keys
	}
	return b
}

// table is every text message by key, for the templates (SiteView.T).
// Plural messages and lists are left out: what shows a number is
// computed in Go (Card.SeeAll, the sidebar's "All 40 in Billing").
func (m *messages) table() map[string]string {
	t := make(map[string]string, len(m.m))
	for k, v := range m.m {
		if v.plural == nil && v.list == nil {
			t[k] = v.text
		}
	}
	return t
}

// script is the statement kb.js's asset starts with: its messages as a
// JSON object, each a text or an object of plural forms, which kb.js
// picks with Intl.PluralRules for the page's lang.
func (m *messages) script() []byte {
	obj := make(map[string]any, len(scriptKeys)) // only to be marshalled: a text or a map of forms
	for _, k := range scriptKeys {
		switch v := m.m[k]; {
		case v.plural != nil:
			obj[k] = v.plural
		default:
			obj[k] = v.text
		}
	}
	b, _ := json.Marshal(obj) // strings and maps of strings: cannot fail; keys come out sorted
	return append(append([]byte("self.kbMessages = "), b...), ";\n"...)
}

// pluralCategory is CLDR's plural category of the whole number n in
// lang (by its base code): the rules of the shipped languages and of the
// common ones with other forms; any other language has one and other.
func pluralCategory(lang string, n int) string {
	if n < 0 {
		n = -n
	}
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	n10, n100 := n%10, n%100
	if strings.EqualFold(lang, "pt-PT") {
		base = "" // European Portuguese: one is 1 alone
	}
	switch base {
	case "ja", "zh", "ko", "th", "vi", "id", "ms", "lo", "my", "km", "yue":
		return "other"
	case "fr", "hi", "bn", "fa", "hy", "pt":
		if n <= 1 {
			return "one"
		}
		return "other"
	case "ar":
		switch {
		case n == 0:
			return "zero"
		case n == 1:
			return "one"
		case n == 2:
			return "two"
		case n100 >= 3 && n100 <= 10:
			return "few"
		case n100 >= 11:
			return "many"
		}
		return "other"
	case "ru", "uk", "be":
		switch {
		case n10 == 1 && n100 != 11:
			return "one"
		case n10 >= 2 && n10 <= 4 && (n100 < 12 || n100 > 14):
			return "few"
		}
		return "many"
	case "pl":
		switch {
		case n == 1:
			return "one"
		case n10 >= 2 && n10 <= 4 && (n100 < 12 || n100 > 14):
			return "few"
		}
		return "many"
	case "cs", "sk":
		switch {
		case n == 1:
			return "one"
		case n >= 2 && n <= 4:
			return "few"
		}
		return "other"
	case "he", "iw":
		switch n {
		case 1:
			return "one"
		case 2:
			return "two"
		}
		return "other"
	}
	if n == 1 {
		return "one"
	}
	return "other"
}

// applyMessages resolves the theme's messages for c.Language and makes
// kb.js's asset start with the scripts' ones (under a new fingerprint):
// the pages have no inline script, and kb.js needs no request of its own
// for them. The messages count in the theme's fingerprint, so cached
// pages are made again when a message file changes.
func (th *theme) applyMessages(fsys fs.FS, c *Config) Diagnostics {
	m, diags := loadMessages(fsys, c.Language)
	th.msgs = m
	script := m.script()
	th.fp += hashFile("messages/"+c.Language, m.fingerprint())
	for i, a := range th.assets {
		if !slicesContains(th.js, a.out) || !strings.HasPrefix(a.out, "assets/kb.") {
			continue
		}
		data := append(append([]byte{}, script...), a.data...)
		sum := sha256.Sum256(data)
		out := "assets/kb." + hex.EncodeToString(sum[:4]) + ".js"
		th.assets[i] = themeAsset{out: out, data: data}
		for j, js := range th.js {
			if js == a.out {
				th.js[j] = out
			}
		}
	}
	return diags
}

// seeAll sets each category's and section's SeeAll and SeeAllIn.
func (m *messages) seeAll(cards []Card) {
	for i := range cards {
		if c := &cards[i]; c.Kind != "article" {
			c.SeeAll = m.count("see_all", c.Count)
			c.SeeAllIn = m.text("see_all_in", "title", c.Title)
		}
	}
}

// Messages returns the theme's texts in lang by key, as pages get them
// in SiteView.T: the built-in message files, overridden by site's own
// layouts/messages/ (site may be nil). Plural messages and lists are
// not among them. A problem in a message file is returned as
// Diagnostics, with the texts resolved without it.
func Messages(site fs.FS, lang string) (map[string]string, error) {
	m, diags := loadMessages(site, lang)
	if diags.Errors() > 0 {
		return m.table(), diags
	}
	return m.table(), nil
}

// bodyTexts are the words of a language that a body's HTML has of its
// own: the callouts' titles (> [!NOTE]) by type and the footnotes' back
// links' label. The parse gives them to the nodes (markdown.go).
type bodyTexts struct {
	alerts       map[string]string
	footnoteBack string // "Back to reference {index}"
}

// key tells the texts apart, for the parse cache (Cache.parseSettings).
func (t *bodyTexts) key() string {
	if t == nil {
		return ""
	}
	return fmt.Sprint(t.alerts, t.footnoteBack) // fmt sorts a map's keys
}

func newBodyTexts(m *messages) *bodyTexts {
	return &bodyTexts{
		alerts: map[string]string{"note": m.text("callout_note"), "tip": m.text("callout_tip"),
			"important": m.text("callout_important"), "warning": m.text("callout_warning"), "caution": m.text("callout_caution")},
		footnoteBack: m.text("footnote_back"),
	}
}

// searchKeys are the messages kb's server writes on the search page
// with its results (package server), which the page carries for it.
var searchKeys = []string{
	"search_prompt", "search_found", "search_found_in", "search_summary", "search_range",
	"search_filter_label", "search_filter_all", "search_results_count", "search_no_match", "search_no_match_in",
	"search_pages_label", "search_page_of", "search_error", "previous", "next",
	"search_no_more", "search_only_best", "search_partial", "search_bad_address", "search_param_twice",
	"search_no_page", "search_cannot_run", "search_fallback",
}

// searchJSON is how messages travel to the server: the language, and each
// message a text or its plural forms.
type searchJSON struct {
	Lang string                     `json:"lang"`
	M    map[string]json.RawMessage `json:"m"`
}

// searchComment is the search page's comment holding searchKeys
// (SearchMessagesMarker). Every "-" is written \u002d, so that nothing
// in it can end the comment.
func (m *messages) searchComment() template.HTML {
	out := searchJSON{Lang: m.lang, M: map[string]json.RawMessage{}}
	for _, k := range searchKeys {
		v := m.m[k]
		var b []byte
		if v.plural != nil {
			b, _ = json.Marshal(v.plural)
		} else {
			b, _ = json.Marshal(v.text)
		}
		out.M[k] = b
	}
	b, _ := json.Marshal(out)
	return template.HTML(SearchMessagesMarker + strings.ReplaceAll(string(b), "-", `\u002d`) + "-->")
}

// SearchTexts are one language's texts as kb's server writes them on the
// search page. The zero value is English. Safe for concurrent use.
type SearchTexts struct{ m *messages }

// DecodeSearchTexts reads the JSON of a search page's messages comment
// (what follows SearchMessagesMarker, up to "-->"). Keys it lacks are
// English.
func DecodeSearchTexts(data []byte) (SearchTexts, error) {
	var in searchJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return SearchTexts{}, fmt.Errorf("search page messages: %w", err)
	}
	en := english()
	m := &messages{lang: in.Lang, m: make(map[string]message, len(en.m))}
	for k, v := range en.m {
		m.m[k] = v
	}
	for k, raw := range in.M {
		var text string
		if json.Unmarshal(raw, &text) == nil {
			m.m[k] = message{text: text}
			continue
		}
		var forms map[string]string
		if json.Unmarshal(raw, &forms) == nil && forms["other"] != "" {
			m.m[k] = message{plural: forms}
		}
	}
	return SearchTexts{m}, nil
}

func (ms SearchTexts) get() *messages {
	if ms.m == nil {
		return english()
	}
	return ms.m
}

// Lang is the language the texts are in ("" for the zero value's English).
func (ms SearchTexts) Lang() string {
	if ms.m == nil {
		return ""
	}
	return ms.m.lang
}

// Text is message key with each {name} replaced: vars are pairs of name
// and value.
func (ms SearchTexts) Text(key string, vars ...string) string { return ms.get().text(key, vars...) }

// Count is message key's plural form for n in the language, with {count}
// n and the other {name}s from vars.
func (ms SearchTexts) Count(key string, n int, vars ...string) string {
	return ms.get().count(key, n, vars...)
}

// english is the theme's English messages, parsed once: the server asks
// for them on every search page without a messages comment. A package
// variable for embedded, read-only data.
var english = sync.OnceValue(func() *messages {
	m, _ := loadMessages(nil, "en")
	return m
})
