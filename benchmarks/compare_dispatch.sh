#!/usr/bin/env bash
# Side by side in one run: one epoch of the seed model (epoch_bench) built for this machine
# (-O2 -march=native, kernels fixed at compile time) and built as a consumer's plain -O2 with no -march
# (epoch_bench_generic: every kernel family held, the CPU's best chosen at run time). The two programs
# alternate ROUNDS times, each taking the median of REPEATS epochs per setting; the table gives the
# median over rounds and the ratio generic / native. (Each program's FMA-peak line measures the CPU's
# widest FMA, whatever its compiler flags: benchmarks/fma_peak.hpp.) With `predictor` in place of the optimizer,
# the same for predictor_bench and predictor_bench_generic: one sample and batches of 256, float and
# bf16 weights, one thread. Needs nothing but ctnet's own build ($BUILD, default
# build-dispatch-bench, configured here with -Dnative=true -Doptimization=2).
# Usage: bash benchmarks/compare_dispatch.sh [rounds = 3] [repeats = 3] [sgd | adam | predictor]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-dispatch-bench}
ROUNDS=${1:-3}
REPEATS=${2:-3}
OPT=${3:-sgd}
[ -d "$BUILD" ] || CXX=g++ meson setup "$BUILD" -Dnative=true -Doptimization=2 >/dev/null
bench=epoch_bench args=("$REPEATS" "$OPT")
[ "$OPT" = predictor ] && bench=predictor_bench args=("$REPEATS")
ninja -C "$BUILD" "benchmarks/$bench" "benchmarks/${bench}_generic" >/dev/null
out=$(mktemp)
for r in $(seq "$ROUNDS"); do
  for b in "$bench" "${bench}_generic"; do
    echo "== round $r: $b"
    flock /tmp/bench.lock "$BUILD/benchmarks/$b" "${args[@]}" >"$out.run"
    cat "$out.run"
    grep '^{' "$out.run" | sed "s/^/$b /" >>"$out"
  done
done
python3 - "$out" "$bench" <<'PY'
import json, statistics, sys
bench = sys.argv[2]
runs = {}
for line in open(sys.argv[1]):
    name, js = line.split(' ', 1)
    j = json.loads(js)
    if bench == 'epoch_bench':
        for r in j['results']:
            runs.setdefault(f"batch {r['batch']:>3}, {r['threads']} thread(s), s/epoch", {}).setdefault(name, []).append(r['seconds'])
    else:
        for key in ('one_sample_us', 'batch256_us_per_sample', 'bf16_one_sample_us', 'bf16_batch_us_per_sample'):
            runs.setdefault(key, {}).setdefault(name, []).append(j[key])
print(f"{'':<34} {'native':>9} {'generic':>9} {'generic/native':>15}")
for key, v in sorted(runs.items()):
    n, g = statistics.median(v[bench]), statistics.median(v[bench + '_generic'])
    print(f'{key:<34} {n:>9.3f} {g:>9.3f} {g / n:>15.3f}')
PY
rm -f "$out" "$out.run"
