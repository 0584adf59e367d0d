#!/bin/sh
# The core's folders are layers: a file includes headers of its own folder or of a folder before
# it in src/core/meson.build's core_layers, never after, so neither the folders nor the files
# can form an include cycle. Also: no header of the core includes GTK.
set -u
core="${1:-$(dirname "$0")/../src/core}"
layers=$(sed -n "s/^core_layers = \[\(.*\)\]/\1/p" "$core/meson.build" | tr -d "'" | tr ',' ' ')
[ -n "$layers" ] || { echo "no core_layers in $core/meson.build"; exit 1; }
rank() { i=0; for l in $layers; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo -1; }
status=0
for dir in $layers; do
  own=$(rank "$dir")
  for file in "$core/$dir"/*.c "$core/$dir"/*.h; do
    [ -e "$file" ] || continue
    for header in $(sed -n 's/^#include "\(gb-[^"]*\.h\)"/\1/p' "$file"); do
      found=$(cd "$core" && ls */"$header" 2>/dev/null | head -n 1)
      [ -n "$found" ] || continue
      other=$(rank "${found%%/*}")
      if [ "$other" -gt "$own" ]; then
        echo "$dir/$(basename "$file") includes ${found}: $dir may not depend on ${found%%/*}"
        status=1
      fi
    done
    if grep -q '^#include <gtk/\|^#include <adwaita' "$file"; then
      echo "$dir/$(basename "$file") includes GTK: the core has no GTK"
      status=1
    fi
  done
done
[ $status -eq 0 ] && echo "core layers: $layers: no upward include"
exit $status
