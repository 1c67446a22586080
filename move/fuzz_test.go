package move

import "testing"

// FuzzDest feeds the readers of destinations and front matter arbitrary
// text: they must not panic, and what they find must lie in the text.
func FuzzDest(f *testing.F) {
	f.Add([]byte("See [a](b.md#c) and ![x](<y z.png> \"t\").\n\n[r]: /u/\n"), 4)
	f.Add([]byte("---\ntitle: A\naliases: [/a/]\nrelated:\n  - 'x.md'\n---\nbody\n"), 28)
	f.Add([]byte("[`]`](x)"), 0)
	f.Fuzz(func(t *testing.T, src []byte, off int) {
		if off < 0 || off > len(src) {
			return
		}
		in := func(d dest, ok bool) {
			if ok && (d.start < 0 || d.end > len(src) || d.start > d.end || d.raw != string(src[d.start:d.end])) {
				t.Fatalf("range [%d,%d) of %d bytes, raw %q", d.start, d.end, len(src), d.raw)
			}
		}
		in(inlineDest(src, off))
		in(definitionDest(src, off))
		in(autoLinkDest(src, off, "https://x.example/"))
		if d, err := yamlScalar(src, off, "f", "x.md"); err == nil && (d.start < 0 || d.end > len(src) || d.start > d.end) {
			t.Fatalf("yaml range [%d,%d) of %d bytes", d.start, d.end, len(src))
		}
		if at, _, err := insertAlias(src, off, "/a/"); err == nil && (at < 0 || at > len(src)) {
			t.Fatalf("alias inserted at %d of %d bytes", at, len(src))
		}
	})
}
