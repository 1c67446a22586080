package importer

// Jekyll: _config.yml (title, url, baseurl, collections, permalink),
// pages anywhere outside _ folders, collections (_docs/ → docs/), posts,
// _includes/ as snippets; other files served at their own path, so
// they go to static/.

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// jekyllConfig is the part of _config.yml kb import reads.
type jekyllConfig struct {
	Title       string    `yaml:"title"`
	URL         string    `yaml:"url"`
	BaseURL     string    `yaml:"baseurl"`
	Permalink   string    `yaml:"permalink"`
	Collections yaml.Node `yaml:"collections"`
	Plugins     yaml.Node `yaml:"plugins"`
	Gems        yaml.Node `yaml:"gems"`
}

var postNameRE = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})-(.+)$`)

func scanJekyll(fsys fs.FS) (*plan, error) {
	pl := newPlan(fsys, flavour{liquid: true})
	var cfg jekyllConfig
	if raw, err := fs.ReadFile(fsys, "_config.yml"); err == nil {
		if err := yaml.Unmarshal(raw, &cfg); err != nil {
			return nil, fmt.Errorf("_config.yml: %v", err)
		}
		pl.cfg.file = "_config.yml"
	}
	pl.cfg.title = cfg.Title
	for _, list := range []*yaml.Node{&cfg.Plugins, &cfg.Gems} {
		for _, p := range list.Content {
			if p.Value == "jekyll-polyglot" || p.Value == "jekyll-multiple-languages-plugin" {
				pl.left = append(pl.left, Finding{File: pl.cfg.file, Line: p.Line, Col: p.Column, Rule: "import", Warning: true,
					Msg: "plugin " + p.Value + " not converted: its translations are converted as pages of the default language; move them to content/<code>/ and list the languages in site.yaml's languages:"})
			}
		}
	}
	if cfg.URL != "" {
		pl.cfg.baseURL = strings.TrimRight(cfg.URL, "/") + "/" + strings.Trim(cfg.BaseURL, "/")
		pl.cfg.baseURL = strings.TrimRight(pl.cfg.baseURL, "/") + "/"
	}
	if b := strings.Trim(cfg.BaseURL, "/"); b != "" {
		pl.oldBase = "/" + b + "/"
	}
	pretty := cfg.Permalink == "pretty"
	collections := map[string]bool{"posts": true}
	permalinks := map[string]string{} // a collection's permalink template
	switch cfg.Collections.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(cfg.Collections.Content); i += 2 {
			name, v := cfg.Collections.Content[i].Value, cfg.Collections.Content[i+1]
			collections[name] = true
			var c struct {
				Permalink string `yaml:"permalink"`
			}
			if v.Decode(&c) == nil && c.Permalink != "" {
				permalinks[name] = c.Permalink
			}
		}
	case yaml.SequenceNode:
		for _, c := range cfg.Collections.Content {
			collections[c.Value] = true
		}
	}
	pl.incDirs = []string{"_includes"}
	skip := func(p string, dir bool) bool {
		top, _, _ := strings.Cut(p, "/")
		switch {
		case top == "_includes":
			return false
		case strings.HasPrefix(top, "_"):
			return !collections[strings.TrimPrefix(top, "_")]
		case top == "vendor" || top == "node_modules" || top == "Gemfile" || top == "Gemfile.lock":
			return true
		}
		return false
	}
	for _, e := range walk(fsys, ".", skip) {
		if e.dir {
			continue
		}
		top, _, _ := strings.Cut(e.path, "/")
		coll := ""
		rel := e.path
		if strings.HasPrefix(top, "_") && top != "_includes" {
			coll = strings.TrimPrefix(top, "_")
			rel = coll + strings.TrimPrefix(e.path, top)
		}
		switch {
		case top == "_includes":
			if isMarkdown(e.path) {
				if _, err := pl.addDoc(e.path, "", ""); err != nil {
					return nil, err
				}
				pl.makeSnippet(e.path)
			}
		case isMarkdown(e.path):
			dir := path.Dir(rel)
			stem := strings.TrimSuffix(path.Base(rel), path.Ext(rel))
			var date string
			if coll == "posts" {
				if m := postNameRE.FindStringSubmatch(stem); m != nil {
					date, stem = m[1]+"-"+m[2]+"-"+m[3], m[4]
				}
			}
			destDir := "content"
			if dir != "." {
				destDir += "/" + slugPath(dir, false)
			}
			dest := destDir + "/" + slugName(stem) + ".md"
			if stem == "index" || stem == "README" && dir != "." {
				dest = destDir + "/_index.md"
			}
			d, err := pl.addDoc(e.path, dest, "")
			if err != nil {
				return nil, err
			}
			ext := ".html"
			if pretty {
				ext = "/"
			}
			tmpl := permalinks[coll]
			if tmpl == "" && strings.Contains(cfg.Permalink, ":") && (coll == "posts" || coll == "") {
				tmpl = cfg.Permalink // a site-wide template (Jekyll applies it to posts and pages)
			}
			switch {
			case d.fm.str("permalink") != "":
				d.oldURL = d.fm.str("permalink")
			case tmpl != "":
				d.oldURL = expandPermalink(tmpl, coll, strings.TrimPrefix(path.Join(dir, stem), coll+"/"), stem, date)
			case coll == "posts" && date != "":
				d.oldURL = "/" + strings.ReplaceAll(date, "-", "/") + "/" + stem + ext
			case stem == "index":
				d.oldURL = "/" + strings.TrimPrefix(strings.TrimSuffix(dir, "."), "/")
			default:
				d.oldURL = "/" + strings.TrimPrefix(path.Join(dir, stem), "./") + ext
			}
			d.oldURL = pl.withBase(d.oldURL)
			if date != "" && d.fm.get("updated") == nil {
				d.fm.setStr("updated", date)
				pl.kinds["post date → updated"]++
			}
			pl.mapFrontMatter(d.fm)
		case strings.HasSuffix(e.path, ".html") && !strings.HasPrefix(top, "_") && top != "assets":
			pl.left = append(pl.left, Finding{File: e.path, Rule: "import", Warning: true,
				Msg: "HTML page not converted: kb builds pages from markdown; write it as a .md article"})
		case assetExts[strings.ToLower(path.Ext(e.path))]:
			pl.addAsset(e.path, "static/"+e.path)
		}
	}
	for c := range collections {
		if c == "posts" && pl.folders["content/posts"] == nil {
			continue
		}
		if fi, err := fs.Stat(fsys, "_"+c); err == nil && fi.IsDir() && c != "posts" {
			fm := pl.folderFM("content/" + slugName(c))
			if fm.get("title") == nil {
				fm.setStr("title", titleFromName(c))
				pl.kinds["collection → folder"]++
			}
		}
	}
	return pl, nil
}

// withBase puts the old site's base path before a root-relative URL.
func (pl *plan) withBase(u string) string {
	if !strings.HasPrefix(u, "/") {
		u = "/" + u
	}
	if pl.oldBase == "/" || strings.HasPrefix(u, pl.oldBase) {
		return u
	}
	return strings.TrimSuffix(pl.oldBase, "/") + u
}

// expandPermalink fills in a Jekyll permalink template: :collection,
// :path, :name, :title, :slug, :basename, :year, :month, :day, and
// :output_ext (.html; a trailing slash stays a folder URL).
func expandPermalink(tmpl, coll, p, name, date string) string {
	y, m, dd := "", "", ""
	if len(date) == 10 {
		y, m, dd = date[:4], date[5:7], date[8:]
	}
	r := strings.NewReplacer(":collection", coll, ":path", p, ":name", name, ":title", name, ":slug", name,
		":basename", name, ":categories", "", ":year", y, ":month", m, ":day", dd, ":output_ext", ".html")
	u := r.Replace(tmpl)
	for strings.Contains(u, "//") {
		u = strings.ReplaceAll(u, "//", "/")
	}
	return "/" + strings.TrimPrefix(u, "/")
}
