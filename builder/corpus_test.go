package builder_test

import (
	"context"
	"os"
	"testing"

	"kb/builder"
)

type nopSink struct{}

func (nopSink) Put(string, []byte) error { return nil }

func TestPostmanCorpus(t *testing.T) {
	root := "../../shared/corpus/postman-docs"
	b := builder.New(builder.Options{Config: &builder.Config{Title: "Postman", BaseURL: "https://learning.postman.com/", ContentDir: "src/pages", Links: "warn"}})
	res, err := b.Build(context.Background(), os.DirFS(root), nopSink{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("articles %d", res.Articles)
	for _, d := range res.Warnings {
		t.Log(d.String())
	}
}
