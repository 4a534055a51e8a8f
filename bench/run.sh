#!/usr/bin/env bash
# Whole-run benchmark: how fast banwatch replays a tap-like capture, next to tcpdump (the libpcap floor), tshark (a
# full dissector extracting the same names) and ndpiReader (nDPI, a DPI engine), and whether it found every name in
# the capture.
#
# Usage: bench/run.sh [CAPTURE]
#   Without CAPTURE it uses bench/out/tap-2m.pcap, writing it first when it is missing with the shared tap generator
#   (../shared/tools/gen-tap-pcap.py through bench/mixgen.py; GEN_TAP_PCAP names another copy), or with
#   bench/tapgen.py when BENCH_GENERATOR=tapgen or the shared generator is not there.
# Environment:
#   BENCH_PACKETS       packets in the generated input (default 2000000; smaller for a quick run)
#   BENCH_SEED          generator seed (default 7 for gen-tap-pcap.py, 20240929 for tapgen.py)
#   BENCH_REPS          repetitions of each reader (default 3; the table shows the median)
#   BENCH_READERS       readers to run (default "tcpdump tshark ndpiReader banwatch")
#   BENCH_OUT           directory for the generated input, logs and results (default bench/out)
#   BANWATCH_HEAP       banwatch's heap bound (default 512m); BANWATCH_JAVA_OPTS replaces all JVM options
#   BANWATCH            the banwatch launcher to time (default bin/banwatch of this tree)
# Results are printed and also written to bench/out/results-<UTC date and time>.txt. See docs/BENCHMARK.md.
# Exit status: 0, or 1 when a reader failed or banwatch missed a name of the truth list, 2 on bad arguments.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="${BENCH_OUT:-$here/out}"
packets="${BENCH_PACKETS:-2000000}"
shared_generator="${GEN_TAP_PCAP:-$root/../shared/tools/gen-tap-pcap.py}"
generator="${BENCH_GENERATOR:-gen-tap-pcap}"
if [ "$generator" = gen-tap-pcap ] && [ ! -f "$shared_generator" ]; then
  echo "run.sh: no shared tap generator at $shared_generator; using bench/tapgen.py" >&2
  generator=tapgen
fi
case "$generator" in
  gen-tap-pcap) seed="${BENCH_SEED:-7}" ;;
  tapgen) seed="${BENCH_SEED:-20240929}" ;;
  *) echo "run.sh: BENCH_GENERATOR is gen-tap-pcap or tapgen, not '$generator'" >&2; exit 2 ;;
esac
reps="${BENCH_REPS:-3}"
readers="${BENCH_READERS:-tcpdump tshark ndpiReader banwatch}"
export BANWATCH_HEAP="${BANWATCH_HEAP:-512m}"
launcher="${BANWATCH:-$root/bin/banwatch}"
# every feature on, the event store included; each run starts from an empty store of its own. The timed runs write
# what a sensor writes (its store, alerts, metrics); one more run, after them, also writes every observation to a file
# (--observations) for the names check, and its time is printed apart.
store="$out/banwatch-store.db"
observations="$out/banwatch.jsonl"

die() { echo "run.sh: $*" >&2; exit 2; }
[[ "$packets" =~ ^[1-9][0-9]*$ ]] || die "BENCH_PACKETS must be a positive whole number, not '$packets'"
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || die "BENCH_REPS must be a positive whole number, not '$reps'"
for reader in $readers; do
  case "$reader" in tcpdump|tshark|ndpiReader|banwatch) ;; *) die "unknown reader '$reader' in BENCH_READERS" ;; esac
