package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"kb/builder"
)

// TestDevSearch: after a good build the dev server's search answers from
// a fresh index; before the first index it answers 503; close removes it.
func TestDevSearch(t *testing.T) {
	d := newDevSearch(io.Discard)
	get := func() (int, string) {
		rec := httptest.NewRecorder()
		d.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q=pasword", nil))
		return rec.Code, rec.Body.String()
	}
	if code, _ := get(); code != http.StatusServiceUnavailable {
		t.Fatalf("before any build: %d, want 503", code)
	}
	res, err := builder.New(builder.Options{Dev: true}).Build(context.Background(), os.DirFS("../.."), builder.NewMemSink())
	if err != nil {
		t.Fatal(err)
	}
	d.update(context.Background(), res)
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, body := get()
		if code == 200 {
			if !strings.Contains(body, `"url":"/account/security/reset-your-password/"`) {
				t.Errorf("typo query misses the article: %s", body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no index after 20 s: %d %s", code, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	dir := d.dir
	d.update(context.Background(), res) // same content: the index is kept
	if d.dir != dir {
		t.Error("an unchanged build rebuilt the index")
	}
	d.close()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("index folder %s left behind", dir)
	}
}
