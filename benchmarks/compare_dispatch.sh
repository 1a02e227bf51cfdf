#!/usr/bin/env bash
# Side by side in one run: one epoch of the seed model (epoch_bench) built for this machine
# (-O2 -march=native, kernels fixed at compile time) and built as a consumer's plain -O2 with no -march
# (epoch_bench_generic: every kernel family held, the CPU's best chosen at run time). The two programs
# alternate ROUNDS times, each taking the median of REPEATS epochs per setting; the table gives the
# median over rounds and the ratio generic / native. (Each program's FMA-peak line measures the peak
# of its own compiler flags: SSE2 in the generic build.) Needs nothing but ctnet's own build ($BUILD,
# default build-dispatch-bench, configured here with -Dnative=true -Doptimization=2).
# Usage: bash benchmarks/compare_dispatch.sh [rounds = 3] [repeats = 3] [sgd | adam]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-dispatch-bench}
ROUNDS=${1:-3}
REPEATS=${2:-3}
OPT=${3:-sgd}
[ -d "$BUILD" ] || CXX=g++ meson setup "$BUILD" -Dnative=true -Doptimization=2 >/dev/null
ninja -C "$BUILD" benchmarks/epoch_bench benchmarks/epoch_bench_generic >/dev/null
out=$(mktemp)
for r in $(seq "$ROUNDS"); do
  for b in epoch_bench epoch_bench_generic; do
    echo "== round $r: $b"
    flock /tmp/bench.lock "$BUILD/benchmarks/$b" "$REPEATS" "$OPT" >"$out.run"
    cat "$out.run"
    grep '^{' "$out.run" | sed "s/^/$b /" >>"$out"
  done
done
python3 - "$out" <<'PY'
import json, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, js = line.split(' ', 1)
    for r in json.loads(js)['results']:
        runs.setdefault((r['batch'], r['threads']), {}).setdefault(name, []).append(r['seconds'])
print(f"{'batch':>6} {'threads':>7} {'native s':>9} {'generic s':>10} {'generic/native':>15}")
for (batch, threads), v in sorted(runs.items()):
    n, g = statistics.median(v['epoch_bench']), statistics.median(v['epoch_bench_generic'])
    print(f'{batch:>6} {threads:>7} {n:>9.3f} {g:>10.3f} {g / n:>15.3f}')
PY
rm -f "$out" "$out.run"
