package builder_test

// Search over sites built by the builder: the relevance suites (the
// example site and the two corpora in ../shared/corpus), the hook that
// writes .kb-search/ into the output, and the 10,000-article benchmark.

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/kbhelp/kb/builder"
	"github.com/kbhelp/kb/internal/jsengine"
	"github.com/kbhelp/kb/search"
)

// folderSink drops pages but names a folder, so the build writes the
// search index there.
type folderSink struct{ dir string }

func (s folderSink) Put(string, []byte) error { return nil }
func (s folderSink) Dir() string              { return s.dir }

// buildIndex builds the site at root (skipping the test when it is
// absent) and opens its index.
func buildIndex(t testing.TB, root string, cfg *builder.Config) *search.Index {
	ix, _ := buildIndexes(t, root, cfg)
	return ix
}

// buildIndexes builds the site at root and opens both its indexes: the
// server's, and the static one in the client readers run (in goja).
func buildIndexes(t testing.TB, root string, cfg *builder.Config) (*search.Index, *jsengine.Engine) {
	t.Helper()
	if _, err := os.Stat(root); err != nil {
		t.Skipf("%s not found: %v", root, err)
	}
	out := t.TempDir()
	b := builder.New(builder.Options{Config: cfg})
	fsys := os.DirFS(root)
	if strings.HasSuffix(root, "zulip-help") {
		fsys = zulipFS(root)
	}
	if _, err := b.Build(context.Background(), fsys, folderSink{out}); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(filepath.Join(out, builder.SearchDir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if raceEnabled {
		return ix, nil
	}
	dir, err := jsengine.Version(out)
	if err != nil {
		t.Fatal(err)
	}
	js, err := jsengine.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return ix, js
}

// relevanceCase is a query as a reader would type it and the page that
// should come first: a URL, with #anchor when one section answers it (the
// hit must then point at that section).
type relevanceCase struct {
	q, want string
}

// relevance is MRR@10 and recall@3 of one engine over cases, logging
// every case that missed the top spot.
func relevance(t *testing.T, name string, cases []relevanceCase, run func(q string) ([]string, error)) (mrr, recall float64) {
	t.Helper()
	var rr float64
	top3 := 0
	for _, c := range cases {
		urls, err := run(c.q)
		if err != nil {
			t.Fatalf("%s: %q: %v", name, c.q, err)
		}
		rank := 0
		for i, u := range urls {
			if hitMatches(u, c.want) {
				rank = i + 1
				break
			}
		}
		if rank > 0 {
			rr += 1 / float64(rank)
		}
		if rank >= 1 && rank <= 3 {
			top3++
		}
		if rank != 1 {
			got := urls
			if len(got) > 3 {
				got = got[:3]
			}
			t.Logf("%s: rank %d for %q: want %s, got %s", name, rank, c.q, c.want, strings.Join(got, " "))
		}
	}
	return rr / float64(len(cases)), float64(top3) / float64(len(cases))
}

// checkRelevance runs the cases against the server's index and the
// static one, printing both engines' MRR@10 and recall@3 side by side.
// It fails when the server's MRR@10 is under minMRR, or the static
// engine's under minMRR or more than staticSlack under the server's.
func checkRelevance(t *testing.T, ix *search.Index, js *jsengine.Engine, cases []relevanceCase, minMRR float64) {
	t.Helper()
	first := map[string]string{} // query → the server's first hit
	mrr, recall := relevance(t, "server", cases, func(q string) ([]string, error) {
		res, err := ix.Search(context.Background(), search.Query{Text: q, Limit: 10})
		if err != nil {
			return nil, err
		}
		var urls []string
		for _, h := range res.Hits {
			urls = append(urls, h.URL)
		}
		if len(urls) > 0 {
			first[q] = urls[0]
		}
		return urls, nil
	})
	if js == nil { // under the race detector (race_on_test.go)
		fmt.Printf("relevance %s: %d queries, server MRR@10 %.3f recall@3 %.3f\n", t.Name(), len(cases), mrr, recall)
		if mrr < minMRR {
			t.Errorf("server: MRR@10 %.3f is under %.2f", mrr, minMRR)
		}
		return
	}
	var differ []string
	smrr, srecall := relevance(t, "static", cases, func(q string) ([]string, error) {
		res, err := js.Search(q, "", 10)
		if err != nil {
			return nil, err
		}
		var urls []string
		for _, h := range res.Hits {
			urls = append(urls, h.URL)
		}
		if len(urls) > 0 && urls[0] != first[q] || len(urls) == 0 && first[q] != "" {
			differ = append(differ, fmt.Sprintf("%q: server %s, static %v", q, first[q], urls[:min(len(urls), 1)]))
		}
		return urls, nil
	})
	for _, d := range differ {
		t.Logf("first hits differ: %s", d)
	}
	t.Logf("%d queries: server MRR@10 %.3f, recall@3 %.3f; static MRR@10 %.3f, recall@3 %.3f", len(cases), mrr, recall, smrr, srecall)
	fmt.Printf("relevance %s: %d queries, server MRR@10 %.3f recall@3 %.3f · static MRR@10 %.3f recall@3 %.3f · same first hit %d\n",
		t.Name(), len(cases), mrr, recall, smrr, srecall, len(cases)-len(differ))
	if mrr < minMRR {
		t.Errorf("server: MRR@10 %.3f is under %.2f", mrr, minMRR)
	}
	if smrr < minMRR || smrr < mrr-staticSlack {
		t.Errorf("static: MRR@10 %.3f is under %.2f or more than %.2f under the server's %.3f", smrr, minMRR, staticSlack, mrr)
	}
}

// staticSlack is how far under the server's MRR@10 the static engine's
// may be.
const staticSlack = 0.02

// hitMatches: the page must be want's page; when want names a section,
// the hit must point at it.
func hitMatches(got, want string) bool {
	gp, ga, _ := strings.Cut(got, "#")
	wp, wa, hasAnchor := strings.Cut(want, "#")
	return gp == wp && (!hasAnchor || ga == wa)
}

func TestSearchRelevanceExampleSite(t *testing.T) {
	ix, js := buildIndexes(t, "..", nil)
	checkRelevance(t, ix, js, exampleCases, 0.85)
}

var exampleCases = []relevanceCase{
	{"forgot password", "/account/security/reset-your-password/"},
	{"pasword reset", "/account/security/reset-your-password/"},
	{"reset link expired", "/account/security/reset-your-password/#the-reset-link-says-it-has-expired"},
	{"didnt get the reset email", "/account/security/reset-your-password/#i-dont-receive-the-password-reset-email"},
	{"cant log in", "/account/sign-in/cant-sign-in/"},
	{"login keeps looping sso", "/account/sign-in/sso-login-loop/"},
	{"account locked", "/account/sign-in/locked-account/"},
	{"unlock my account", "/account/sign-in/locked-account/#unlock-your-account-now"},
	{"keeps logging me out", "/account/sign-in/session-expired/"},
	{"session expired", "/account/sign-in/session-expired/"},
	{"sign out other devices", "/account/security/review-active-sessions/"},
	{"2fa", "/account/security/two-factor-authentication/"},
	{"recovery codes", "/account/security/two-factor-authentication/#save-your-recovery-codes"},
	{"turn off two factor", "/account/security/two-factor-authentication/#turn-off-two-factor-authentication"},
	{"delete account", "/account/delete-your-account/"},
	{"close my account permanently", "/account/delete-your-account/"},
	{"change email", "/account/profile/change-your-email-address/"},
	{"account deactivated", "/account/profile/deactivated-account/"},
	{"profile picture", "/account/profile/update-your-profile/#change-your-profile-photo"},
	{"change my name", "/account/profile/update-your-profile/"},
	{"api key", "/api/authentication/create-an-api-token/"},
	{"revoke token", "/api/authentication/create-an-api-token/#rotate-or-revoke-a-token"},
	{"token permissions", "/api/authentication/token-scopes/"},
	{"401 error", "/api/errors/unauthorized-errors/"},
	{"unauthorised", "/api/errors/unauthorized-errors/"},
	{"429 too many requests", "/api/errors/rate-limits/"},
	{"rate limit", "/api/errors/rate-limits/"},
	{"request id", "/api/errors/error-codes/#find-the-request-id"},
	{"first api call", "/api/getting-started/make-your-first-request/"},
	{"paginate results", "/api/getting-started/pagination/"},
	{"python library", "/api/getting-started/sdks/python-sdk/"},
	{"npm install", "/api/getting-started/sdks/javascript-sdk/"},
	{"webhook signature", "/api/getting-started/webhooks/#verify-signatures"},
	{"webho", "/api/getting-started/webhooks/"},
	{"vat number", "/billing/invoices/vat-and-tax-ids/"},
	{"receipt", "/billing/invoices/download-invoices/"},
	{"invoi", "/billing/invoices/download-invoices/"},
	{"card declined", "/billing/payments/card-declined/"},
	{"payment failed", "/billing/payments/card-declined/"},
	{"money back", "/billing/payments/refunds/"},
	{"how long does a refund take", "/billing/payments/refunds/#how-long-does-a-refund-take"},
	{"change credit card", "/billing/payments/update-payment-method/"},
	{"pay by bank transfer", "/billing/payments/update-payment-method/#pay-by-invoice-or-bank-transfer"},
	{"cancel subscription", "/billing/plans/cancel-your-subscription/"},
	{"downgrade", "/billing/plans/change-your-plan/#downgrade-your-plan"},
	{"switch to yearly billing", "/billing/plans/change-your-plan/#switch-between-monthly-and-yearly-billing"},
	{"which plan is right for me", "/billing/plans/compare-plans/"},
	{"contact support", "/contact-support/"},
	{"private channel", "/messaging/channels/create-a-channel/#public-or-private"},
	{"leave channel", "/messaging/channels/mute-or-leave-a-channel/"},
	{"silence a channel", "/messaging/channels/mute-or-leave-a-channel/#mute-a-channel"},
	{"bigger text", "/messaging/preferences/change-font-size/"},
	{"timezone", "/messaging/preferences/set-your-time-zone/"},
	{"keyboard shortcuts not working", "/messaging/preferences/keyboard-shortcuts/#shortcuts-dont-work"},
	{"cant find a message", "/messaging/search/search-tips/#i-cant-find-a-message-i-know-exists"},
	{"kitewire wont connect", "/troubleshooting/connection/cant-connect/"},
	{"proxy settings", "/troubleshooting/connection/firewall-and-proxy-settings/"},
	{"websockets blocked", "/troubleshooting/connection/firewall-and-proxy-settings/#websockets"},
	{"clear cache", "/troubleshooting/desktop-app/clear-the-app-cache/"},
	{"app wont open on mac", "/troubleshooting/desktop-app/desktop-app-wont-start/#macos"},
	{"upload fails", "/troubleshooting/files/file-upload-fails/"},
	{"file too big", "/troubleshooting/files/file-upload-fails/#file-size-limits"},
	{"files not syncing", "/troubleshooting/files/files-not-syncing/"},
	{"not getting notifications", "/troubleshooting/notifications/notifications-not-arriving/"},
	{"push notifications iphone", "/troubleshooting/notifications/mobile-push-notifications/#iphone-and-ipad"},
	{"notificatons arrive late", "/troubleshooting/notifications/mobile-push-notifications/#notifications-arrive-late"},
	{"clear the cache", "/troubleshooting/desktop-app/clear-the-app-cache/"},
	{"make text larger", "/messaging/preferences/change-font-size/"},
	{"sign up for webhooks events", "/api/getting-started/webhooks/#events"},
}

// Troubleshooting articles list the error messages readers paste into
// the search box (front matter error_messages): the pasted message, a
// long exact part of it, or its code finds the article first, above
// articles that only share its words. Symptoms are searchable too.
func TestSearchErrorMessagesExampleSite(t *testing.T) {
	ix := buildIndex(t, "..", nil)
	const connect, declined = "/troubleshooting/connection/cant-connect/", "/billing/payments/card-declined/"
	for _, c := range []relevanceCase{
		{"KW-NET-0042: connection timed out", connect},
		{"kw-net-0042 connection timed out", connect},
		{"KW-NET-0042", connect},
		{"KW-NET-0042:", connect},
		{"Error KW-NET-0042: connection timed out in the desktop app", connect},
		{`"KW-NET-0042: connection timed out"`, connect},
		{"Unable to reach kitewire.example", connect},
		{"unable to reach kitewire.example.", connect},
		{"Your card was declined (do_not_honor)", declined},
		{"your card was declined do_not_honor", declined},
		{"card was declined (do_not_honor)", declined},
		{"do_not_honor", declined},
		{"DO_NOT_HONOR", declined},
		// Symptoms, in the reader's words.
		{"yellow bar trying to connect", connect},
		{"messages show a clock icon", connect},
	} {
		res, err := ix.Search(context.Background(), search.Query{Text: c.q})
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		if len(res.Hits) == 0 || !hitMatches(res.Hits[0].URL, c.want) {
			var got []string
			for _, h := range res.Hits[:min(3, len(res.Hits))] {
				got = append(got, h.URL)
			}
			t.Errorf("%q: got %v, want %s first", c.q, got, c.want)
		}
	}
	res, err := ix.Search(context.Background(), search.Query{Text: "KW-NET-0042"})
	if err != nil {
		t.Fatal(err)
	}
	if h := res.Hits[0]; h.URL != connect || h.Snippet != "<mark>KW-NET-0042</mark>: connection timed out" {
		t.Errorf("hit %s, snippet %q: want the article, its message marked", h.URL, h.Snippet)
	}
}

// Error messages with HTML and markdown characters are indexed as text
// and shown escaped: snippets hold no markup but <mark>.
func TestSearchErrorMessagesEscaped(t *testing.T) {
	site := fstest.MapFS{
		"content/errors/markup.md": {Data: []byte("---\ntitle: Markup errors\nerror_messages:\n" +
			"  - '<script>alert(\"x\")</script> & **E_TAG_42** `code` [x](javascript:y) <b>bold</b>'\n" +
			"  - '</mark><mark> ERR_MARK_7 &amp; &lt;'\n" +
			"symptoms:\n  - 'The page shows <i>raw</i> **markup**'\n---\n\nSome errors show markup.\n")},
		"content/errors/other.md": {Data: []byte("---\ntitle: Other errors\n---\n\nE TAG 42 code script alert bold mark.\n")},
	}
	out := t.TempDir()
	if _, err := builder.New(builder.Options{Config: &builder.Config{Title: "T"}}).Build(context.Background(), site, folderSink{out}); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(filepath.Join(out, builder.SearchDir))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	marks := strings.NewReplacer("<mark>", "", "</mark>", "")
	for _, q := range []string{"E_TAG_42", "**E_TAG_42**", `<script>alert("x")</script> & **E_TAG_42**`, "ERR_MARK_7",
		"</mark><mark> ERR_MARK_7 &amp; &lt;", "script alert bold", "raw markup", "<b>bold</b>", "`code`"} {
		res, err := ix.Search(context.Background(), search.Query{Text: q})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if len(res.Hits) == 0 {
			t.Errorf("%q: no hits", q)
			continue
		}
		for _, h := range res.Hits {
			if strings.ContainsAny(marks.Replace(h.Snippet), "<>") || strings.Count(h.Snippet, "<mark>") != strings.Count(h.Snippet, "</mark>") {
				t.Errorf("%q: %s: snippet %q has markup", q, h.URL, h.Snippet)
			}
		}
		if strings.Contains(q, "_") && res.Hits[0].URL != "/errors/markup/" {
			t.Errorf("%q: first hit %s, want the article that lists it", q, res.Hits[0].URL)
		}
	}
	res, _ := ix.Search(context.Background(), search.Query{Text: "ERR_MARK_7"})
	if want := "&lt;/mark&gt;&lt;mark&gt; <mark>ERR_MARK_7</mark> &amp;amp; &amp;lt;"; res.Hits[0].Snippet != want {
		t.Errorf("snippet %q, want %q", res.Hits[0].Snippet, want)
	}
}

func postmanConfig() *builder.Config {
	return &builder.Config{Title: "Postman", BaseURL: "https://learning.postman.com/", ContentDir: "src/pages", Links: "warn"}
}

func TestSearchRelevancePostman(t *testing.T) {
	ix, js := buildIndexes(t, "../../shared/corpus/postman-docs", postmanConfig())
	checkRelevance(t, ix, js, postmanCases, 0.85)
}

const pd = "/docs/"

var postmanCases = []relevanceCase{
	{"run my collection from the terminal", pd + "running-collections/using-newman-cli/command-line-integration-with-newman/"},
	{"newman in a docker container", pd + "running-collections/using-newman-cli/newman-with-docker/"},
	{"jenkins build", pd + "running-collections/using-newman-cli/integration-with-jenkins/"},
	{"travis", pd + "running-collections/using-newman-cli/integration-with-travis/"},
	{"import a curl command", pd + "getting-started/importing-and-exporting-data/"},
	{"export collection as json", pd + "getting-started/importing-and-exporting-data/#exporting-postman-data"},
	{"install on ubuntu", pd + "getting-started/installation-and-updates/#installing-postman-on-linux"},
	{"dark theme", pd + "getting-started/settings/#themes"},
	{"client certificate", pd + "sending-requests/certificates/"},
	{"bearer token header", pd + "sending-requests/authorization/#bearer-token"},
	{"oauth2 access token", pd + "sending-requests/authorization/"},
	{"cookie manager", pd + "sending-requests/cookies/"},
	{"capture traffic from my phone", pd + "sending-requests/capturing-request-data/capturing-http-requests/"},
	{"interceptor chrome extension", pd + "sending-requests/capturing-request-data/interceptor/"},
	{"graphql variables", pd + "sending-requests/supported-api-frameworks/graphql/#working-with-graphql-variables"},
	{"soap envelope xml", pd + "sending-requests/supported-api-frameworks/making-soap-requests/"},
	{"websocket messages", pd + "sending-requests/supported-api-frameworks/websocket/"},
	{"generate python code for a request", pd + "sending-requests/generate-code-snippets/"},
	{"fake api responses with a mock", pd + "designing-and-developing-your-api/mocking-data/setting-up-mock/"},
	{"whitelist monitor ip addresses", pd + "designing-and-developing-your-api/monitoring-your-api/using-static-ips-to-monitor/"},
	{"run collection every hour", pd + "running-collections/scheduling-collection-runs/"},
	{"csv file iterations", pd + "running-collections/working-with-data-files/"},
	{"setNextRequest", pd + "running-collections/building-workflows/"},
	{"check status code is 200", pd + "writing-scripts/script-references/test-examples/"},
	{"random email address variable", pd + "writing-scripts/script-references/variables-list/"},
	{"chart of response data", pd + "sending-requests/visualizer/"},
	{"fork a collection and merge changes", pd + "collaborating-in-postman/version-control-for-collections/"},
	{"leave a team", pd + "collaborating-in-postman/collaboration-intro/#leaving-a-team"},
	{"okta saml app", pd + "administration/sso/saml-okta/"},
	{"provision users automatically", pd + "administration/managing-your-team/configuring-scim/"},
	{"who deleted my collection audit", pd + "administration/audit-logs/"},
	{"make documentation public", pd + "publishing-your-api/publishing-your-docs/"},
	{"docs on my own domain", pd + "publishing-your-api/custom-doc-domains/"},
	{"run in postman button", pd + "publishing-your-api/run-in-postman/creating-run-button/"},
	{"postman api key", pd + "developer/intro-api/"},
	{"back up collections to github", pd + "integrations/available-integrations/github/"},
	{"monitor results in slack", pd + "integrations/available-integrations/slack/#send-your-monitor-run-results-to-slack"},
	{"see console logs", pd + "sending-requests/troubleshooting-api-requests/#using-the-console"},
	{"where are app logs on mac", pd + "getting-started/troubleshooting-inapp/#viewing-logs-in-macos"},
	{"use postman without signing in", pd + "getting-started/using-scratch-pad/"},
	{"sync between computers", pd + "getting-started/syncing/"},
	{"script before request runs", pd + "writing-scripts/pre-request-scripts/"},
	{"require lodash", pd + "writing-scripts/script-references/postman-sandbox-api-reference/#using-external-libraries"},
	{"comment on a request", pd + "collaborating-in-postman/commenting-on-collections/#commenting-on-a-request"},
	{"invite people to my team", pd + "administration/managing-your-team/managing-your-team/#invites"},
	{"enviroment variables", pd + "sending-requests/managing-environments/"},
	// Typos and words cut short.
	{"certficate", pd + "sending-requests/certificates/"},
	{"websoc", pd + "sending-requests/supported-api-frameworks/websocket/"},
	{"newman docker imag", pd + "running-collections/using-newman-cli/newman-with-docker/"},
	{"graphql introspection schema", pd + "sending-requests/supported-api-frameworks/graphql/"},
	{"datadog metrics", pd + "integrations/available-integrations/datadog/"},
}

func TestSearchRelevanceZulip(t *testing.T) {
	ix, js := buildIndexes(t, "../../shared/corpus/zulip-help", zulipConfig())
	checkRelevance(t, ix, js, zulipCases, 0.85)
}

// zulipConfig builds Zulip's help center as zulip.com/help/: its
// snippets are in help/include, and missing.md is its 404 page. The
// screenshots its articles show are not in the corpus; zulipFS stands
// in for them.
func zulipConfig() *builder.Config {
	return &builder.Config{Title: "Zulip", BaseURL: "https://zulip.com/help/", ContentDir: "help", Snippets: "include",
		Exclude: []string{"missing.md"}, Links: "warn"}
}

// zulipImages are the images Zulip's articles link to under /static/.
var zulipImages = []string{"markdown-polls", "markdown-bullets", "markdown-code", "markdown-emoji", "markdown-emphasis",
	"markdown-latex", "markdown-links", "markdown-status", "markdown-mentions", "markdown-numbered-lists",
	"markdown-paragraph", "markdown-quotes", "spoiler-collapsed", "spoiler-expanded", "streams-and-topics",
	"markdown-table", "markdown-todo", "message-actions", "markdown-image"}

// withStatic serves static/ from files and everything else from base.
type withStatic struct {
	base  fs.FS
	files fstest.MapFS
}

func (w withStatic) Open(name string) (fs.File, error) {
	if name == "static" || strings.HasPrefix(name, "static/") {
		return w.files.Open(name)
	}
	return w.base.Open(name)
}

func zulipFS(root string) fs.FS {
	files := fstest.MapFS{}
	for _, n := range zulipImages {
		files["static/static/images/help/"+n+".png"] = &fstest.MapFile{Data: []byte("\x89PNG\r\n\x1a\n"), Mode: 0o644}
	}
	return withStatic{base: os.DirFS(root), files: files}
}

var zulipCases = []relevanceCase{
	{"write math formulas", "/help/latex/"},
	{"stop getting emails about messages", "/help/email-notifications/"},
	{"weekly summary email", "/help/digest-emails/"},
	{"silence a noisy stream", "/help/mute-a-stream/"},
	{"hide messages from an annoying user", "/help/mute-a-user/"},
	{"leave a stream", "/help/unsubscribe-from-a-stream/"},
	{"make a stream private", "/help/change-the-privacy-of-a-stream/"},
	{"rename channel", "/help/rename-a-stream/"},
	{"delete my account", "/help/deactivate-your-account/"},
	{"remove a user from the organization", "/help/deactivate-or-reactivate-a-user/"},
	{"make someone an admin", "/help/change-a-users-role/"},
	{"send a message later", "/help/schedule-a-message/"},
	{"closed the compose box by accident", "/help/view-and-edit-your-message-drafts/"},
	{"fix a typo in a message i sent", "/help/edit-a-message/"},
	{"who has read my message", "/help/read-receipts/"},
	{"create a poll", "/help/create-a-poll/"},
	{"todo list", "/help/collaborative-to-do-lists/"},
	{"night mode", "/help/dark-theme/"},
	{"bigger text", "/help/font-size/"},
	{"timezone", "/help/change-your-timezone/"},
	{"24 hour clock", "/help/change-the-time-format/"},
	{"move from slack", "/help/import-from-slack/"},
	{"download all our data", "/help/export-your-organization/"},
	{"video call", "/help/start-a-call/"},
	{"who can use @everyone", "/help/restrict-wildcard-mentions/"},
	{"upload our own emoji", "/help/custom-emoji/"},
	{"hide text until clicked", "/help/spoilers/"},
	{"reply with a quote", "/help/quote-and-reply/"},
	{"mark everything as read", "/help/marking-messages-as-read/"},
	{"pin a stream to the top", "/help/pin-a-stream/"},
	{"stream colour", "/help/change-the-color-of-a-stream/"},
	{"okta single sign on", "/help/saml-authentication/"},
	{"appear offline", "/help/status-and-availability/"},
	{"phone notifications not working", "/help/mobile-notifications/"},
	{"install the desktop app", "/help/desktop-app-install-guide/"},
	{"behind a corporate proxy", "/help/connect-through-a-proxy/"},
	{"move messages to a different topic", "/help/move-content-to-another-topic/"},
	{"mark topic as done", "/help/resolve-a-topic/"},
	{"syntax highlighting", "/help/code-blocks/"},
	{"forgot my password", "/help/change-your-password/"},
	{"guest accounts", "/help/guest-users/"},
	{"add a bot", "/help/add-a-bot-or-integration/"},
	{"see what a message said before it was edited", "/help/view-a-messages-edit-history/"},
	{"turn off image previews", "/help/allow-image-link-previews/"},
	{"mark a message as important", "/help/star-a-message/"},
	{"all messages from one person", "/help/view-messages-sent-by-a-user/"},
	{"search operators", "/help/search-for-messages/"},
	// Typos and words cut short, as typed into a search box.
	{"notifcations on my phone", "/help/mobile-notifications/"},
	{"keybord shortcuts", "/help/keyboard-shortcuts/"},
	{"emoji reac", "/help/emoji-reactions/"},
	{"custom profile fie", "/help/custom-profile-fields/"},
	{"linkifer", "/help/add-a-custom-linkifier/"},
	{"gdpr", "/help/gdpr-compliance/"},
	{"someone is typing indicator", "/help/typing-notifications/"},
	{"print a conversation", "/help/printing-messages/"},
	{"time in everyone's timezone", "/help/global-times/"},
	{"scim okta provisioning", "/help/scim/"},
}

func TestBuildWritesSearchIndex(t *testing.T) {
	site := fstest.MapFS{
		"content/billing/refunds.md": {Data: []byte("---\ntitle: Refunds\ntags: [money]\n---\n\nWe refund annual plans.\n\n" +
			"<!-- kb:agents -->\nAgents see the zebracode here.\n<!-- /kb:agents -->\n\n" +
			"<!-- kb:people -->\nPeople see the giraffeword here.\n<!-- /kb:people -->\n\n" +
			"## Card refunds\n\nCard refunds take five days.\n\n```sh\ncurl https://api.example/refundz\n```\n")},
		"content/billing/secret.md": {Data: []byte("---\ntitle: Secret plans\ndraft: true\n---\n\nThe okapiplan.\n")},
		"content/billing/hidden.md": {Data: []byte("---\ntitle: Hidden plans\nhidden: true\n---\n\nThe narwhalplan.\n")},
	}
	out := t.TempDir()
	b := builder.New(builder.Options{Config: &builder.Config{Title: "T"}})
	if _, err := b.Build(context.Background(), site, folderSink{out}); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(filepath.Join(out, builder.SearchDir))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for q, want := range map[string]string{
		"refunds":       "/billing/refunds/",
		"card refunds":  "/billing/refunds/#card-refunds",
		"giraffeword":   "/billing/refunds/", // people-only blocks are what HTML readers see
		"refundz":       "/billing/refunds/", // code
		"money":         "/billing/refunds/", // tags
		"narwhalplan":   "/billing/hidden/",  // hidden articles are published
		"zebracode":     "",                  // agents-only blocks are not
		"okapiplan":     "",                  // drafts never are
		"billing money": "/billing/refunds/",
	} {
		res, err := ix.Search(context.Background(), search.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, h := range res.Hits {
			if h.Title == "Secret plans" {
				t.Errorf("%q found a draft", q)
			}
		}
		if len(res.Hits) > 0 {
			got = res.Hits[0].URL
		}
		if got != want {
			t.Errorf("%q: first hit %q, want %q", q, got, want)
		}
	}
	if m := ix.Meta(); m.Docs != 2 || m.Titles["billing"] != "Billing" {
		t.Errorf("sidecar %+v", m)
	}

	out2 := t.TempDir()
	b = builder.New(builder.Options{Config: &builder.Config{Title: "T"}, NoIndex: true})
	if _, err := b.Build(context.Background(), site, folderSink{out2}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out2, builder.SearchDir)); !os.IsNotExist(err) {
		t.Errorf("NoIndex still wrote %s: %v", builder.SearchDir, err)
	}
}

// kb build's output folder ships its index: BuildDir swaps it in with
// the pages.
func TestBuildDirShipsSearchIndex(t *testing.T) {
	src := t.TempDir()
	os.MkdirAll(filepath.Join(src, "content"), 0o755)
	os.WriteFile(filepath.Join(src, "content", "hello.md"), []byte("---\ntitle: Hello\n---\n\nHello there.\n"), 0o644)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := builder.New(builder.Options{}).BuildDir(context.Background(), src, out); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(filepath.Join(out, builder.SearchDir))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), search.Query{Text: "hello"})
	if err != nil || len(res.Hits) != 1 || res.Hits[0].URL != "/hello/" {
		t.Errorf("%+v %v", res, err)
	}
}

