package search

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"
)

// fallbackDocs are a German index's articles with two of the default
// language's untranslated ones, as the builder gives them (Doc.Fallback).
func fallbackDocs(fallback bool) []Doc {
	docs := slices.Clone(germanDocs)
	docs = append(docs,
		Doc{URL: "/integrationen/slack/", Title: "Slack-Integration", Category: "integrationen", CategoryTitle: "Integrationen",
			Body: "Mit der Slack-Integration erhalten Sie Benachrichtigungen aus Kitewire in Ihren Slack-Kanälen."},
		Doc{URL: "/integrations/slack-integration/", Title: "Slack integration", Category: "integrations", CategoryTitle: "Integrations",
			Description: "Set up the Slack integration.", Tags: []string{"slack"},
			Body:     "The Slack integration posts Kitewire notifications to your Slack channels. Connect Slack from Settings.",
			Sections: []Section{{Anchor: "slack-integration-settings", Title: "Slack integration settings", Text: "Choose which Slack channels get which notifications."}},
			Fallback: fallback},
		Doc{URL: "/api/webhooks/", Title: "Webhooks", Category: "api", CategoryTitle: "API",
			Body: "Webhooks send an HTTP request to your server when an event happens.", Fallback: fallback},
	)
	return docs
}

func fallbackIndex(t *testing.T, fallback bool) *Index {
	t.Helper()
	return builtIndex(t, fallbackDocs(fallback), BuildOptions{Language: "de"})
}

// TestFallbackRanksAfterOwnLanguage: in a German index, an untranslated
// English article that matches a query a little better than the German
// one (by less than 1/FallbackWeight) comes after it, and one that alone
// answers the query is still found first. Built without the flag, the
// same documents put the English article first: the flag is what orders
// them. builder's TestStaticFallbackOrder holds engine.js to the same.
func TestFallbackRanksAfterOwnLanguage(t *testing.T) {
	isFallback := map[string]bool{"/integrations/slack-integration/": true, "/api/webhooks/": true}
	for _, c := range []struct {
		q        string
		want     string // the first hit, fallbacks flagged
		unmarked string // the first hit of the same documents unflagged, when another
	}{
		{"slack integration", "/integrationen/slack/", "/integrations/slack-integration/"},
		{"slack", "/integrationen/slack/", "/integrations/slack-integration/"},
		{"webhooks", "/api/webhooks/", ""},
		{"webhook http", "/api/webhooks/", ""},
		{"passwort zurücksetzen", "/konto/passwort-zuruecksetzen/", ""},
	} {
		for _, flagged := range []bool{true, false} {
			want := c.want
			if !flagged {
				want = cmp.Or(c.unmarked, c.want)
			}
			res, err := fallbackIndex(t, flagged).Search(context.Background(), Query{Text: c.q})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				page, _, _ := strings.Cut(h.URL, "#")
				got = append(got, page)
				if h.Fallback != (flagged && isFallback[page]) {
					t.Errorf("%q: %s has Fallback %v", c.q, h.URL, h.Fallback)
				}
			}
			if len(got) == 0 || got[0] != want {
				t.Errorf("%q (fallbacks flagged: %v): hits %v, want %s first", c.q, flagged, got, want)
			}
		}
	}
}
