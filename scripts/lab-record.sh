#!/usr/bin/env bash
# lab-record.sh - record what a command sends over the lab's veth, as seen from the server side.
#
#   scripts/lab-record.sh [-f BPF] OUT.pcap -- COMMAND [ARG...]
#
# Starts tcpdump -i bw-srv0 -s 0 inside bw-srv (default filter 'tcp or udp', which leaves out ARP and
# IPv6 neighbour discovery), waits until it listens, runs COMMAND, waits one second for the last
# answers, and stops tcpdump. tcpdump writes classic pcap; convert with editcap -F pcapng if needed.
set -euo pipefail

SRV_NS=bw-srv
SRV_IF=bw-srv0
filter='tcp or udp'

die() {
  printf 'record: error: %s\n' "$*" >&2
  exit 1
}

if [[ ${1:-} == -f ]]; then
  [[ $# -ge 2 ]] || die "-f needs a BPF expression"
  filter=$2
  shift 2
fi
[[ $# -ge 3 && $2 == -- ]] || die "usage: $0 [-f BPF] OUT.pcap -- COMMAND [ARG...]"
out=$1
shift 2

[[ $(id -u) -eq 0 ]] || die "must run as root"
command -v tcpdump >/dev/null 2>&1 || die "missing tool: tcpdump (apt-get install -y tcpdump)"
ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$SRV_NS" || die "the lab is not up (run scripts/lab.sh up)"

err=$(mktemp /tmp/banwatch-record.XXXXXX)
# -U writes each packet at once, so nothing is lost when tcpdump is stopped; -Z root keeps the
# right to write OUT wherever it is.
ip netns exec "$SRV_NS" tcpdump -i "$SRV_IF" -s 0 -U -n -Z root -w "$out" "$filter" 2>"$err" &
tcpdump_pid=$!
stop_tcpdump() {
  if kill -0 "$tcpdump_pid" 2>/dev/null; then
    kill -INT "$tcpdump_pid" 2>/dev/null || true
    wait "$tcpdump_pid" 2>/dev/null || true
  fi
  rm -f "$err"
}
trap stop_tcpdump EXIT

for _ in $(seq 1 50); do
  grep -q 'listening on' "$err" && break
  kill -0 "$tcpdump_pid" 2>/dev/null || die "tcpdump did not start: $(cat "$err")"
  sleep 0.1
done
grep -q 'listening on' "$err" || die "tcpdump did not report listening within 5 s"

"$@"
sleep 1
kill -INT "$tcpdump_pid"
wait "$tcpdump_pid" || true
printf 'record: %s: %s\n' "$out" "$(grep -E 'packets captured' "$err" || echo 'no packet count')" >&2