// "later" is a word of the Zulip corpus: its fuzzy neighbour "latex" must
// not win over the articles that have it.
func TestSearchTypoNeverBeatsExactZulip(t *testing.T) {
	ix := buildIndex(t, "../../shared/corpus/zulip-help", zulipConfig())
	res, err := ix.Search(context.Background(), search.Query{Text: "later"})
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range res.Hits[:min(3, len(res.Hits))] {
		if strings.HasPrefix(h.URL, "/help/latex/") {
			t.Errorf("LaTeX ranks %d for \"later\"", i+1)
		}
	}
}

func TestSiteYAMLSynonyms(t *testing.T) {
	page := &fstest.MapFile{Data: []byte("---\ntitle: Leave a channel\n---\n\nLeave it.\n")}
	site := fstest.MapFS{
		"site.yaml":                  {Data: []byte("title: T\nsearch:\n  synonyms:\n    leave: [bail out, exit]\n    sign in: [log in]\n")},
		"content/leave-a-channel.md": page,
	}
	out := t.TempDir()
	res, err := builder.New(builder.Options{}).Build(context.Background(), site, folderSink{out})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Site.Config.Synonyms; strings.Join(got["leave"], ",") != "bail out,exit" || len(got["sign in"]) != 1 {
		t.Errorf("synonyms %v", got)
	}
	ix, err := search.Open(filepath.Join(out, builder.SearchDir))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if r, _ := ix.Search(context.Background(), search.Query{Text: "bail out"}); len(r.Hits) == 0 || r.Hits[0].URL != "/leave-a-channel/" {
		t.Errorf("a site synonym found %+v", r)
	}

	for yml, want := range map[string]string{
		"search:\n  synonym:\n    a: [b]\n":    `site.yaml:2:3: unknown search key "synonym" (did you mean "synonyms"?)`,
		"search:\n  synonyms:\n    a: b\n":     `site.yaml:3:8: key "search.synonyms.a": expected a list, got`,
		"search:\n  synonyms: [a, b]\n":        `site.yaml:2:13: key "search.synonyms": expected a mapping`,
		"search: yes\n":                        `site.yaml:1:9: key "search": expected a mapping`,
		"search:\n  synonyms:\n    a: [[b]]\n": `site.yaml:3:9: key "search.synonyms.a": expected a string in the list`,
	} {
		bad := fstest.MapFS{"site.yaml": {Data: []byte(yml)}, "content/a.md": page}
		_, err := builder.New(builder.Options{}).Build(context.Background(), bad, folderSink{t.TempDir()})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %s", yml, err, want)
		}
	}
}

