#!/usr/bin/env bash
# The event store's cost on a whole replay: replays CAPTURE with the store off (--no-store) and on (a fresh SQLite
# file each time), alternately, REPS times each, and prints wall clock and CPU seconds (user + system) of every run
# and the medians. The goal: with the store on, at most 15% longer.
#   bench/store-replay.sh CAPTURE [REPS]      (REPS defaults to 3)
# CAPTURE: e.g. python3 ../shared/tools/gen-tap-pcap.py /tmp/tap-2m.pcap --packets 2000000
set -euo pipefail
cd "$(dirname "$0")/.."
capture="$1"
reps="${2:-3}"
[ -f target/banwatch.jar ] || ./mvnw -B -q package -DskipTests >&2
# the launcher trains its start-up cache on first use of a jar: here, not in the first timed run
bin/banwatch --version >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run() { # run LABEL ARGS...: one replay, its wall and CPU seconds appended to $work/LABEL
  local label="$1"
  shift
  rm -f "$work"/store.db*
  /usr/bin/time -f "%e %U %S" -o "$work/time" bin/banwatch replay "$@" "$capture" >"$work/$label.log" 2>&1
  read -r wall user sys <"$work/time"
  echo "$wall $(echo "$user + $sys" | bc)" >>"$work/$label"
  echo "$label: ${wall} s wall, $(echo "$user + $sys" | bc) CPU-s" >&2
}
for _ in $(seq "$reps"); do
  run off --no-store
  BANWATCH_STORE_PATH="$work/store.db" run on
done
grep -E "store +" "$work/on.log" || true
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for label in off on; do
  printf '%-4s wall %s s (median of %s), CPU %s s\n' "$label" "$(cut -d' ' -f1 "$work/$label" | median)" "$reps" \
    "$(cut -d' ' -f2 "$work/$label" | median)"
done
off="$(cut -d' ' -f1 "$work/off" | median)"
on="$(cut -d' ' -f1 "$work/on" | median)"
echo "store on: $(echo "scale=1; ($on - $off) * 100 / $off" | bc)% longer (wall clock medians)"
