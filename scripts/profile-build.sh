#!/usr/bin/env bash
# profile-build.sh [N] [OUT]: profile one kb build of the N-article kbcorpus
# site (default 10000) and leave the profiles in OUT (default a new
# temporary folder):
#
#   cpu.pprof        CPU profile of the whole build (BuildDir: every output,
#                    search index included)
#   heap-peak.pprof  heap profile taken when the live heap was largest
#                    (sampled every 250 ms; in-use figures are as of the
#                    last GC before that moment)
#   allocs.pprof     every allocation of the build
#   trace.out        runtime trace, with TRACE=1
#
# and print the top of each. The build writes to SITE/../out on the same
# file system as the corpus; OUTFS=/dev/shm puts the output on tmpfs, to
# see the builder's own costs without the disk's.
#
# The profiling program is a small main package made in a temporary module
# that requires kb from this checkout (replace directive), so nothing is
# added to the kb module.
#
# Inspect further with, for example:
#   go tool pprof -top -cum OUT/kbprof OUT/cpu.pprof
#   go tool pprof -sample_index=inuse_space -top OUT/kbprof OUT/heap-peak.pprof
set -euo pipefail

N=${1:-10000}
case $N in *[!0-9]*|'') echo "usage: $0 [N] [OUT]" >&2; exit 2;; esac
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
corpus_src=$(cd "$repo/.." && pwd)/shared/tools/kbcorpus
[ -f "$corpus_src/go.mod" ] || { echo "profile-build: kbcorpus not found at $corpus_src" >&2; exit 1; }
out=${2:-$(mktemp -d "${TMPDIR:-/tmp}/kb-profile.XXXXXX")}
mkdir -p "$out"
out=$(cd "$out" && pwd)

prog="$out/prog"
mkdir -p "$prog"
gover=$(awk '/^go / {print $2; exit}' "$repo/go.mod")
cat >"$prog/go.mod" <<EOF
module kbprof

go $gover

require github.com/kbhelp/kb v0.0.0

replace github.com/kbhelp/kb => $repo
EOF
cp "$repo/go.sum" "$prog/go.sum"
cat >"$prog/main.go" <<'EOF'
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"runtime/trace"
	"time"

	"github.com/kbhelp/kb/builder"
)

func main() {
	src := flag.String("src", "", "site folder")
	out := flag.String("out", "", "output folder")
	dir := flag.String("profiles", ".", "folder for the profiles")
	tr := flag.Bool("trace", false, "also write a runtime trace")
	flag.Parse()
	runtime.MemProfileRate = 64 << 10
	must := func(err error) {
		if err != nil {
			fmt.Fprintln(os.Stderr, "kbprof:", err)
			os.Exit(1)
		}
	}
	cpu, err := os.Create(filepath.Join(*dir, "cpu.pprof"))
	must(err)
	must(pprof.StartCPUProfile(cpu))
	if *tr {
		f, err := os.Create(filepath.Join(*dir, "trace.out"))
		must(err)
		must(trace.Start(f))
	}
	// Keep the heap profile of the moment the live heap was largest.
	var peak bytes.Buffer
	var peakLive uint64
	var peakAt time.Duration
	start := time.Now()
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peakLive {
				peak.Reset()
				_ = pprof.Lookup("heap").WriteTo(&peak, 0)
				peakLive, peakAt = v, time.Since(start)
			}
		}
	}()
	res, err := builder.New(builder.Options{}).BuildDir(context.Background(), *src, *out)
	must(err)
	elapsed := time.Since(start)
	close(stop)
	<-done
	pprof.StopCPUProfile()
	must(cpu.Close())
	if *tr {
		trace.Stop()
	}
	must(os.WriteFile(filepath.Join(*dir, "heap-peak.pprof"), peak.Bytes(), 0o644))
	f, err := os.Create(filepath.Join(*dir, "allocs.pprof"))
	must(err)
	must(pprof.Lookup("allocs").WriteTo(f, 0))
	must(f.Close())
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("built %d articles, %d files, %.0f MB in %s; largest live heap %d MB at %s; %d GCs, %d MB allocated in all\n",
		res.Articles, res.Files, float64(res.Bytes)/1e6, elapsed.Round(time.Millisecond),
		peakLive>>20, peakAt.Round(time.Millisecond), ms.NumGC, ms.TotalAlloc>>20)
}
EOF
(cd "$prog" && GOFLAGS=-mod=mod go build -o "$out/kbprof" .)

site="$out/site"
if [ ! -d "$site" ]; then
	(cd "$corpus_src" && go build -o "$out/kbcorpus" .)
	"$out/kbcorpus" -n "$N" -seed 1 -out "$site"
fi
outdir="${OUTFS:-$out}/kb-profile-out.$$"
rm -rf "$outdir"
sync
trace_flag=""
[ "${TRACE:-0}" = 1 ] && trace_flag="-trace"
echo "profile-build: $N articles, output in $outdir, load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f 'profile-build: %e s wall, %U s user, %S s sys, peak RSS %M KB' \
	"$out/kbprof" -src "$site" -out "$outdir/public" -profiles "$out" $trace_flag
rm -rf "$outdir"

echo
echo "== CPU, by cumulative time (kb's functions and the big library calls)"
go tool pprof -top -cum -nodecount=400 "$out/kbprof" "$out/cpu.pprof" 2>/dev/null |
	grep -E 'Total samples|github.com/kbhelp/kb/builder|github.com/kbhelp/kb/search\.Build$|theme\)\.execute|renderer\)\.Render$|parser\)\.Parse$|gcBgMarkWorker$|mallocgc$|Syscall6$' | head -40 || true
echo
echo "== heap in use at the largest live heap"
go tool pprof -sample_index=inuse_space -top -nodecount=20 "$out/kbprof" "$out/heap-peak.pprof" 2>/dev/null | sed -n '5,30p' || true
go tool pprof -sample_index=inuse_space -top -cum -nodecount=60 "$out/kbprof" "$out/heap-peak.pprof" 2>/dev/null |
	grep -E 'github.com/kbhelp/kb/builder\.\(\*Builder\)\.(parse|load|render)|github.com/kbhelp/kb/builder\.articleText|github.com/kbhelp/kb/search\.Build$|github.com/kbhelp/kb/builder\.\(\*Site\)\.twin' || true
echo
echo "== allocations, by bytes"
go tool pprof -sample_index=alloc_space -top -nodecount=15 "$out/kbprof" "$out/allocs.pprof" 2>/dev/null | sed -n '5,25p' || true
echo
echo "profiles in $out"
