package main

import "testing"

func TestMark(t *testing.T) {
	src := "---\ntitle: \"Refunds\"\ndescription: How refunds work.\norder: 3\n---\n\nA paragraph\nwrapped.\n\n## A heading\n\n- a list item\n1. a step\n\n> a quote\n\n```go\n\nfmt.Println(1)\n```\n\nLast [one](../a.md).\n"
	want := "---\ntitle: \"[de] Refunds\"\ndescription: [de] How refunds work.\norder: 3\n---\n\n[de] A paragraph\nwrapped.\n\n## A heading\n\n- a list item\n1. a step\n\n> a quote\n\n```go\n\nfmt.Println(1)\n```\n\n[de] Last [one](../a.md).\n"
	if got := string(Mark([]byte(src), "[de] ")); got != want {
		t.Errorf("Mark:\n%s\nwant:\n%s", got, want)
	}
}

func TestTranslatedIsStable(t *testing.T) {
	n := 0
	for i := range 1000 {
		if Translated("a/"+string(rune('a'+i%26))+string(rune('a'+i/26)), 60) {
			n++
		}
	}
	if n < 500 || n > 700 {
		t.Errorf("%d of 1000 translated at 60%%", n)
	}
	if Translated("x.md", 0) || !Translated("x.md", 100) {
		t.Error("0% translates, or 100% leaves out")
	}
}
