package e2e

import (
	"testing"
)

// countFetches wraps window.fetch in every page so that a test can see
// each call the moment it is made, before any request reaches the server.
const countFetches = `(() => {
	const fetch = window.fetch;
	window.kbFetches = [];
	window.fetch = function (resource, init) {
		window.kbFetches.push(String(resource));
		return fetch.apply(this, arguments);
	};
})()`

func TestFeedbackSendsOneRequestAndThanks(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		button  string
		helpful bool
	}{{"yes", true}, {"no", false}} {
		t.Run(c.button, func(t *testing.T) {
			s := startSite(t)
			tb := newTab(t, s)
			tb.onNewDocument(countFetches)
			tb.open(cardDeclined)
			tb.click(`.feedback button[value="` + c.button + `"]`)
			waitJS(tb, `document.querySelector("[data-feedback-status]").innerText.trim() !== ""`)
			if got := tb.text("[data-feedback-status]"); got != "Thanks for your feedback!" {
				t.Fatalf("status after the click: %q", got)
			}
			votes := s.Votes(t)
			if len(votes) != 1 {
				t.Fatalf("the server recorded %d votes, want 1", len(votes))
			}
			if v := votes[0]; v.Page != cardDeclined || v.Helpful == nil || *v.Helpful != c.helpful {
				t.Errorf("the vote says page %q helpful %v, want %q %v", v.Page, v.Helpful, cardDeclined, c.helpful)
			}

			// A second click: the buttons are gone, and disabled for
			// anything that clicks them anyway.
			if tb.visible(".feedback-buttons") {
				t.Error("the Yes and No buttons are still shown after sending")
			}
			evalJS[bool](tb, `(document.querySelectorAll(".feedback button").forEach(b => b.click()), true)`)
			// (kb.js also asks the search API once whether it answers.)
			if n := evalJS[int](tb, `window.kbFetches.filter(u => u.includes("/api/feedback")).length`); n != 1 {
				t.Errorf("the page made %d requests after a second click, want 1 in all", n)
			}
			if n := len(s.Votes(t)); n != 1 {
				t.Errorf("the server recorded %d votes after a second click, want 1", n)
			}
		})
	}
}
