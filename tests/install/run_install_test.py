#!/usr/bin/env python3
"""Installs ctnet into a temporary prefix and builds and runs one consumer per way of using it.

usage: run_install_test.py SOURCE_ROOT COMPILER [COMPILER_ARGS...]

COMPILER is the test build's C++ compiler (Meson passes cpp.cmd_array()). In a temporary
directory (removed afterwards unless CTNET_KEEP_INSTALL_TEST is set) this script:
  1. configures ctnet from SOURCE_ROOT with -Dtests=false and a temporary --prefix, and runs
     `meson install`; checks that ctnet.pc forces no -std flag and that nothing names Boost;
  2. pkg-config: compiles pkgconfig_consumer/main.cpp with -std=c++2b (C++23) and the flags of
     `pkg-config --cflags --libs ctnet`, and runs it;
  3. Meson subproject: sets up meson_consumer/ with subprojects/ctnet -> SOURCE_ROOT and
     --force-fallback-for=ctnet, checks that no Boost dependency was looked up, builds, runs;
  4. CMake: configures, builds and runs cmake_consumer/ (find_package(ctnet 0.1 REQUIRED)), and
     configures cmake_versions/ (which version requests the package meets).
Each program's output must match an expected line. Works offline; prints each step's time.
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent


def run(cmd, cwd=None, env=None, capture=True):
    """Runs cmd; on failure prints its output and exits 1. Returns its stdout."""
    r = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, text=True,
                       stdout=subprocess.PIPE if capture else None, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        print(f"FAILED ({r.returncode}): {' '.join(map(str, cmd))}")
        if r.stdout:
            print(r.stdout[-6000:])
        sys.exit(1)
    return r.stdout or ''


def expect(output, pattern, what):
    if not re.search(pattern, output, re.MULTILINE):
        print(f"FAILED: {what}: no line matching {pattern!r} in:\n{output[-4000:]}")
        sys.exit(1)
    print(f"  ok: {what}: {re.search(pattern, output, re.MULTILINE).group(0)}")


class Step:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print(f"== {self.name}", flush=True)
        self.t0 = time.monotonic()

    def __exit__(self, *exc):
        if exc[0] is None:
            print(f"  ({time.monotonic() - self.t0:.1f} s)", flush=True)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    source = pathlib.Path(sys.argv[1]).resolve()
    cxx = sys.argv[2:]
    cxx[0] = shutil.which(cxx[0]) or cxx[0]
    version = re.search(r"version\s*:\s*'([^']+)'", (source / 'meson.build').read_text()).group(1)
    t_start = time.monotonic()

    # A clean environment: nothing from the caller's package search paths, no Meson test variables.
    env = {k: v for k, v in os.environ.items()
           if k not in ('PKG_CONFIG_PATH', 'PKG_CONFIG_LIBDIR', 'CMAKE_PREFIX_PATH', 'CXX', 'CXXFLAGS',
                        'CPPFLAGS', 'LDFLAGS', 'MESON_TEST_ITERATION', 'MESONINTROSPECT')}
    env['CXX'] = ' '.join(cxx)  # Meson splits it like a shell does
    env.setdefault('LC_ALL', 'C.UTF-8')

    tmp = pathlib.Path(tempfile.mkdtemp(prefix='ctnet-install-test-'))
    prefix = tmp / 'prefix'
    try:
        with Step(f"install ctnet {version} from {source} into {prefix} (compiler: {' '.join(cxx)})"):
            run(['meson', 'setup', tmp / 'build-ctnet', source, '-Dtests=false', '-Dbenchmarks=false',
                 f'--prefix={prefix}'], env=env)
            run(['meson', 'install', '-C', tmp / 'build-ctnet', '--quiet'], env=env)
            pcs = sorted(prefix.glob('**/pkgconfig/ctnet.pc'))
            configs = sorted(prefix.glob('**/cmake/ctnet/ctnetConfig.cmake'))
            if len(pcs) != 1 or len(configs) != 1 or not (prefix / 'include/ctnet/ctnet.hpp').is_file():
                print(f"FAILED: expected one ctnet.pc, one ctnetConfig.cmake and include/ctnet/ctnet.hpp "
                      f"under {prefix}; found {pcs}, {configs}")
                sys.exit(1)
            if not (configs[0].parent / 'ctnetConfigVersion.cmake').is_file():
                print('FAILED: ctnetConfigVersion.cmake is not next to ctnetConfig.cmake')
                sys.exit(1)
            print(f"  installed: {pcs[0].relative_to(prefix)}, {configs[0].parent.relative_to(prefix)}/")
            boost = [str(p.relative_to(prefix)) for p in prefix.rglob('*') if p.is_file()
                     and re.search(r'boost', p.read_text(errors='replace'), re.IGNORECASE)]
            if boost:
                print(f"FAILED: installed files that mention Boost: {boost}")
                sys.exit(1)
            print('  ok: no installed header or package file mentions Boost')

        with Step('pkg-config consumer (-std=c++2b)'):
            pc_env = dict(env, PKG_CONFIG_PATH=str(pcs[0].parent))
            flags = run(['pkg-config', '--cflags', '--libs', 'ctnet'], env=pc_env).split()
            print(f"  pkg-config --cflags --libs ctnet: {' '.join(flags)}")
            if any(f.startswith('-std=') for f in flags):
                print('FAILED: ctnet.pc forces a -std flag')
                sys.exit(1)
            modversion = run(['pkg-config', '--modversion', 'ctnet'], env=pc_env).strip()
            if modversion != version:
                print(f"FAILED: pkg-config --modversion ctnet is {modversion}, meson.build says {version}")
                sys.exit(1)
            app = tmp / 'pkgconfig-app'
            # The consumer's flags first, as a user's command line has them: a later -std from ctnet.pc
            # would win, and the consumer's static_assert on __cplusplus would fail.
            run(cxx + ['-std=c++2b', '-O1', HERE / 'pkgconfig_consumer' / 'main.cpp'] + flags + ['-o', app], env=env)
            expect(run([app], env=env), rf'^pkg-config consumer: ctnet {re.escape(version)}, C\+\+ 2021\d\d, 65 '
                   r'parameters, accuracy 0\.9\d\d$', 'pkg-config consumer output')

        with Step('Meson subproject consumer'):
            proj = tmp / 'meson-consumer'
            shutil.copytree(HERE / 'meson_consumer', proj)
            (proj / 'subprojects').mkdir()
            (proj / 'subprojects' / 'ctnet').symlink_to(source, target_is_directory=True)
            run(['meson', 'setup', proj / 'build', proj, '--force-fallback-for=ctnet'], env=env)
            log = (proj / 'build' / 'meson-logs' / 'meson-log.txt').read_text(errors='replace')
            if re.search(r'dependency\s+boost|boost.*found', log, re.IGNORECASE):
                print('FAILED: configuring the consumer looked up Boost: '
                      + '; '.join(l for l in log.splitlines() if re.search('boost', l, re.IGNORECASE))[:2000])
                sys.exit(1)
            expect(log, r'^Subproject ctnet finished\.$', 'the subproject was configured')
            expect(log, rf'^Dependency ctnet found: YES {re.escape(version)} \(overridden\)$',
                   "dependency('ctnet') is the subproject's override")
            run(['meson', 'compile', '-C', proj / 'build'], env=env)
            expect(run([proj / 'build' / 'app'], env=env),
                   rf'^meson consumer: ctnet {re.escape(version)}, 131 parameters, accuracy 0\.9\d\d$',
                   'Meson consumer output')

        with Step('CMake consumer (find_package(ctnet 0.1 REQUIRED), ctnet::ctnet)'):
            cmake_args = [f'-DCMAKE_PREFIX_PATH={prefix}', f'-DCMAKE_CXX_COMPILER={cxx[0]}']
            if len(cxx) > 1:
                cmake_args.append(f"-DCMAKE_CXX_FLAGS={' '.join(cxx[1:])}")
            if shutil.which('ninja'):
                cmake_args += ['-G', 'Ninja']
            run(['cmake', '-S', HERE / 'cmake_consumer', '-B', tmp / 'cmake-consumer'] + cmake_args, env=env)
            run(['cmake', '--build', tmp / 'cmake-consumer'], env=env)
            expect(run([tmp / 'cmake-consumer' / 'app'], env=env),
                   rf'^cmake consumer: ctnet {re.escape(version)}, 33 parameters, mse 0\.00\d+, '
                   r'f\(0\.5, 0\.25\) = 0\.[45]\d\d \(exact 0\.5\)$', 'CMake consumer output')

        with Step('CMake version requests (0.1.z meets 0.1 and 0.1.0; not 0.0, 0.2 or 1.0)'):
            out = run(['cmake', '-S', HERE / 'cmake_versions', '-B', tmp / 'cmake-versions'] + cmake_args, env=env)
            for line in out.splitlines():
                if 'find_package(ctnet' in line:
                    print('  ' + line.removeprefix('-- '))
            expect(out, r'^-- ctnet version requests: all as expected$', 'CMake version requests')

        print(f"install test passed in {time.monotonic() - t_start:.1f} s")
    finally:
        if os.environ.get('CTNET_KEEP_INSTALL_TEST'):
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    main()
