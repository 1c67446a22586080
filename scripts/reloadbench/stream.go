package main

// The two live-reload streams, as one channel of messages each: kb's
// server-sent events at /_dev/events and Hugo's LiveReload WebSocket at
// /livereload. Each message is stamped when it is read, on the reading
// goroutine, so the time does not depend on when the main loop looks.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// message is one live-reload message, or a broken stream.
type message struct {
	At   time.Time
	Kind string // kb: the SSE event name (hello, reload, css, error); hugo: the LiveReload command (hello, reload, alert)
	Data string // kb: the build number; hugo: the path to reload
	Err  error  // the stream broke; the listener reconnects
}

// readSSE parses a server-sent event stream (the WHATWG EventSource
// format) and calls emit for every event dispatched, until r fails.
func readSSE(r *bufio.Reader, emit func(name, data string)) error {
	var name string
	var data []string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			if err == io.EOF && line == "" {
				return io.EOF
			}
			if err != io.EOF {
				return err
			}
		}
		line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
		switch {
		case line == "":
			if len(data) > 0 {
				if name == "" {
					name = "message"
				}
				emit(name, strings.Join(data, "\n"))
			}
			name, data = "", nil
		case strings.HasPrefix(line, ":"):
			// comment (keep-alive)
		default:
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "event":
				name = value
			case "data":
				data = append(data, value)
			}
		}
		if err == io.EOF {
			return io.EOF
		}
	}
}

// listenSSE follows kb's event stream at url, reconnecting when it breaks.
func listenSSE(ctx context.Context, url string, out chan<- message) {
	for ctx.Err() == nil {
		err := func() error {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if err != nil {
				return err
			}
			req.Header.Set("Accept", "text/event-stream")
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("GET %s: %s", url, resp.Status)
			}
			return readSSE(bufio.NewReader(resp.Body), func(name, data string) {
				send(ctx, out, message{At: time.Now(), Kind: name, Data: data})
			})
		}()
		if ctx.Err() != nil {
			return
		}
		send(ctx, out, message{At: time.Now(), Err: fmt.Errorf("event stream: %v", err)})
		sleep(ctx, 200*time.Millisecond)
	}
}

// liveReloadMsg is a LiveReload protocol message (the fields Hugo uses).
type liveReloadMsg struct {
	Command   string   `json:"command"`
	Path      string   `json:"path,omitempty"`
	Protocols []string `json:"protocols,omitempty"`
}

// listenLiveReload follows Hugo's LiveReload WebSocket at addr, saying
// hello as the livereload.js client does, reconnecting when it breaks.
func listenLiveReload(ctx context.Context, addr string, out chan<- message) {
	for ctx.Err() == nil {
		err := func() error {
			c, err := dialWS(addr, "/livereload", "http://"+addr, 10*time.Second)
			if err != nil {
				return err
			}
			stop := context.AfterFunc(ctx, func() { c.Close() })
			defer stop()
			defer c.Close()
			hello, _ := json.Marshal(liveReloadMsg{Command: "hello", Protocols: []string{"http://livereload.com/protocols/official-7"}})
			if err := c.WriteText(hello); err != nil {
				return err
			}
			for {
				b, err := c.ReadMessage()
				if err != nil {
					return err
				}
				at := time.Now()
				var m liveReloadMsg
				if err := json.Unmarshal(b, &m); err != nil {
					return fmt.Errorf("livereload: %q: %v", b, err)
				}
				send(ctx, out, message{At: at, Kind: m.Command, Data: m.Path})
			}
		}()
		if ctx.Err() != nil {
			return
		}
		if err == nil {
			err = errors.New("closed")
		}
		send(ctx, out, message{At: time.Now(), Err: fmt.Errorf("livereload: %v", err)})
		sleep(ctx, 200*time.Millisecond)
	}
}

func send(ctx context.Context, out chan<- message, m message) {
	select {
	case out <- m:
	case <-ctx.Done():
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
