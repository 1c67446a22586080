package move

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"strings"
)

// addAliases adds each moved page's old URL to its aliases (and drops an
// alias that the move makes the page's own URL, as when a page moves
// back), and notes the folders whose old URL cannot redirect.
func (pl *planner) addAliases() error {
	for _, p := range pl.before.Pages {
		if !pl.movedPage(p) {
			continue
		}
		np := pl.newPage(p)
		if np == nil {
			return fail("%s: not published after the move", p.URL)
		}
		if np.URL == p.URL {
			continue
		}
		if p.Src == nil {
			pl.plan.Notes = append(pl.plan.Notes, fmt.Sprintf("%s has no _index.md, so its old URL %s will not redirect (add an _index.md with aliases: to keep it)",
				pl.site(pl.newRel(p.Dir)), p.URL))
			continue
		}
		has, drop := false, -1
		for i, a := range p.FM.Aliases {
			switch aliasKey(a.Value, pl.cfg.BasePath) {
			case aliasKey(p.URL, pl.cfg.BasePath):
				has = true
			case aliasKey(np.URL, pl.cfg.BasePath):
				drop = i
			}
		}
		t, err := pl.file(p.Src.Path)
		if err != nil {
			return err
		}
		if drop >= 0 {
			start, end, err := aliasLine(t.src, p.FM.Aliases[drop].Pos.Line, p.Src.BodyOffset)
			if err != nil {
				return fail("%s: %v", p.FM.Aliases[drop].Pos, err)
			}
			pl.addEdit(p.Src.Path, edit{start: start, end: end})
		}
		if has {
			continue
		}
		at, s, err := insertAlias(t.src, p.Src.BodyOffset, p.URL)
		if err != nil {
			return fail("%s: cannot add %s to aliases: %v", p.Src.Path, p.URL, err)
		}
		pl.addEdit(p.Src.Path, edit{start: at, end: at, s: s})
		pl.plan.Aliases = append(pl.plan.Aliases, Alias{File: pl.site(pl.newRel(p.Src.Rel)), URL: p.URL})
	}
	return nil
}

// aliasKey is an alias or URL as the site reads it: decoded, without the
// base path and the slashes around it.
func aliasKey(u, basePath string) string {
	if dec, err := url.PathUnescape(u); err == nil {
		u = dec
	}
	u = path.Clean(u)
	if basePath != "/" && (u+"/" == basePath || strings.HasPrefix(u, basePath)) {
		u = "/" + strings.TrimPrefix(u+"/", basePath)
	}
	return strings.Trim(u, "/")
}

// frontMatter returns the byte range of the header's lines between its
// --- lines (bodyOff is where the body starts, as the builder found it),
// or ok=false when the file has none.
func frontMatter(src []byte, bodyOff int) (start, end int, ok bool, err error) {
	first, _, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \t")) != "---" {
		return 0, 0, false, nil
	}
	if bodyOff <= len(first) || bodyOff > len(src) {
		return 0, 0, false, fmt.Errorf("the front matter is not closed")
	}
	head := bytes.TrimSuffix(src[:bodyOff], []byte("\n"))
	start, end = len(first)+1, bytes.LastIndexByte(head, '\n')+1
	if start > end {
		return 0, 0, false, fmt.Errorf("the front matter is not closed")
	}
	return start, end, true, nil
}

// insertAlias returns where to insert an alias into the front matter of
// src, and the text to insert: an item after the last of a block list, a
// value at the end of a one-line [list], or a new aliases: key; a file
// without front matter gets one.
func insertAlias(src []byte, bodyOff int, alias string) (int, string, error) {
	val := alias
	if !plainSafe(val) {
		val = fmt.Sprintf("%q", val)
	}
	start, end, ok, err := frontMatter(src, bodyOff)
	if err != nil {
		return 0, "", err
	}
	if !ok {
		return 0, "---\naliases:\n  - " + val + "\n---\n", nil
	}
	lines := bytes.SplitAfter(src[start:end], []byte("\n"))
	off := start
	for i, line := range lines {
		rest, found := bytes.CutPrefix(line, []byte("aliases:"))
		if !found {
			off += len(line)
			continue
		}
		rest = bytes.TrimSpace(stripComment(rest))
		switch {
		case len(rest) == 0: // a block list, or nothing yet
			at, indent := off+len(line), "  "
			for _, l := range lines[i+1:] {
				t := bytes.TrimSpace(l)
				if len(l) > 0 && l[0] != ' ' && l[0] != '\t' && l[0] != '-' && len(t) > 0 && t[0] != '#' {
					break // the next key
				}
				if len(t) > 0 && t[0] == '-' {
					indent = string(l[:len(l)-len(bytes.TrimLeft(l, " \t"))])
				}
				at += len(l)
			}
			// back up over trailing blank lines, so the item joins the list
			for at > off+len(line) {
				prev := bytes.LastIndexByte(src[:at-1], '\n') + 1
				if len(bytes.TrimSpace(src[prev:at])) > 0 {
					break
				}
				at = prev
			}
			if at > 0 && src[at-1] != '\n' {
				return at, "\n" + indent + "- " + val + "\n", nil
			}
			return at, indent + "- " + val + "\n", nil
		case rest[0] == '[' && rest[len(rest)-1] == ']':
			line := stripComment(line)
			close := off + bytes.LastIndexByte(line, ']')
			if len(bytes.TrimSpace(rest[1:len(rest)-1])) == 0 {
				return close, val, nil
			}
			return close, ", " + val, nil
		default:
			return 0, "", fmt.Errorf("write aliases: as a list")
		}
	}
	return end, "aliases:\n  - " + val + "\n", nil
}

// stripComment drops a # comment that follows a space.
func stripComment(line []byte) []byte {
	for i := 1; i < len(line); i++ {
		if line[i] == '#' && (line[i-1] == ' ' || line[i-1] == '\t') {
			return line[:i]
		}
	}
	return line
}

// aliasLine returns the byte range of an alias item's whole line (a block
// list item), to remove it.
func aliasLine(src []byte, line, bodyOff int) (int, int, error) {
	start := lineOffset(src, line, 1)
	end := len(src)
	if i := bytes.IndexByte(src[start:], '\n'); i >= 0 {
		end = start + i + 1
	}
	if end > bodyOff || !bytes.HasPrefix(bytes.TrimLeft(src[start:end], " \t"), []byte("- ")) {
		return 0, 0, fmt.Errorf("the move makes this alias the page's own URL; remove it from aliases:")
	}
	return start, end, nil
}
