package server

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// contentSecurityPolicy is satisfied by the default theme, which has no
// inline script or style attribute (see package layouts). It is sent in
// both modes, so a theme that breaks it shows in kb serve first.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// secureHeaders sets the headers every answer carries. No CORS header is
// ever sent: other origins cannot read anything.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// guard refuses requests for hosts the server does not serve and
// requests sent by pages of other origins.
//
// Dev mode accepts Host names that can only reach this machine
// (localhost, *.localhost, IP literals) and Config.AllowedHosts: a page
// on evil.example that rebinds its name to 127.0.0.1 still sends
// "Host: evil.example", and gets 403 for pages, the search API and the
// live-reload stream. In production, Host is checked only when
// AllowedHosts is set.
//
// An Origin header, when present, must be the request's own host or an
// accepted one; "Origin: null" is refused.
func (s *Server) guard(next http.Handler) http.Handler {
	allowed := map[string]bool{}
	for _, h := range s.cfg.AllowedHosts {
		allowed[normHost(h)] = true
	}
	hostOK := func(hostport string) bool {
		host := normHost(hostOnly(hostport))
		if allowed[host] {
			return true
		}
		if s.cfg.Dev {
			return host == "localhost" || strings.HasSuffix(host, ".localhost") || net.ParseIP(host) != nil
		}
		return len(allowed) == 0
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !hostOK(r.Host) {
			http.Error(w, "403 forbidden: unknown host (kb serve -allowed-hosts adds one)", http.StatusForbidden)
			return
		}
		if o, ok := r.Header["Origin"]; ok {
			u, err := url.Parse(strings.Join(o, ""))
			ok := err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") &&
				(strings.EqualFold(u.Host, r.Host) || allowed[normHost(hostOnly(u.Host))] || s.cfg.Dev && hostOK(u.Host))
			if !ok && err == nil && s.cors(w, r, strings.ToLower(u.Scheme+"://"+u.Host)) {
				if r.Method == http.MethodOptions {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				ok = true
			}
			if !ok {
				http.Error(w, "403 forbidden: cross-origin request", http.StatusForbidden)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// cors answers a cross-origin request from an origin listed in
// site.yaml's agents.cors, and reports whether it may go on: reads (GET,
// HEAD) anywhere and MCP's POST and DELETE at {base}mcp, with their
// preflights. Nothing else is allowed, so a listed origin still cannot
// send feedback votes.
func (s *Server) cors(w http.ResponseWriter, r *http.Request, origin string) bool {
	st := s.current()
	if st == nil || !slices.Contains(st.manifest().Agents.CORS, origin) {
		return false
	}
	method := r.Method
	if method == http.MethodOptions {
		method = r.Header.Get("Access-Control-Request-Method")
	}
	mcpURL := r.URL.Path == st.basePath()+mcpPath || r.URL.Path == langAt(st, r.URL.Path).Base+mcpPath
	if method != http.MethodGet && method != http.MethodHead && !(mcpURL && (method == http.MethodPost || method == http.MethodDelete)) {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Add("Vary", "Origin")
	h.Set("Access-Control-Expose-Headers", "Link, Mcp-Session-Id, Mcp-Protocol-Version")
	if r.Method == http.MethodOptions {
		h.Set("Access-Control-Allow-Methods", "GET, HEAD, POST, DELETE")
		h.Set("Access-Control-Allow-Headers", "Accept, Content-Type, Last-Event-ID, Mcp-Protocol-Version, Mcp-Session-Id")
		h.Set("Access-Control-Max-Age", "600")
	}
	return true
}

func normHost(h string) string { return strings.ToLower(strings.TrimSuffix(h, ".")) }

// hostOnly strips the port from a Host header value.
func hostOnly(hostport string) string {
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		return h
	}
	return strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]")
}

// recoverPanics turns a panic in a handler into a 500 for that request
// and a log line; the server goes on.
func recoverPanics(next http.Handler, l *logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				l.printf("kb: panic serving %s: %v\n", r.URL.Path, v)
				http.Error(w, "500 internal server error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusWriter records the status and size of an answer. It unwraps, so
// http.ResponseController reaches the connection through it.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// accessLog writes one line per request: the Common Log Format followed
// by the duration and what marks adds (agent traffic: " twin
// agent=ChatGPT-User", see Server.trafficMarks), given the answer's
// Content-Type.
func accessLog(next http.Handler, out io.Writer, marks func(r *http.Request, ctype string) string) http.Handler {
	var mu sync.Mutex
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			line := fmt.Sprintf("%s - - [%s] %q %d %d %s%s\n", hostOnly(r.RemoteAddr), start.Format("02/Jan/2006:15:04:05 -0700"),
				r.Method+" "+r.URL.RequestURI()+" "+r.Proto, sw.status, sw.bytes, time.Since(start).Round(time.Microsecond),
				marks(r, sw.Header().Get("Content-Type")))
			mu.Lock()
			_, _ = io.WriteString(out, line)
			mu.Unlock()
		}()
		next.ServeHTTP(sw, r)
	})
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, code int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		code, data = http.StatusInternalServerError, []byte(`{"error":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(append(data, '\n'))
}

func (l *logger) std() *log.Logger { return log.New(l, "kb: ", 0) }
