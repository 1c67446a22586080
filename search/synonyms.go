package search

import (
	"sort"
	"strings"
)

// builtinSynonyms are words and phrases that help-center readers and
// writers use for the same thing. Each line is one group; the search
// treats the members of a group as alternatives for each other. Sites add
// their own in site.yaml (search.synonyms).
var builtinSynonyms = [][]string{
	{"sign in", "log in", "login", "signin", "logon", "log on"},
	{"sign out", "log out", "logout", "signout", "log off"},
	{"sign up", "signup", "register", "create an account"},
	{"username", "user name"},
	{"password", "passcode", "passphrase"},
	{"2fa", "two factor", "two-factor", "mfa", "multi factor", "two step verification"},
	{"sso", "single sign on", "saml"},
	{"leave", "unsubscribe", "unfollow", "exit"},
	{"mute", "silence", "snooze"},
	{"notification", "alert"},
	{"bigger text", "font size", "text size", "zoom", "larger text"},
	{"time zone", "timezone"},
	{"dark mode", "dark theme", "night mode"},
	{"delete", "remove", "erase", "deactivate"},
	{"private", "privacy"},
	{"cancel", "terminate"},
	{"turn off", "switch off", "disable", "stop"},
	{"turn on", "switch on", "enable"},
	{"subscription", "plan"},
	{"refund", "money back", "reimburse"},
	{"invoice", "receipt", "bill"},
	{"payment method", "credit card", "card"},
	{"email", "e-mail", "mail"},
	{"phone", "mobile", "cell"},
	{"app", "application"},
	{"download", "export", "save"},
	{"upload", "import", "attach"},
	{"photo", "picture", "avatar", "image"},
	{"crash", "freeze", "hang", "not responding"},
	{"slow", "lag", "latency", "performance"},
	{"person", "user", "member", "people"},
	{"invite", "add member", "add user"},
	{"admin", "administrator", "owner"},
	{"team", "organization", "workspace", "org"},
	{"channel", "stream", "room"},
	{"dm", "direct message", "private message"},
	{"edit", "change", "update", "modify"},
	{"find", "search", "look up", "locate"},
	{"api key", "api token", "access token", "token"},
	{"rate limit", "throttle", "429", "too many requests"},
	{"webhook", "callback url"},
	{"forgot", "reset", "lost"},
	{"locked out", "locked", "blocked"},
	{"do not disturb", "dnd"},
	{"screenshot", "screen capture"},
	{"emoji", "emoticon", "reaction"},
	{"shortcut", "hotkey", "keybinding", "keyboard shortcut"},
	{"too big", "too large", "size limit", "file size"},
	{"storage", "disk space", "quota"},
}

// synonyms maps a phrase, as its stems joined by spaces, to the other
// phrases of its groups, each as its stems.
type synonyms map[string][][]string

// newSynonyms merges the built-in groups and a site's (a word and its
// list) into one table. Phrases are compared by their stems, so "Log-in",
// "log in" and "logging in" are the same phrase.
// The built-in groups are the analyzer's language's (lang.go): English's
// above, or a few of another language's.
func newSynonyms(an *analyzer, site map[string][]string) synonyms {
	groups := append([][]string(nil), an.lang().synonyms...)
	keys := make([]string, 0, len(site))
	for k := range site {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		groups = append(groups, append([]string{k}, site[k]...))
	}
	s := synonyms{}
	for _, g := range groups {
		var phrases [][]string
		for _, p := range g {
			if st := an.stems(p); len(st) > 0 {
				phrases = append(phrases, st)
			}
		}
		for _, p := range phrases {
			key := strings.Join(p, " ")
			for _, q := range phrases {
				if strings.Join(q, " ") != key && !hasPhrase(s[key], q) {
					s[key] = append(s[key], q)
				}
			}
		}
	}
	return s
}

func hasPhrase(list [][]string, p []string) bool {
	for _, q := range list {
		if strings.Join(q, " ") == strings.Join(p, " ") {
			return true
		}
	}
	return false
}
