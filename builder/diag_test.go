package builder

import "testing"

func TestLineIndex(t *testing.T) {
	src := []byte("ab\ncd\n\nef") // lines start at 0, 3, 6, 7
	li := newLineIndex("f.md", src)
	for _, tt := range []struct {
		off  int
		want string
	}{
		{-5, "f.md:1:1"}, // clamped
		{0, "f.md:1:1"},
		{1, "f.md:1:2"},
		{2, "f.md:1:3"}, // the newline belongs to its line
		{3, "f.md:2:1"},
		{5, "f.md:2:3"},
		{6, "f.md:3:1"},
		{7, "f.md:4:1"},
		{9, "f.md:4:3"}, // end of file
	} {
		p := li.pos(tt.off)
		if p.String() != tt.want {
			t.Errorf("pos(%d) = %v, want %s", tt.off, p, tt.want)
		}
		if tt.off >= 0 {
			if back := li.offset(p.Line, p.Col); back != tt.off {
				t.Errorf("offset(pos(%d)) = %d", tt.off, back)
			}
		}
	}
	for _, tt := range []struct{ line, col, want int }{
		{1, 1, 0},
		{2, 2, 4},
		{4, 3, 9},
		{0, 7, 0},  // before the file
		{99, 1, 7}, // past the last line: its start
	} {
		if got := li.offset(tt.line, tt.col); got != tt.want {
			t.Errorf("offset(%d, %d) = %d, want %d", tt.line, tt.col, got, tt.want)
		}
	}
	empty := newLineIndex("e.md", nil)
	if p := empty.pos(0); p.String() != "e.md:1:1" {
		t.Errorf("empty file: pos(0) = %v", p)
	}
}

func TestPosString(t *testing.T) {
	for _, tt := range []struct {
		p    Pos
		want string
	}{
		{Pos{File: "a.md", Line: 3, Col: 7}, "a.md:3:7"},
		{Pos{File: "a.md"}, "a.md"},
		{Pos{File: "site.yaml", Line: 1, Col: 1}, "site.yaml:1:1"},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
	d := Diagnostic{Pos: Pos{File: "a.md", Line: 1, Col: 2}, Warning: true, Msg: "m"}
	if d.String() != "a.md:1:2: warning: m" {
		t.Errorf("warning printed as %q", d.String())
	}
}
