package builder

import "testing"

func TestCleanAlias(t *testing.T) {
	tests := []struct {
		alias, base, want, err string
	}{
		{"/old/", "/", "old/", ""},
		{"/old", "/", "old/", ""},
		{"/hc/en-us/articles/123-Reset", "/", "hc/en-us/articles/123-Reset/", ""},
		{"/a//b", "/", "a/b/", ""},
		{"/a/b.html", "/", "a/b/", ""},
		{"/a/index.html", "/", "a/", ""},
		{"/caf%C3%A9/", "/", "café/", ""},
		{"/help/old/", "/help/", "old/", ""}, // with the base path
		{"/old/", "/help/", "old/", ""},      // or without it
		{"/help", "/help/", "", "the home page cannot be an alias"},
		{"/help/", "/help/", "", "the home page cannot be an alias"},
		{"/", "/", "", "the home page cannot be an alias"},
		{"old/", "/", "", "write a site path starting with /"},
		{"../../x", "/", "", "write a site path starting with /"},
		{"/a/../../b", "/", "", "path segments may not be . or .. or start with a dot"},
		{"/..", "/", "", "path segments may not be . or .. or start with a dot"},
		{"/a/./b", "/", "", "path segments may not be . or .. or start with a dot"},
		{"/.git/config", "/", "", "path segments may not be . or .. or start with a dot"},
		{"/%2e%2e/x", "/", "", "path segments may not be . or .. or start with a dot"},
		{"/%2E%2E%2Fx", "/", "", "path segments may not be . or .. or start with a dot"},
		{`/a\b`, "/", "", "write a site path such as /old/article/"},
		{"/a%5Cb", "/", "", "write a site path such as /old/article/, without spaces or control characters"},
		{"/a\x00b", "/", "", "write a site path such as /old/article/"},
		{"/a%00b", "/", "", "write a site path such as /old/article/, without spaces or control characters"},
		{"/a b/", "/", "", "write a site path such as /old/article/, without spaces or control characters"},
		{"/a%20b/", "/", "", "write a site path such as /old/article/, without spaces or control characters"},
		{"/a%zz/", "/", "", "write a site path such as /old/article/, without spaces or control characters"},
		{"/x?y=1", "/", "", "write a site path such as /old/article/"},
		{"/x#y", "/", "", "write a site path such as /old/article/"},
		{"https://evil.example/x", "/", "", "write a site path such as /old/article/"},
	}
	for _, tt := range tests {
		got, err := cleanAlias(tt.alias, tt.base)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if got != tt.want || gotErr != tt.err {
			t.Errorf("cleanAlias(%q, %q) = %q, %q; want %q, %q", tt.alias, tt.base, got, gotErr, tt.want, tt.err)
		}
	}
}

func TestTitleFromName(t *testing.T) {
	for in, want := range map[string]string{
		"billing":      "Billing",
		"sign-in":      "Sign in",
		"sign_in-help": "Sign in help",
		"api":          "Api",
		"-x-":          "X",
		"":             "",
		"---":          "",
		"über-uns":     "Über uns", // the first character, not the first byte
		"日本語":          "日本語",
	} {
		if got := titleFromName(in); got != want {
			t.Errorf("titleFromName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRelPath(t *testing.T) {
	for _, tt := range []struct{ dir, target, want string }{
		{"", "a/b.md", "a/b.md"},
		{"a", "a/b.md", "b.md"},
		{"a", "c/d.md", "../c/d.md"},
		{"a/b", "a/c.md", "../c.md"},
		{"a/b", "x.md", "../../x.md"},
		{"a", "a/b/c.md", "b/c.md"},
	} {
		if got := relPath(tt.dir, tt.target); got != tt.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", tt.dir, tt.target, got, tt.want)
		}
	}
}
