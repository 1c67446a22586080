package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// startBrowser starts headless Chromium with a fresh profile, as the e2e
// harness does (e2e/browser_test.go). stop ends it and removes the profile.
func startBrowser(parent context.Context, exe string) (ctx context.Context, stop func(), err error) {
	dir, err := os.MkdirTemp("", "kb-searchbrowser-profile-")
	if err != nil {
		return nil, nil, err
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(parent,
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(dir),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("mute-audio", true),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	stop = func() {
		cancel()
		allocCancel() // waits for the browser to exit
		os.RemoveAll(dir)
	}
	if err := chromedp.Do(ctx); err != nil {
		stop()
		return nil, nil, err
	}
	return ctx, stop, nil
}

// A fetch is one request a tab sent, with the step it belongs to.
type fetch struct {
	Step   int // -1: the page load; 0: the first query (focus included); i: the i-th further keystroke
	URL    string
	Status int64
	Wire   float64 // bytes received (CDP's encodedDataLength: headers and compressed body)
	Cached bool    // served from the browser's cache, not the network
	Done   bool
}

// A tab is one tab in a fresh browser context (no cache, no storage
// shared with another session), recording every request with the step
// current when it was sent, and every console error, failed request
// and exception as a problem. Its listener runs on chromedp's event
// goroutine, so the fields are behind mu.
type tab struct {
	ctx    context.Context
	cancel func()
	host   string

	mu       sync.Mutex
	step     int
	reqs     map[network.RequestID]*fetch
	order    []*fetch
	problems []string
	warns    []string
}

func newTab(browser context.Context, site string) (*tab, error) {
	u, _ := url.Parse(site)
	tb := &tab{host: u.Host, step: -1, reqs: map[network.RequestID]*fetch{}}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext(), chromedp.WithListener(tb.listen))
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, err
	}
	tctx, tcancel := context.WithTimeout(ctx, 5*time.Minute)
	tb.ctx = tctx
	tb.cancel = func() { tcancel(); cancel() }
	return tb, nil
}

func (tb *tab) listen(ev any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if ev.RedirectResponse != nil { // the same ID again: the first hop is done
			if f := tb.reqs[ev.RequestID]; f != nil && !f.Done {
				f.Done = true
			}
		}
		f := &fetch{Step: tb.step, URL: ev.Request.URL}
		tb.reqs[ev.RequestID] = f
		tb.order = append(tb.order, f)
		if u, err := url.Parse(f.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != tb.host {
			tb.problems = append(tb.problems, "request to another host: "+f.URL)
		}
	case *network.EventRequestServedFromCache:
		if f := tb.reqs[ev.RequestID]; f != nil {
			f.Cached = true
		}
	case *network.EventResponseReceived:
		if f := tb.reqs[ev.RequestID]; f != nil {
			f.Status = ev.Response.Status
			if f.Status >= 400 {
				tb.problems = append(tb.problems, fmt.Sprintf("%s: status %d", f.URL, f.Status))
			}
		}
	case *network.EventLoadingFinished:
		if f := tb.reqs[ev.RequestID]; f != nil && !f.Done {
			f.Wire = ev.EncodedDataLength
			f.Done = true
		}
	case *network.EventLoadingFailed:
		if f := tb.reqs[ev.RequestID]; f != nil && !f.Done {
			f.Done = true
			if !ev.Canceled {
				tb.problems = append(tb.problems, fmt.Sprintf("%s: request failed: %s", f.URL, ev.ErrorText))
			}
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg = d.Exception.Description
		}
		tb.problems = append(tb.problems, "uncaught exception: "+msg)
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeWarning && ev.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var args []string
		for _, a := range ev.Args {
			args = append(args, strings.Trim(string(a.Value), `"`)+a.Description)
		}
		msg := "console." + string(ev.Type) + ": " + strings.Join(args, " ")
		if ev.Type == runtime.ConsoleAPICalledTypeWarning {
			tb.warns = append(tb.warns, msg)
		} else {
			tb.problems = append(tb.problems, msg)
		}
	case *log.EventEntryAdded:
		if e := ev.Entry; e.Level == log.EntryLevelError && e.Source != log.EntrySourceNetwork { // network errors are counted above
			tb.problems = append(tb.problems, fmt.Sprintf("console (%s): %s %s", e.Source, e.Text, e.URL))
		}
	}
}

// setStep attributes the requests sent from now on to step.
func (tb *tab) setStep(step int) {
	tb.mu.Lock()
	tb.step = step
	tb.mu.Unlock()
}

// fetches returns the requests of step.
func (tb *tab) fetches(step int) []fetch {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var out []fetch
	for _, f := range tb.order {
		if f.Step == step {
			out = append(out, *f)
		}
	}
	return out
}

// report returns the problems and warnings seen so far.
func (tb *tab) report() (problems, warns []string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.problems...), append([]string(nil), tb.warns...)
}

// eval evaluates a JavaScript expression, awaiting a promise, and decodes
// its value.
func eval[T any](tb *tab, js string) (T, error) {
	return chromedp.Run(tb.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// waitJS polls a JavaScript expression until it is truthy.
func waitJS(tb *tab, js string, timeout time.Duration) error {
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(5*time.Millisecond)))
	if err != nil {
		return fmt.Errorf("wait for %s: %w", js, err)
	}
	return nil
}
