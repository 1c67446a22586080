package llmstxt

import "strings"

// Format writes f as an llms.txt file: the H1, the summary, the details
// as written, then each section and its items. For a File that Parse
// returned without errors, Parse(Format(f)) returns the same File
// (positions aside).
func Format(f *File) []byte {
	var b strings.Builder
	b.WriteString("# " + headingSafe(f.Title) + "\n")
	if f.Summary != "" {
		b.WriteString("\n> " + f.Summary + "\n")
	}
	if f.Details != "" {
		b.WriteString("\n" + f.Details + "\n")
	}
	for _, s := range f.Sections {
		b.WriteString("\n## " + headingSafe(s.Name) + "\n")
		if len(s.Links) > 0 {
			b.WriteString("\n")
		}
		for _, l := range s.Links {
			b.WriteString("- [" + l.Title + "](" + l.URL + ")")
			if l.Notes != "" {
				b.WriteString(": " + l.Notes)
			}
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}

// headingSafe adds a closing # to heading text that ends in #, which
// would otherwise be read as the closing sequence ("# C#" is "C#", but
// "# #" is empty).
func headingSafe(s string) string {
	if strings.HasSuffix(s, "#") {
		return s + " #"
	}
	return s
}
