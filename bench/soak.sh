#!/usr/bin/env bash
# Soak: `banwatch run` on one end of a veth pair for a long time while `tcpreplay` replays a capture into the other
# end at a steady rate, looped, with new client and server addresses on every loop (--unique-ip), so that hosts,
# flows, DNS answers and stored events keep coming as on a real network. Every SOAK_INTERVAL seconds it records the
# sensor's resident memory, what it counted and dropped, and the event store's size, and at the end says how much the
# memory grew after the start. Each end lives in a network namespace of its own.
#
# Usage: sudo bench/soak.sh [CAPTURE]
#   Without CAPTURE it replays a generated tap mix of SOAK_PACKETS packets (bench/mixgen.py tap).
# Environment:
#   SOAK_MINUTES   how long to replay (default 60)
#   SOAK_PPS       packets per second offered (default 10000)
#   SOAK_INTERVAL  seconds between samples (default 60)
#   SOAK_PACKETS   packets of the generated capture (default 200000)
#   SOAK_PREFIX    prefix of the namespaces and interfaces made and deleted (default bwsoak; at most 10 characters)
#   SOAK_OUT       directory for the capture, the store, logs and results (default bench/out)
#   BANWATCH       the banwatch launcher (default bin/banwatch of this tree); BANWATCH_HEAP, BANWATCH_JAVA_OPTS as usual
# Needs root (namespaces), iproute2, ethtool, curl and tcpreplay (installed with apt-get when missing).
#
# The samples go to a TSV file (one row per sample) and the table to standard output. "RSS" is the process's resident
# set (VmRSS); the growth compares the last sample with the first one taken after a tenth of the run (the JIT and
# the tables warm up first). banwatch runs with its defaults (outcomes, alerts, the store in SOAK_OUT, a fresh file).
# At the end, before banwatch stops, the JDK's jcmd writes the live heap by class (a full collection) to a file, and
# the JVM's memory by area too when BANWATCH_JAVA_OPTS has -XX:NativeMemoryTracking=summary; the last lines name them.
# Exit status: 0 when the soak ran and banwatch counted packets, 1 otherwise, 2 on bad usage.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${SOAK_OUT:-$here/out}"
minutes="${SOAK_MINUTES:-60}"
pps="${SOAK_PPS:-10000}"
interval="${SOAK_INTERVAL:-60}"
packets="${SOAK_PACKETS:-200000}"
prefix="${SOAK_PREFIX:-bwsoak}"
launcher="${BANWATCH:-$root/bin/banwatch}"
listen="127.0.0.1:19154"

die() { echo "soak.sh: $*" >&2; exit 2; }
# shellcheck source=bench/veth.sh
. "$here/veth.sh"
veth_names SOAK_PREFIX
[[ "$minutes" =~ ^([0-9]+\.)?[0-9]+$ ]] && [ "$(awk -v m="$minutes" 'BEGIN { print (m > 0) }')" = 1 ] \
  || die "SOAK_MINUTES must be a positive number, not '$minutes'"
[[ "$pps" =~ ^[1-9][0-9]*$ ]] || die "SOAK_PPS must be a positive whole number, not '$pps'"
[[ "$interval" =~ ^[1-9][0-9]*$ ]] || die "SOAK_INTERVAL must be a positive whole number of seconds, not '$interval'"
[[ "$packets" =~ ^[1-9][0-9]*$ ]] || die "SOAK_PACKETS must be a positive whole number, not '$packets'"
seconds="$(awk -v m="$minutes" 'BEGIN { printf "%d", m * 60 < 1 ? 1 : m * 60 }')"
mkdir -p "$out"

install_veth_tools

capture="${1:-}"
if [ -z "$capture" ]; then
  capture="$out/soak-tap-$packets.pcap"
  if [ ! -f "$capture" ]; then
    echo "writing $capture ($packets packets, the tap mix) ..."
    python3 "$here/mixgen.py" tap "$capture.partial" --packets "$packets" >/dev/null 2>&1
    mv "$capture.partial" "$capture" && rm -f "$capture.partial.truth.tsv"
  fi
