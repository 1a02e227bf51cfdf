#!/usr/bin/env python3
"""Prints every public header under ROOT (relative paths, sorted), one per line."""
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
print('\n'.join(sorted(str(p.relative_to(root)) for p in root.rglob('*.hpp'))))
