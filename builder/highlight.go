package builder

// This file highlights code blocks with chroma; markdown.go decides which
// blocks to highlight and with which lexer.

import (
	"bytes"
	"html"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark/util"
)

// highlight writes code as chroma token spans with CSS classes. It
// returns false, having written nothing, when the lexer fails or panics
// (chroma's regexp engine panics on some inputs by design), so the caller
// falls back to plain escaped text.
func highlight(w util.BufWriter, lang string, code []byte) (ok bool) {
	lexer := lexers.Get(lang)
	if lexer == nil {
		return false
	}
	var buf bytes.Buffer
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	// chroma gives each rule's regular expression 250 ms per match and
	// silently treats a match that runs out as no match, so on a machine
	// too busy to run the build for a quarter of a second, a token can
	// come out with another class than on the next build. Only a block
	// whose tokenising took that long can be affected: it is tokenised
	// again (at most three times in all), so that builds stay the same.
	for try := 1; ; try++ {
		start := time.Now()
		it, err := lexer.Tokenise(nil, string(code))
		if err != nil {
			return false
		}
		for tok := it(); tok != chroma.EOF; tok = it() {
			cls := tokenClass(tok.Type)
			if cls == "" {
				buf.WriteString(html.EscapeString(tok.Value))
				continue
			}
			buf.WriteString(`<span class="`)
			buf.WriteString(cls)
			buf.WriteString(`">`)
			buf.WriteString(html.EscapeString(tok.Value))
			buf.WriteString(`</span>`)
		}
		if time.Since(start) < chromaMatchTimeout*4/5 || try == 3 {
			break
		}
		buf.Reset()
	}
	w.Write(buf.Bytes())
	return true
}

// chromaMatchTimeout is the time chroma allows one match of one of its
// lexers' rules (chroma's regexp.go sets it on every rule it compiles).
const chromaMatchTimeout = 250 * time.Millisecond

// tokenClass is the CSS class of a token type, walking up to the nearest
// type that the stylesheets style, as chroma's own formatter does.
func tokenClass(tt chroma.TokenType) string {
	for t := tt; ; t = t.Parent() {
		if t == chroma.Text || t == chroma.Background || t == chroma.None {
			return ""
		}
		if cls, ok := chroma.StandardTypes[t]; ok && cls != "" {
			return cls
		}
		if t.Parent() == t {
			return ""
		}
	}
}
