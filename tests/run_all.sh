#!/usr/bin/env bash
# Builds and tests ctnet, then prints one closing line "N passed, N failed" summed over every build
# it ran, from Meson's test logs:
#   1. g++ (-O3 -march=native), the release build: every suite;
#   2. clang++ (generic x86-64, portable kernels) under AddressSanitizer + UndefinedBehaviorSanitizer
#      at -O0: every suite but headers and docs (the examples' short runs on 2,000 samples there);
#   3. g++ (-march=native) under ThreadSanitizer at -O1: the thread pool, and two models trained at
#      once on two threads;
#   4. clang++ libFuzzer targets (-fsanitize=fuzzer,address,undefined, -O1): the safetensors and IDX
#      readers, 30 s each over their committed seeds (suite fuzz, docs/fuzzing.md).
# Any sanitizer report fails its test (-fno-sanitize-recover=all, halt_on_error=1) and is also
# counted as a failure if it shows up in the output of a test that passed. docs/testing.md.
#   --sanitize     only stages 2, 3 and 4
#   --no-sanitize  stage 1, and stage 2 without sanitizers (build-test-clang)
set -uo pipefail
cd "$(dirname "$0")/.."
plain=true sanitize=true
case "${1:-}" in
  "") ;;
  --sanitize) plain=false ;;
  --no-sanitize) sanitize=false ;;
  *) echo "usage: bash tests/run_all.sh [--sanitize | --no-sanitize]"; exit 2 ;;
esac

status=0
dirs=()
started=$SECONDS
# stage NAME: prints NAME and the seconds since the start (the whole run counts against CI's budget).
stage() { echo "== $1 (at $((SECONDS - started)) s)"; }
broken=0   # builds or setups that failed: each counts as one failure in the closing line

# setup DIR CXX MESON_ARGS...: configures DIR, or reconfigures it when it exists: that applies this
# script's options and relists the headers and docs pages (tests/headers, tests/docs list them at
# configure time). Existing objects are reused.
setup() {
  local dir=$1 cxx=$2 how=()
  shift 2
  [ -f "$dir/meson-private/coredata.dat" ] && how=(--reconfigure)
  CXX="$cxx" meson setup "${how[@]}" "$dir" -Dbenchmarks=false -Ddispatch=false "$@" >"$dir.setup.log" 2>&1 ||
    { tail -20 "$dir.setup.log"; echo "meson setup failed for $dir"; status=1; broken=$((broken + 1)); return 1; }
}

# build DIR [TARGET...]: ninja on the targets (all when none), the log in DIR.build.log. It goes on
# past a failed target (-k 0) so that the other tests still run; the failure is counted.
build() {
  local dir=$1
  shift
  ninja -C "$dir" -j2 -k 0 "$@" >"$dir.build.log" 2>&1 ||
    { grep -A12 '^FAILED:' "$dir.build.log" | head -80; echo "build failed for $dir"; status=1; broken=$((broken + 1)); }
}

# run DIR CXX TIMEOUT_MULTIPLIER MESON_ARGS...: configures, builds and tests one build directory
# (every suite it has but those in the array skip_suites), and adds it to the summary.
skip_suites=()
run() {
  local dir=$1 cxx=$2 multiplier=$3 skip=()
  shift 3
  for suite in "${skip_suites[@]}"; do skip+=(--no-suite "$suite"); done
  stage "$dir"
  setup "$dir" "$cxx" "$@" || return 0
  build "$dir"
  meson test -C "$dir" --num-processes 2 --timeout-multiplier "$multiplier" --print-errorlogs \
    --no-rebuild "${skip[@]}" || status=1
  dirs+=("$dir")
}

# Reports fail the test: UBSan cannot recover (compiled so), ASan and TSan stop at the first one,
# LeakSanitizer runs at exit.
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1:strict_string_checks=1:print_summary=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:print_summary=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:history_size=4
san_args=(-Ddebug=true -Dcpp_args='-fno-sanitize-recover=all -fno-omit-frame-pointer')

