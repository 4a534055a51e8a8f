#!/usr/bin/env bash
# Live benchmark: replays captures with `tcpreplay --topspeed` into one end of a veth pair while `banwatch run`
# captures the other end, each end in a network namespace of its own, and reports per capture the rate offered,
# the rate banwatch processed and what was lost in the kernel or at the interface.
#
# Usage: sudo [LIVE_FANOUT="1 2"] bench/live.sh [CAPTURE...]
#   Without CAPTURE it replays two generated captures of LIVE_PACKETS packets each: the tap mix
#   (bench/mixgen.py tap, the shared tap generator) and a SYN flood (scripts/floodgen.py syn).
# Environment:
#   LIVE_PACKETS   packets per generated capture (default 1000000)
#   LIVE_PREFIX    prefix of the namespaces and interfaces this script makes and deletes (default bwlive; at most
#                  10 characters, as an interface name holds 15)
#   LIVE_OUT       directory for the generated captures, logs and results (default bench/out)
#   LIVE_FANOUT    capture.fanout of banwatch (default 1); several values separated by spaces or commas ("1 2")
#                  replay every capture once with each
#   LIVE_WARMUP    packets of each capture replayed (--topspeed) before the measured replay, into the same banwatch
#                  process, whose counts and drops are then subtracted (default 0: banwatch starts cold, its JIT
#                  compiling the packet path while the flood arrives)
#   BANWATCH       the banwatch launcher (default bin/banwatch of this tree); BANWATCH_HEAP, BANWATCH_JAVA_OPTS as usual
# Needs root (namespaces), iproute2, ethtool, curl and tcpreplay (installed with apt-get when missing).
#
# Method: the veth MTU is raised to 9000 so every captured frame fits, and segmentation and receive offloads are
# off on both ends (ethtool -K IF tso off gso off gro off) so banwatch sees the frames as sent. banwatch runs with
# its defaults (capture filter auto, outcomes, alerts and the event store on, the store in LIVE_OUT) and its
# capture statistics read every second. "offered" is tcpreplay's own count and rate; "passed" is
# banwatch_packets_total, the packets that passed the capture filter (the auto filter leaves bulk server data in the
# kernel); "processed" is that count over the time from the start of the replay to the last packet counted (metrics
# polled every 0.2 s, so a replay of a few seconds understates it); "kernel" and "interface" are
# banwatch_capture_drops_total with those reasons (libpcap's ps_drop and ps_ifdrop); "queue" the events the pipeline
# dropped.
# Exit status: 0 when every capture was replayed and banwatch counted its packets, 1 otherwise, 2 on bad usage.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${LIVE_OUT:-$here/out}"
packets="${LIVE_PACKETS:-1000000}"
prefix="${LIVE_PREFIX:-bwlive}"
launcher="${BANWATCH:-$root/bin/banwatch}"
listen="127.0.0.1:19153"

