#!/usr/bin/env python3
"""Docs test: extracts every ```cpp block of one Markdown file, writes one .cpp per block, compiles
each with the build's compiler and runs the complete programs (suite `docs`, tests/docs/meson.build).

What a block is, and what happens to it:
- a block with `int main` is a *program*: written as is (no prelude), compiled and linked
  (-O1, zlib and threads), and run; it must exit with 0 (77 counts as a skip) within 120 s;
- any other block is a *fragment*: it compiles after the prelude
      #include <ctnet/ctnet.hpp>
      #include <iostream>
      namespace cn = ctnet;
  at namespace scope (inside a namespace of its own), with its `#include` lines moved above that
  namespace. All fragments of one page are compiled in one translation unit (-fsyntax-only,
  which still instantiates every template and evaluates every static_assert).

A block may change that with a one-line HTML comment, the last non-blank line before its fence
(GitHub does not render it). Options are separated by `;`:
    <!-- docs-test: fragment -->                    at namespace scope (the default for fragments)
    <!-- docs-test: fragment-in-function -->        inside a function body (statements)
    <!-- docs-test: fragment-in-function; given: const float* x, std::size_t m -->
                                                    ... whose parameters declare what the text
                                                    uses but does not define
    <!-- docs-test: continues -->                   compiled after the previous tested block of the
                                                    page and what that one continues (the chain's
                                                    namespace-scope text first, then its function
                                                    bodies in one function, in page order; the
                                                    `given:` lists are joined)
    <!-- docs-test: id NAME -->  and  <!-- docs-test: continues NAME -->
                                                    ... after the block named NAME instead
    <!-- docs-test: compile-only (reason) -->       a program compiled and linked, not run
    <!-- docs-test: run ARGS... -->                 a program run with these arguments
    <!-- docs-test: expect-compile-error REGEX -->  a fragment that must fail to compile with
                                                    exactly one `error:` line, and whose output
                                                    matches REGEX (Python syntax)
    <!-- docs-test: skip (reason) -->               not compiled; the reason is required
A marker that is not followed by a ```cpp block, an unknown option or a skip without a reason
fails the test. Errors point at the Markdown file (#line directives): `docs/layers.md:120:5: error:`.

Usage: run_docs_test.py DOC.md --root SOURCE_ROOT --out DIR [--link ARG]... -- COMPILER ARGS...
       run_docs_test.py --list SOURCE_ROOT        (the pages to test: README.md, docs/*.md)
       run_docs_test.py --check-list SOURCE_ROOT DOC.md...   (the build's list is still the tree's)
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import time

PRELUDE = '#include <ctnet/ctnet.hpp>\n#include <iostream>\nnamespace cn = ctnet;\n'
MARKER = re.compile(r'^\s*<!--\s*docs-test:\s*(.*?)\s*-->\s*$')
FENCE_OPEN = re.compile(r'^```\s*(\S*)\s*$')
HAS_MAIN = re.compile(r'\bint\s+main\s*\(')
RUN_TIMEOUT = 120


class Block:
    def __init__(self, index, line, lang, text, marker):
        self.index, self.line, self.lang, self.text, self.marker = index, line, lang, text, marker
        self.kind = 'program' if HAS_MAIN.search(text) else 'fragment'   # or 'fragment-in-function'
        self.action = 'run' if self.kind == 'program' else 'compile'      # compile-only, skip, expect-error
        self.args, self.given, self.reason, self.regex, self.continues = [], '', '', None, None
        self.id = None
        self.name = f'block{index:02d}_line{line}'


def parse(doc_path):
    """The ```cpp blocks of a page with their markers; raises ValueError on a malformed marker."""
    lines = open(doc_path, encoding='utf-8').read().split('\n')
    blocks, pending, i, fences = [], None, 0, 0
    while i < len(lines):
        m = MARKER.match(lines[i])
        if m:
            if pending:
                raise ValueError(f'{doc_path}:{pending[0]}: docs-test marker not followed by a ```cpp block')
            pending = (i + 1, m.group(1))
            i += 1
            continue
        f = FENCE_OPEN.match(lines[i])
        if f:
            start = i
            j = i + 1
            while j < len(lines) and lines[j].strip() != '```':
                j += 1
            if j == len(lines):
                raise ValueError(f'{doc_path}:{start + 1}: unterminated code fence')
            lang = f.group(1)
            if pending and lang != 'cpp':
                raise ValueError(f'{doc_path}:{pending[0]}: docs-test marker before a ```{lang} block, not ```cpp')
            if lang == 'cpp':
                blocks.append(Block(len(blocks) + 1, start + 1, lang, '\n'.join(lines[start + 1:j]) + '\n',
                                    pending[1] if pending else None))
            pending = None
            fences += 1
            i = j + 1
            continue
        if pending and lines[i].strip():
            raise ValueError(f'{doc_path}:{pending[0]}: docs-test marker not directly before a ```cpp block')
        i += 1
    if pending:
        raise ValueError(f'{doc_path}:{pending[0]}: docs-test marker not followed by a ```cpp block')
    for b in blocks:
        apply_marker(doc_path, b)
    return blocks


