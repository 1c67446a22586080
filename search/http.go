package search

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"
)

// maxRawQuery bounds the whole query string of a request, before it is
// parsed: four times MaxQueryBytes leaves room for escapes and the other
// parameters.
const maxRawQuery = 4 * MaxQueryBytes

// Handler serves the search API over ix:
//
//	GET /api/search?q=refund&category=billing&section=billing/payments&limit=10
//
// It answers Results as JSON. Bad parameters (a missing, repeated, too
// long or non-UTF-8 q, a limit outside 1..MaxLimit, a malformed category)
// get 400 with {"error": "..."}; a nil ix (no index) or a closed one get
// 503; nothing gets 500. Each request gets the Timeout deadline: a search
// that runs out of time answers 200 with the results found so far and
// "partial": true, or, when it found none, 503 with Retry-After. The handler is safe for concurrent use; to serve
// a new index after a rebuild, swap handlers.
func Handler(ix *Index) http.Handler {
	if ix == nil {
		return handler(nil)
	}
	return handler(ix.Search)
}

// LiveHandler is Handler for a Live index: each request searches the
// view current when it arrives.
func LiveHandler(l *Live) http.Handler { return handler(l.Search) }

func handler(search func(context.Context, Query) (*Results, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				writeJSON(w, http.StatusServiceUnavailable, apiError{"search failed"})
			}
		}()
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeJSON(w, http.StatusMethodNotAllowed, apiError{"method not allowed"})
			return
		}
		q, msg := parseRequest(r)
		if msg != "" {
			writeJSON(w, http.StatusBadRequest, apiError{msg})
			return
		}
		if search == nil {
			writeJSON(w, http.StatusServiceUnavailable, apiError{ErrNoIndex.Error()})
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), Timeout)
		defer cancel()
		res, err := search(ctx, q)
		switch {
		case err == nil:
			writeJSON(w, http.StatusOK, res)
		case errors.Is(err, ErrQueryTooLong), errors.Is(err, ErrBadQuery):
			writeJSON(w, http.StatusBadRequest, apiError{err.Error()})
		case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
			// The server is busy (a saturated CPU, say): the same query
			// is likely to succeed in a moment.
			w.Header().Set("Retry-After", retryAfter)
			writeJSON(w, http.StatusServiceUnavailable, apiError{"search timed out before finding any result; try again in a moment"})
		default:
			writeJSON(w, http.StatusServiceUnavailable, apiError{"search unavailable"})
		}
	})
}

// retryAfter is the Retry-After, in seconds, of a search that ran out of
// time.
const retryAfter = "1"

type apiError struct {
	Error string `json:"error"`
}

// parseRequest reads a Query from the request's parameters, or says
// what is wrong with them.
func parseRequest(r *http.Request) (Query, string) {
	var q Query
	if len(r.URL.RawQuery) > maxRawQuery {
		return q, "query string too long"
	}
	vals, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return q, "malformed query string"
	}
	one := func(name string, required bool) (string, string) {
		v, ok := vals[name]
		switch {
		case !ok && required:
			return "", "missing parameter " + name
		case len(v) > 1:
			return "", "parameter " + name + " given more than once"
		case !ok:
			return "", ""
		case len(v[0]) > MaxQueryBytes:
			return "", "parameter " + name + " longer than " + strconv.Itoa(MaxQueryBytes) + " bytes"
		case !utf8.ValidString(v[0]):
			return "", "parameter " + name + " is not UTF-8"
		}
		return v[0], ""
	}
	var msg string
	if q.Text, msg = one("q", true); msg != "" {
		return q, msg
	}
	if q.Category, msg = one("category", false); msg != "" {
		return q, msg
	}
	if q.Section, msg = one("section", false); msg != "" {
		return q, msg
	}
	if err := checkKey(q.Category); err != nil {
		return q, "parameter category: " + err.Error()
	}
	if err := checkKey(q.Section); err != nil {
		return q, "parameter section: " + err.Error()
	}
	limit, msg := one("limit", false)
	if msg != "" {
		return q, msg
	}
	if limit != "" {
		n, err := strconv.Atoi(limit)
		if err != nil || n < 1 || n > MaxLimit {
			return q, "parameter limit must be a whole number from 1 to " + strconv.Itoa(MaxLimit)
		}
		q.Limit = n
	}
	return q, ""
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
