#!/usr/bin/env bash
# Builds and tests ctnet with g++ (-march=native) and clang++ (generic x86-64), then prints
# one closing line "N passed, N failed" summed over both builds from Meson's test logs.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
for cfg in "gcc g++ true" "clang clang++ false"; do
  set -- $cfg
  dir="build-test-$1"
  if [ ! -d "$dir" ]; then
    CXX="$2" meson setup "$dir" -Dnative="$3" -Dbenchmarks=false >/dev/null || { echo "meson setup failed for $1"; status=1; continue; }
  fi
  ninja -C "$dir" >"$dir.build.log" 2>&1 || { tail -50 "$dir.build.log"; echo "build failed for $1"; status=1; }
  meson test -C "$dir" --num-processes 2 --print-errorlogs --no-rebuild || status=1
done
python3 - <<'PY'
import json, glob
passed = failed = 0
for log in sorted(glob.glob('build-test-*/meson-logs/testlog.json')):
    for line in open(log):
        r = json.loads(line)
        if r.get('result') in ('OK', 'EXPECTEDFAIL'):
            passed += 1
        elif r.get('result') == 'SKIP':
            pass
        else:
            failed += 1
print(f"{passed} passed, {failed} failed")
PY
exit $status
