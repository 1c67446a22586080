package builder

import (
	"fmt"
	"testing"
)

func TestZZScratch(t *testing.T) {
	cases := []map[string]string{
		{"content/a/x.md": "---\ntitle: x\n"},
		{"content/a/x.md": "---\ntitle: This thing: crashes\n---\nbody\n"},
		{"content/a/x.md": "---\ntitle: T\ntags: [\"a\", b\"]\n---\nbody\n"},
		{"content/a/x.md": "---\ntitle: T\ntags:\n\t- a\n---\nbody\n"},
		{"content/a/x.md": "---\ntitle: [a, b]\norder: x\ndraft: \"false\"\ntags: billing\nupdated: 2024-13-45\nhidden: yes\n---\nbody\n"},
		{"content/a/x.md": "---\ntittle: T\nTitle: U\ntitle: V\n---\nbody\n"},
		{"content/a/x.md": "---\ntitle: T\ndescription: a\ntitle: U\n---\nbody\n"},
		{"content/a/x.md": "---\ntitle: T\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\nbody\n"},
		{"content/a/x.md": "---\ndescription: d\n---\nbody\n"},
		{"content/a/x.md": "---\ntitle: X\n---\n", "content/a/y.md": "---\ntitle: Y\nslug: x\n---\n"},
		{"content/a/x.md": "---\ntitle: X\n---\n", "content/a/X.md": "---\ntitle: Y\n---\n"},
		{"content/a/x.md": "---\ntitle: X\naliases: [/a/y/]\n---\n", "content/a/y.md": "---\ntitle: Y\n---\n"},
		{"content/a/x.md": "---\ntitle: X\nslug: ../../x\naliases: [\"../../x\", \"/a/../../b\", \"/ok/\"]\n---\n"},
		{"content/a/x.md": "---\ntitle: X\n---\n[y](y.md) [z](refunds.md)\n", "content/a/refund.md": "---\ntitle: R\n---\n## Install steps\n"},
		{"content/a/x.md": "---\ntitle: X\n---\n[y](refund.md#instal-steps) [z](refund.md#Install-Steps) [w](#nope)\n", "content/a/refund.md": "---\ntitle: R\n---\n## Install steps\n"},
		{"content/a/x.md": "---\ntitle: X\n---\n[y](../../site.yaml) [d](d.md) ![m](missing.png) [u](/a/nope/)\n", "content/a/d.md": "---\ntitle: D\ndraft: true\n---\n"},
		{"site.yaml": "title: T\nbase_ur: https://x/\nsupport:\n  txt: a\n"},
		{"content/a/x.md": ""},
		{"content/a/x.md": "   \n\n"},
		{"content/a/x.md": "---\ntitle: X\n---\nsmart \x93quotes\x94\n"},
		{"content/a/x.md": "---\ntitle: X\n---\nab\x00c\n"},
	}
	for i, c := range cases {
		files := map[string]string{"site.yaml": "title: T\n", "content/a/ok.md": "---\ntitle: OK\n---\nok\n"}
		for k, v := range c {
			files[k] = v
		}
		_, _, ds := buildFS(t, Options{}, mapFS(files))
		fmt.Printf("--- %d (errors %d)\n%s\n", i, ds.Errors(), ds.Error())
	}
}
