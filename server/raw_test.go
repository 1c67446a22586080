package server

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const sentinel = "SENTINEL-4c1d-never-served"

// rawGet sends request bytes as they are (no client normalises the path)
// and returns the status code and the whole answer.
func rawGet(t *testing.T, addr, raw string) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(c)
	res, err := http.ReadResponse(bufio.NewReader(strings.NewReader(string(data))), nil)
	if err != nil {
		t.Fatalf("%q: unreadable answer %q", raw, data)
	}
	return res.StatusCode, string(data)
}

// traversalTargets are the request targets of RELIABILITY S-01…S-05.
func traversalTargets() []string {
	return []string{
		// S-01 traversal in every encoding
		"/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt", "/%252e%252e%252fsecret.txt",
		`/..\secret.txt`, "/..%5csecret.txt", "/%5c..%5csecret.txt", "/....//secret.txt", "/./../secret.txt", "/a/..;/secret.txt",
		"/" + strings.Repeat("..%2f", 50) + "secret.txt", "//secret.txt", "/.%2e/secret.txt", "/%c0%ae%c0%ae/secret.txt",
		"/%c0%ae%c0%ae%c0%afsecret.txt", "/billing/../../secret.txt", "/billing/%2e%2e/%2e%2e/secret.txt",
		"/" + strings.Repeat("a/", 4000) + "secret.txt",
		// S-02 NUL
		"/%00", "/index.html%00.js", "/a%00b/", "/secret.txt%00",
		// S-03 symlinks to the sentinel
		"/link.txt", "/linkdir/secret.txt", "/linkdir/", "/billing/up/secret.txt",
		// S-04 dotfiles
		"/.git/config", "/.env", "/.DS_Store", "/.kb-output", "/.kb-search/", "/.kb-search/meta.json", "/billing/.hidden",
		// S-05 folders without an index
		"/assets/", "/assets", "/emptydir/", "/emptydir",
	}
}

// servedTree builds the test site into tmp/public with a sentinel file
// at tmp/secret.txt, symlinks and dotfiles inside public/, and a folder
// without index.html.
func servedTree(t *testing.T) (src, public string) {
	t.Helper()
	src = newSiteDir(t, testSite(nil))
	root := filepath.Dir(src)
	public = filepath.Join(root, "public")
	buildDir(t, src, public)
	writeFiles(t, root, map[string]string{
		"secret.txt":             sentinel,
		"public/.git/config":     sentinel,
		"public/.env":            sentinel,
		"public/.DS_Store":       sentinel,
		"public/billing/.hidden": sentinel,
		"public/emptydir/x.bin":  "x",
	})
	for link, target := range map[string]string{
		"public/link.txt":   filepath.Join(root, "secret.txt"),
		"public/linkdir":    root,
		"public/billing/up": "../..",
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	// The site folder sits next to public/ too: put a sentinel in it
	// for the dev server, which serves from memory.
	writeFiles(t, src, map[string]string{"secret.txt": sentinel})
	return src, public
}

func TestTraversalRawRequests(t *testing.T) {
	src, public := servedTree(t)
	prod, err := New(Config{Dir: public})
	if err != nil {
		t.Fatal(err)
	}
	dev := devServer(t, src, nil)
	for name, s := range map[string]*Server{"prod": prod, "dev": dev} {
		t.Run(name, func(t *testing.T) {
			ts := httptest.NewUnstartedServer(s)
			ts.Config = s.HTTPServer()
			ts.Start()
			defer ts.Close()
			addr := ts.Listener.Addr().String()
			n := 0
			check := func(raw string) {
				t.Helper()
				n++
				code, answer := rawGet(t, addr, raw)
				if code < 400 || code > 499 {
					t.Errorf("%.120q: status %d, want 4xx", raw, code)
				}
				if strings.Contains(answer, sentinel) {
					t.Errorf("%.120q: the sentinel was served", raw)
				}
				if strings.Contains(answer, filepath.Dir(public)) {
					t.Errorf("%.120q: an absolute path is in the answer", raw)
				}
			}
			for _, target := range traversalTargets() {
				check("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
				check("HEAD " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
			}
			// Absolute-form targets and odd request lines.
			for _, raw := range []string{
				"GET http://x/../../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
				"GET http://127.0.0.1/../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
				"GET ../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
				"GET * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
				"GET /\x00 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
				"GET /" + strings.Repeat("x", 70<<10) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
				"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + strings.Repeat("c", 70<<10) + "\r\nConnection: close\r\n\r\n",
			} {
				check(raw)
			}
			t.Logf("%d crafted requests: 0 sentinel bytes, 0 5xx", n)
			// The site itself is still served over the same kind of request.
			if code, answer := rawGet(t, addr, "GET /billing/refunds/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"); code != 200 || !strings.Contains(answer, "Refunds") {
				t.Errorf("page: %d", code)
			}
		})
	}
}