done
mkdir -p "$out"
rm -f "$out"/time.* "$out"/*-run.log "$out"/*-run.log.out "$out/banwatch-probe.log" "$observations"

# ---------------------------------------------------------------------------------------------------------------
# tools: GNU time for wall clock and max RSS, tcpdump and tshark as the reference readers
# ---------------------------------------------------------------------------------------------------------------
apt_install() {
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    die "$1 is missing; install the package '$1' and run again"
  fi
  echo "installing $1 with apt-get ($2) ..."
  local started=$SECONDS
  export DEBIAN_FRONTEND=noninteractive
  # tshark asks whether non-root users may capture; a benchmark only reads files
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
  apt-get install -y -q "$1" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "$1" >/dev/null; }
  echo "installed $1 in $((SECONDS - started)) s"
}
[ -x /usr/bin/time ] || apt_install time "a few seconds"
command -v tcpdump >/dev/null || apt_install tcpdump "a few seconds"
command -v tshark >/dev/null || apt_install tshark "about a minute: it brings the Wireshark libraries"
if [[ " $readers " == *" ndpiReader "* ]]; then
  command -v ndpiReader >/dev/null || apt_install libndpi-bin "a few seconds"
fi

# ---------------------------------------------------------------------------------------------------------------
# input
# ---------------------------------------------------------------------------------------------------------------
if [ $# -ge 1 ]; then
  capture="$1"
  [ -f "$capture" ] || die "no such capture: $capture"
else
  if (( packets % 1000000 == 0 )); then label="$((packets / 1000000))m"
  elif (( packets % 1000 == 0 )); then label="$((packets / 1000))k"
  else label="$packets"; fi
  if [ "$generator" = tapgen ]; then
    capture="$out/tapgen-$label-seed$seed.pcap"
    script="$here/tapgen.py"
    write=(python3 "$here/tapgen.py" "$capture.partial" --packets "$packets" --seed "$seed")
  else
    capture="$out/tap-$label-seed$seed.pcap"
    script="$shared_generator"
    write=(env GEN_TAP_PCAP="$shared_generator" python3 "$here/mixgen.py" tap "$capture.partial" --packets "$packets"
           --seed "$seed")
  fi
  # the stamp names the generator version and arguments, so a changed generator writes the input anew
  stamp="$generator $(sha256sum "$script" | cut -c1-16) --packets $packets --seed $seed"
  if [ ! -f "$capture" ] || [ ! -f "$capture.truth.tsv" ] || [ "$(cat "$capture.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "writing $capture ($packets packets, seed $seed) with $(basename "$script"); about 2 min per million packets ..."
    "${write[@]}"
    mv "$capture.partial.truth.tsv" "$capture.truth.tsv"
    mv "$capture.partial" "$capture"
    echo "$stamp" > "$capture.stamp"
  fi
fi
truth="$capture.truth.tsv"

results="$out/results-$(date -u +%Y%m%dT%H%M%SZ).txt"
exec > >(tee "$results") 2>&1
tee_pid=$!

count="$(capinfos -c -M -T -r "$capture" | cut -f2)"
[[ "$count" =~ ^[0-9]+$ ]] && [ "$count" -gt 0 ] || die "could not count the packets of $capture"
size="$(stat -L -c %s "$capture")"

echo "banwatch whole-run benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs," \
     "$(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
echo "capture   $capture: $count packets, $(awk -v b="$size" 'BEGIN {printf "%.2f GB", b / 1e9}')"
ndpi_version=""
if command -v ndpiReader >/dev/null; then
  ndpi_version="; ndpiReader ($( (ndpiReader -h 2>&1 || true) | awk 'match($0, /nDPI [0-9.]+/) && !v {
    v = substr($0, RSTART, RLENGTH) } END { print v }'))"
fi
echo "tools     $(tcpdump --version 2>&1 | head -1); $(tshark -v 2>/dev/null | head -1 | awk '{print $1, $2, $3}')$ndpi_version"
echo "banwatch  BANWATCH_HEAP=$BANWATCH_HEAP${BANWATCH_JAVA_OPTS:+ BANWATCH_JAVA_OPTS=$BANWATCH_JAVA_OPTS}"
echo "runs      $reps of each reader, interleaved, from the page cache"

# ---------------------------------------------------------------------------------------------------------------
# banwatch: present and able to replay? (building the jar happens here, outside the timed runs)
# ---------------------------------------------------------------------------------------------------------------
banwatch_missing=""
if [[ " $readers " == *" banwatch "* ]]; then
  if [ ! -x "$launcher" ]; then
    banwatch_missing="$launcher does not exist (or is not executable)"
  elif echo "checking that $launcher can replay (the launcher builds the jar on first use) ..." && ! "$launcher" replay --help >"$out/banwatch-probe.log" 2>&1; then
    banwatch_missing="'$launcher replay --help' failed: $(grep -v '^\s*$' "$out/banwatch-probe.log" | tail -1)"
  fi
  if [ -n "$banwatch_missing" ]; then
    echo "banwatch  NOT MEASURED: $banwatch_missing. The other readers still run."
  fi
fi

# ---------------------------------------------------------------------------------------------------------------
# timed runs
# ---------------------------------------------------------------------------------------------------------------
declare -A walls cpus rsss failed
run_reader() {  # reader rep: one timed run; appends wall seconds, CPU seconds and max RSS KB to walls, cpus, rsss
  local reader="$1" rep="$2" timing="$out/time.$1" log="$out/$1-run.log" status=0
  local -a command
  case "$reader" in
    tcpdump) command=(tcpdump -r "$capture" -w /dev/null) ;;
    # the fields and filter of ../shared/tools/check-tap-truth.py, so that its check reads this run's output
    tshark) command=(tshark -n -r "$capture" -T fields -E separator=/t -E occurrence=a -E aggregator='|'
                     -Y 'dns or tls.handshake.type==1 or http.request' -e frame.number -e dns.flags.response
                     -e dns.qry.name -e tls.handshake.extensions_server_name -e http.host) ;;
    # nDPI's own reader: every flow through protocol detection, the per-protocol summary at the end
    ndpiReader) command=(ndpiReader -q -i "$capture") ;;
    banwatch) rm -f "$store" "$store-wal" "$store-shm"
              command=(env BANWATCH_STORE_PATH="$store" "$launcher" replay "$capture") ;;
    banwatch-names) rm -f "$store" "$store-wal" "$store-shm"
              command=(env BANWATCH_STORE_PATH="$store" "$launcher" replay --observations "$observations" "$capture") ;;
  esac
  /usr/bin/time -f '%e %M %U %S' -o "$timing" "${command[@]}" >"$log.out" 2>"$log" || status=$?
  if [ "$status" -ne 0 ]; then
    failed[$reader]="exit $status"
    echo "  run $rep  $reader FAILED (exit $status); last lines of its error output ($log):"
    tail -5 "$log" | sed 's/^/    /'
    return 0
  fi
  local seconds kb user system cpu
  read -r seconds kb user system < <(tail -1 "$timing")
  cpu="$(awk -v u="$user" -v s="$system" 'BEGIN {printf "%.2f", u + s}')"
  walls[$reader]+="$seconds "
  cpus[$reader]+="$cpu "
  rsss[$reader]+="$kb "
  printf '  run %d  %-9s %8.2f s wall  %8.2f s CPU  %7.1f MB max RSS\n' "$rep" "$reader" "$seconds" "$cpu" \
    "$(awk -v k="$kb" 'BEGIN {print k / 1024}')"
}

echo
echo "warming the page cache: cat $capture > /dev/null"
cat "$capture" > /dev/null
if [[ " $readers " == *" tshark "* ]]; then
  echo "tshark is single-threaded and dissects every packet: expect about $(( count / 27000 + 1 )) s per run"
fi
for rep in $(seq 1 "$reps"); do
  for reader in $readers; do
    if [ "$reader" = banwatch ] && [ -n "$banwatch_missing" ]; then continue; fi
    [ -n "${failed[$reader]:-}" ] && continue
    run_reader "$reader" "$rep"
  done
done
names_run=""
if [[ " $readers " == *" banwatch "* ]] && [ -z "$banwatch_missing" ] && [ -z "${failed[banwatch]:-}" ]; then
  echo "  and once more writing every observation to $observations, for the names check (not in the table):"
  run_reader banwatch-names 1
  [ -z "${failed[banwatch-names]:-}" ] && names_run=yes
fi

# ---------------------------------------------------------------------------------------------------------------
# table
# ---------------------------------------------------------------------------------------------------------------
median() {  # of the numbers on stdin
  tr ' ' '\n' | grep -v '^$' | sort -g |
    awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
highest() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -1; }
declare -A med medcpu
echo
printf '%-10s %12s %14s %12s %12s   %s\n' \
  reader 'median wall' 'packets/s' 'max RSS MB' 'median CPU' 'all runs, wall (s)'
for reader in $readers; do
  if [ "$reader" = banwatch ] && [ -n "$banwatch_missing" ]; then
    printf '%-10s %12s %14s %12s %12s   %s\n' banwatch - - - - "not measured: $banwatch_missing"
    continue
  fi
  if [ -n "${failed[$reader]:-}" ]; then
    printf '%-10s %12s %14s %12s %12s   %s\n' "$reader" - - - - "failed (${failed[$reader]}), see $out/$reader-run.log"
    continue
  fi
  med[$reader]="$(echo "${walls[$reader]}" | median)"
  kb="$(echo "${rsss[$reader]}" | highest)"
  cpu="$(echo "${cpus[$reader]}" | median)"
  medcpu[$reader]="$cpu"
  awk -v r="$reader" -v s="${med[$reader]}" -v n="$count" -v k="$kb" -v c="$cpu" -v all="${walls[$reader]}" 'BEGIN {
    rate = s > 0 ? n / s : 0
    shown = (rate >= 1e6) ? sprintf("%.2f M", rate / 1e6) : sprintf("%.1f k", rate / 1e3)
    printf "%-10s %10.2f s %12s/s %12.1f %10.2f s   %s\n", r, s, shown, k / 1024, c, all }'
done
echo
ratio() {  # numerator denominator label goal: the ratio of wall-clock medians, and of CPU medians beside it
  if [ -n "${med[$1]:-}" ] && [ -n "${med[$2]:-}" ]; then
    awk -v a="${med[$1]}" -v b="${med[$2]}" -v ca="${medcpu[$1]}" -v cb="${medcpu[$2]}" -v l="$3" -v g="$4" 'BEGIN {
      wall = (b > 0) ? sprintf("%.2f", a / b) : "-"
      cpu = (cb > 0) ? sprintf("%.2f", ca / cb) : "-"
      printf "%-18s %8s   (%s; CPU-time ratio %s)\n", l, wall, g, cpu }'
  else
    printf '%-18s %8s   (%s; needs both readers)\n' "$3" - "$4"
  fi
}
ratio banwatch tcpdump "banwatch/tcpdump" "goal: at most 1.3"
ratio tshark banwatch "tshark/banwatch" "goal: at least 60"
ratio ndpiReader banwatch "ndpiReader/banwatch" "goal: at least 8"
echo "(wall-clock medians of this run; compare ratios within one run, the machine varies by about 25% between runs)"
if [ -n "$names_run" ]; then
  awk -v s="${walls[banwatch-names]}" -v c="${cpus[banwatch-names]}" -v m="${med[banwatch]:-0}" 'BEGIN {
    printf "banwatch with --observations (the names check'"'"'s run): %.2f s wall, %.2f s CPU", s, c
    if (m > 0) printf " (%.2f of the median above)", s / m
    print "" }'
fi

# ---------------------------------------------------------------------------------------------------------------
# completeness: did banwatch report every name in the capture?
# ---------------------------------------------------------------------------------------------------------------
incomplete=0
if [[ " $readers " == *" banwatch "* ]] && [ -z "$banwatch_missing" ] && [ -z "${failed[banwatch]:-}" ]; then
  echo
  echo "banwatch's summary (last timed run):"
  cat "$out/banwatch-run.log.out" "$out/banwatch-run.log" | grep -v '^\s*$' | tail -15 | sed 's/^/  /'
  echo
  if [ -z "$names_run" ]; then
    echo "names: NOT CHECKED, the run with --observations failed (${failed[banwatch-names]:-}); see $out/banwatch-names-run.log"
    incomplete=1
  elif [ -f "$truth" ] && [ "$(head -c 15 "$truth")" = "$(printf 'frame\tkind\ttime')" ]; then
    echo "names: banwatch's observations against $truth (bench/tapgen.py's list)"
    python3 "$here/check.py" "$capture" --observations "$observations" || {
      echo "NOT COMPLETE: some names were missed"; incomplete=1; }
  elif [ -f "$truth" ]; then
    echo "names: banwatch's observations against $truth (the tap generator's list)"
    python3 "$here/tapcheck.py" "$capture" "$observations" || incomplete=1
    tshark_check="$root/../shared/tools/check-tap-truth.py"
    if [[ " $readers " == *" tshark "* ]] && [ -z "${failed[tshark]:-}" ] && [ -f "$tshark_check" ]; then
      echo
      echo "names: tshark's output (last run) against the same list, as the generator's own check"
      python3 "$tshark_check" "$capture" --tshark-out "$out/tshark-run.log.out" || true
    fi
  else
    echo "names: no truth list ($truth) for this capture, so completeness is not checked"
  fi
fi
echo
echo "results written to $results"
exec >&- 2>&-
wait "$tee_pid" 2>/dev/null || true
# 1 when a reader failed, banwatch could not run, or it missed a name: the numbers above are then not comparable
if [ -n "${failed[*]:-}" ] || [ -n "$banwatch_missing" ] || [ "$incomplete" -ne 0 ]; then exit 1; fi
