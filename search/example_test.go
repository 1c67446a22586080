package search_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kbhelp/kb/search"
)

func ExampleIndex_Search() {
	tmp, _ := os.MkdirTemp("", "kb-example-")
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, ".kb-search")
	docs := []search.Doc{
		{URL: "/billing/refunds/", Title: "Refunds", Category: "billing", CategoryTitle: "Billing",
			Body:     "We refund annual plans within thirty days.",
			Sections: []search.Section{{Anchor: "card", Title: "Refunds to a card", Text: "Card refunds take five to ten days."}}},
		{URL: "/account/reset-your-password/", Title: "Reset your password", Category: "account", CategoryTitle: "Account",
			Body: "Click Forgot password on the sign-in page."},
	}
	if err := search.Build(context.Background(), dir, docs, search.BuildOptions{}); err != nil {
		fmt.Println(err)
		return
	}
	ix, err := search.Open(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ix.Close()
	res, _ := ix.Search(context.Background(), search.Query{Text: "how long do card refnds take"})
	for _, h := range res.Hits {
		fmt.Println(h.URL)
		fmt.Println(h.Snippet)
	}
	// Output:
	// /billing/refunds/#card
	// <mark>Card</mark> <mark>refunds</mark> <mark>take</mark> five to ten days.
}
