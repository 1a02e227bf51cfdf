#!/usr/bin/env python3
"""Compile-fail runner: compiles FILE with CTNET_EXPECT_COMPILE_ERROR defined and passes only if
the compiler fails, reports exactly one error, prints at most MAX_LINES lines in all (stdout and
stderr, with the `In file included from` chain, source excerpts and clang's `N error generated.`),
and its output matches every `// expect-error:` regex of FILE.
Usage: run_compile_fail.py FILE -- COMPILER ARGS..."""
import os
import re
import subprocess
import sys

# The bound: one error of at most 10 lines, on g++ 12 and on clang 14.
MAX_LINES = 10

# Known exceptions, by file name, each with its measured length and the reason. Remove an entry
# when its cause is fixed: the runner then holds that test to MAX_LINES too.
LONGER: dict[str, int] = {}


def main() -> int:
    sep = sys.argv.index('--')
    source, command = sys.argv[1], sys.argv[sep + 1:]
    patterns = [line.split('expect-error:', 1)[1].strip()
                for line in open(source, encoding='utf-8') if line.startswith('// expect-error:')]
    if not patterns:
        print(f'{source}: no // expect-error: lines; a compile-fail test must pin its message')
        return 1
    run = subprocess.run(command + ['-fsyntax-only', '-fno-diagnostics-color', '-DCTNET_EXPECT_COMPILE_ERROR', source],
                         capture_output=True, text=True)
    output = run.stdout + run.stderr
    print(output)
    if run.returncode == 0:
        print(f'FAIL: {source} compiled, but it must not')
        return 1
    errors = [line for line in output.splitlines() if re.search(r'\berror:(?!:)', line)]
    if len(errors) != 1:
        print(f'FAIL: {len(errors)} errors, expected exactly one')
        return 1
    missing = [p for p in patterns if not re.search(p, output)]
    for p in missing:
        print(f'FAIL: expected message not found: {p}')
    if missing:
        return 1
    lines = len(output.splitlines())
    limit = LONGER.get(os.path.basename(source), MAX_LINES)
    if lines > limit:
        print(f'FAIL: {lines} lines of output, at most {limit} allowed')
        return 1
    print(f'ok: one error, {len(patterns)} pattern(s) matched, {lines} lines of output (at most {limit})')
    return 0


if __name__ == '__main__':
    sys.exit(main())
