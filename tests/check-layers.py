#!/usr/bin/env python3
"""The core's folders are layers.

A file includes headers of its own folder or of a folder before it in src/core/meson.build's
core_layers, never after, so neither the folders nor the files can form an include cycle. The
core includes no GTK. Usage: check-layers.py SRC_CORE_DIR
"""
import os
import re
import sys


def main():
    core = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', 'src', 'core')
    with open(os.path.join(core, 'meson.build'), encoding='utf-8') as fh:
        m = re.search(r"^core_layers = \[(.*)\]", fh.read(), re.M)
    if not m:
        print('no core_layers in %s/meson.build' % core)
        return 1
    layers = [l.strip().strip("'") for l in m.group(1).split(',')]
    rank = {l: i for i, l in enumerate(layers)}
    home = {}
    for layer in layers:
        for name in os.listdir(os.path.join(core, layer)):
            home[name] = layer
    bad = []
    for layer in layers:
        for name in sorted(os.listdir(os.path.join(core, layer))):
            if not name.endswith(('.c', '.h')):
                continue
            with open(os.path.join(core, layer, name), encoding='utf-8', errors='replace') as fh:
                text = fh.read()
            for header in re.findall(r'^#include "(gb-[^"]*\.h)"', text, re.M):
                other = home.get(header)
                if other is not None and rank[other] > rank[layer]:
                    bad.append('%s/%s includes %s/%s: %s may not depend on %s' % (layer, name, other, header, layer, other))
            if re.search(r'^#include <(gtk/|adwaita|shumate)', text, re.M):
                bad.append('%s/%s includes GTK: the core has no GTK' % (layer, name))
    for b in bad:
        print(b)
    if not bad:
        print('core layers %s: no upward include' % ' → '.join(layers))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
