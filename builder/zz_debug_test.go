package builder_test

import (
	"os"
	"regexp"
	"testing"
)

func TestZZExplain(t *testing.T) {
	ix := buildIndex(t, "..", nil)
	for _, id := range []string{os.Getenv("A"), os.Getenv("B")} {
		e := ix.DebugExplain(os.Getenv("Q"), id)
		re := regexp.MustCompile(`(?s)"value": ([0-9.e-]+),\s*"message": "([^"]*)"`)
		for _, m := range re.FindAllStringSubmatch(e, -1) {
			if len(m[2]) > 0 && (m[2][0] == 'w' || m[2][0] == 'c' || m[2][0] == 's' && m[2][1] == 'u' || m[2][0] == 'p') {
				t.Log(m[1], m[2])
			}
		}
		t.Log("-----")
	}
}
