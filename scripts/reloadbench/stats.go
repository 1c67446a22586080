package main

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// target is issue 5's: kb's median save-to-reload latency.
const target = 100 * time.Millisecond

// quantile is the nearest-rank q-quantile of ds (q in (0, 1]); a timeout
// counts as the timeout itself, so it sorts last. 0 for no samples.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if q == 0.5 && len(s)%2 == 0 { // the usual median of an even count
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	i := int(q*float64(len(s))+0.9999999) - 1
	return s[max(0, min(i, len(s)-1))]
}

func latencies(samples []sample, tool, kind string) []time.Duration {
	var out []time.Duration
	for _, s := range samples {
		if s.tool == tool && (kind == "" || s.kind == kind) {
			out = append(out, s.latency)
		}
	}
	return out
}

func summarize(out io.Writer, c config, servers map[string]*server, samples []sample) {
	p := func(format string, a ...any) { fmt.Fprintf(out, format, a...) }
	p("\n%-4s %5s %10s %10s %10s %10s %12s %12s %8s %6s\n", "tool", "edits", "median", "p90", "min", "max", "body median", "title median", "timeouts", "stale")
	med := map[string]time.Duration{}
	for _, t := range c.tools {
		all := latencies(samples, t, "")
		med[t] = quantile(all, 0.5)
		timeouts, stale := 0, 0
		for _, s := range samples {
			if s.tool != t {
				continue
			}
			if s.timeout {
				timeouts++
			}
			if len(s.fresh) >= 5 && s.fresh[:5] == "STALE" {
				stale++
			}
		}
		title := "-"
		if ts := latencies(samples, t, "title"); len(ts) > 0 {
			title = fmt.Sprintf("%.1f ms", ms(quantile(ts, 0.5)))
		}
		p("%-4s %5d %7.1f ms %7.1f ms %7.1f ms %7.1f ms %9.1f ms %12s %8d %6d\n", t, len(all),
			ms(med[t]), ms(quantile(all, 0.9)), ms(quantile(all, 0.0001)), ms(quantile(all, 1)),
			ms(quantile(latencies(samples, t, "body"), 0.5)), title, timeouts, stale)
	}
	var labels []string
	for _, s := range samples {
		if s.label != "" && !slices.Contains(labels, s.label) {
			labels = append(labels, s.label)
		}
	}
	if len(labels) > 0 {
		p("\n%-4s %-12s %5s %10s %10s %10s %10s %16s\n", "tool", "articles", "saves", "median", "p90", "min", "max", "printed rebuild")
		for _, l := range labels {
			for _, t := range c.tools {
				var ls, own []time.Duration
				for _, s := range samples {
					if s.tool == t && s.label == l {
						ls = append(ls, s.latency)
						if d := selfBuild(t, s.self); d > 0 {
							own = append(own, d)
						}
					}
				}
				p("%-4s %-12s %5d %7.1f ms %7.1f ms %7.1f ms %7.1f ms %13.1f ms\n", t, l, len(ls),
					ms(quantile(ls, 0.5)), ms(quantile(ls, 0.9)), ms(quantile(ls, 0.0001)), ms(quantile(ls, 1)), ms(quantile(own, 0.5)))
			}
		}
		p("\n")
	}
	// Per-round ratios: the saves of a round ran back to back.
	ratio := func(a, b string) {
		if _, ok := servers[a]; !ok || med[b] == 0 {
			return
		}
		if _, ok := servers[b]; !ok {
			return
		}
		var rs []time.Duration // ratio × 1e6, to reuse quantile
		byRound := map[int]map[string]time.Duration{}
		for _, s := range samples {
			if byRound[s.round] == nil {
				byRound[s.round] = map[string]time.Duration{}
			}
			byRound[s.round][s.tool] = s.latency
		}
		for _, r := range byRound {
			if r[b] > 0 {
				rs = append(rs, time.Duration(float64(r[a])/float64(r[b])*1e6))
			}
		}
		p("%s/%s: ratio of medians %.2f; median of per-round ratios %.2f\n",
			a, b, float64(med[a])/float64(med[b]), float64(quantile(rs, 0.5))/1e6)
	}
	ratio("kb", "hugo")
	ratio("kb2", "kb")
	for _, t := range c.tools {
		s := servers[t]
		rss, peak, err := memKB(s.cmd.Process.Pid)
		mem := "?"
		if err == nil {
			mem = fmt.Sprintf("%.0f MB after the edits (%.0f MB after startup, peak %.0f MB)", float64(rss)/1024, float64(s.rssUp)/1024, float64(peak)/1024)
		}
		var cpu []time.Duration
		for _, sm := range samples {
			if sm.tool == t && sm.cpu > 0 {
				cpu = append(cpu, sm.cpu)
			}
		}
		var own []time.Duration
		for _, sm := range samples {
			if d := selfBuild(sm.tool, sm.self); sm.tool == t && d > 0 {
				own = append(own, d)
			}
		}
		b := ""
		if len(own) > 0 {
			b = fmt.Sprintf("; rebuild time it printed, median %.1f ms", ms(quantile(own, 0.5)))
		}
		if len(cpu) > 0 {
			b += fmt.Sprintf("; CPU per save (until idle again) median %.2f s", quantile(cpu, 0.5).Seconds())
		}
		p("%-4s startup %.2f s to the first page; RSS %s%s\n", t, s.startup.Seconds(), mem, b)
	}
	for _, t := range []string{"kb", "kb2"} {
		if _, ok := servers[t]; !ok {
			continue
		}
		verdict := "MISSED"
		if med[t] < target {
			verdict = "MET"
		}
		p("target (%s median save-to-reload under %d ms): %s (%s median %.1f ms)\n", t, target.Milliseconds(), verdict, t, ms(med[t]))
	}
}
