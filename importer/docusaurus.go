package importer

// Docusaurus: docusaurus.config.js (title, url, baseUrl, the docs'
// routeBasePath), docs/ ordered by number prefixes, sidebar_position and
// _category_.json or _category_.yml; static/ served at the root.

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	jsTitleRE = regexp.MustCompile(`(?m)^\s*title:\s*['"` + "`" + `]([^'"` + "`" + `]+)['"` + "`" + `]`)
	jsURLRE   = regexp.MustCompile(`(?m)^\s*url:\s*['"]([^'"]+)['"]`)
	jsBaseRE  = regexp.MustCompile(`(?m)^\s*baseUrl:\s*['"]([^'"]+)['"]`)
	jsRouteRE = regexp.MustCompile(`routeBasePath:\s*['"]([^'"]*)['"]`)
)

// category is _category_.json or _category_.yml.
type category struct {
	Label    string  `json:"label" yaml:"label"`
	Position float64 `json:"position" yaml:"position"`
	Link     struct {
		Description string `json:"description" yaml:"description"`
	} `json:"link" yaml:"link"`
}

func scanDocusaurus(fsys fs.FS) (*plan, error) {
	pl := newPlan(fsys, flavour{colons: true, mdx: true})
	pl.stripNumbers = true
	route := "docs"
	for _, name := range []string{"docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs"} {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		pl.cfg.file = name
		s := string(raw)
		if m := jsTitleRE.FindStringSubmatch(s); m != nil {
			pl.cfg.title = m[1]
		}
		u, base := "", "/"
		if m := jsURLRE.FindStringSubmatch(s); m != nil {
			u = strings.TrimRight(m[1], "/")
		}
		if m := jsBaseRE.FindStringSubmatch(s); m != nil {
			base = "/" + strings.Trim(m[1], "/") + "/"
			if base == "//" {
				base = "/"
			}
		}
		if u != "" {
			pl.cfg.baseURL = u + base
		}
		pl.oldBase = base
		if m := jsRouteRE.FindStringSubmatch(s); m != nil {
			route = strings.Trim(m[1], "/")
		}
		break
	}
	prefix := pl.oldBase
	if route != "" {
		prefix += route + "/"
	}
	if fi, err := fs.Stat(fsys, "docs"); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("no docs/ folder: kb import -from docusaurus converts a site's docs/")
	}
	ids := map[*doc]string{} // each doc's Docusaurus id, for sidebars.js
	for _, e := range walk(fsys, "docs", nil) {
		rel := relTo("docs", e.path)
		dirRel := path.Dir(rel)
		if dirRel == "." {
			dirRel = ""
		}
		destDir := "content"
		if dirRel != "" {
			destDir += "/" + slugPath(dirRel, true)
		}
		name := path.Base(rel)
		if e.dir {
			_, n, ok := stripNumber(name)
			dd := "content/" + slugPath(rel, true)
			if ok {
				if fm := pl.folderFM(dd); fm.get("order") == nil {
					fm.setInt("order", n)
					pl.kinds["number prefix → order"]++
				}
			}
			continue
		}
		switch {
		case name == "_category_.json" || name == "_category_.yml" || name == "_category_.yaml":
			if err := pl.readCategory(e.path, destDir); err != nil {
				pl.left = append(pl.left, Finding{File: e.path, Line: 1, Col: 1, Rule: "import", Msg: err.Error()})
			}
		case isMarkdown(e.path):
			stem := strings.TrimSuffix(name, path.Ext(name))
			stripped, n, numbered := stripNumber(stem)
			d, err := pl.addDoc(e.path, "", "")
			if err != nil {
				return nil, err
			}
			urlName := stripped
			if id := d.fm.str("id"); id != "" {
				urlName = id
			}
			ids[d] = strings.TrimPrefix(slugPathKeep(dirRel)+"/"+urlName, "/")
			oldDir := strings.TrimSuffix(prefix+slugPathKeep(dirRel), "/") + "/"
			folderName, _, _ := stripNumber(path.Base(dirRel))
			isIndex := stem == "index" || stem == "README" || dirRel != "" && strings.EqualFold(stripped, folderName)
			old := oldDir + urlName
			if isIndex {
				old = oldDir
			}
			slug := d.fm.str("slug")
			switch {
			case slug == "/":
				old = prefix
				d.dest = "content/_index.md"
			case strings.HasPrefix(slug, "/"):
				old = strings.TrimSuffix(prefix, "/") + slug
				d.dest = destDir + "/" + slugName(path.Base(slug)) + ".md"
			case slug != "":
				old = oldDir + slug
				d.dest = destDir + "/" + slugName(path.Base(slug)) + ".md"
			case isIndex:
				d.dest = destDir + "/_index.md"
			case strings.HasPrefix(stem, "_"):
				d.dest = destDir + "/" + stem + ".md" // a partial: findSnippets decides
			default:
				d.dest = destDir + "/" + slugName(urlName) + ".md"
			}
			if strings.HasPrefix(stem, "_") {
				pl.makeSnippet(e.path)
				continue
			}
			d.oldURL = old
			if path.Ext(name) == ".mdx" {
				pl.kinds[".mdx file → .md"]++
			}
			if numbered && d.fm.get("sidebar_position") == nil && d.fm.get("order") == nil {
				d.fm.setInt("order", n)
				pl.kinds["number prefix → order"]++
			}
			pl.mapFrontMatter(d.fm)
		case assetExts[strings.ToLower(path.Ext(name))]:
			pl.addAsset(e.path, destDir+"/"+name)
		}
	}
	pl.addStatic("static")
	pl.orderBySidebars(ids)
	// Category fronts written for folders with an index page go to it.
	for dir, fm := range pl.folders {
		for _, d := range pl.docs {
			if d.dest == dir+"/_index.md" {
				for _, k := range fm.keys {
					if d.fm.get(k) == nil {
						d.fm.set(k, fm.vals[k])
					}
				}
				delete(pl.folders, dir)
			}
		}
	}
	return pl, nil
}