def apply_marker(doc_path, b):
    if b.marker is None:
        return
    where = f'{doc_path}:{b.line - 1}'
    for option in [o.strip() for o in b.marker.split(';') if o.strip()]:
        word, _, rest = option.partition(' ')
        rest = rest.strip()
        if word == 'fragment':
            b.kind = 'fragment'
        elif word == 'fragment-in-function':
            b.kind = 'fragment-in-function'
        elif word.startswith('given:'):
            b.given = option[len('given:'):].strip()
        elif word == 'continues':
            b.continues = rest or '<previous>'
        elif word == 'id':
            if not rest:
                raise ValueError(f'{where}: `id` needs a name')
            b.id = rest
        elif word == 'compile-only':
            b.action = 'compile-only'
            b.reason = rest.strip('()')
        elif word == 'run':
            b.action, b.args = 'run', rest.split()
        elif word == 'skip':
            b.action, b.reason = 'skip', rest.strip('()').strip()
            if not b.reason:
                raise ValueError(f'{where}: `skip` needs a reason: <!-- docs-test: skip (why) -->')
        elif word == 'expect-compile-error':
            if not rest:
                raise ValueError(f'{where}: `expect-compile-error` needs a regex')
            b.action, b.regex = 'expect-error', rest
        else:
            raise ValueError(f'{where}: unknown docs-test option `{option}`')
    if b.action in ('run', 'compile-only') and b.kind != 'program' and b.marker and \
            re.search(r'(^|;)\s*(run|compile-only)\b', b.marker):
        raise ValueError(f'{where}: `{b.action}` is for programs (blocks with int main)')
    if b.given and b.kind != 'fragment-in-function':
        raise ValueError(f'{where}: `given:` needs fragment-in-function')


def split_includes(text):
    includes = [l for l in text.split('\n') if l.lstrip().startswith('#include')]
    body = '\n'.join('' if l.lstrip().startswith('#include') else l for l in text.split('\n'))
    return includes, body


def translation_unit(doc_rel, chain):
    """The .cpp text of the last block of `chain` (the blocks it continues come first)."""
    last = chain[-1]
    if last.kind == 'program':
        text = ''.join(f'#line {b.line + 1} "{doc_rel}"\n' + b.text for b in chain)
        return f'// {doc_rel}, line {last.line}: a program, extracted by tests/docs/run_docs_test.py\n' + text
    includes, ns_parts, fn_parts = [], [], []
    for b in chain:
        inc, body = split_includes(b.text)
        includes += [i for i in inc if i not in includes]
        part = f'#line {b.line + 1} "{doc_rel}"\n{body}'
        (fn_parts if b.kind == 'fragment-in-function' else ns_parts).append(part)
    out = [f'// {doc_rel}, line {last.line}: a fragment, extracted by tests/docs/run_docs_test.py',
           PRELUDE.rstrip('\n')] + includes + [f'namespace docs_{last.name} {{']
    out += ns_parts
    if fn_parts:
        given = ', '.join(b.given for b in chain if b.given)
        out.append(f'[[maybe_unused]] void fragment({given}) {{')
        out += fn_parts
        out.append('}')
    out.append(f'}}  // namespace docs_{last.name}')
    return '\n'.join(out) + '\n'


def run(cmd, timeout=None, cwd=None):
    started = time.monotonic()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd)
        return r.returncode, r.stdout + r.stderr, time.monotonic() - started
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b'').decode() if isinstance(e.stdout, bytes) else (e.stdout or '')
        return None, out + f'\n(timed out after {timeout} s)', time.monotonic() - started


def pages(root):
    """The pages with a docs test, relative to root."""
    return ['README.md'] + sorted(os.path.relpath(p, root) for p in glob.glob(os.path.join(root, 'docs', '*.md')))


def crashed(output):
    """A compiler crash (it can happen when a header changes under a running compile) is not a result."""
    return 'internal compiler error' in output or 'PLEASE submit a bug report' in output


