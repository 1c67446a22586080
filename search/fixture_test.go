package search

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// testDocs is a small help center: enough articles for idf to mean
// something, and one for each behaviour the tests pin.
var testDocs = []Doc{
	{URL: "/account/reset-your-password/", Title: "Reset your password", Category: "account", CategoryTitle: "Account",
		Section: "account/security", SectionTitle: "Security", Breadcrumb: []string{"Account", "Security"},
		Slug: "reset-your-password", Tags: []string{"password", "sign-in"},
		Description: "Choose a new password when you forgot the old one.",
		Body:        "If you forgot your password, you can reset it from the sign-in page.",
		Headings:    []string{"Reset a forgotten password", "The reset email never arrives"},
		Sections: []Section{
			{Anchor: "reset-a-forgotten-password", Title: "Reset a forgotten password", Text: "Click Forgot password on the sign-in page and follow the link we email you."},
			{Anchor: "the-reset-email-never-arrives", Title: "The reset email never arrives", Text: "Check your spam folder. Reset emails come from no-reply@example.com and expire after an hour."},
		}},
	{URL: "/account/cant-sign-in/", Title: "I can't sign in", Category: "account", CategoryTitle: "Account",
		Section: "account/sign-in", SectionTitle: "Signing in", Breadcrumb: []string{"Account", "Signing in"},
		Slug: "cant-sign-in", Body: "Most sign-in problems come from a wrong password or an expired session.",
		Headings: []string{"Your account is locked"},
		Sections: []Section{{Anchor: "your-account-is-locked", Title: "Your account is locked", Text: "After ten wrong passwords we lock the account for an hour."}}},
	{URL: "/messaging/latex/", Title: "LaTeX", Category: "messaging", CategoryTitle: "Messaging",
		Breadcrumb: []string{"Messaging"}, Slug: "latex",
		Body: "Write math with LaTeX: wrap formulas in double dollar signs. LaTeX renders on every device. LaTeX LaTeX."},
	{URL: "/messaging/schedule-a-message/", Title: "Schedule a message", Category: "messaging", CategoryTitle: "Messaging",
		Breadcrumb: []string{"Messaging"}, Slug: "schedule-a-message",
		Body: "Write now and send later: pick a time and the message goes out then. You can edit a scheduled message until it is sent."},
	{URL: "/messaging/set-your-time-zone/", Title: "Set your time zone", Category: "messaging", CategoryTitle: "Messaging",
		Breadcrumb: []string{"Messaging"}, Slug: "set-your-time-zone",
		Body: "Times are shown in your time zone. Change the time zone in your profile settings."},
	{URL: "/messaging/mute-a-channel/", Title: "Mute a channel", Category: "messaging", CategoryTitle: "Messaging",
		Breadcrumb: []string{"Messaging"}, Slug: "mute-a-channel",
		Body: "Muting a channel stops its notifications. You stay a member and can read it any time."},
	{URL: "/billing/invoices/", Title: "Invoices", Category: "billing", CategoryTitle: "Billing", Breadcrumb: []string{"Billing"},
		Slug: "invoices", Body: "Every invoice lists your plan and the taxes we charge."},
	{URL: "/billing/download-a-receipt/", Title: "Download a receipt", Category: "billing", CategoryTitle: "Billing",
		Breadcrumb: []string{"Billing"}, Slug: "download-a-receipt",
		Body: "To download the invoice as a PDF, open Billing and click the invoice date, then Download PDF."},
	{URL: "/billing/refunds/", Title: "Refunds", Category: "billing", CategoryTitle: "Billing", Breadcrumb: []string{"Billing"},
		Slug: "refunds", Body: "We refund annual plans within thirty days.",
		Headings: []string{"Refunds for annual plans"},
		Sections: []Section{{Anchor: "annual", Title: "Refunds for annual plans", Text: "Annual plans are refunded in full within thirty days of payment."}}},
	{URL: "/api/kudos/", Title: "Reactions", Category: "api", CategoryTitle: "API", Breadcrumb: []string{"API"},
		Slug: "kudos-endpoint", Body: "Add a reaction to a message with the reactions endpoint.",
		Code: "POST /api/v1/messages/{id}/reactions"},
	{URL: "/api/escaping/", Title: "Escaping", Category: "api", CategoryTitle: "API", Breadcrumb: []string{"API"},
		Slug: "escaping", Body: `Never paste <script>alert("x")</script> & other markup into a password field.`},
	{URL: "/api/exact-words/", Title: "Exact words", Category: "api", CategoryTitle: "API", Breadcrumb: []string{"API"},
		Slug: "exact-words", Body: "The blue whale eats krill. A whale is blue."},
	{URL: "/api/scattered-words/", Title: "Scattered words", Category: "api", CategoryTitle: "API", Breadcrumb: []string{"API"},
		Slug: "scattered-words", Body: "The whale is grey. Blue is a colour."},
}

var fixture struct {
	once sync.Once
	dir  string
	ix   *Index
	err  error
}

// testIndex returns the fixture index, built once per test binary.
func testIndex(t testing.TB) *Index {
	t.Helper()
	fixture.once.Do(func() {
		fixture.dir, fixture.err = os.MkdirTemp("", "kb-search-test-")
		if fixture.err != nil {
			return
		}
		dir := filepath.Join(fixture.dir, "idx")
		fixture.err = Build(context.Background(), dir, testDocs, BuildOptions{Synonyms: map[string][]string{"kudos": {"reaction"}}})
		if fixture.err == nil {
			fixture.ix, fixture.err = Open(dir)
		}
	})
	if fixture.err != nil {
		t.Fatal(fixture.err)
	}
	return fixture.ix
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture.ix != nil {
		fixture.ix.Close()
	}
	if fixture.dir != "" {
		os.RemoveAll(fixture.dir)
	}
	os.Exit(code)
}

// search runs text over the fixture and returns the hits' URLs.
func hitURLs(t testing.TB, text string) []string {
	t.Helper()
	res, err := testIndex(t).Search(context.Background(), Query{Text: text})
	if err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	urls := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		urls[i] = h.URL
	}
	return urls
}

func first(t testing.TB, text string) string {
	t.Helper()
	urls := hitURLs(t, text)
	if len(urls) == 0 {
		t.Fatalf("%q: no hits", text)
	}
	return urls[0]
}

// buildTemp builds docs into a fresh folder and returns it.
func buildTemp(t testing.TB, docs []Doc) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "idx")
	if err := Build(context.Background(), dir, docs, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	return dir
}

var _ = fmt.Sprint

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