die() { echo "live.sh: $*" >&2; exit 2; }
# shellcheck source=bench/veth.sh
. "$here/veth.sh"
veth_names LIVE_PREFIX
[[ "$packets" =~ ^[1-9][0-9]*$ ]] || die "LIVE_PACKETS must be a positive whole number, not '$packets'"
warmup="${LIVE_WARMUP:-0}"
[[ "$warmup" =~ ^[0-9]+$ ]] || die "LIVE_WARMUP must be a whole number, not '$warmup'"
read -r -a fanouts <<< "$(echo "${LIVE_FANOUT:-1}" | tr ',' ' ')"
[ ${#fanouts[@]} -gt 0 ] || die "LIVE_FANOUT is empty"
for fanout in "${fanouts[@]}"; do
  [[ "$fanout" =~ ^([1-9][0-9]?|auto)$ ]] || die "LIVE_FANOUT values must be auto or 1 to 64, not '$fanout'"
done
mkdir -p "$out"

install_veth_tools

# ---------------------------------------------------------------------------------------------------------------
# captures
# ---------------------------------------------------------------------------------------------------------------
captures=("$@")
if [ ${#captures[@]} -eq 0 ]; then
  tap="$out/live-tap-$packets.pcap"
  syn="$out/live-syn-$packets.pcap"
  if [ ! -f "$tap" ]; then
    echo "writing $tap ($packets packets, the tap mix) ..."
    python3 "$here/mixgen.py" tap "$tap.partial" --packets "$packets" >/dev/null 2>&1
    mv "$tap.partial" "$tap" && rm -f "$tap.partial.truth.tsv"
  fi
  if [ ! -f "$syn" ]; then
    echo "writing $syn ($packets packets, a SYN flood) ..."
    python3 "$root/scripts/floodgen.py" syn "$packets" "$syn.partial" >/dev/null
    mv "$syn.partial" "$syn"
  fi
  captures=("$tap" "$syn")
fi
for capture in "${captures[@]}"; do [ -f "$capture" ] || die "no such capture: $capture"; done

"$launcher" run --help >/dev/null 2>&1 || die "'$launcher run --help' failed (the launcher builds the jar on first use)"

# ---------------------------------------------------------------------------------------------------------------
# the veth pair between two namespaces
# ---------------------------------------------------------------------------------------------------------------
banwatch_pid=""
cleanup() {
  if [ -n "$banwatch_pid" ]; then kill "$banwatch_pid" 2>/dev/null || true; wait "$banwatch_pid" 2>/dev/null || true; fi
  veth_down
}
trap cleanup EXIT
veth_up

# waits until banwatch's packet count, last seen at $1, has stood still for two seconds
wait_still() {
  local count="$1" seen still=0
  while [ "$still" -lt 10 ]; do
    sleep 0.2
    seen="$(metrics | metric_sum banwatch_packets_total .)"
    if [ "$seen" != "$count" ]; then count="$seen" still=0; else still=$((still + 1)); fi
  done
}

results="$out/live-results-$(date -u +%Y%m%dT%H%M%SZ).txt"
exec > >(tee "$results") 2>&1
tee_pid=$!
echo "banwatch live benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs, $(uname -sr)"
echo "path      tcpreplay --topspeed -i $tx_if ($tx_ns) -> veth -> banwatch run -i $rx_if ($rx_ns); MTU 9000;" \
     "tso, gso, gro off"
echo "tools     $(tcpreplay -V 2>&1 | head -1)"
echo "banwatch  BANWATCH_HEAP=${BANWATCH_HEAP:-default}${BANWATCH_JAVA_OPTS:+ BANWATCH_JAVA_OPTS=$BANWATCH_JAVA_OPTS}"
if [ "$warmup" -gt 0 ]; then
  echo "warm-up   the first $warmup packets of each capture, replayed before it and not counted"
fi

status=0
rows=()
for fanout in "${fanouts[@]}"; do
for capture in "${captures[@]}"; do
  name="$(basename "$capture")"
  if [ ${#fanouts[@]} -gt 1 ] || [ "$fanout" != 1 ]; then name="$name/fanout$fanout"; fi
  base="$(basename "$capture")"
  log="$out/live-banwatch-${base%.*}-fanout$fanout.log"
  echo
  echo "== $name: $(capinfos -c -M -T -r "$capture" 2>/dev/null | cut -f2) packets, capture.fanout $fanout"
  ip netns exec "$rx_ns" env BANWATCH_HTTP_LISTEN="$listen" BANWATCH_STORE_PATH="$out/live-store.db" \
    BANWATCH_CAPTURE_STATS_INTERVAL_SECONDS=1 BANWATCH_CAPTURE_FANOUT="$fanout" \
    "$launcher" run -i "$rx_if" >"$log" 2>&1 &
  banwatch_pid=$!
  if ! wait_ready "$banwatch_pid"; then
    echo "banwatch did not become ready; last lines of $log:"
    tail -5 "$log" | sed 's/^/  /'
    status=1
    kill "$banwatch_pid" 2>/dev/null || true; wait "$banwatch_pid" 2>/dev/null || true; banwatch_pid=""
    continue
  fi
  if [ "$warmup" -gt 0 ]; then
    ip netns exec "$tx_ns" tcpreplay --topspeed --limit="$warmup" -i "$tx_if" "$capture" >/dev/null 2>&1 || true
    wait_still "$(metrics | metric_sum banwatch_packets_total .)"
    sleep 1.5 # one more statistics interval, so that the drop counters hold the warm-up's
  fi
  scrape="$(metrics)"
  before="$(echo "$scrape" | metric_sum banwatch_packets_total .)"
  kernel_before="$(echo "$scrape" | metric_sum banwatch_capture_drops_total 'reason="kernel"')"
  interface_before="$(echo "$scrape" | metric_sum banwatch_capture_drops_total 'reason="interface"')"
  queue_before="$(echo "$scrape" | metric_sum banwatch_capture_drops_total 'reason="queue"')"

  # replay, polling banwatch's packet count meanwhile and until it has stood still for two seconds
  replay_log="$out/live-tcpreplay-${base%.*}-fanout$fanout.log"
  ip netns exec "$tx_ns" tcpreplay --topspeed -i "$tx_if" "$capture" >"$replay_log" 2>&1 &
  replay_pid=$!
  started="$(date +%s.%N)" last="" count="$before" still=0
  while true; do
    now="$(date +%s.%N)"
    seen="$(metrics | metric_sum banwatch_packets_total .)"
    if [ "$seen" != "$count" ]; then
      last="$now" count="$seen" still=0
    elif ! kill -0 "$replay_pid" 2>/dev/null; then
      still=$((still + 1))
      [ "$still" -ge 10 ] && break
    fi
    sleep 0.2
  done
  replay_status=0
  wait "$replay_pid" || replay_status=$?
  sleep 1.5 # one more statistics interval, so the drop counters include the end of the replay
  scrape="$(metrics)"
  # the launcher execs the JVM, so the process started is banwatch's; its peak RSS includes the capture ring
  rss_mb="$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$banwatch_pid/status" 2>/dev/null || true)"
  kill -TERM "$banwatch_pid" 2>/dev/null || true
  wait "$banwatch_pid" 2>/dev/null || true
  banwatch_pid=""

  if [ "$replay_status" -ne 0 ]; then
    echo "tcpreplay failed (exit $replay_status):"
    tail -5 "$replay_log" | sed 's/^/  /'
    status=1
    continue
  fi
  sent="$(sed -n 's/^Actual: \([0-9]*\) packets.*/\1/p' "$replay_log")"
  seconds="$(sed -n 's/^Actual: .* sent in \([0-9.]*\) seconds.*/\1/p' "$replay_log")"
  offered="$(sed -n 's/^Rated: .*, \([0-9.]*\) pps.*/\1/p' "$replay_log")"
  failed_sends="$(sed -n 's/^[[:space:]]*Failed packets:[[:space:]]*\([0-9]*\).*/\1/p' "$replay_log")"
  passed=$(( $(echo "$scrape" | metric_sum banwatch_packets_total .) - before ))
  kernel=$(( $(echo "$scrape" | metric_sum banwatch_capture_drops_total 'reason="kernel"') - kernel_before ))
  interface=$(( $(echo "$scrape" | metric_sum banwatch_capture_drops_total 'reason="interface"') - interface_before ))
  queue=$(( $(echo "$scrape" | metric_sum banwatch_capture_drops_total 'reason="queue"') - queue_before ))
  processed="$(awk -v n="$passed" -v a="$started" -v b="$last" 'BEGIN {
    s = b - a; if (a == "" || s <= 0) print "-"; else printf "%.0f", n / s }')"
  sed -n '/^Actual:/,/^Flows:/p' "$replay_log" | sed 's/^/  tcpreplay: /'
  echo "  banwatch: $passed packets passed the capture filter, kernel drops $kernel, interface drops $interface," \
       "queue drops $queue, max RSS ${rss_mb:--} MB"
  grep -o "packets read by each of its .*" "$log" | sed 's/^/  banwatch: /' || true
  [ "$passed" -gt 0 ] || { echo "  banwatch counted no packet"; status=1; }
  rows+=("$(printf '%-28s %10s %12s %10s %10s %12s %9s %9s %7s %7s %7s' "$name" "$sent" "$offered" \
    "${failed_sends:-0}" "$seconds" "$passed" "$processed" "$kernel" "$interface" "$queue" "${rss_mb:--}")")
done
done

echo
printf '%-28s %10s %12s %10s %10s %12s %9s %9s %7s %7s %7s\n' capture sent 'offered/s' 'send fail' 'replay s' \
  passed 'proc./s' kernel 'if drop' queue 'RSS MB'
for row in "${rows[@]}"; do echo "$row"; done
echo
echo "results written to $results"
exec >&- 2>&-
wait "$tee_pid" 2>/dev/null || true
exit "$status"
