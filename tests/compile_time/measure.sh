#!/usr/bin/env bash
# Measures what it costs to compile ctnet's programs (docs/compile-time.md keeps the table):
# wall time, CPU time (user + sys) and peak memory ("Maximum resident set size" of /usr/bin/time -v),
# median of RUNS runs, for every program in examples/, tests/static/network_checks.cpp, and
# -fsyntax-only on a file holding only `#include <ctnet/ctnet.hpp>`, and on the same plus the check
# and plan of a generated 202-layer network.
#
# Usage: tests/compile_time/measure.sh [REV]     (from anywhere; prints a Markdown table)
#        RUNS=5 GXX=g++-12 CLANGXX=clang++-14 tests/compile_time/measure.sh HEAD
# Without REV the work tree is measured as it is (the header says whether it has uncommitted
# changes); with REV (a commit, e.g. HEAD) the files of that commit are exported to a temporary
# directory first, so the numbers belong to one commit even while others edit the tree.
# Each program is compiled to an object file (-c): linking is not the library's cost.
# Wall time is inflated when the machine is busy; CPU time (user + sys) much less so.
# WAIT_IDLE=1 first waits (up to 20 minutes) for the 1-minute load average to drop below 1.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${RUNS:-3}
gxx=${GXX:-g++-12}
clangxx=${CLANGXX:-clang++-14}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ $# -ge 1 ]; then
    rev=$(git -C "$repo" rev-parse --short "$1")
    mkdir "$work/src"
    git -C "$repo" archive "$rev" include examples tests/static | tar -x -C "$work/src"
    root="$work/src"
    source_desc="commit $rev"
else
    root=$repo
    source_desc="work tree at $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    if [ -n "$(git -C "$repo" status --porcelain -- include examples tests/static 2>/dev/null)" ]; then
        source_desc="$source_desc with uncommitted changes"
    fi
fi

if [ "${WAIT_IDLE:-0}" = 1 ]; then
    for _ in $(seq 240); do
        awk '{ exit !($1 < 1.0) }' /proc/loadavg && break
        sleep 5
    done
fi

common=(-std=c++20 -O2 -I "$root/include")
printf '#include <ctnet/ctnet.hpp>\n' > "$work/umbrella.cpp"

# A deep network (input, 100 x (dense<64, relu>, batch_norm), dense<10, softmax>: 202 layers), to
# see what the checks and the plan cost beyond including the header.
{
    printf '#include <ctnet/ctnet.hpp>\nusing deep = ctnet::sequential<ctnet::input<784>'
    for _ in $(seq 100); do printf ', ctnet::dense<64, ctnet::relu>, ctnet::batch_norm<>'; done
    printf ', ctnet::dense<10, ctnet::softmax>>;\n'
    printf 'static_assert(ctnet::param_count<deep> == 784 * 64 + 64 + 99 * (64 * 64 + 64) + 100 * 4 * 64 + 64 * 10 + 10);\n'
    printf 'static_assert(ctnet::plan_of<deep>.stage_count == 101);\n'
} > "$work/deep.cpp"

# One compiler run under /usr/bin/time -v; prints "wall_s cpu_s maxrss_kb".
measure_once() {
    local log="$work/time.log"
    if ! /usr/bin/time -v -o "$log" "$@" > "$work/out.txt" 2>&1; then
        echo "measure.sh: compilation failed: $*" >&2
        cat "$work/out.txt" >&2
        exit 1
    fi
    awk -F': ' '
        /User time \(seconds\)/ { user = $2 }
        /System time \(seconds\)/ { sys = $2 }
        /Elapsed \(wall clock\) time/ {
            n = split($NF, p, ":"); wall = 0
            for (i = 1; i <= n; ++i) wall = wall * 60 + p[i]
        }
        /Maximum resident set size/ { rss = $2 }
        END { printf "%.2f %.2f %d\n", wall, user + sys, rss }' "$log"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# measure LABEL COMPILER-NAME command...: prints one table row.
measure() {
    local label=$1 name=$2
    shift 2
    local samples="$work/samples.txt"
    : > "$samples"
    for _ in $(seq "$runs"); do measure_once "$@" >> "$samples"; done
    local wall cpu rss
    wall=$(awk '{ print $1 }' "$samples" | median)
    cpu=$(awk '{ print $2 }' "$samples" | median)
    rss=$(awk '{ print $3 }' "$samples" | median)
    printf '| %s | %s | %.2f | %.2f | %d |\n' "$label" "$name" "$wall" "$cpu" $(( rss / 1024 ))
}

programs=()
for f in "$root"/examples/*.cpp; do programs+=("$f"); done
programs+=("$root/tests/static/network_checks.cpp")

echo "date: $(date -u +%Y-%m-%dT%H:%MZ); source: $source_desc; runs: $runs (median);" \
     "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores;" \
     "$("$gxx" --version | head -1); $("$clangxx" --version | head -1)"
echo
echo '| file | compiler | wall s | CPU s | peak MiB |'
echo '| --- | --- | ---: | ---: | ---: |'
for p in "${programs[@]}"; do
    rel=${p#"$root"/}
    measure "$rel" "g++ -march=native" "$gxx" "${common[@]}" -march=native -c "$p" -o "$work/a.o"
    measure "$rel" "clang++" "$clangxx" "${common[@]}" -c "$p" -o "$work/a.o"
done
measure "ctnet.hpp alone (-fsyntax-only)" "g++ -march=native" "$gxx" "${common[@]}" -march=native -fsyntax-only "$work/umbrella.cpp"
measure "ctnet.hpp alone (-fsyntax-only)" "clang++" "$clangxx" "${common[@]}" -fsyntax-only "$work/umbrella.cpp"
measure "202-layer network, check + plan (-fsyntax-only)" "g++ -march=native" "$gxx" "${common[@]}" -march=native -fsyntax-only "$work/deep.cpp"
measure "202-layer network, check + plan (-fsyntax-only)" "clang++" "$clangxx" "${common[@]}" -fsyntax-only "$work/deep.cpp"
