package builder

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Agents is site.yaml's agents: what kb offers AI agents beyond the
// llms files and twins, which are always written. Every switch defaults
// on; a site turns one off by writing false (or [] for OpenIn).
//
//	agents:
//	  mcp: true                   # kb serve answers MCP at /mcp and announces it
//	  negotiate_user_agents: true # known agent fetchers get the twin without asking
//	  open_in: [chatgpt, claude]  # "Open in …" links in the page menu
//	  copy_mcp_url: true          # "Copy MCP URL" in the page menu (needs mcp)
//	  cors: [https://app.example] # origins kb serve answers cross-origin (none by default)
type Agents struct {
	MCP                 bool     `json:"mcp"`
	NegotiateUserAgents bool     `json:"negotiate_user_agents"`
	OpenIn              []string `json:"open_in"`
	CopyMCPURL          bool     `json:"copy_mcp_url"`
	// CORS are the origins ("https://app.example") whose pages may read
	// the site and call MCP from a browser; no other gets CORS headers.
	CORS []string `json:"cors,omitempty"`
}

// OpenInTargets are the assistants "Open in …" can name, in menu order.
var OpenInTargets = []string{"chatgpt", "claude"}

func defaultAgents() Agents {
	return Agents{MCP: true, NegotiateUserAgents: true, OpenIn: slices.Clone(OpenInTargets), CopyMCPURL: true}
}

var agentsKeys = []string{"mcp", "negotiate_user_agents", "open_in", "copy_mcp_url", "cors"}

// agentsConfig reads site.yaml's agents: onto the defaults.
func (r *yamlReader) agentsConfig(v *yaml.Node) Agents {
	a := defaultAgents()
	if !r.mapping(v, "agents", "a mapping with "+strings.Join(agentsKeys, ", ")) {
		return a
	}
	for _, kv := range pairs(v) {
		switch kv[0].Value {
		case "mcp":
			a.MCP = r.bool("agents.mcp", kv[1])
		case "negotiate_user_agents":
			a.NegotiateUserAgents = r.bool("agents.negotiate_user_agents", kv[1])
		case "copy_mcp_url":
			a.CopyMCPURL = r.bool("agents.copy_mcp_url", kv[1])
		case "open_in":
			a.OpenIn = []string{}
			for _, t := range r.strList("agents.open_in", kv[1]) {
				switch {
				case !slices.Contains(OpenInTargets, t.Value):
					r.diags = append(r.diags, Diagnostic{Pos: t.Pos, Msg: fmt.Sprintf("agents.open_in: unknown assistant %q; kb knows %s", t.Value, strings.Join(OpenInTargets, ", "))})
				case slices.Contains(a.OpenIn, t.Value):
					r.diags = append(r.diags, Diagnostic{Pos: t.Pos, Msg: fmt.Sprintf("agents.open_in: %q is listed twice", t.Value)})
				default:
					a.OpenIn = append(a.OpenIn, t.Value)
				}
			}
		case "cors":
			a.CORS = nil
			for _, o := range r.strList("agents.cors", kv[1]) {
				if origin, ok := corsOrigin(o.Value); !ok {
					r.diags = append(r.diags, Diagnostic{Pos: o.Pos, Msg: fmt.Sprintf("agents.cors: %q is not an origin; write scheme and host only, as https://app.example or http://localhost:3000", o.Value)})
				} else if !slices.Contains(a.CORS, origin) {
					a.CORS = append(a.CORS, origin)
				}
			}
		default:
			r.unknownKey(kv[0], agentsKeys, true, "agents")
		}
	}
	return a
}

// corsOrigin reads an origin as a browser sends it in Origin:
// http or https, a host, an optional port, nothing else.
func corsOrigin(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(u.Host, "*") {
		return "", false
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), true
}

// SiteManifestPath is the file kb build writes for kb serve -prod: the
// settings the server needs that only site.yaml knows. Like _headers and
// _redirects, kb's server never serves it.
const SiteManifestPath = "_kb.json"

// SiteManifest is the content of SiteManifestPath.
type SiteManifest struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	BaseURL     string `json:"base_url,omitempty"`
	BasePath    string `json:"base_path"`
	Agents      Agents `json:"agents"`
	// Immutable is the fingerprinted outputs outside assets/ (the copy of
	// theme.stylesheet), output paths: kb serve -prod caches them for a
	// year, as it does assets/.
	Immutable []string `json:"immutable,omitempty"`
	// Languages are a multilingual site's languages, the default first,
	// in the root's manifest only (the default language's, or when that
	// language is below a folder too, one of the root's own, whose
	// BasePath is the site's): where kb serve answers each one's search
	// API, search page, search status and feedback.
	Languages []ManifestLanguage `json:"languages,omitempty"`
}

// ManifestLanguage is one language of SiteManifest.Languages.
type ManifestLanguage struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Path is the language's output folder, as it is served below the
	// base path: "" for a default language at the root, "de/" or
	// "hc/de/" for the others.
	Path string `json:"path"`
}

func (c *Config) manifest(immutable []string) []byte {
	m := SiteManifest{Title: c.Title, Description: c.Description, BaseURL: c.BaseURL, BasePath: c.BasePath, Agents: c.Agents, Immutable: immutable}
	if lb := c.lang; lb != nil && lb.Default && lb.Out == "" {
		m.Languages = manifestLanguages(lb.All)
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	return append(b, '\n')
}

// manifestLanguages lists a multilingual site's languages for the
// root's manifest, each at its folder below the output root.
func manifestLanguages(all []Language) []ManifestLanguage {
	var out []ManifestLanguage
	for _, l := range all {
		out = append(out, ManifestLanguage{Code: l.Code, Name: l.Name, Path: l.outDir()})
	}
	return out
}

// ReadSiteManifest decodes a SiteManifestPath file. Switches missing from
// it (an older build) take their defaults.
func ReadSiteManifest(data []byte) (SiteManifest, error) {
	m := SiteManifest{Agents: defaultAgents(), BasePath: "/"}
	err := json.Unmarshal(data, &m)
	return m, err
}
