package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Write prints findings in a format: text, json or github. prefix is put before every
// path (the site folder as the user named it, so paths open from where
// kb ran).
//
//   - text: one path:line:col: rule: message line per finding;
//   - json: {"findings": [{"file", "line", "col", "rule", "severity",
//     "message"}…], "errors": N, "warnings": N};
//   - github: workflow commands, which GitHub Actions shows as
//     annotations on the lines of a pull request:
//     ::error file=…,line=…,col=…,title=rule::message (::notice for
//     an info)
func Write(w io.Writer, format string, fs []Finding, prefix string) error {
	switch format {
	case "json":
		type jsonFinding struct {
			File     string `json:"file"`
			Line     int    `json:"line,omitempty"`
			Col      int    `json:"col,omitempty"`
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		}
		out := struct {
			Findings []jsonFinding `json:"findings"`
			Errors   int           `json:"errors"`
			Warnings int           `json:"warnings"`
		}{Findings: []jsonFinding{}}
		for _, f := range fs {
			out.Findings = append(out.Findings, jsonFinding{File: prefix + f.Pos.File, Line: f.Pos.Line, Col: f.Pos.Col,
				Rule: f.Rule, Severity: f.Severity.String(), Message: f.Msg})
		}
		out.Errors, out.Warnings = Count(fs)
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "github":
		for _, f := range fs {
			props := "file=" + ghProp(prefix+f.Pos.File)
			if f.Pos.Line > 0 {
				props += fmt.Sprintf(",line=%d,col=%d", f.Pos.Line, f.Pos.Col)
			}
			props += ",title=" + ghProp(f.Rule)
			cmd := f.Severity.String()
			if f.Severity == Info {
				cmd = "notice" // GitHub's word for a note
			}
			if _, err := fmt.Fprintf(w, "::%s %s::%s\n", cmd, props, ghData(f.Rule+": "+f.Msg)); err != nil {
				return err
			}
		}
		return nil
	default:
		for _, f := range fs {
			f.Pos.File = prefix + f.Pos.File
			if _, err := fmt.Fprintln(w, f); err != nil {
				return err
			}
		}
		return nil
	}
}

// ghData escapes a workflow command's message, as @actions/core does.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command's property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
