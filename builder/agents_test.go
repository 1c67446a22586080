package builder

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"
)

func TestAgentsConfig(t *testing.T) {
	for _, tc := range []struct {
		yaml  string
		want  string // Agents, %+v
		diags string
	}{
		{"", "{MCP:true NegotiateUserAgents:true OpenIn:[chatgpt claude] CopyMCPURL:true CORS:[]}", ""},
		{"agents:\n  mcp: false\n", "{MCP:false NegotiateUserAgents:true OpenIn:[chatgpt claude] CopyMCPURL:true CORS:[]}", ""},
		{"agents:\n  negotiate_user_agents: false\n  copy_mcp_url: false\n", "{MCP:true NegotiateUserAgents:false OpenIn:[chatgpt claude] CopyMCPURL:false CORS:[]}", ""},
		{"agents:\n  open_in: []\n", "{MCP:true NegotiateUserAgents:true OpenIn:[] CopyMCPURL:true CORS:[]}", ""},
		{"agents:\n  open_in: [claude]\n", "{MCP:true NegotiateUserAgents:true OpenIn:[claude] CopyMCPURL:true CORS:[]}", ""},
		{"agents:\n  open_in: [claude, gemini, claude]\n", "{MCP:true NegotiateUserAgents:true OpenIn:[claude] CopyMCPURL:true CORS:[]}",
			"site.yaml:2:21: agents.open_in: unknown assistant \"gemini\"; kb knows chatgpt, claude\nsite.yaml:2:29: agents.open_in: \"claude\" is listed twice"},
		{"agents:\n  mcp: yes please\n", "{MCP:false NegotiateUserAgents:true OpenIn:[chatgpt claude] CopyMCPURL:true CORS:[]}", `site.yaml:2:8: key "agents.mcp": expected true or false, got the string "yes please"`},
		{"agents:\n  mpc: false\n", "{MCP:true NegotiateUserAgents:true OpenIn:[chatgpt claude] CopyMCPURL:true CORS:[]}", `site.yaml:2:3: unknown agents key "mpc"`},
		{"agents:\n  cors: [https://app.example, 'HTTPS://App.Example/', http://localhost:3000]\n", "{MCP:true NegotiateUserAgents:true OpenIn:[chatgpt claude] CopyMCPURL:true CORS:[https://app.example http://localhost:3000]}", ""},
		{"agents:\n  cors: [app.example, 'https://a.example/path', '*']\n", "{MCP:true NegotiateUserAgents:true OpenIn:[chatgpt claude] CopyMCPURL:true CORS:[]}",
			"site.yaml:2:10: agents.cors: \"app.example\" is not an origin; write scheme and host only, as https://app.example or http://localhost:3000\n" +
				"site.yaml:2:23: agents.cors: \"https://a.example/path\" is not an origin; write scheme and host only, as https://app.example or http://localhost:3000\n" +
				"site.yaml:2:49: agents.cors: \"*\" is not an origin; write scheme and host only, as https://app.example or http://localhost:3000"},
		{"agents: false\n", "{MCP:true NegotiateUserAgents:true OpenIn:[chatgpt claude] CopyMCPURL:true CORS:[]}", `site.yaml:1:9: key "agents": expected a mapping with mcp, negotiate_user_agents, open_in, copy_mcp_url, cors, got false`},
	} {
		c, diags := parseConfig("site.yaml", []byte(tc.yaml))
		if got := fmt.Sprintf("%+v", c.Agents); got != tc.want {
			t.Errorf("%q: agents %s, want %s", tc.yaml, got, tc.want)
		}
		if got := diags.Error(); got != tc.diags {
			t.Errorf("%q: diagnostics\n%s\nwant\n%s", tc.yaml, got, tc.diags)
		}
	}
}

// The build writes the settings kb serve -prod needs; a manifest from an
// older build without agents reads with the defaults.
func TestSiteManifest(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":    {Data: []byte("title: T\nbase_url: https://x.example/help/\nagents:\n  negotiate_user_agents: false\n")},
		"content/a.md": {Data: []byte("---\ntitle: A\n---\n")},
	}
	sink := NewMemSink()
	if _, err := New(Options{}).Build(context.Background(), fsys, sink); err != nil {
		t.Fatal(err)
	}
	m, err := ReadSiteManifest(sink.Files()[SiteManifestPath])
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%+v", m); got != "{Title:T Description: BaseURL:https://x.example/help/ BasePath:/help/ Agents:{MCP:true NegotiateUserAgents:false OpenIn:[chatgpt claude] CopyMCPURL:true CORS:[]} Immutable:[] Languages:[]}" {
		t.Errorf("manifest %s", got)
	}
	// A multilingual site's root manifest lists where each language is
	// served; the languages' own manifests do not.
	fsys["site.yaml"] = &fstest.MapFile{Data: []byte("title: T\nlanguage: en\nlanguages:\n  - code: en\n    name: English\n  - code: de\n    name: Deutsch\n  - code: ar\n    name: العربية\n    path: hc/ar/\n")}
	sink = NewMemSink()
	if _, err := New(Options{}).Build(context.Background(), fsys, sink); err != nil {
		t.Fatal(err)
	}
	m, _ = ReadSiteManifest(sink.Files()[SiteManifestPath])
	if got := fmt.Sprintf("%+v", m.Languages); got != "[{Code:en Name:English Path:} {Code:de Name:Deutsch Path:de/} {Code:ar Name:العربية Path:hc/ar/}]" {
		t.Errorf("languages %s", got)
	}
	if de, _ := ReadSiteManifest(sink.Files()["de/"+SiteManifestPath]); de.BasePath != "/de/" || de.Languages != nil {
		t.Errorf("German manifest %+v", de)
	}
	// With the default language below a folder too, the root has a
	// manifest of its own with the site's base path.
	fsys["site.yaml"] = &fstest.MapFile{Data: []byte("title: T\nbase_path: /help/\nlanguage: en\nlanguages:\n  - code: en\n    name: English\n    path: hc/en-us/\n  - code: de\n    name: Deutsch\n    path: hc/de/\n")}
	sink = NewMemSink()
	if _, err := New(Options{}).Build(context.Background(), fsys, sink); err != nil {
		t.Fatal(err)
	}
	m, _ = ReadSiteManifest(sink.Files()[SiteManifestPath])
	if got := fmt.Sprintf("%s %+v", m.BasePath, m.Languages); got != "/help/ [{Code:en Name:English Path:hc/en-us/} {Code:de Name:Deutsch Path:hc/de/}]" {
		t.Errorf("root manifest %s", got)
	}
	if en, _ := ReadSiteManifest(sink.Files()["hc/en-us/"+SiteManifestPath]); en.BasePath != "/help/hc/en-us/" || en.Languages != nil {
		t.Errorf("English manifest %+v", en)
	}
	old, err := ReadSiteManifest([]byte(`{"title":"T","base_path":"/"}`))
	if err != nil || !old.Agents.MCP || !old.Agents.NegotiateUserAgents {
		t.Errorf("old manifest: %+v %v", old, err)
	}
}