// ---------------------------------------------------------------- benchmarks

// The search benchmarks run over the 10,000-article corpus that kbcorpus
// makes with seed 1 (generated once per test binary; skipped when
// shared/ or the go command is missing). BENCHMARKS.md has the figures:
//
//	go test -run='^$' -bench=Search -benchtime=3x ./builder
const searchBenchArticles = 10000

var searchBench struct {
	once sync.Once
	docs []search.Doc
	skip string
}

func searchBenchDocs(b *testing.B) []search.Doc {
	b.Helper()
	searchBench.once.Do(func() {
		corpus := filepath.Join("..", "..", "shared", "tools", "kbcorpus")
		if _, err := os.Stat(filepath.Join(corpus, "go.mod")); err != nil {
			searchBench.skip = "kbcorpus not found at " + corpus
			return
		}
		goTool, err := exec.LookPath("go")
		if err != nil {
			searchBench.skip = "no go command to run kbcorpus"
			return
		}
		tmp, err := os.MkdirTemp("", "kb-search-bench-")
		if err != nil {
			searchBench.skip = err.Error()
			return
		}
		defer os.RemoveAll(tmp)
		cmd := exec.Command(goTool, "run", ".", "-n", strconv.Itoa(searchBenchArticles), "-seed", "1", "-out", tmp+"/site")
		cmd.Dir = corpus
		if out, err := cmd.CombinedOutput(); err != nil {
			searchBench.skip = fmt.Sprintf("kbcorpus: %v: %s", err, out)
			return
		}
		res, err := builder.New(builder.Options{}).Build(context.Background(), os.DirFS(tmp+"/site"), folderSink{})
		if err != nil {
			searchBench.skip = "building the corpus: " + err.Error()
			return
		}
		searchBench.docs = res.Site.SearchDocs()
	})
	if searchBench.skip != "" {
		b.Skip(searchBench.skip)
	}
	return searchBench.docs
}

