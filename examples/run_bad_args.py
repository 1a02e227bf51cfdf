#!/usr/bin/env python3
"""Bad-argument runner for the examples that take [epochs] [train_count]: runs PROGRAM with each bad
command line and passes only if every run exits with status 2, prints `usage: NAME [epochs]
[train_count]` and the reason on stderr, and returns within a few seconds. The dataset directory is
pointed at a path that does not exist, so a run that gets past the argument check fails (not 2)
instead of training: the bad-argument path must not need, or load, the data. `--help` must print the
same usage on stdout and exit 0.
Usage: run_bad_args.py PROGRAM NAME"""
import os
import subprocess
import sys

# (arguments, a piece of the reason the program must give)
BAD = [
    (['0'], 'bad epochs "0": expected an integer from 1 to 1000'),
    (['abc'], 'bad epochs "abc"'),
    (['-1', '100'], 'bad epochs "-1"'),  # std::stoul wrapped it to 2^64 - 1: training "forever"
    (['5x'], 'bad epochs "5x"'),
    ([''], 'bad epochs ""'),
    (['+3'], 'bad epochs "+3"'),
    (['1001'], 'bad epochs "1001"'),
    (['99999999999999999999999'], 'bad epochs "99999999999999999999999"'),
    (['1', '0'], 'bad train_count "0": expected an integer from 1 to 55000'),
    (['1', '55001'], 'bad train_count "55001"'),
    (['1', '100 '], 'bad train_count "100 "'),
    (['1', '100', '3'], '3 arguments given, at most 2 accepted'),
]
TIMEOUT = 30  # seconds; the checks take milliseconds, a run that starts training takes minutes


def run(program, args):
    env = dict(os.environ, CTNET_FASHION_MNIST_DIR='/nonexistent/ctnet-run-bad-args')
    return subprocess.run([program] + args, capture_output=True, text=True, env=env, timeout=TIMEOUT)


def main() -> int:
    program, name = sys.argv[1], sys.argv[2]
    usage = f'usage: {name} [epochs] [train_count]'
    failures = 0
    for args, reason in BAD:
        shown = ' '.join(repr(a) for a in args)
        try:
            r = run(program, args)
        except subprocess.TimeoutExpired:
            print(f'FAIL: {name} {shown}: still running after {TIMEOUT} s')
            failures += 1
            continue
        problems = []
        if r.returncode != 2:
            problems.append(f'exit status {r.returncode}, expected 2')
        if usage not in r.stderr:
            problems.append(f'no "{usage}" on stderr')
        if reason not in r.stderr:
            problems.append(f'no "{reason}" on stderr')
        if problems:
            failures += 1
            print(f'FAIL: {name} {shown}: ' + '; '.join(problems))
            print('  stdout: ' + r.stdout[:500].replace('\n', '\n  '))
            print('  stderr: ' + r.stderr[:500].replace('\n', '\n  '))
        else:
            print(f'ok: {name} {shown}: exit 2, {r.stderr.strip().splitlines()[0]}')
    r = run(program, ['--help'])
    if r.returncode != 0 or usage not in r.stdout:
        failures += 1
        print(f'FAIL: {name} --help: exit status {r.returncode}, stdout: {r.stdout[:300]!r}')
    else:
        print(f'ok: {name} --help: exit 0, usage on stdout')
    print(f'{len(BAD) + 1 - failures} passed, {failures} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
