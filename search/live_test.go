package search

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

func liveDoc(url, title, body string) Doc {
	return Doc{URL: url, Title: title, Body: body, Category: "billing", CategoryTitle: "Billing", Breadcrumb: []string{"Billing"}}
}

// liveURLs searches text and returns the URLs found, best first.
func liveURLs(t *testing.T, ix *Index, text string) []string {
	t.Helper()
	res, err := ix.Search(context.Background(), Query{Text: text})
	if err != nil {
		t.Fatalf("search %q: %v", text, err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.URL)
	}
	return out
}

// TestLiveUpdate changes, adds and removes documents of a built index,
// as kb serve does after a save, and checks that searches follow.
func TestLiveUpdate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	docs := []Doc{
		liveDoc("/billing/refunds/", "Get a refund", "Refunds reach your card within ten days."),
		liveDoc("/billing/invoices/", "Download invoices", "Invoices are kept for seven years."),
	}
	if err := Build(context.Background(), dir, docs, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	l, err := OpenLive(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	before := l.Index()
	if got := liveURLs(t, before, "invoices"); len(got) == 0 || got[0] != "/billing/invoices/" {
		t.Fatalf("before: invoices found %v", got)
	}
	changed := liveDoc("/billing/refunds/", "Get a refund", "Refunds reach your card within ten days, or your wallet at once.")
	added := liveDoc("/billing/disputes/", "Dispute a charge", "Open a chargeback dispute with your bank.")
	added.Category, added.CategoryTitle = "payments", "Payments"
	now, err := l.Update(context.Background(), []Doc{changed, added}, []string{"/billing/invoices/"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if now != l.Index() {
		t.Error("Update did not make its view current")
	}
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"wallet", []string{"/billing/refunds/"}},
		{"chargeback", []string{"/billing/disputes/"}},
		{"invoices", nil},
	} {
		got := liveURLs(t, now, c.q)
		if c.want == nil {
			if slices.Contains(got, "/billing/invoices/") {
				t.Errorf("after the update, %q still finds the removed document: %v", c.q, got)
			}
		} else if len(got) == 0 || got[0] != c.want[0] {
			t.Errorf("after the update, %q found %v, want %v first", c.q, got, c.want)
		}
	}
	if m := now.Meta(); m.Docs != 2 || m.Titles["payments"] != "Payments" {
		t.Errorf("meta after the update: %d docs, titles %v", m.Docs, m.Titles)
	}
	res, err := now.Search(context.Background(), Query{Text: "chargeback"})
	if err != nil || len(res.Categories) != 1 || res.Categories[0].Title != "Payments" {
		t.Errorf("category counts after the update: %+v, %v", res, err)
	}
	if _, err := before.Search(context.Background(), Query{Text: "refund"}); !errors.Is(err, ErrClosed) {
		t.Errorf("the replaced view answered (%v), want ErrClosed", err)
	}
}
