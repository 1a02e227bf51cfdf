#!/usr/bin/env python3
"""The rules a body header keeps so that exec/kernel_sets.hpp can compile it once per instruction set
(docs/inference.md, "Which kernels run"). A body header is one guarded by `#ifndef CTNET_BODY_<PATH>`:
  1. its guard is named after its path, and exec/detail/body_guards.inc forgets it (and forgets
     nothing else), so the next pass includes it again;
  2. its namespaces open through CTNET_ISA_BEGIN (`namespace ctnet { CTNET_ISA_BEGIN namespace x {`),
     so each pass's code lands in its own namespace;
  3. every standard or system header it includes is in kernel_sets.hpp's list, included before any
     pass: otherwise its first inclusion could fall inside a target region and compile its inline
     functions for AVX-512;
  4. it names nothing by a fully qualified ::ctnet:: path (that would reach another pass's code),
     and has no namespace-scope using-directive (a missing name would then fall back to another
     pass's code without an error).
Usage: body_headers.py INCLUDE_DIR"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1]) / 'ctnet'
problems = []
body = {}
for path in sorted(root.rglob('*.hpp')):
    text = path.read_text()
    m = re.search(r'^#ifndef (CTNET_BODY_\w+)', text, re.M)
    if m:
        body[path.relative_to(root).as_posix()] = (m.group(1), text)

if len(body) < 50:
    problems.append(f'only {len(body)} body headers found under {root}')

guards = (root / 'exec/detail/body_guards.inc').read_text()
undefs = set(re.findall(r'^#undef (CTNET_BODY_\w+)$', guards, re.M))
pre = set(re.findall(r'^#include <([^>]+)>', (root / 'exec/kernel_sets.hpp').read_text(), re.M))

for rel, (guard, text) in body.items():
    want = 'CTNET_BODY_' + re.sub(r'[^A-Za-z0-9]', '_', rel).upper()
    if guard != want:
        problems.append(f'{rel}: guard {guard}, expected {want}')
    if guard not in undefs:
        problems.append(f'{rel}: exec/detail/body_guards.inc does not #undef {guard}')
    for n, line in enumerate(text.splitlines(), 1):
        if re.match(r'\s*namespace ctnet\b', line) and 'CTNET_ISA_BEGIN' not in line:
            problems.append(f'{rel}:{n}: a namespace opened without CTNET_ISA_BEGIN: {line.strip()}')
        if re.match(r'^using namespace', line):
            problems.append(f'{rel}:{n}: a namespace-scope using-directive: {line.strip()}')
        if '::ctnet::' in line.split('//')[0] and not line.lstrip().startswith(('static_assert', '"')):
            problems.append(f'{rel}:{n}: a fully qualified ::ctnet:: name: {line.strip()}')
        inc = re.match(r'#include <([^>]+)>', line)
        if inc and not inc.group(1).startswith('ctnet/') and inc.group(1) not in pre:
            problems.append(f'{rel}:{n}: <{inc.group(1)}> is not included by exec/kernel_sets.hpp before the passes')
    if text.count('CTNET_ISA_BEGIN') != text.count('CTNET_ISA_END') - text.count('#define CTNET_ISA_END'):
        problems.append(f'{rel}: CTNET_ISA_BEGIN and CTNET_ISA_END do not pair')

stale = undefs - {g for g, _ in body.values()}
for g in sorted(stale):
    problems.append(f'exec/detail/body_guards.inc forgets {g}, which no header uses')

if problems:
    print('\n'.join(problems))
    sys.exit(1)
print(f'{len(body)} body headers keep the rules')
