#!/usr/bin/env python3
"""Runs one libFuzzer target for a bounded time over its committed seed corpus, read only.

    run_fuzz.py FUZZER SEEDS SCRATCH SECONDS [-dict=FILE ...]

New inputs go to SCRATCH (in the build directory; kept, so a later run starts from what earlier
runs found), never into SEEDS; a crash, leak, timeout or sanitizer report is written to SCRATCH as
crash-*/leak-*/timeout-* and fails the test (libFuzzer exits non-zero). Prints libFuzzer's output.
"""
import os
import subprocess
import sys


def main():
    if len(sys.argv) < 5:
        print(__doc__)
        return 2
    fuzzer, seeds, scratch, seconds = sys.argv[1:5]
    corpus = os.path.join(scratch, 'corpus')
    os.makedirs(corpus, exist_ok=True)
    # libFuzzer exits with 77 on a finding by default, which Meson reads as a skipped test.
    cmd = [fuzzer, '-max_total_time=' + seconds, '-timeout=10', '-error_exitcode=1', '-timeout_exitcode=1',
           '-print_final_stats=1',
           '-artifact_prefix=' + os.path.join(scratch, ''), *sys.argv[5:], corpus, seeds]
    print(' '.join(cmd), flush=True)
    return subprocess.call(cmd)


if __name__ == '__main__':
    sys.exit(main())
