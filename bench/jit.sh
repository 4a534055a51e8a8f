#!/usr/bin/env bash
# Compares JVM settings for whole-capture replays: each capture replayed by bin/banwatch under each setting,
# interleaved, JIT_REPS times; prints per capture the median wall and CPU time and the largest RSS of each setting.
#
# Usage: bench/jit.sh CAPTURE...
# Environment:
#   JIT_REPS       runs of each setting on each capture (default 3; the table shows the median)
#   JIT_SETTINGS   settings to compare, from the list below (default: all)
#   BANWATCH       the banwatch launcher (default bin/banwatch of this tree); BANWATCH_JAR a jar for it to run (a
#                  copy keeps a rebuild during the runs from changing the code measured)
# Settings (each with the launcher's heap and GC options unless it names others):
#   c1-aot         C1 only (-XX:TieredStopAtLevel=1) and the launcher's AOT cache
#   tiered-aot     the JVM's default tiered compilation (C1, then C2 for hot code) and the AOT cache
#   tiered         tiered compilation, no AOT cache
#   c1             C1 only, no AOT cache
#   tiered-aot-serial  tiered, AOT cache, the serial collector instead of the parallel one
#   tiered-aot-serial-young      the same with the 48 MiB young generation of two 16 MiB survivor spaces
#   tiered-aot-serial-young-thp  the same with the heap in transparent huge pages
#   tiered-aot-serial-young-thp-inline35  the same with C2 inlining hot methods of at most 35 bytes of bytecode
#                  (-XX:FreqInlineSize=35; the JVM's default is 325)
#   tiered-aot-serial-young-thp-inline35-later  the same with methods compiled after twice the JVM's default calls and
#                  loops (-XX:CompileThresholdScaling=2) (the launcher's replay default)
#   tiered-aot-serial-young-thp-inline60  the same with at most 60 bytes, and a callee compiled to more than 1,000
#                  bytes of machine code not inlined (-XX:InlineSmallCode=1000; default 2,500)
#   c2-crypto-aot  tiered-aot-serial-young-thp-inline35-later with C2 compiling only the JDK's cryptography (AES,
#                  GHASH, SHA-256: the intrinsics the QUIC opener and JA4 need) and C1 everything else (HotSpot
#                  compiler directives, -XX:CompilerDirectivesFile)
#   c2-path-aot    the same with C2 compiling the per-packet stages as well (io.banwatch source, dispatch, decode,
#                  flow, inspect, attribute, match, outcome, sensor)
# Each setting has its own launcher cache directory, so its AOT cache is trained (on the bundled sample, by the
# launcher) with its own options: a cache trained under C1 only holds no method profiles for C2 to use.
# Every run keeps banwatch's features on (outcomes, alerts, the event store, written to a fresh file per run).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
launcher="${BANWATCH:-$root/bin/banwatch}"
reps="${JIT_REPS:-3}"
settings="${JIT_SETTINGS:-c1-aot tiered-aot tiered c1 tiered-aot-serial tiered-aot-serial-young tiered-aot-serial-young-thp
  tiered-aot-serial-young-thp-inline35 tiered-aot-serial-young-thp-inline35-later tiered-aot-serial-young-thp-inline60
  c2-crypto-aot c2-path-aot}"
work="$(mktemp -d /tmp/banwatch-jit.XXXXXX)"
trap 'rm -rf "$work"' EXIT

