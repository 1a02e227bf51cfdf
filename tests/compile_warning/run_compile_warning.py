#!/usr/bin/env python3
"""Compile-warning runner: compiles FILE twice. With CTNET_EXPECT_COMPILE_WARNING defined it must
compile, give exactly one `warning:` line and match every `// expect-warning:` regex of FILE;
without it (the twin: the same code silenced, or a declaration that must not warn) it must compile
with -Werror. Usage: run_compile_warning.py FILE -- COMPILER ARGS..."""
import re
import subprocess
import sys


def main() -> int:
    sep = sys.argv.index('--')
    source, command = sys.argv[1], sys.argv[sep + 1:]
    patterns = [line.split('expect-warning:', 1)[1].strip()
                for line in open(source, encoding='utf-8') if line.startswith('// expect-warning:')]
    if not patterns:
        print(f'{source}: no // expect-warning: lines; a compile-warning test must pin its message')
        return 1
    base = command + ['-fsyntax-only', '-fno-diagnostics-color', '-Wall', '-Wextra']
    run = subprocess.run(base + ['-DCTNET_EXPECT_COMPILE_WARNING', source], capture_output=True, text=True)
    output = run.stdout + run.stderr
    print(output)
    if run.returncode != 0:
        print(f'FAIL: {source} did not compile; a warning must not stop the build')
        return 1
    warnings = [line for line in output.splitlines() if re.search(r'\bwarning:', line)]
    if len(warnings) != 1:
        print(f'FAIL: {len(warnings)} warnings, expected exactly one')
        return 1
    missing = [p for p in patterns if not re.search(p, output)]
    for p in missing:
        print(f'FAIL: expected message not found: {p}')
    if missing:
        return 1
    twin = subprocess.run(base + ['-Werror', source], capture_output=True, text=True)
    if twin.returncode != 0:
        print(twin.stdout + twin.stderr)
        print(f'FAIL: the twin of {source} (without CTNET_EXPECT_COMPILE_WARNING) warns or fails with -Werror')
        return 1
    print(f'ok: one warning, {len(patterns)} pattern(s) matched; the twin compiles with -Werror')
    return 0


if __name__ == '__main__':
    sys.exit(main())
