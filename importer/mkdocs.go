package importer

// MkDocs: mkdocs.yml (site_name, site_url, docs_dir, nav,
// markdown_extensions' include folders), pages at docs_dir, ordered by
// nav. A folder of Python-Markdown pages without mkdocs.yml (Zulip's
// help/) is read the same way.

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// mkdocsConfig is the part of mkdocs.yml kb import reads.
type mkdocsConfig struct {
	SiteName string    `yaml:"site_name"`
	SiteURL  string    `yaml:"site_url"`
	DocsDir  string    `yaml:"docs_dir"`
	DirURLs  *bool     `yaml:"use_directory_urls"`
	Nav      yaml.Node `yaml:"nav"`
	Ext      yaml.Node `yaml:"markdown_extensions"`
	Plugins  yaml.Node `yaml:"plugins"`
}

func scanMkDocs(fsys fs.FS) (*plan, error) {
	pl := newPlan(fsys, flavour{mkdocs: true})
	var cfg mkdocsConfig
	for _, name := range []string{"mkdocs.yml", "mkdocs.yaml"} {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		if err := yaml.Unmarshal(raw, &cfg); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		pl.cfg.file = name
		break
	}
	pl.cfg.title, pl.cfg.baseURL = cfg.SiteName, cfg.SiteURL
	for _, p := range cfg.Plugins.Content {
		name := p
		if p.Kind == yaml.MappingNode && len(p.Content) > 0 {
			name = p.Content[0]
		}
		if name.Kind == yaml.ScalarNode && (name.Value == "i18n" || name.Value == "static-i18n") {
			pl.left = append(pl.left, Finding{File: pl.cfg.file, Line: name.Line, Col: name.Column, Rule: "import", Warning: true,
				Msg: "plugin " + name.Value + " (mkdocs-static-i18n) not converted: its translations (page.de.md, docs/de/) are converted as pages of the default language; move them to content/<code>/ and list the languages in site.yaml's languages:"})
		}
	}
	docs := cfg.DocsDir
	if docs == "" {
		docs = guessDocsDir(fsys)
	}
	docs = strings.Trim(path.Clean(docs), "/")
	if !fs.ValidPath(docs) {
		return nil, fmt.Errorf("docs_dir %q is not a folder inside SRC", cfg.DocsDir)
	}
	if docs == "." {
		docs = ""
	}
	if pl.cfg.title == "" && docs != "" {
		pl.cfg.title = titleFromName(path.Base(docs))
	}
	root := docs
	if root == "" {
		root = "."
	}
	// Include folders: markdown_include's base_path, pymdownx.snippets'
	// base_path, and folders named for what they hold.
	for _, p := range extBasePaths(&cfg.Ext) {
		pl.incDirs = append(pl.incDirs, strings.Trim(path.Clean(p), "/"))
	}
	dirURLs := cfg.DirURLs == nil || *cfg.DirURLs
	for _, e := range walk(fsys, root, func(p string, dir bool) bool { return dir && p == "site" && docs == "" }) {
		rel := relTo(docs, e.path)
		if e.dir {
			switch path.Base(rel) {
			case "include", "includes", "_includes", "snippets", "_snippets", "partials":
				pl.incDirs = append(pl.incDirs, e.path)
			}
			continue
		}
		dir := slugPath(path.Dir(rel), false)
		if dir == "page" { // path.Dir gave "."
			dir = ""
		}
		destDir := strings.TrimSuffix("content/"+dir, "/")
		switch {
		case isMarkdown(e.path):
			name := destName(rel)
			stem := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
			old := strings.TrimSuffix(strings.TrimSuffix(rel, path.Ext(rel)), "index")
			if stem == "index" || stem == "README" {
				name = "_index.md"
				old = strings.TrimSuffix(rel, path.Base(rel))
			} else if dirURLs {
				old += "/"
			} else {
				old += ".html"
			}
			d, err := pl.addDoc(e.path, destDir+"/"+name, "/"+strings.TrimPrefix(old, "/"))
			if err != nil {
				return nil, err
			}
			pl.mapFrontMatter(d.fm)
		case assetExts[strings.ToLower(path.Ext(e.path))]:
			pl.addAsset(e.path, destDir+"/"+path.Base(rel))
		}
	}
	pl.findSnippets() // before nav: a snippet is not a page nav left out
	if cfg.Nav.Kind == yaml.SequenceNode {
		pl.orderByNav(&cfg.Nav, docs)
	}
	return pl, nil
}