// BenchmarkSearchIndex builds the index of 10,000 articles: docs/s, and
// the index's size.
func BenchmarkSearchIndex(b *testing.B) {
	docs := searchBenchDocs(b)
	var size int64
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "idx")
		if err := search.Build(context.Background(), dir, docs, search.BuildOptions{}); err != nil {
			b.Fatal(err)
		}
		size = dirSize(b, dir)
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(size)/(1<<20), "MB")
}

// BenchmarkSearchIndexReadOnly is BenchmarkSearchIndex with
// search.BuildOptions.ReadOnly, as for an index only ever opened with
// search.Open (kb build's).
func BenchmarkSearchIndexReadOnly(b *testing.B) {
	docs := searchBenchDocs(b)
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "idx")
		if err := search.Build(context.Background(), dir, docs, search.BuildOptions{ReadOnly: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSearchIndexFloor is the floor to compare with: bleve's default
// mapping over the same documents, in batches of 1,000, as its README
// shows.
func BenchmarkSearchIndexFloor(b *testing.B) {
	docs := searchBenchDocs(b)
	var size int64
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "floor")
		idx, err := bleve.New(dir, bleve.NewIndexMapping())
		if err != nil {
			b.Fatal(err)
		}
		batch := idx.NewBatch()
		for i := range docs {
			if err := batch.Index(docs[i].URL, &docs[i]); err != nil {
				b.Fatal(err)
			}
			if batch.Size() == 1000 || i == len(docs)-1 {
				if err := idx.Batch(batch); err != nil {
					b.Fatal(err)
				}
				batch.Reset()
			}
		}
		if err := idx.Close(); err != nil {
			b.Fatal(err)
		}
		size = dirSize(b, dir)
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(size)/(1<<20), "MB")
}

