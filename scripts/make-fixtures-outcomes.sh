#!/usr/bin/env bash
# make-fixtures-outcomes.sh - record the outcome fixtures: what became of a client's attempt to reach a
# Kaspersky service (blocked by DNS, by a reset, by an ICMP unreachable, by silence; connected; transferred).
#
#   scripts/make-fixtures-outcomes.sh [NAME...]      default: all; run as root from the repository root
#
# Each fixture gets a fresh pair of namespaces of its own (bwo-srv, bwo-cli; never the lab's bw-* names, so
# that it can run beside the live-capture test), joined by a veth with offloads off, a dnsmasq in bwo-srv that
# the client's resolver points at (/etc/netns/bwo-cli/resolv.conf), the servers the fixture needs, and nft rules
# in bwo-srv for the blocking fixtures. tcpdump on the server end (-s 0) records; the capture is then cut to the
# IPv4 TCP/UDP/ICMP of the lab addresses. Needs iproute2, ethtool, dnsmasq, nftables, openssl, curl, dnsutils,
# python3, tcpdump.
set -euo pipefail

SRV_NS=bwo-srv
CLI_NS=bwo-cli
SRV_IF=bwo-srv0
CLI_IF=bwo-cli0
SRV4=10.88.0.1
CLI4=10.88.0.2
CLI4_B=10.88.0.3
OUT_DIR=src/test/resources/io/banwatch/fixtures
STATE=/tmp/banwatch-outcomes-lab
# Half again outcomes.transfer_bytes (65,536): enough to be a transfer, small enough to commit unshortened.
TRANSFER_BYTES=98304
ALL=(outcome-dns outcome-tcp-reset outcome-icmp-unreachable outcome-silent-drop outcome-tls-connected
  outcome-http-transfer outcome-https-transfer outcome-http-404 outcome-two-clients)

log() { printf 'outcomes: %s\n' "$*" >&2; }
die() {
  printf 'outcomes: error: %s\n' "$*" >&2
  exit 1
}