// guessDocsDir is docs/ when there is one; else, when SRC has no
// markdown of its own and one folder holds it all (Zulip's help/), that
// folder; else SRC.
func guessDocsDir(fsys fs.FS) string {
	if fi, err := fs.Stat(fsys, "docs"); err == nil && fi.IsDir() {
		return "docs"
	}
	ents, _ := fs.ReadDir(fsys, ".")
	var dirs []string
	for _, e := range ents {
		switch {
		case !e.IsDir() && isMarkdown(e.Name()) && !isUpper(strings.TrimSuffix(e.Name(), path.Ext(e.Name()))):
			// A lowercase page: SRC is the docs folder (README.md,
			// SOURCE.md and the like are about the repository).
			return "."
		case e.IsDir() && !strings.HasPrefix(e.Name(), "."):
			if m, _ := fs.Glob(fsys, e.Name()+"/*.md"); len(m) > 0 {
				dirs = append(dirs, e.Name())
			}
		}
	}
	if len(dirs) == 1 {
		return dirs[0]
	}
	return "."
}

// extBasePaths finds base_path settings in markdown_extensions.
func extBasePaths(n *yaml.Node) []string {
	var out []string
	var find func(n *yaml.Node)
	find = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "base_path" {
					v := n.Content[i+1]
					if v.Kind == yaml.ScalarNode {
						out = append(out, v.Value)
					}
					for _, c := range v.Content {
						out = append(out, c.Value)
					}
				}
			}
		}
		for _, c := range n.Content {
			find(c)
		}
	}
	find(n)
	return out
}

// orderByNav orders pages and folders as nav lists them, titles folders
// from nav's section names, and hides the pages nav leaves out (MkDocs
// builds them but does not list them).
func (pl *plan) orderByNav(nav *yaml.Node, docs string) {
	listed := map[*doc]bool{}
	folderOrder := map[string]bool{}
	var visit func(n *yaml.Node) string
	// visit walks one nav list, giving each entry an order by position,
	// and returns the DEST folder its pages share ("" when none).
	visit = func(n *yaml.Node) string {
		common, first := "", true
		for i, item := range n.Content {
			title, val := "", item
			if item.Kind == yaml.MappingNode && len(item.Content) == 2 {
				title, val = item.Content[0].Value, item.Content[1]
			}
			var dir string
			switch val.Kind {
			case yaml.ScalarNode:
				d := pl.bySrc[path.Join(docs, val.Value)]
				if d == nil {
					if !schemeRE(val.Value) {
						pl.left = append(pl.left, Finding{File: pl.cfg.file, Line: val.Line, Col: val.Column, Rule: "import", Warning: true,
							Msg: fmt.Sprintf("nav entry %q: no such page in %s", val.Value, docs)})
					}
					continue
				}
				listed[d] = true
				// A folder's _index.md is ordered with its folder, by the
				// section that lists it.
				if d.fm.get("order") == nil && path.Base(d.dest) != "_index.md" {
					d.fm.setInt("order", i+1)
					pl.kinds["nav position → order"]++
				}
				if title != "" {
					pl.ensureTitle(d, title)
				}
				dir = path.Dir(d.dest)
			case yaml.SequenceNode:
				sub := visit(val)
				if sub != "" && sub != "content" && !folderOrder[sub] {
					folderOrder[sub] = true
					fm := pl.folderFM(sub)
					if fm.get("title") == nil && title != "" {
						fm.setStr("title", title)
					}
					if fm.get("order") == nil {
						fm.setInt("order", i+1)
					}
					pl.kinds["nav section → folder title and order"]++
				}
				dir = path.Dir(sub)
			}
			if first {
				common, first = dir, false
			} else if dir != common {
				common = ""
			}
		}
		return common
	}
	visit(nav)
	for _, d := range pl.docs {
		if !listed[d] && !d.snippet && path.Base(d.dest) != "_index.md" && d.fm.get("hidden") == nil {
			d.fm.set("hidden", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
			pl.kinds["page not in nav → hidden"]++
		}
	}
}

// folderFM is the front matter of a DEST folder's _index.md: the page's
// when the folder has one, else one written for it.
func (pl *plan) folderFM(dir string) *frontMatter {
	for _, d := range pl.docs {
		if d.dest == dir+"/_index.md" {
			return d.fm
		}
	}
	fm := pl.folders[dir]
	if fm == nil {
		fm = &frontMatter{}
		pl.folders[dir] = fm
	}
	return fm
}

func isUpper(s string) bool { return strings.ToUpper(s) == s }