var searchBenchIndex struct {
	once sync.Once
	dir  string
	err  error
}

func searchBenchDir(b *testing.B) string {
	docs := searchBenchDocs(b)
	searchBenchIndex.once.Do(func() {
		tmp, err := os.MkdirTemp("", "kb-search-bench-idx-")
		if err != nil {
			searchBenchIndex.err = err
			return
		}
		searchBenchIndex.dir = filepath.Join(tmp, "idx")
		searchBenchIndex.err = search.Build(context.Background(), searchBenchIndex.dir, docs, search.BuildOptions{})
	})
	if searchBenchIndex.err != nil {
		b.Fatal(searchBenchIndex.err)
	}
	return searchBenchIndex.dir
}

// BenchmarkSearchOpen opens the prebuilt index (and closes it).
func BenchmarkSearchOpen(b *testing.B) {
	dir := searchBenchDir(b)
	for b.Loop() {
		ix, err := search.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}

// benchQueries are typed as readers type them into the corpus's search
// box: its objects and symptoms, typos, words cut short.
var benchQueries = []string{
	"vat number", "reset password", "export data", "webhook retries", "pasword", "notif", "cant sign in",
	"invoice android", "two factor authentication", "delete workspace", "api rate limit", "sso saml okta",
	"find a vat number on android", "error e3871", "session expired", "change email", "upgrade plan", "billing",
	"integrations slack", "audit log", "something went wrong", "tax exemption certificate", "notifications paused",
	"domains settings", "archived", "recovery codes", "permissions guest", "syncing", "offline mode iphone", "invit",
}

// BenchmarkSearchQuery answers the queries one after another: p50 and
// p99 latency.
func BenchmarkSearchQuery(b *testing.B) {
	benchQuery(b, 1)
}

// BenchmarkSearchQuery2 answers them on two goroutines at once.
func BenchmarkSearchQuery2(b *testing.B) {
	benchQuery(b, 2)
}

func benchQuery(b *testing.B, goroutines int) {
	ix, err := search.Open(searchBenchDir(b))
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	for _, q := range benchQueries { // warm the caches, as a server would be
		ix.Search(ctx, search.Query{Text: q})
	}
	var mu sync.Mutex
	var lat []time.Duration
	var next atomic.Int64
	b.ResetTimer()
	for b.Loop() {
		var wg sync.WaitGroup
		for g := 0; g < goroutines; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				q := benchQueries[int(next.Add(1))%len(benchQueries)]
				start := time.Now()
				if _, err := ix.Search(ctx, search.Query{Text: q}); err != nil {
					b.Error(err)
				}
				d := time.Since(start)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	at := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / 1e6 }
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

func dirSize(b *testing.B, dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}
