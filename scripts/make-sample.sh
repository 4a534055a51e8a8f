#!/usr/bin/env bash
# make-sample.sh - record the bundled demo capture (see docs/SAMPLE.md).
#
#   scripts/make-sample.sh [OUT.pcapng]
#
# Brings the lab up, records the lab traffic twice on bw-srv0, moves the first recording to
# 2024-09-20T14:00:00Z (before the ban deadline 2024-09-29T04:00:00Z) and the second to
# 2024-10-02T14:00:00Z (after it) with editcap -t, merges both into one pcapng with mergecap,
# writes the tshark oracle of the result beside the tests, and takes the lab down again.
#
# Environment:
#   ORACLE  path of the tshark oracle script (default /work/shared/tools/oracle.sh); when it is
#           absent the expected table is not rewritten.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
OUT=${1:-$REPO/src/main/resources/io/banwatch/sample/demo.pcapng}
EXPECTED=$REPO/src/test/resources/io/banwatch/sample/demo.pcapng.expected.tsv
ORACLE=${ORACLE:-/work/shared/tools/oracle.sh}
BEFORE_EPOCH=1726840800 # 2024-09-20T14:00:00Z
AFTER_EPOCH=1727877600  # 2024-10-02T14:00:00Z
SECOND_CLIENT=10.77.0.3

log() { printf 'sample: %s\n' "$*" >&2; }
die() {
  printf 'sample: error: %s\n' "$*" >&2
  exit 1
}

[[ $(id -u) -eq 0 ]] || die "must run as root"
for tool in tshark editcap mergecap; do
  command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool (Debian: apt-get install -y tshark)"
done
command -v chromium >/dev/null 2>&1 ||
  log "chromium is not installed: the sample will have no post-quantum (split) ClientHello (apt-get install -y chromium)"

work=$(mktemp -d /tmp/banwatch-sample.XXXXXX)
cleanup() {
  "$SCRIPT_DIR/lab.sh" down || true
  rm -rf "$work"
}
trap cleanup EXIT

"$SCRIPT_DIR/lab.sh" up

first_epoch() { tshark -r "$1" -c 1 -T fields -e frame.time_epoch 2>/dev/null; }

# Shifts a recording so that its first packet lies at the given epoch second, as pcapng.
shift_to() { # IN OUT EPOCH
  local start delta
  start=$(first_epoch "$1")
  [[ -n $start ]] || die "$1 is empty"
  delta=$(python3 -c "import sys; print('%.6f' % (int(sys.argv[2]) - float(sys.argv[1])))" "$start" "$3")
  editcap -F pcapng -t "$delta" "$1" "$2"
}

# Chromium's ClientHello must really be split, or the sample misses its point.
check_split_hello() { # PCAP
  command -v chromium >/dev/null 2>&1 || return 0
  local split
  split=$(tshark -r "$1" -Y 'tls.handshake.type == 1 && tcp.reassembled.length > 1460' \
    -T fields -e tcp.segment 2>/dev/null | head -1)
  [[ $split == *,* ]] || die "no ClientHello split over two or more TCP segments in $1"
  log "split ClientHello in $1: frames $split"
}

log "recording 1 (to be placed before the deadline)"
"$SCRIPT_DIR/lab-record.sh" "$work/before.pcap" -- "$SCRIPT_DIR/lab-traffic.sh" >/dev/null
check_split_hello "$work/before.pcap"

log "recording 2 (to be placed after the deadline), with a second client $SECOND_CLIENT"
"$SCRIPT_DIR/lab-record.sh" "$work/after.pcap" -- bash -c \
  "'$SCRIPT_DIR/lab-traffic.sh' && '$SCRIPT_DIR/lab-traffic.sh' --from $SECOND_CLIENT dns http ordinary" >/dev/null
check_split_hello "$work/after.pcap"

shift_to "$work/before.pcap" "$work/before.pcapng" "$BEFORE_EPOCH"
shift_to "$work/after.pcap" "$work/after.pcapng" "$AFTER_EPOCH"
mkdir -p "$(dirname "$OUT")"
mergecap -F pcapng -w "$OUT" "$work/before.pcapng" "$work/after.pcapng"
log "wrote $OUT ($(wc -c <"$OUT") bytes, $(tshark -r "$OUT" 2>/dev/null | wc -l) packets)"

if [[ -x $ORACLE ]]; then
  "$ORACLE" -o "$work" "$OUT"
  mkdir -p "$(dirname "$EXPECTED")"
  cp "$work/$(basename "$OUT").oracle.tsv" "$EXPECTED"
  log "wrote $EXPECTED ($(($(wc -l <"$EXPECTED") - 1)) rows)"
else
  log "oracle $ORACLE not found: $EXPECTED left as it is"
fi
