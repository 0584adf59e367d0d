#!/bin/sh
# soak-sync.sh — the sync's fault loops, long: at least 1000 random faults between the client
# and the server, every round ending with the copy equal to the server (nothing lost or
# doubled).
#
#   tests/soak-sync.sh [BUILD_DIR] [FAULTS] [SEED] [LOOPS] [BATCH]
#
# BATCH (default 300) is how many edits a copy makes between two syncs in the feed loop, and
# every fifth round imports a whole notice there: real-size pushes (hundreds of edits, a
# notice's every row), not one edit at a time.
#
# LOOPS (default "client feed daemon") picks the loops to run:
#   client  the fake daemon (test-sync-client): cuts, stalls, truncated answers
#   feed    the daemon's feed and push code served in-process (test-sync-feed)
#   daemon  the real giaoband through the fault proxy (test-sync-daemon): the same faults plus
#           giaoband SIGKILLed mid-page and restarted, giaoban-cli SIGKILLed mid-page and run
#           again; each round checks the copy against the server's database
#   daemon-pg  the same with giaoband serving a throwaway PostgreSQL cluster (each round
#           checks the copy against a fresh copy of the server); only with that loop named
# Exit status 0 only if every run passed.
set -eu
build=${1:-build}
faults=${2:-1000}
seed=${3:-$(date +%s)}
loops=${4:-client feed daemon}
batch=${5:-300}
[ "$faults" -ge 1000 ] || echo "soak-sync: note: $faults faults (the soak is meant for 1000 or more)" >&2
export GB_SYNC_FAULTS="$faults" GB_SYNC_SEED="$seed" GB_SYNC_BATCH="$batch"
export GSETTINGS_BACKEND=memory G_TEST_SRCDIR="$(dirname "$0")" G_TEST_BUILDDIR="$build/tests"
status=0
echo "soak-sync: $faults faults, seed $seed, loops: $loops, $batch edits per round"
for loop in $loops; do
  case $loop in
    client)
      "$build/tests/test-sync-client" -p /sync/client/fault-loop || status=1 ;;
    feed)
      if [ -x "$build/tests/test-sync-feed" ]; then
        "$build/tests/test-sync-feed" -p /sync/feed/fault-loop || status=1
      fi ;;
    daemon|daemon-pg)
      pg=0; [ "$loop" = daemon-pg ] && pg=1
      if [ -x "$build/src/daemon/giaoband" ]; then
        # Every round is logged; keep the summary (and the end of the log on failure).
        log=$(mktemp)
        if ! GB_SYNC_DAEMON_PG=$pg GIAOBAND="$build/src/daemon/giaoband" GIAOBAN_CLI="$build/src/cli/giaoban-cli" \
             "$build/tests/test-sync-daemon" --verbose -p /sync/daemon/fault-loop >"$log" 2>&1; then
          status=1
          tail -n 40 "$log" >&2
        fi
        grep -E '^# (seed|[a-z-]+: [0-9]+ of|[0-9]+ of [0-9]+ faults)|^(ok|not ok)' "$log" || true
        rm -f "$log"
      else
        echo "soak-sync: no giaoband in $build: the real-daemon loop is skipped" >&2
      fi ;;
    *)
      echo "soak-sync: unknown loop “$loop” (client, feed, daemon, daemon-pg)" >&2
      status=1 ;;
  esac
done
[ $status -eq 0 ] && echo "soak-sync: passed (seed $seed)" || echo "soak-sync: FAILED (seed $seed)" >&2
exit $status