// slugPathKeep is a folder's URL path as Docusaurus makes it: number
// prefixes dropped, case and spelling kept.
func slugPathKeep(rel string) string {
	if rel == "" {
		return ""
	}
	parts := strings.Split(rel, "/")
	for i, p := range parts {
		parts[i], _, _ = stripNumber(p)
	}
	return strings.Join(parts, "/")
}

// readCategory reads a folder's _category_ file into its _index.md.
func (pl *plan) readCategory(p, destDir string) error {
	raw, err := fs.ReadFile(pl.src, p)
	if err != nil {
		return err
	}
	var c category
	if strings.HasSuffix(p, ".json") {
		err = json.Unmarshal(raw, &c)
	} else {
		err = yaml.Unmarshal(raw, &c)
	}
	if err != nil {
		return fmt.Errorf("not converted: %v", err)
	}
	fm := pl.folderFM(destDir)
	if c.Label != "" {
		fm.setStr("title", c.Label)
	}
	if c.Link.Description != "" {
		fm.setStr("description", c.Link.Description)
	}
	switch {
	case c.Position == float64(int(c.Position)) && c.Position != 0:
		fm.setInt("order", int(c.Position))
	case c.Position != 0:
		fm.set("order", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: fmt.Sprint(c.Position)})
	}
	pl.kinds["_category_ file → _index.md"]++
	return nil
}

var jsStringRE = regexp.MustCompile(`'([^'\n]*)'|"([^"\n]*)"`)

// orderBySidebars orders pages and folders as sidebars.js lists their
// doc ids, which Docusaurus puts before positions and number prefixes.
// The file is JavaScript: kb import reads its strings in order, not its
// code, so an id listed is placed where it first appears; a sidebar
// made by type: 'autogenerated' lists none and changes nothing.
func (pl *plan) orderBySidebars(ids map[*doc]string) {
	var raw []byte
	for _, name := range []string{"sidebars.js", "sidebars.ts", "sidebars.mjs", "sidebars.cjs"} {
		if b, err := fs.ReadFile(pl.src, name); err == nil {
			raw = b
			break
		}
	}
	if raw == nil {
		return
	}
	byID := map[string]*doc{}
	for d, id := range ids {
		byID[id] = d
	}
	rank := map[string]int{} // DEST page or folder → first position listed
	n := 0
	for _, m := range jsStringRE.FindAllStringSubmatch(string(raw), -1) {
		d := byID[m[1]+m[2]]
		if d == nil || d.snippet {
			continue
		}
		n++
		// The page, and each folder above it, rank where it first appears.
		for p := d.dest; p != "content" && p != "."; p = path.Dir(p) {
			if path.Base(p) == "_index.md" {
				continue
			}
			if _, ok := rank[p]; !ok {
				rank[p] = n
			}
		}
	}
	if len(rank) == 0 {
		return
	}
	siblings := map[string][]string{}
	for p := range rank {
		siblings[path.Dir(p)] = append(siblings[path.Dir(p)], p)
	}
	for _, list := range siblings {
		sort.Slice(list, func(i, j int) bool { return rank[list[i]] < rank[list[j]] })
		for i, p := range list {
			var fm *frontMatter
			if strings.HasSuffix(p, ".md") {
				fm = pl.byDest(p).fm
			} else {
				fm = pl.folderFM(p)
			}
			fm.setInt("order", i+1)
			pl.kinds["sidebars.js position → order"]++
		}
	}
	pl.destDoc = nil // dests may still change: byDest rebuilds its map
}
