package builder

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/yuin/goldmark"
	"golang.org/x/sync/errgroup"
)

// Options are what the command line may change about a build.
type Options struct {
	BaseURL string // overrides site.yaml's base_url when set
	Drafts  bool   // build articles marked draft
	Links   string // "error" or "warn"; overrides site.yaml when set
	// Config replaces site.yaml when set (tests, and sites whose content
	// lives elsewhere).
	Config *Config
	// Progress, when set, is called from render goroutines as pages are
	// done; it must be safe for concurrent use.
	Progress func(done, total int)
}

// Builder turns a site folder into outputs. One Builder may run builds
// one after another; its goldmark instance is shared by the goroutines of
// a build.
type Builder struct {
	opts Options
	md   goldmark.Markdown
	cfg  *Config // of the build in progress
}

// New returns a Builder.
func New(opts Options) *Builder {
	return &Builder{opts: opts, md: newMarkdown()}
}

// Sink receives a build's outputs. Put is called from many goroutines at
// once, with paths relative to the output root ("billing/index.html").
type Sink interface {
	Put(path string, data []byte) error
}

// Result is what a successful build reports.
type Result struct {
	Articles, Sections, Links, Files int
	Bytes                            int64
	Warnings                         Diagnostics
	Site                             *Site
}

// Build runs the pipeline over fsys (the site folder: site.yaml,
// content/, layouts/, static/) and puts every output into out. When the
// content has errors it returns them as Diagnostics (sorted, warnings
// included) and puts nothing.
func (b *Builder) Build(ctx context.Context, fsys fs.FS, out Sink) (*Result, error) {
	cfg, diags := b.config(fsys)
	if diags.Errors() > 0 {
		diags.Sort()
		return nil, diags
	}
	b.cfg = cfg
	th, tdiags := loadTheme(fsys)
	diags = append(diags, tdiags...)
	in, err := b.load(ctx, fsys)
	if err != nil {
		return nil, err
	}
	diags = append(diags, in.diags...)
	pages, err := b.parseAll(ctx, in.sources)
	if err != nil {
		return nil, err
	}
	site := newSite(cfg, pages, in.assets)
	site.resolveLinks()
	diags = append(diags, site.Diags...)
	for _, p := range site.Pages {
		diags = append(diags, p.Diags...)
	}
	diags.Sort()
	if diags.Errors() > 0 {
		return nil, diags
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	res := &Result{Warnings: diags, Site: site}
	for _, p := range site.Pages {
		switch p.Kind {
		case KindArticle:
			res.Articles++
		case KindCategory, KindSection:
			res.Sections++
		}
		res.Links += len(p.Links)
	}
	w := &countingSink{Sink: out}
	if err := b.render(ctx, fsys, site, th, w); err != nil {
		return nil, err
	}
	res.Files, res.Bytes = int(w.files.Load()), w.bytes.Load()
	return res, nil
}

// config reads site.yaml (unless Options.Config is set) and applies the
// command line's overrides and the defaults.
func (b *Builder) config(fsys fs.FS) (*Config, Diagnostics) {
	var cfg *Config
	var diags Diagnostics
	if b.opts.Config != nil {
		c := *b.opts.Config
		cfg = &c
	} else if src, err := fs.ReadFile(fsys, "site.yaml"); err == nil {
		cfg, diags = parseConfig("site.yaml", src)
	} else if errorsIsNotExist(err) {
		cfg = &Config{}
	} else {
		return nil, Diagnostics{{Pos: Pos{File: "site.yaml"}, Msg: "cannot read: " + cleanErr(err)}}
	}
	if b.opts.BaseURL != "" {
		cfg.BaseURL, cfg.BasePath = b.opts.BaseURL, ""
	}
	if b.opts.Links != "" {
		cfg.Links = b.opts.Links
	}
	cfg.Drafts = cfg.Drafts || b.opts.Drafts
	cfg.setDefaults()
	return cfg, diags
}

// parseAll parses each source on its own goroutine. Each result lands at
// its source's index: no lock, and the order never depends on scheduling.
func (b *Builder) parseAll(ctx context.Context, srcs []*Source) ([]*Page, error) {
	pages := make([]*Page, len(srcs))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, src := range srcs {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			pages[i] = b.parseSafe(src)
			return nil
		})
	}
	return pages, g.Wait()
}

