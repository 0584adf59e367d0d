#!/bin/sh
# soak-sync.sh — the sync's fault loop, long: at least 1000 random faults (cuts, stalls,
# truncated answers) between the client and the server, then the copies must agree with
# nothing lost or doubled.
#
#   tests/soak-sync.sh [BUILD_DIR] [FAULTS] [SEED]
#
# Runs the loop against the fake daemon (test-sync-client), the daemon's feed code served
# in-process (test-sync-feed) and, when the build has it, the real giaoband (test-sync-daemon). Exit status 0 only if every run passed.
set -eu
build=${1:-build}
faults=${2:-1000}
seed=${3:-$(date +%s)}
[ "$faults" -ge 1000 ] || echo "soak-sync: note: $faults faults (the soak is meant for 1000 or more)" >&2
export GB_SYNC_FAULTS="$faults" GB_SYNC_SEED="$seed"
export GSETTINGS_BACKEND=memory G_TEST_SRCDIR="$(dirname "$0")" G_TEST_BUILDDIR="$build/tests"
status=0
echo "soak-sync: $faults faults, seed $seed"
"$build/tests/test-sync-client" -p /sync/client/fault-loop || status=1
if [ -x "$build/tests/test-sync-feed" ]; then
  "$build/tests/test-sync-feed" -p /sync/feed/fault-loop || status=1
fi
if [ -x "$build/src/daemon/giaoband" ]; then
  GIAOBAND="$build/src/daemon/giaoband" GIAOBAN_CLI="$build/src/cli/giaoban-cli" \
    "$build/tests/test-sync-daemon" -p /sync/daemon/fault-loop || status=1
else
  echo "soak-sync: no giaoband in $build: the real-daemon loop is skipped" >&2
fi
[ $status -eq 0 ] && echo "soak-sync: passed (seed $seed)" || echo "soak-sync: FAILED (seed $seed)" >&2
exit $status
