#!/usr/bin/env python3
"""Sizes of the C code: no file over MAX_FILE lines, no function over MAX_FUNCTION lines.

A function is counted from its opening brace at the start of a line to the closing one, as GNU
style writes them. Prints the offenders and the largest of each, exits 1 when any is over.
Usage: check-sizes.py SRC_DIR [--list N]
"""
import os
import re
import sys

MAX_FILE = 1200
MAX_FUNCTION = 120


def functions(lines):
    name = None
    start = None
    for i, line in enumerate(lines):
        if start is None:
            m = re.match(r'^([A-Za-z_][A-Za-z0-9_]*) \(', line)
            if m:
                name = m.group(1)
            if line.startswith('{') and name is not None:
                start = i
        elif line.startswith('}'):
            yield name, start, i - start + 1
            name, start = None, None


def main():
    root = sys.argv[1]
    listing = int(sys.argv[sys.argv.index('--list') + 1]) if '--list' in sys.argv else 0
    bad = []
    files, funcs = [], []
    for dirpath, _, names in os.walk(root):
        for n in names:
            if not n.endswith(('.c', '.h')):
                continue
            path = os.path.join(dirpath, n)
            rel = os.path.relpath(path, root)
            with open(path, encoding='utf-8', errors='replace') as fh:
                lines = fh.read().split('\n')
            files.append((len(lines), rel))
            if len(lines) > MAX_FILE:
                bad.append('%s: %d lines (at most %d)' % (rel, len(lines), MAX_FILE))
            for fname, start, length in functions(lines):
                funcs.append((length, '%s:%d %s' % (rel, start + 1, fname)))
                if length > MAX_FUNCTION:
                    bad.append('%s:%d: %s is %d lines (at most %d)' % (rel, start + 1, fname, length, MAX_FUNCTION))
    for b in bad:
        print(b)
    if listing:
        for n, what in sorted(files, reverse=True)[:listing]:
            print('file %5d %s' % (n, what))
        for n, what in sorted(funcs, reverse=True)[:listing]:
            print('function %4d %s' % (n, what))
    print('%d files, %d functions; largest file %d lines, largest function %d lines; %d over'
          % (len(files), len(funcs), max(files)[0], max(funcs)[0], len(bad)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