# 1. The release build users get: g++ -O3 -march=native (the machine's kernels), every suite.
if $plain; then
  run build-test-gcc g++ 1 -Dnative=true -Doptimization=3
fi

# 2. clang, generic x86-64 (the portable kernels; gemm_avx2 builds the AVX2 GEMM kernel with
#    -march=x86-64-v3), every suite but headers (whether a header includes what it uses does not
#    depend on the compiler) and docs (the pages' blocks are user code compiled apart from the build,
#    with no sanitizer: g++ checks them in stage 1, and clang compiles the same headers here), under
#    ASan + UBSan at -O0: clang's view of every header, test and example, and the sanitizers, in one
#    build. -O0 compiles in a quarter of -O1's time with ASan (gradient_check.cpp: 14 s against
#    53 s; 28 s at -O1 without sanitizers), which outweighs the slower tests. --no-sanitize builds it without sanitizers (build-test-clang).
skip_suites=(docs)
if $sanitize; then
  run build-test-clang-asan clang++ 10 -Dnative=false -Doptimization=0 -Dheader_tests=false \
    -Db_sanitize=address,undefined "${san_args[@]}"
elif $plain; then
  run build-test-clang clang++ 1 -Dnative=false -Doptimization=0 -Dheader_tests=false
fi

# 3. g++ (-march=native) under ThreadSanitizer at -O1: the thread pool, two models trained at once
#    on two threads, determinism (one training on 1, 2, 3, 4 and 7 threads), and a predictor called
#    from 4 threads at once.
if $sanitize; then
  dir=build-test-tsan
  stage "$dir"
  if setup "$dir" g++ -Dnative=true -Db_sanitize=thread -Doptimization=1 "${san_args[@]}"; then
    build "$dir" tests/unit/gemm/thread_pool_test tests/unit/network/two_models_at_once tests/unit/network/determinism \
      tests/unit/network/predictor
    meson test -C "$dir" thread_pool two_models_at_once determinism predictor --num-processes 2 \
      --timeout-multiplier 10 --print-errorlogs --no-rebuild || status=1
    dirs+=("$dir")
  fi
fi

# 4. The libFuzzer targets (clang only; tests/fuzz): each fuzzer for 30 s over its committed seeds,
#    one at a time, new units and crash files in build-test-fuzz/tests/fuzz/<target>-scratch/.
if $sanitize; then
  dir=build-test-fuzz
  stage "$dir"
  if setup "$dir" clang++ -Dfuzz=true -Dfuzz_seconds=30 -Dnative=false -Doptimization=1 -Dheader_tests=false \
    "${san_args[@]}"; then
    build "$dir" tests/fuzz/fuzz_safetensors tests/fuzz/fuzz_idx
    meson test -C "$dir" --suite fuzz --num-processes 1 --print-errorlogs --no-rebuild || status=1
    dirs+=("$dir")
  fi
fi

stage "summary"
python3 - "$broken" "${dirs[@]}" <<'PY' || status=1
import json, os, re, sys
report = re.compile(r'runtime error:|ERROR: (Address|Leak|Thread)Sanitizer|WARNING: ThreadSanitizer|SUMMARY: \w+Sanitizer')
passed = 0
failed = int(sys.argv[1])
if failed:
    print(f"{failed} build(s) failed: counted as failures")
for d in sys.argv[2:]:
    log = os.path.join(d, 'meson-logs', 'testlog.json')
    if not os.path.exists(log):
        continue
    for line in open(log):
        r = json.loads(line)
        ok = r.get('result') in ('OK', 'EXPECTEDFAIL')
        if ok and report.search((r.get('stdout') or '') + (r.get('stderr') or '')):
            print(f"{d}: {r['name']}: passed, but its output holds a sanitizer report")
            ok = False
        if ok:
            passed += 1
        elif r.get('result') == 'SKIP':
            pass
        else:
            failed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
exit $status
