package search

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// timeUpIndex opens its own copy of the fixture (the shared one is used
// by parallel tests) whose passes run out of time after n matches.
func timeUpIndex(t *testing.T, n int) *Index {
	t.Helper()
	ix, err := Open(buildTemp(t, testDocs))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ix.timeUp = func(seen int) bool { return seen >= n }
	return ix
}

// TestSearchOutOfTimeAnswersWhatItFound: a query whose deadline passes
// while it walks the matches answers the hits found so far, marked
// Partial, instead of the deadline error.
func TestSearchOutOfTimeAnswersWhatItFound(t *testing.T) {
	full, err := testIndex(t).Search(context.Background(), Query{Text: "password"})
	if err != nil || full.Total < 3 || full.Partial {
		t.Fatalf("the whole search: %+v, %v; want 3 or more hits, not partial", full, err)
	}
	for _, text := range []string{"password", "reset password email", "pasword"} {
		res, err := timeUpIndex(t, 2).Search(context.Background(), Query{Text: text})
		if err != nil {
			t.Errorf("%q: %v, want the hits found in time", text, err)
			continue
		}
		if !res.Partial || len(res.Hits) == 0 || res.Total > 2 {
			t.Errorf("%q: partial %v, %d hits, total %d; want partial, 1 or 2 hits", text, res.Partial, len(res.Hits), res.Total)
		}
		for _, h := range res.Hits {
			if h.URL == "" || h.Title == "" {
				t.Errorf("%q: hit without URL or title: %+v", text, h)
			}
		}
	}
}

// TestSearchOutOfTimeWithNothingFound: a search out of time before its
// first match returns ErrTimeout, which is a context.DeadlineExceeded;
// one whose deadline had passed before it started still looks at its
// first matches, so a simple query is answered.
func TestSearchOutOfTimeWithNothingFound(t *testing.T) {
	_, err := timeUpIndex(t, 0).Search(context.Background(), Query{Text: "password"})
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("out of time at once: %v, want ErrTimeout", err)
	}
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	if res, err := testIndex(t).Search(ctx, Query{Text: "password"}); err != nil || len(res.Hits) < 3 {
		t.Errorf("deadline already passed: %+v, %v; want the hits of the first matches", res, err)
	}
	// A caller who cancelled gets its own error, not a timeout.
	ctx, cancel = context.WithCancel(context.Background())
	cancel()
	if _, err := testIndex(t).Search(ctx, Query{Text: "password"}); !errors.Is(err, context.Canceled) || errors.Is(err, ErrTimeout) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
}

// TestHandlerOutOfTime: over HTTP, a search out of time answers 200 with
// "partial": true and its hits, or 503 with a JSON error and Retry-After
// when it found nothing; never another 5xx. A deadline already passed
// still answers the first matches.
func TestHandlerOutOfTime(t *testing.T) {
	get := func(h http.Handler, ctx context.Context) (*httptest.ResponseRecorder, map[string]any) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q=password", nil).WithContext(ctx))
		var body map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Errorf("not JSON: %v: %s", err, rec.Body)
		}
		return rec, body
	}

	rec, body := get(Handler(timeUpIndex(t, 2)), context.Background())
	if hits, _ := body["hits"].([]any); rec.Code != 200 || body["partial"] != true || len(hits) == 0 {
		t.Errorf("partial: %d %s; want 200, \"partial\": true and hits", rec.Code, rec.Body)
	}
	rec, body = get(Handler(testIndex(t)), context.Background())
	if _, ok := body["partial"]; rec.Code != 200 || ok {
		t.Errorf("in time: %d %s; want 200 without \"partial\"", rec.Code, rec.Body)
	}

	past, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	rec, body = get(Handler(testIndex(t)), past)
	if hits, _ := body["hits"].([]any); rec.Code != 200 || len(hits) == 0 {
		t.Errorf("deadline already passed: %d %s; want 200 with hits", rec.Code, rec.Body)
	}
	rec, body = get(Handler(timeUpIndex(t, 0)), context.Background())
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || body["error"] == nil {
		t.Errorf("out of time before a match: %d Retry-After %q %s; want 503, Retry-After and a JSON error", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
}