fi
[ -f "$capture" ] || die "no such capture: $capture"
"$launcher" run --help >/dev/null 2>&1 || die "'$launcher run --help' failed (the launcher builds the jar on first use)"

banwatch_pid="" replay_pid=""
cleanup() {
  if [ -n "$replay_pid" ]; then kill "$replay_pid" 2>/dev/null || true; wait "$replay_pid" 2>/dev/null || true; fi
  if [ -n "$banwatch_pid" ]; then kill "$banwatch_pid" 2>/dev/null || true; wait "$banwatch_pid" 2>/dev/null || true; fi
  veth_down
}
trap cleanup EXIT
veth_up

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
store="$out/soak-store-$stamp.db"
log="$out/soak-banwatch-$stamp.log"
samples="$out/soak-samples-$stamp.tsv"
results="$out/soak-results-$stamp.txt"
exec > >(tee "$results") 2>&1
tee_pid=$!
echo "banwatch soak, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs, $(uname -sr)"
echo "path      tcpreplay --pps $pps --loop 0 --unique-ip -i $tx_if ($tx_ns) -> veth -> banwatch run -i $rx_if" \
     "($rx_ns); $minutes min, a sample every $interval s"
echo "capture   $capture"
echo "banwatch  BANWATCH_HEAP=${BANWATCH_HEAP:-default}${BANWATCH_JAVA_OPTS:+ BANWATCH_JAVA_OPTS=$BANWATCH_JAVA_OPTS}"

ip netns exec "$rx_ns" env BANWATCH_HTTP_LISTEN="$listen" BANWATCH_STORE_PATH="$store" \
  BANWATCH_CAPTURE_STATS_INTERVAL_SECONDS=1 "$launcher" run -i "$rx_if" >"$log" 2>&1 &
banwatch_pid=$!
if ! wait_ready "$banwatch_pid"; then
  echo "banwatch did not become ready; last lines of $log:"
  tail -5 "$log" | sed 's/^/  /'
  exit 1
fi

ip netns exec "$tx_ns" tcpreplay --pps="$pps" --loop=0 --unique-ip --duration="$seconds" -i "$tx_if" "$capture" \
  >"$out/soak-tcpreplay-$stamp.log" 2>&1 &
replay_pid=$!
started="$(date +%s)"