def check_list(root, listed):
    on_disk = {os.path.abspath(os.path.join(root, p)) for p in pages(root)}
    listed = {os.path.abspath(p) for p in listed}
    missing, gone = sorted(on_disk - listed), sorted(listed - on_disk)
    for p in missing:
        print(f'FAIL: {os.path.relpath(p, root)} has no docs test in this build: reconfigure it (meson setup --reconfigure)')
    for p in gone:
        print(f'FAIL: {os.path.relpath(p, root)} is tested but no longer exists: reconfigure the build')
    if not (missing or gone):
        print(f'ok: all {len(on_disk)} pages have a docs test')
    return 1 if missing or gone else 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--list':
        print('\n'.join(pages(sys.argv[2])))
        return 0
    if len(sys.argv) > 1 and sys.argv[1] == '--check-list':
        return check_list(sys.argv[2], sys.argv[3:])
    sep = sys.argv.index('--')
    ap = argparse.ArgumentParser()
    ap.add_argument('doc')
    ap.add_argument('--root', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--link', action='append', default=[])
    opts = ap.parse_args(sys.argv[1:sep])
    compiler = sys.argv[sep + 1:]
    root = os.path.abspath(opts.root)
    doc = os.path.abspath(opts.doc)
    doc_rel = os.path.relpath(doc, root)
    try:
        blocks = parse(doc)
    except ValueError as e:
        print(f'FAIL: {e}')
        return 1

    out_dir = os.path.abspath(opts.out)
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    failures, counts, fragment_files = [], {}, []
    previous = None   # the last block not skipped, for `continues`
    chains, named = {}, {}
    for b in blocks:
        if b.action == 'skip':
            continue
        base = None
        if b.continues == '<previous>':
            base = previous
        elif b.continues:
            base = named.get(b.continues)
        if b.continues and base is None:
            print(f'FAIL: {doc_rel}:{b.line}: `continues {b.continues}`: no such earlier tested block')
            return 1
        if base is not None and (base.kind == 'program' or base.action == 'expect-error'):
            print(f'FAIL: {doc_rel}:{b.line}: `continues` a program or a block that must not compile')
            return 1
        chains[b.index] = (chains[base.index] if base is not None else []) + [b]
        chain = chains[b.index]
        if b.id:
            named[b.id] = b
        previous = b
        path = os.path.join(out_dir, b.name + '.cpp')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(translation_unit(doc_rel, chain))
        b.path = path

    def note(b, what):
        counts[what] = counts.get(what, 0) + 1
        print(f'{doc_rel}:{b.line}: {what}' + (f' ({b.reason})' if b.reason else ''))

    # Fragments: one translation unit for the page.
    frags = [b for b in blocks if b.kind != 'program' and b.action == 'compile']
    if frags:
        tu = os.path.join(out_dir, 'fragments.cpp')
        with open(tu, 'w', encoding='utf-8') as f:
            f.write(''.join(f'#include "{b.name}.cpp"\n' for b in frags))
        rc, output, secs = run(compiler + ['-fsyntax-only', '-fno-diagnostics-color', tu])
        for b in frags:
            note(b, 'fragment-in-function' if b.kind == 'fragment-in-function' else 'fragment')
        print(f'  {len(frags)} fragment(s) compiled together in {secs:.1f} s')
        if rc != 0:
            print(output)
            failures.append(f'{doc_rel}: the compiler crashed (output above); run the test again' if crashed(output)
                            else f'{doc_rel}: the fragments do not compile (errors above; each file is in {out_dir})')
        elif output.strip():
            print(output)

    for b in blocks:
        if b.action == 'skip':
            note(b, 'skipped')
        elif b.action == 'expect-error':
            rc, output, secs = run(compiler + ['-fsyntax-only', '-fno-diagnostics-color', b.path])
            errors = [l for l in output.splitlines() if re.search(r'\berror:(?!:)', l)]
            note(b, 'expected compile error')
            if crashed(output):
                print(output)
                failures.append(f'{doc_rel}:{b.line}: the compiler crashed (output above); run the test again')
            elif rc == 0:
                failures.append(f'{doc_rel}:{b.line}: the block compiled, but the page shows it failing')
            elif len(errors) != 1:
                print(output)
                failures.append(f'{doc_rel}:{b.line}: {len(errors)} errors, the page shows one')
            elif not re.search(b.regex, output):
                print(output)
                failures.append(f'{doc_rel}:{b.line}: the error does not match {b.regex!r}')
        elif b.kind == 'program':
            exe = os.path.join(out_dir, b.name)
            level = '-O1' if b.action == 'run' else '-O0'
            rc, output, secs = run(compiler + [level, '-fno-diagnostics-color', b.path, '-o', exe] + opts.link)
            note(b, 'program, compiled only' if b.action == 'compile-only' else 'program, run')
            print(f'  compiled and linked in {secs:.1f} s')
            if rc != 0:
                print(output)
                failures.append(f'{doc_rel}:{b.line}: the program does not compile')
                continue
            if output.strip():
                print(output)
            if b.action == 'run':
                rc, output, secs = run([exe] + b.args, timeout=RUN_TIMEOUT, cwd=out_dir)
                print(f'  ran in {secs:.1f} s, exit {rc}')
                if rc == 77:
                    print('  (77: the program skipped itself)')
                elif rc != 0:
                    print(output)
                    failures.append(f'{doc_rel}:{b.line}: the program failed (exit {rc})')

    summary = ', '.join(f'{n} {w}' for w, n in counts.items()) or 'no cpp blocks'
    for f in failures:
        print(f'FAIL: {f}')
    print(f'{doc_rel}: {len(blocks)} cpp block(s): {summary}; {len(failures)} failure(s)')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
