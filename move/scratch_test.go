package move

import (
	"context"
	"os"
	"testing"
)

func TestScratch10k(t *testing.T) {
	p, err := Make(context.Background(), os.DirFS("/tmp/kbc10k"), "account-billing/invoices-and-receipts", "api-developers/")
	if err != nil {
		t.Fatal(err)
	}
	t.Log(len(p.Edits))
}