die() { echo "jit.sh: $*" >&2; exit 2; }
[ $# -ge 1 ] || die "usage: bench/jit.sh CAPTURE..."
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || die "JIT_REPS must be a positive whole number, not '$reps'"
for capture in "$@"; do [ -f "$capture" ] || die "no such capture: $capture"; done

base="-Xms256m -Xmx384m -XX:MaxDirectMemorySize=32m -XX:+ExitOnOutOfMemoryError"
young_thp="-XX:+UseSerialGC -Xmn48m -XX:SurvivorRatio=1 -XX:+UseTransparentHugePages -Xlog:pagesize=off"
later="$base $young_thp -XX:FreqInlineSize=35 -XX:CompileThresholdScaling=2"
# The compiler directives of c2-crypto-aot and c2-path-aot: the first directive matching a method applies. HotSpot
# announces a directives file on standard output, so those settings turn the JVM's own messages off
# (-XX:-DisplayVMOutput) to keep a replay's output as it is.
crypto='"com/sun/crypto/provider/*.*", "sun/security/provider/*.*"'
path='"io/banwatch/source/*.*", "io/banwatch/dispatch/*.*", "io/banwatch/decode/*.*", "io/banwatch/flow/*.*",
  "io/banwatch/inspect/*.*", "io/banwatch/attribute/*.*", "io/banwatch/match/*.*", "io/banwatch/outcome/*.*",
  "io/banwatch/sensor/*.*"'
printf '[ { match: [%s], c2: { Exclude: false } }, { match: ["*.*"], c2: { Exclude: true } } ]\n' "$crypto" \
  >"$work/c2-crypto.json"
printf '[ { match: [%s, %s], c2: { Exclude: false } }, { match: ["*.*"], c2: { Exclude: true } } ]\n' "$crypto" \
  "$path" >"$work/c2-path.json"
opts_of() {
  case "$1" in
    c1-aot|c1) echo "$base -XX:+UseParallelGC -XX:TieredStopAtLevel=1" ;;
    tiered-aot|tiered) echo "$base -XX:+UseParallelGC" ;;
    tiered-aot-serial) echo "$base -XX:+UseSerialGC" ;;
    tiered-aot-serial-young) echo "$base -XX:+UseSerialGC -Xmn48m -XX:SurvivorRatio=1" ;;
    tiered-aot-serial-young-thp) echo "$base $young_thp" ;;
    tiered-aot-serial-young-thp-inline35) echo "$base $young_thp -XX:FreqInlineSize=35" ;;
    tiered-aot-serial-young-thp-inline35-later) echo "$later" ;;
    tiered-aot-serial-young-thp-inline60) echo "$base $young_thp -XX:FreqInlineSize=60 -XX:InlineSmallCode=1000" ;;
    c2-crypto-aot) echo "$later -XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile=$work/c2-crypto.json" \
      "-XX:-DisplayVMOutput" ;;
    c2-path-aot) echo "$later -XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile=$work/c2-path.json" \
      "-XX:-DisplayVMOutput" ;;
    *) die "unknown setting '$1'" ;;
  esac
}
cache_of() {  # the launcher's cache directory for a setting; one it cannot create means no AOT cache
  case "$1" in
    *-aot*) echo "$work/cache-$1" ;;
    *) echo "/proc/banwatch-no-cache" ;;
  esac
}
for s in $settings; do opts_of "$s" >/dev/null; done

echo "banwatch JVM settings, $(date -u +%Y-%m-%dT%H:%M:%SZ); $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs: $reps of each setting per capture, interleaved; medians"
# the jar is built and each setting's AOT cache trained here, outside the timed runs; the captures are read once so
# that every run reads them from the page cache
for s in $settings; do
  XDG_CACHE_HOME="$(cache_of "$s")" BANWATCH_JAVA_OPTS="$(opts_of "$s")" \
    "$launcher" demo --no-serve --no-store >/dev/null 2>&1 || die "setting $s: banwatch demo failed"
done
cat "$@" >/dev/null

declare -A walls cpus rsss
for capture in "$@"; do
  for rep in $(seq 1 "$reps"); do
    for s in $settings; do
      rm -f "$work"/store.db*
      status=0
      XDG_CACHE_HOME="$(cache_of "$s")" BANWATCH_JAVA_OPTS="$(opts_of "$s")" BANWATCH_STORE_PATH="$work/store.db" \
        /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$launcher" replay "$capture" >/dev/null 2>"$work/err" ||
        status=$?
      if [ "$status" -ne 0 ]; then
        echo "  $(basename "$capture") $s run $rep FAILED (exit $status):"; tail -3 "$work/err" | sed 's/^/    /'
        continue
      fi
      read -r wall kb user system < <(tail -1 "$work/time")
      key="$capture|$s"
      walls[$key]+="$wall "
      cpus[$key]+="$(awk -v u="$user" -v s="$system" 'BEGIN {printf "%.2f", u + s}') "
      rsss[$key]+="$kb "
      printf '  %-22s %-18s run %d  %7.2f s wall %7.2f s CPU %6.0f MB\n' "$(basename "$capture")" "$s" "$rep" \
        "$wall" "$(awk -v u="$user" -v s="$system" 'BEGIN {print u + s}')" "$(awk -v k="$kb" 'BEGIN {print k / 1024}')"
    done
  done
done

median() {
  tr ' ' '\n' | grep -v '^$' | sort -g |
    awk '{v[NR] = $1} END {if (NR == 0) print "-"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
echo
printf '%-24s %-18s %10s %10s %10s\n' capture setting 'wall s' 'CPU s' 'RSS MB'
for capture in "$@"; do
  for s in $settings; do
    key="$capture|$s"
    printf '%-24s %-18s %10s %10s %10s\n' "$(basename "$capture")" "$s" "$(echo "${walls[$key]:-}" | median)" \
      "$(echo "${cpus[$key]:-}" | median)" \
      "$(echo "${rsss[$key]:-}" | tr ' ' '\n' | grep -v '^$' | sort -g | tail -1 | awk '{printf "%.0f", $1 / 1024}')"
  done
done
