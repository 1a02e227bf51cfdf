#!/usr/bin/env python3
"""A dispatch test: the generic build (dispatch_run compiled with no -march, every kernel pass held)
run with CTNET_KERNELS=FAMILY must write bitwise the bytes the reference build of that family
(compiled for its instruction set alone, with no dispatch) writes, and report that family as the
one that ran.

Usage: compare_dispatch.py GENERIC FAMILY WORKDIR [avx512=V4_BUILD] [avx2_fma=V3_BUILD] [portable=PLAIN_BUILD]
FAMILY is avx512, avx2_fma, portable, or auto (no CTNET_KERNELS: the best family this CPU runs).
Exits 77 (skipped) when this CPU cannot run FAMILY, or when no reference for it is given."""
import os
import pathlib
import subprocess
import sys

generic, family, workdir = sys.argv[1:4]
references = dict(a.split('=', 1) for a in sys.argv[4:])
work = pathlib.Path(workdir)
work.mkdir(parents=True, exist_ok=True)
cpu = subprocess.run([generic, '--cpu'], check=True, capture_output=True, text=True).stdout.split()
expected = cpu[0] if family == 'auto' else family
if expected not in cpu:
    print(f'this CPU runs {cpu}, not {family}: skipped')
    sys.exit(77)
if expected not in references:
    print(f'this build compares no {expected} reference (tests/unit/dispatch/meson.build): skipped')
    sys.exit(77)
reference = references[expected]


def run(binary, out, kernels):
    env = dict(os.environ)
    env.pop('CTNET_KERNELS', None)
    if kernels:
        env['CTNET_KERNELS'] = kernels
    r = subprocess.run([binary, str(out)], env=env, capture_output=True, text=True)
    print(f'$ {"CTNET_KERNELS=" + kernels + " " if kernels else ""}{binary} {out}\n{r.stdout}{r.stderr}', end='')
    if r.returncode != 0:
        sys.exit(f'{binary} failed with exit code {r.returncode}')
    ran = [line.split(': ', 1)[1] for line in r.stdout.splitlines() if line.startswith('ran: ')]
    if ran != [expected]:
        sys.exit(f'{binary} ran {ran}, not {expected}')
    return out.read_bytes()


want = run(reference, work / f'reference_{family}.bin', None)
got = run(generic, work / f'generic_{family}.bin', None if family == 'auto' else family)
if len(want) < 1000000:
    sys.exit(f'the reference wrote {len(want)} bytes; the runs write over 2 MB')
if got != want:
    first = next(i for i, (a, b) in enumerate(zip(got, want)) if a != b) if len(got) == len(want) else None
    sys.exit(f'the generic build with {family} kernels differs from the reference build '
             f'({len(got)} against {len(want)} bytes, first difference at byte {first})')
print(f'{len(got)} bytes, bitwise equal')

if family == 'portable':
    # A build without dispatch holds only its own family: asking for another is an error, not a fallback.
    env = dict(os.environ, CTNET_KERNELS='avx2_fma')
    r = subprocess.run([reference, str(work / 'refused.bin')], env=env, capture_output=True, text=True)
    message = 'ctnet: CTNET_KERNELS=avx2_fma: this program does not hold those kernels (it holds: portable;'
    if r.returncode == 0 or message not in r.stderr:
        sys.exit(f'CTNET_KERNELS=avx2_fma on the portable build: exit code {r.returncode}, stderr {r.stderr!r}; '
                 f'expected a failure saying {message!r}')
    print('CTNET_KERNELS=avx2_fma on the portable build: refused, as expected')
