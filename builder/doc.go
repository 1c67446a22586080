// Package builder turns a help center's folder (site.yaml, content/,
// layouts/, static/) into a static site: HTML pages, a markdown twin of
// every page, llms.txt files, and the site-wide files (sitemap, robots,
// redirects, headers, the theme's assets, the 404 page and the search page
// of render_search.go, which kb's server fills with results).
//
// The pipeline runs in one direction, one phase after another:
//
//	fs.FS: site.yaml, content/**/*.md, layouts/*.html, static/**
//	  → config       *Config      site.yaml decoded, unknown keys are errors (config.go)
//	  → load         []*Source    files read in parallel, BOM/CRLF cleaned, front matter split off (load.go)
//	  → parseAll     []*Page      front matter decoded, goldmark AST, headings with ids, links with offsets, other generators' syntax reported (page.go, markdown.go, foreign.go)
//	  → newSite      *Site        folders and articles linked into a tree, URLs, order, aliases, collisions (site.go)
//	  → resolveLinks              every link, image and related path resolved or reported; backlinks (resolve.go)
//	  → applySiteTheme            the theme's words in the site's language (messages.go); site.yaml theme: files: colour/font stylesheet, favicons, the site's stylesheet fingerprinted (theme.go, color.go, favicon.go)
//	  → render       Sink         pages in parallel: HTML (render_html.go), twins (render_md.go), llms.txt (llms.go); then site-wide files
//	  → BuildDir                  a temporary folder swapped in place of public/ only on success (write.go)
//
// Load and parse fan out over GOMAXPROCS goroutines, each writing only its
// own slot of a pre-sized slice, so results never depend on scheduling.
// newSite and resolveLinks run on one goroutine; after them the *Site is
// read-only and the render goroutines share it. The one goldmark instance
// of a Builder is shared by every goroutine: its parser and renderer keep
// no per-document state.
//
// Every problem a writer can fix is a Diagnostic with a file, line and
// column. Positions are kept as byte offsets and turned into lines and
// columns only when reported. A build collects every problem, sorts them,
// and fails only after reporting all of them; outputs are written only
// when there are no errors. A Diagnostic whose finder knows its kb check
// rule carries it (Rule: syntax/foreign); others are classified by
// package lint from their message.
//
// Templates compute nothing: the view structs of view.go carry finished
// values (navigation, breadcrumbs, related articles, previous/next).
package builder