// parseSafe turns a panic in the markdown parser into an error on the file.
func (b *Builder) parseSafe(src *Source) (p *Page) {
	defer func() {
		if r := recover(); r != nil {
			p = &Page{Kind: KindArticle, Src: src, NavIndex: -1, Title: src.Rel}
			p.Diags = Diagnostics{{Pos: Pos{File: src.Path}, Msg: fmt.Sprintf("markdown parser failed: %v", r)}}
		}
	}()
	return b.parse(src)
}

type countingSink struct {
	Sink
	files atomic.Int64
	bytes atomic.Int64
}

func (c *countingSink) Put(path string, data []byte) error {
	c.files.Add(1)
	c.bytes.Add(int64(len(data)))
	return c.Sink.Put(path, data)
}

// render writes every output: pages (in parallel), then the site-wide
// files.
func (b *Builder) render(ctx context.Context, fsys fs.FS, site *Site, th *theme, out Sink) error {
	cfg := site.Config
	sv := site.siteView(th)
	var done atomic.Int64
	total := len(site.Pages)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, p := range site.Pages {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			if err := b.renderPage(site, sv, th, p, out); err != nil {
				return err
			}
			if b.opts.Progress != nil {
				b.opts.Progress(int(done.Add(1)), total)
			}
			return nil
		})
	}
	for _, a := range site.Assets {
		g.Go(func() error {
			data, err := fs.ReadFile(fsys, a.Path)
			if err != nil {
				return fmt.Errorf("%s: cannot read: %s", a.Path, cleanErr(err))
			}
			return out.Put(a.Out, data)
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	for _, a := range th.assets {
		if err := out.Put(a.out, a.data); err != nil {
			return err
		}
	}
	nf := &PageView{Site: sv, Kind: "404", Title: "Page not found", HeadTitle: "Page not found – " + cfg.Title,
		URL: cfg.BasePath + "404.html", Nav: site.nav(site.Home, nil), OGType: "website"}
	for _, ch := range site.Home.Children {
		if ch.listed() {
			nf.Categories = append(nf.Categories, card(ch))
		}
	}
	html, err := th.execute("404", nf)
	if err != nil {
		return fmt.Errorf("layouts/404.html: %w", err)
	}
	if err := out.Put("404.html", html); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{
		{"sitemap.xml", site.sitemap()},
		{"robots.txt", site.robots()},
		{"_redirects", site.redirects()},
	} {
		if err := out.Put(f.name, f.data); err != nil {
			return err
		}
	}
	for _, a := range site.Aliases {
		if err := out.Put(a.From+"index.html", redirectPage(a.To.URL)); err != nil {
			return err
		}
	}
	return nil
}

// renderPage renders one page's HTML.
func (b *Builder) renderPage(site *Site, sv *SiteView, th *theme, p *Page, out Sink) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: rendering failed: %v", p.describe(), r)
		}
	}()
	v := site.pageView(sv, p)
	if p.Doc != nil {
		var body bytes.Buffer
		if err := b.md.Renderer().Render(&body, p.body(), p.Doc); err != nil {
			return fmt.Errorf("%s: %w", p.describe(), err)
		}
		v.Body = template.HTML(body.String())
	}
	html, err := th.execute(v.Kind, v)
	if err != nil {
		return fmt.Errorf("%s: %w", p.describe(), err)
	}
	return out.Put(outPath(p, site.Config), html)
}

// sitemap lists every published page with its absolute URL (or its path
// when the site has no base_url) and its updated date.
func (s *Site) sitemap() []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	urls := make([]*Page, 0, len(s.Pages))
	urls = append(urls, s.Pages...)
	sort.Slice(urls, func(i, j int) bool { return urls[i].URL < urls[j].URL })
	for _, p := range urls {
		loc := s.Config.abs(p.URL)
		if loc == "" {
			loc = p.URL
		}
		b.WriteString("  <url><loc>")
		template.HTMLEscape(&b, []byte(loc))
		b.WriteString("</loc>")
		if !p.FM.Updated.IsZero() {
			b.WriteString("<lastmod>" + p.FM.Updated.Format("2006-01-02") + "</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

func (s *Site) robots() []byte {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	if sm := s.Config.abs(s.Config.BasePath + "sitemap.xml"); sm != "" {
		b.WriteString("Sitemap: " + sm + "\n")
	}
	return []byte(b.String())
}

// redirects is a Netlify-style _redirects file: a real 301 for every alias.
func (s *Site) redirects() []byte {
	var b strings.Builder
	b.WriteString("# Generated by kb: old URLs (aliases) and where they moved.\n")
	for _, a := range s.Aliases {
		fmt.Fprintf(&b, "%s%s %s 301\n", s.Config.BasePath, a.From, a.To.URL)
	}
	return []byte(b.String())
}
