#!/usr/bin/env bash
# make-fixtures.sh - record the small capture fixtures under src/test/resources/io/banwatch/fixtures/
# and their tshark oracle tables (see the README there).
#
#   scripts/make-fixtures.sh [NAME...]
#
# NAME is one of: dns-kaspersky tls-split-clienthello tls-split-clienthello-mtu576
#                 tls-nonstandard-port http-update          (default: all)
#
# Environment:
#   ORACLE  path of the tshark oracle script (default /work/shared/tools/oracle.sh)
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
DIR=$REPO/src/test/resources/io/banwatch/fixtures
ORACLE=${ORACLE:-/work/shared/tools/oracle.sh}
ALL=(dns-kaspersky tls-split-clienthello tls-split-clienthello-mtu576 tls-nonstandard-port http-update)
# Chromium shuffles its extensions (and so where the SNI lands) per connection; this many tries
# make a hello with the SNI past the first 536-byte segment all but certain.
MAX_TINY_MSS_TRIES=10

log() { printf 'fixtures: %s\n' "$*" >&2; }
die() {
  printf 'fixtures: error: %s\n' "$*" >&2
  exit 1
}

[[ $(id -u) -eq 0 ]] || die "must run as root"
command -v tshark >/dev/null 2>&1 || die "missing tool: tshark (apt-get install -y tshark)"
[[ -x $ORACLE ]] || die "oracle script $ORACLE not found (set ORACLE=...)"
names=("$@")
((${#names[@]})) || names=("${ALL[@]}")

work=$(mktemp -d /tmp/banwatch-fixtures.XXXXXX)
lab_mtu=""
cleanup() {
  "$SCRIPT_DIR/lab.sh" down || true
  rm -rf "$work"
}
trap cleanup EXIT

# Brings the lab up with the given MTU unless it already runs with it.
lab_with_mtu() {
  [[ $lab_mtu == "$1" ]] && return 0
  BW_LAB_MTU=$1 "$SCRIPT_DIR/lab.sh" up
  lab_mtu=$1
}

record() { # NAME BPF SECTION...
  local name=$1 filter=$2
  shift 2
  "$SCRIPT_DIR/lab-record.sh" -f "$filter" "$DIR/$name.pcap" -- "$SCRIPT_DIR/lab-traffic.sh" "$@" >/dev/null
}

# Prints the frame numbers of the segments that carried the first reassembled ClientHello.
hello_segments() { # PCAP
  tshark -r "$1" -Y 'tls.handshake.type == 1 && tcp.reassembled.length > 0' -T fields -e tcp.segment \
    2>/dev/null | head -1
}

# Chromium opens a second, speculative connection; one connection keeps the fixture small.
keep_first_hello_connection() { # PCAP
  local stream
  stream=$(tshark -r "$1" -Y 'tls.handshake.type == 1' -T fields -e tcp.stream 2>/dev/null | head -1)
  [[ -n $stream ]] || die "$1: no ClientHello"
  tshark -r "$1" -Y "tcp.stream == $stream" -F pcap -w "$work/one.pcap" 2>/dev/null
  mv "$work/one.pcap" "$1"
}

# True when the first segment of the split ClientHello does not hold the whole server name.
sni_after_first_segment() { # PCAP NAME
  local segments first payload name_hex
  segments=$(hello_segments "$1")
  [[ $segments == *,* ]] || return 1
  first=${segments%%,*}
  payload=$(tshark -r "$1" -Y "frame.number == $first" -T fields -e tcp.payload 2>/dev/null | tr -d ':')
  name_hex=$(printf '%s' "$2" | od -An -tx1 | tr -d ' \n')
  [[ $payload != *"$name_hex"* ]]
}

make_one() {
  local name=$1 try
  case "$name" in
    dns-kaspersky)
      lab_with_mtu 1500
      record "$name" 'udp port 53' dns dns6
      ;;
    tls-split-clienthello)
      command -v chromium >/dev/null 2>&1 || die "$name needs chromium (apt-get install -y chromium)"
      lab_with_mtu 1500
      record "$name" 'tcp port 443' chromium
      keep_first_hello_connection "$DIR/$name.pcap"
      [[ $(hello_segments "$DIR/$name.pcap") == *,* ]] || die "$name: the ClientHello was not split"
      ;;
    tls-split-clienthello-mtu576)
      command -v chromium >/dev/null 2>&1 || die "$name needs chromium (apt-get install -y chromium)"
      lab_with_mtu 576
      for try in $(seq 1 "$MAX_TINY_MSS_TRIES"); do
        record "$name" 'tcp port 443' chromium
        keep_first_hello_connection "$DIR/$name.pcap"
        sni_after_first_segment "$DIR/$name.pcap" s07.upd.kaspersky.com && break
        log "$name: try $try put the SNI in the first segment; again"
        ((try < MAX_TINY_MSS_TRIES)) || die "$name: SNI never past the first segment"
      done
      ;;
    tls-nonstandard-port)
      lab_with_mtu 1500
      record "$name" 'tcp port 23101' tls-port
      ;;
    http-update)
      lab_with_mtu 1500
      record "$name" 'tcp port 80' http
      ;;
    *) die "unknown fixture '$name' (one of: ${ALL[*]})" ;;
  esac
  "$ORACLE" -o "$work" "$DIR/$name.pcap"
  mv "$work/$name.pcap.oracle.tsv" "$DIR/$name.pcap.expected.tsv"
  log "$name.pcap: $(wc -c <"$DIR/$name.pcap") bytes, $(($(wc -l <"$DIR/$name.pcap.expected.tsv") - 1)) oracle rows; segments of the first split hello: $(hello_segments "$DIR/$name.pcap")"
}

mkdir -p "$DIR"
# The 576-byte MTU lab is IPv4 only, so it goes last and the others share one lab.
for name in "${names[@]}"; do
  [[ $name == tls-split-clienthello-mtu576 ]] || make_one "$name"
done
for name in "${names[@]}"; do
  [[ $name != tls-split-clienthello-mtu576 ]] || make_one "$name"
done