printf 'minute\trss_mib\tpassed\tkernel_drops\tqueue_drops\tevents_written\tstore_dropped\tflows\tstore_mib\n' >"$samples"
printf '%7s %8s %12s %8s %8s %12s %9s %7s %10s\n' minute 'RSS MiB' passed kernel queue 'events' 'st.drop' flows 'store MiB'
sample() {
  local scrape rss minute size
  scrape="$(metrics)"
  rss="$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$banwatch_pid/status" 2>/dev/null || echo -)"
  minute="$(awk -v s="$(( $(date +%s) - started ))" 'BEGIN { printf "%.1f", s / 60 }')"
  size="$(du -cm "$store" "$store-wal" 2>/dev/null | awk 'END { print $1 }')"
  local row=("$minute" "$rss"
    "$(echo "$scrape" | metric_sum banwatch_packets_total .)"
    "$(echo "$scrape" | metric_sum banwatch_capture_drops_total 'reason="kernel"')"
    "$(echo "$scrape" | metric_sum banwatch_capture_drops_total 'reason="queue"')"
    "$(echo "$scrape" | metric_sum banwatch_store_events_total 'outcome="written"')"
    "$(echo "$scrape" | metric_sum banwatch_store_events_total 'outcome="(dropped|failed)"')"
    "$(echo "$scrape" | metric_sum banwatch_flows_active '')"
    "${size:-0}")
  (IFS=$'\t'; echo "${row[*]}") >>"$samples"
  printf '%7s %8s %12s %8s %8s %12s %9s %7s %10s\n' "${row[@]}"
}
# What the memory holds at the end, from the JDK's jcmd beside the java that runs banwatch: the live heap by class
# after a full collection (GC.class_histogram) and, when banwatch was started with -XX:NativeMemoryTracking=summary
# (in BANWATCH_JAVA_OPTS), the JVM's own memory by area (VM.native_memory summary). Each goes to a file of its own.
memory_report() {
  local java jcmd histogram nmt live committed
  java="$(readlink "/proc/$banwatch_pid/exe" 2>/dev/null || true)"
  jcmd="$(dirname "${java:-/nonexistent}")/jcmd"
  histogram="$out/soak-histogram-$stamp.txt"
  nmt="$out/soak-native-memory-$stamp.txt"
  if [ ! -x "$jcmd" ]; then
    memory_lines=("heap      no jcmd beside ${java:-the java running banwatch}: no class histogram")
    return
  fi
  if "$jcmd" "$banwatch_pid" GC.class_histogram >"$histogram" 2>&1 && grep -q '^Total' "$histogram"; then
    live="$(awk '/^Total/ { printf "%.1f", $3 / 1e6 }' "$histogram")"
    memory_lines=("heap      $live MB live after a full collection ($histogram)")
  else
    memory_lines=("heap      jcmd GC.class_histogram failed: $(tail -1 "$histogram")")
  fi
  if "$jcmd" "$banwatch_pid" VM.native_memory summary >"$nmt" 2>&1 && grep -q '^Total:.*committed=' "$nmt"; then
    committed="$(awk '/^Total:/ { sub(/.*committed=/, ""); sub(/KB.*/, ""); print int($0 / 1024) }' "$nmt")"
    memory_lines+=("native    $committed MiB committed by the JVM's own count, by area in $nmt")
  else
    rm -f "$nmt" # banwatch was not started with -XX:NativeMemoryTracking
  fi
}
memory_lines=()

while kill -0 "$replay_pid" 2>/dev/null; do
  sleep "$interval" & wait $! || true
  kill -0 "$banwatch_pid" 2>/dev/null || { echo "banwatch ended during the soak; last lines of $log:"; tail -5 "$log"; exit 1; }
  sample
done
replay_status=0
wait "$replay_pid" || replay_status=$?
replay_pid=""
sleep 3
sample
peak="$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$banwatch_pid/status" 2>/dev/null || echo -)"
memory_report
kill -TERM "$banwatch_pid" 2>/dev/null || true
wait "$banwatch_pid" 2>/dev/null || true
banwatch_pid=""

echo
sed -n '/^Actual:/,/^Flows:/p' "$out/soak-tcpreplay-$stamp.log" | sed 's/^/tcpreplay: /'
[ "$replay_status" -eq 0 ] || echo "tcpreplay exited with $replay_status"
awk -F'\t' -v peak="$peak" -v total="$seconds" '
  NR == 1 { next }
  { rows++; minute[rows] = $1; rss[rows] = $2; passed = $3; kernel = $4; queue = $5; events = $6; store = $9 }
  END {
    if (rows == 0) { print "no sample"; exit 1 }
    first = 1
    for (i = 1; i <= rows; i++) if (minute[i] * 60 >= total / 10) { first = i; break }
    growth = rss[first] > 0 ? 100 * (rss[rows] - rss[first]) / rss[first] : 0
    printf "RSS       %s MiB at minute %s, %s MiB at the end (%+.1f%%), peak %s MiB\n", rss[first], minute[first], rss[rows], growth, peak
    printf "counted   %s packets passed the filter, %s events stored (%s MiB of store), kernel drops %s, queue drops %s\n", passed, events, store, kernel, queue
    if (passed == 0) exit 1
  }' "$samples"
for line in "${memory_lines[@]}"; do echo "$line"; done
echo "samples   $samples"
echo "results   $results"
exec >&- 2>&-
wait "$tee_pid" 2>/dev/null || true
