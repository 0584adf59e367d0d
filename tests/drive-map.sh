#!/bin/sh
# drive-map.sh — the map answers a person's pointer: real X events on the running app
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts giaoban on the demo on its own Xvfb screen (1366×768) with a window manager, moves the
# real pointer over the map with xdotool until a tooltip names a commune, then clicks there and
# checks that the details pane shows that commune. What the app shows is read from the file
# that GIAOBAN_DUMP_WIDGETS makes it write (the text of its drawn widgets, tooltips included);
# nothing in the app is called from outside. Skips (77) without Xvfb, xdotool or matchbox.
#
# Usage: drive-map.sh GIAOBAN [SCHEMA_DIR]
set -u
app=$1
schemas=${2:-}
for tool in Xvfb xdotool matchbox-window-manager xdpyinfo; do
  command -v $tool >/dev/null 2>&1 || { echo "$tool is not installed: skipped"; exit 77; }
done

dir=$(mktemp -d)
for n in $(seq 120 199); do [ -e /tmp/.X$n-lock ] || break; done
Xvfb :$n -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 & xpid=$!
export DISPLAY=:$n
for i in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
matchbox-window-manager -use_titlebar no >/dev/null 2>&1 & wpid=$!
apid=""
cleanup() { [ -n "$apid" ] && kill $apid 2>/dev/null; kill $wpid $xpid 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT

[ -n "$schemas" ] && export GSETTINGS_SCHEMA_DIR=$schemas
GSETTINGS_BACKEND=memory GSK_RENDERER=cairo GDK_BACKEND=x11 LANGUAGE=en LANG=C.UTF-8 NO_AT_BRIDGE=1 \
  GIAOBAN_DUMP_WIDGETS=$dir/shown "$app" --database "$dir/demo.db" >"$dir/app.log" 2>&1 & apid=$!

fail() { echo "FAIL: $*"; echo "--- shown:"; cat "$dir/shown" 2>/dev/null; echo "--- app log:"; cat "$dir/app.log"; exit 1; }
shown() { cat "$dir/shown" 2>/dev/null; }
# Waits up to $2 tenths of a second for a line of what is shown to match $1.
wait_for() {
  for i in $(seq "$2"); do shown | grep -q -- "$1" && return 0; sleep 0.1; done
  return 1
}

wait_for 'Ninh Thuận' 300 || fail "the window never showed the demo"
sleep 3

# Hover: the pointer moves over the map (right of the sidebar, under the toolbar) until a
# tooltip names a commune, as a person would find one; the same name twice, a second apart, so
# the map has settled (it fits itself to its size once laid out).
tooltip_name() { shown | sed -n 's/^tooltip: \(\(Xã\|Phường\|Thị trấn\) [^ ].*\)$/\1/p' | head -n 1; }
hover() { xdotool mousemove "$1" "$2"; sleep 0.1; xdotool mousemove_relative 1 0; sleep 1.2; tooltip_name; }
name=""
for y in 384 300 450 520; do
  for x in 683 760 840 620 900; do
    name=$(hover $x $y)
    [ -n "$name" ] && [ "$(xdotool mousemove 5 700; sleep 0.5; hover $x $y)" = "$name" ] && break 2
    name=""
  done
done
[ -n "$name" ] || fail "no tooltip named a commune under the pointer"
commune=$(printf '%s\n' "$name" | sed 's/ Level .*//; s/ Cấp .*//')
echo "hover at $x,$y: tooltip \"$name\""
printf '%s\n' "$name" | grep -q 'Level [1-4]' || fail "the tooltip does not say the level: $name"

# Click: the details pane opens on that commune.
xdotool click 1
wait_for "^details-unit: $commune\$" 50 || fail "the details pane does not show $commune after a click"
echo "click: details pane shows \"$commune\""

# Keyboard: the click gave the map the focus; Tab goes to another commune (the toolbar names
# it with its level), Enter opens its details.
keyboard_unit() { shown | sed -n 's/^map-status: \(\(Xã\|Phường\|Thị trấn\) [^ ].*\)$/\1/p' | head -n 1; }
xdotool key Tab; sleep 1
knamed=$(keyboard_unit)
[ -n "$knamed" ] || fail "Tab on the map showed no commune"
kcommune=$(printf '%s\n' "$knamed" | sed 's/ — .*//')
echo "Tab: the map says \"$knamed\""
[ "$kcommune" != "$commune" ] || fail "Tab stayed on $commune"
xdotool key Return
wait_for "^details-unit: $kcommune\$" 30 || fail "Enter did not open the details of $kcommune"
echo "Enter: details pane shows \"$kcommune\""
xdotool key Right; sleep 1
rnamed=$(keyboard_unit)
echo "Right: the map says \"$rnamed\""
[ -n "$rnamed" ] && [ "$rnamed" != "$knamed" ] || fail "the Right arrow did not move to another commune"

# A drag pans the map and opens nothing: the details still show the commune opened by Enter.
xdotool mousemove 600 650; sleep 1.5
xdotool mousedown 1 sleep 0.1 mousemove 550 600 sleep 0.05 mousemove 450 550 sleep 0.1 mouseup 1; sleep 1
shown | grep -q "^details-unit: $kcommune\$" || fail "a drag opened another commune"
echo "drag: the details still show \"$kcommune\""

kill -0 $apid 2>/dev/null || fail "the app exited"
echo "ok"
