#!/usr/bin/env bash
# Side by side in one run, one thread: the seed model's inference latency in ctnet (predictor_bench) and in
# PyTorch eager, torch.jit, torch.compile and ONNX Runtime (benchmarks/pytorch_inference.py, from
# tests/reference/.venv: pip install torch onnxruntime onnx). Needs a build with -Dnative=true in $BUILD
# (default build-bench). PyTorch runs with the environment as it is (say which OPENBLAS_* setting a
# figure used; PyPI's torch does not use OpenBLAS for Linear).
# Usage: bash benchmarks/compare_inference.sh [repeats = 5]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-bench}
REPEATS=${1:-5}
[ -d "$BUILD" ] || CXX=g++ meson setup "$BUILD" -Dnative=true >/dev/null
ninja -C "$BUILD" benchmarks/predictor_bench >/dev/null
echo "== ctnet (g++ -O3 -march=native)"
flock /tmp/bench.lock "$BUILD/benchmarks/predictor_bench" "$REPEATS"
echo "== PyTorch and ONNX Runtime (tests/reference/.venv)"
flock /tmp/bench.lock tests/reference/.venv/bin/python -W ignore benchmarks/pytorch_inference.py --repeats "$REPEATS"