ns_exists() { ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$1"; }

down() {
  local ns pid
  for ns in "$SRV_NS" "$CLI_NS"; do
    ns_exists "$ns" || continue
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
    sleep 0.3
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    ip netns del "$ns"
  done
  rm -rf "/etc/netns/$CLI_NS" "$STATE"
}

up() {
  down
  mkdir -p "$STATE" "/etc/netns/$CLI_NS"
  echo "nameserver $SRV4" >"/etc/netns/$CLI_NS/resolv.conf"
  ip netns add "$SRV_NS"
  ip netns add "$CLI_NS"
  ip link add "$SRV_IF" type veth peer name "$CLI_IF"
  ip link set "$SRV_IF" netns "$SRV_NS"
  ip link set "$CLI_IF" netns "$CLI_NS"
  local ns dev
  for pair in "$SRV_NS:$SRV_IF" "$CLI_NS:$CLI_IF"; do
    ns=${pair%%:*}
    dev=${pair#*:}
    ip -n "$ns" link set lo up
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$dev.disable_ipv6=1" 2>/dev/null || true
    # Segmentation and receive offloads would merge segments before the capture point.
    ip netns exec "$ns" ethtool -K "$dev" tso off gso off gro off >/dev/null
    ip -n "$ns" link set "$dev" up
  done
  ip -n "$SRV_NS" addr add "$SRV4/24" dev "$SRV_IF"
  ip -n "$CLI_NS" addr add "$CLI4/24" dev "$CLI_IF"
  ip -n "$CLI_NS" addr add "$CLI4_B/24" dev "$CLI_IF"
  # dnsmasq: the update names resolve to the server; one name is sinkholed to 0.0.0.0 and one has no record at all
  # (an 'address=/name/' without an address answers NXDOMAIN), as a filtering resolver does.
  cat >"$STATE/dnsmasq.conf" <<EOF
no-resolv
no-hosts
no-poll
bind-interfaces
listen-address=$SRV4
user=root
log-facility=/dev/null
local-ttl=300
host-record=dnl-01.geo.kaspersky.com,$SRV4
host-record=s07.upd.kaspersky.com,$SRV4
address=/dnl-07.geo.kaspersky.com/0.0.0.0
address=/ksn-url-geo.kaspersky-labs.com/
EOF
  ip netns exec "$SRV_NS" dnsmasq --conf-file="$STATE/dnsmasq.conf" --pid-file="$STATE/dnsmasq.pid"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "/CN=banwatch-lab" \
    -addext "subjectAltName=DNS:*.kaspersky.com,DNS:*.geo.kaspersky.com,DNS:*.upd.kaspersky.com" \
    -keyout "$STATE/key.pem" -out "$STATE/cert.pem" 2>/dev/null
  mkdir -p "$STATE/www/updaters"
  head -c "$TRANSFER_BYTES" /dev/urandom >"$STATE/www/updaters/kav-bases.bin"
  echo '<?xml version="1.0"?><index/>' >"$STATE/www/updaters/updater.xml"
}

# Servers, started into bwo-srv; the namespace's teardown stops them.
https_server() {
  (cd "$STATE/www" && ip netns exec "$SRV_NS" openssl s_server -accept "$SRV4:443" -cert "$STATE/cert.pem" \
    -key "$STATE/key.pem" -WWW -quiet </dev/null >"$STATE/tls.log" 2>&1 &)
}
http_server() {
  (cd "$STATE/www" && ip netns exec "$SRV_NS" python3 -m http.server --bind "$SRV4" 80 \
    </dev/null >"$STATE/http.log" 2>&1 &)
}
nft_rule() {
  ip netns exec "$SRV_NS" nft -f - <<RULES
table inet bwo {
  chain input {
    type filter hook input priority 0;
    $1
  }
}
RULES
}
wait_port() {
  for _ in $(seq 1 50); do
    ip netns exec "$SRV_NS" ss -Hlnt "src $SRV4:$1" | grep -q . && return 0
    sleep 0.1
  done
  die "nothing listens on $SRV4:$1"
}

cli() { ip netns exec "$CLI_NS" "$@"; }

record() {
  local name=$1 err
  shift
  err=$(mktemp)
  ip netns exec "$SRV_NS" tcpdump -i "$SRV_IF" -s 0 -U -n -Z root -w "$STATE/$name.raw.pcap" \
    "host $SRV4 and (tcp or udp or icmp)" 2>"$err" &
  local pid=$!
  for _ in $(seq 1 50); do
    grep -q 'listening on' "$err" && break
    sleep 0.1
  done
  "$@" || true
  sleep 1
  kill -INT "$pid"
  wait "$pid" || true
  cp "$STATE/$name.raw.pcap" "$OUT_DIR/$name.pcap"
  log "$name: $(grep -E 'packets captured' "$err")"
  rm -f "$err"
}

# The client's side of each fixture. curl -4 asks only for A records; each name is resolved through dnsmasq.
traffic_outcome-dns() {
  cli dig +tries=1 +time=2 A s07.upd.kaspersky.com
  cli dig +tries=1 +time=2 A dnl-07.geo.kaspersky.com
  cli dig +tries=1 +time=2 A ksn-url-geo.kaspersky-labs.com
}
traffic_outcome-tcp-reset() {
  nft_rule 'tcp dport 443 reject with tcp reset'
  cli curl -4 -sk -o /dev/null --max-time 3 https://s07.upd.kaspersky.com/
}
traffic_outcome-icmp-unreachable() {
  nft_rule 'tcp dport 443 reject with icmp type port-unreachable'
  cli curl -4 -sk -o /dev/null --max-time 3 https://s07.upd.kaspersky.com/
}
traffic_outcome-silent-drop() {
  nft_rule 'tcp dport 443 drop'
  # The SYN and its retransmissions after 1 s and 3 s (RFC 6298 section 5.7 doubling), then curl gives up.
  cli curl -4 -sk -o /dev/null --connect-timeout 4 https://s07.upd.kaspersky.com/
}
traffic_outcome-tls-connected() {
  https_server
  wait_port 443
  cli curl -4 -sk -o /dev/null --max-time 3 https://s07.upd.kaspersky.com/updaters/updater.xml
}
traffic_outcome-https-transfer() {
  https_server
  wait_port 443
  cli curl -4 -sk -o /dev/null --max-time 10 https://dnl-01.geo.kaspersky.com/updaters/kav-bases.bin
}
traffic_outcome-http-transfer() {
  http_server
  wait_port 80
  cli curl -4 -s -o /dev/null --max-time 10 http://dnl-01.geo.kaspersky.com/updaters/kav-bases.bin
}
traffic_outcome-http-404() {
  http_server
  wait_port 80
  cli curl -4 -s -o /dev/null --max-time 3 http://dnl-01.geo.kaspersky.com/updaters/missing.xml
}
traffic_outcome-two-clients() {
  nft_rule "ip saddr $CLI4_B tcp dport 80 reject with tcp reset"
  http_server
  wait_port 80
  cli curl -4 -s -o /dev/null --max-time 3 --interface "$CLI4" http://dnl-01.geo.kaspersky.com/updaters/updater.xml
  cli curl -4 -s -o /dev/null --max-time 3 --interface "$CLI4_B" http://dnl-01.geo.kaspersky.com/updaters/updater.xml
}

[[ $(id -u) -eq 0 ]] || die "must run as root"
for tool in ip ethtool dnsmasq nft openssl curl dig python3 tcpdump; do
  command -v "$tool" >/dev/null || die "missing tool: $tool"
done
[[ -d $OUT_DIR ]] || die "run from the repository root"
trap down EXIT
names=("$@")
((${#names[@]})) || names=("${ALL[@]}")
for name in "${names[@]}"; do
  declare -F "traffic_$name" >/dev/null || die "no fixture named $name"
  up
  record "$name" "traffic_$name"
  down
done
