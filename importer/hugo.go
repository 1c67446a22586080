package importer

// Hugo: hugo.toml, hugo.yaml or config.toml/.yaml (title, baseURL),
// content/ with _index.md and weight (kb's layout already), leaf bundles
// (a/index.md with its images) as a page beside its folder, static/
// served at the root.

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

func scanHugo(fsys fs.FS) (*plan, error) {
	pl := newPlan(fsys, flavour{hugo: true})
	for _, name := range []string{"hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml"} {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		fm := &frontMatter{}
		if strings.HasSuffix(name, ".toml") {
			head, _, _ := strings.Cut("\n"+string(raw), "\n[") // top-level keys only
			err = fm.decodeTOML(head)
		} else {
			var n yaml.Node
			if err = yaml.Unmarshal(raw, &n); err == nil && len(n.Content) > 0 && n.Content[0].Kind == yaml.MappingNode {
				m := n.Content[0]
				for i := 0; i+1 < len(m.Content); i += 2 {
					fm.set(m.Content[i].Value, m.Content[i+1])
				}
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		pl.cfg.file = name
		pl.cfg.title = fm.str("title")
		pl.cfg.baseURL = fm.str("baseURL") + fm.str("baseurl")
		break
	}
	if fi, err := fs.Stat(fsys, "content"); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("no content/ folder: kb import -from hugo converts a site's content/")
	}
	for _, e := range walk(fsys, "content", nil) {
		if e.dir {
			continue
		}
		rel := relTo("content", e.path)
		dir := path.Dir(rel)
		destDir := "content"
		if dir != "." {
			destDir += "/" + slugPath(dir, false)
		}
		name := path.Base(rel)
		switch {
		case isMarkdown(name):
			stem := strings.TrimSuffix(name, path.Ext(name))
			dest := destDir + "/" + slugName(stem) + ".md"
			old := "/" + strings.ToLower(strings.TrimPrefix(path.Join(dir, stem), "./")) + "/"
			switch stem {
			case "_index":
				dest = destDir + "/_index.md"
				old = "/" + strings.ToLower(strings.TrimPrefix(dir, ".")) + "/"
			case "index":
				if dir == "." {
					dest = "content/_index.md"
				} else {
					dest = destDir + ".md" // a leaf bundle: a page beside its folder of images
				}
				old = "/" + strings.ToLower(strings.TrimPrefix(dir, ".")) + "/"
			}
			d, err := pl.addDoc(e.path, dest, "")
			if err != nil {
				return nil, err
			}
			if s := d.fm.str("slug"); s != "" && stem != "_index" {
				d.dest = path.Dir(d.dest) + "/" + slugName(s) + ".md"
				old = path.Dir(strings.TrimSuffix(old, "/")) + "/" + s + "/"
			}
			if u := d.fm.str("url"); u != "" {
				old = u
			}
			d.oldURL = pl.withBase(strings.ReplaceAll(old, "//", "/"))
			pl.mapFrontMatter(d.fm)
		case assetExts[strings.ToLower(path.Ext(name))]:
			pl.addAsset(e.path, destDir+"/"+name)
		}
	}
	pl.addStatic("static")
	return pl, nil
}
