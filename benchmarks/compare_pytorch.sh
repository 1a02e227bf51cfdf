#!/usr/bin/env bash
# Side by side in one run: one epoch of the seed BN model in ctnet and in PyTorch (Debian's 1.13 and,
# if tests/reference/.venv exists, the PyPI build), batch 32 and 256, 1 and 2 threads, median of 3.
# PyTorch runs twice: with the environment as set here (OPENBLAS_CORETYPE=Haswell) and with both
# OPENBLAS_* variables unset. Needs a build with -Dnative=true in $BUILD (default build-bench).
# Usage: bash benchmarks/compare_pytorch.sh [repeats] [sgd | adam]   (the optimizer of both sides)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-bench}
REPEATS=${1:-3}
OPTIMIZER=${2:-sgd}
[ -d "$BUILD" ] || CXX=g++ meson setup "$BUILD" -Dnative=true >/dev/null
ninja -C "$BUILD" benchmarks/epoch_bench >/dev/null
echo "== ctnet (g++ -O3 -march=native; uses no BLAS)"
flock /tmp/bench.lock "$BUILD/benchmarks/epoch_bench" "$REPEATS" "$OPTIMIZER"
run_torch() {  # python label
  echo "== PyTorch $2, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset}"
  flock /tmp/bench.lock "$1" benchmarks/pytorch_epoch.py --repeats "$REPEATS" --optimizer "$OPTIMIZER" --label "$2" || echo "(failed)"
  echo "== PyTorch $2, OPENBLAS_* unset"
  flock /tmp/bench.lock env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$1" benchmarks/pytorch_epoch.py \
    --repeats "$REPEATS" --optimizer "$OPTIMIZER" --label "$2 unset" || echo "(failed)"
}
/usr/bin/python3 -c 'import torch' 2>/dev/null && run_torch /usr/bin/python3 "debian-1.13"
[ -x tests/reference/.venv/bin/python ] && run_torch tests/reference/.venv/bin/python "pypi"
