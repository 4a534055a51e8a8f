#!/usr/bin/env bash
# lab.sh - a two-namespace network lab with Kaspersky-looking servers, for recording
# captures and for live-capture tests.
#
#   scripts/lab.sh up|down|status
#
#   bw-cli                          bw-srv
#   bw-cli0  10.77.0.2/24  <-veth->  bw-srv0  10.77.0.1/24   dnsmasq :53 (A, AAAA, CNAME)
#            10.77.0.3/24 (second client)     fd77::1/64     openssl s_server :443, :23101
#            fd77::2/64, fd77::3/64           10.77.0.53/24  python3 HTTP :80
#                                             (second resolver address, dnsmasq :53 only)
#
# Every name below resolves to the server (10.77.0.1 and fd77::1). Offloads are off on both
# veth ends so that a capture shows the segments as they are on the wire. POOL_NAME answers with
# POOL_SIZE A and POOL_SIZE AAAA records (lab addresses with no host behind them), large enough to
# need IP fragmentation over UDP at MTU 1500 and several segments over TCP; dnsmasq accepts EDNS
# buffers up to 4096 bytes (RFC 6891 s6.2.5) so that such answers are not truncated.
#
# Environment:
#   BW_LAB_DIR   state directory (pid files, cert, dnsmasq config); default /tmp/banwatch-lab
#   BW_LAB_MTU   veth MTU, default 1500; below 1280 the lab is IPv4 only (IPv6 needs 1280, RFC 8200 s5)
set -euo pipefail

SRV_NS=bw-srv
CLI_NS=bw-cli
# Made by scripts/lab-extras.sh frag-router; taken down with the lab.
FRAG_NS=bw-frag
SRV_IF=bw-srv0
CLI_IF=bw-cli0
SRV4=10.77.0.1
SRV4_RESOLVER2=10.77.0.53
CLI4=10.77.0.2
CLI4_B=10.77.0.3
SRV6=fd77::1
CLI6=fd77::2
CLI6_B=fd77::3
STATE_DIR=${BW_LAB_DIR:-/tmp/banwatch-lab}
MTU=${BW_LAB_MTU:-1500}
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# shellcheck source=lab-names.sh
source "$SCRIPT_DIR/lab-names.sh"
NAMES=("${LAB_KASPERSKY_NAMES[@]}" "${LAB_ORDINARY_NAMES[@]}")
# CNAME chain: cdn-alias.example.test -> updates.example-cdn.test -> dnl-07.geo.kaspersky.com
CNAMES=(
  updates.example-cdn.test,dnl-07.geo.kaspersky.com
  cdn-alias.example.test,updates.example-cdn.test
)
# 100 A (16 bytes each on the wire with a compressed owner name) make a 1.6 KB answer, 100 AAAA
# (28 bytes each) a 2.8 KB one: both above the 1,472 bytes of UDP payload that fit a 1,500-byte MTU.
POOL_NAME=dnl-pool.geo.kaspersky.com
POOL_SIZE=100
TLS_PORTS=(443 23101)
HTTP_PORT=80

log() { printf 'lab: %s\n' "$*" >&2; }
die() {
  printf 'lab: error: %s\n' "$*" >&2
  exit 1
}

require_root_and_tools() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (network namespaces need CAP_SYS_ADMIN and CAP_NET_ADMIN)"
  local tool missing=()
  for tool in ip ethtool dnsmasq openssl python3 sysctl; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing tool(s): ${missing[*]} (Debian: apt-get install -y iproute2 ethtool dnsmasq openssl python3 procps)"
  ip netns list >/dev/null 2>&1 || die "'ip netns' does not work here (no network namespace support?)"
}

ns_exists() { ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$1"; }

# Stops one process that lab.sh started, only if it still lives in the server namespace.
stop_pid_file() {
  local pid_file=$1 pid name
  [[ -s $pid_file ]] || return 0
  pid=$(tr -dc '0-9' <"$pid_file")
  name=$(basename "$pid_file" .pid)
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && [[ $(ip netns identify "$pid" 2>/dev/null) == "$SRV_NS" ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
    log "stopped $name (pid $pid)"
  fi
  rm -f "$pid_file"
}

# Anything still running inside a lab namespace was started into it (by lab.sh, a capture or a
# test); deleting the namespace would leave it running, detached, so stop it by its id.
stop_leftovers_in() {
  local ns=$1 pid
  ns_exists "$ns" || return 0
  for pid in $(ip netns pids "$ns" 2>/dev/null); do
    kill -TERM "$pid" 2>/dev/null && log "stopped leftover pid $pid in $ns" || true
  done
  sleep 0.3
  for pid in $(ip netns pids "$ns" 2>/dev/null); do
    kill -KILL "$pid" 2>/dev/null || true
  done
}

lab_down() {
  local f
  if [[ -d $STATE_DIR ]]; then
    for f in "$STATE_DIR"/*.pid; do
      [[ -e $f ]] && stop_pid_file "$f"
    done
  fi
  stop_leftovers_in "$SRV_NS"
  stop_leftovers_in "$CLI_NS"
  stop_leftovers_in "$FRAG_NS"
  # Deleting either namespace destroys the veth pair with it.
  for ns in "$SRV_NS" "$CLI_NS" "$FRAG_NS"; do
    if ns_exists "$ns"; then
      ip netns del "$ns"
      log "deleted namespace $ns"
    fi
  done
  rm -rf "$STATE_DIR"
}

setup_namespaces() {
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
    ip -n "$ns" link set "$dev" mtu "$MTU"
    # No router solicitations and no DAD: the lab has no router, and addresses must be usable at once.
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$dev.accept_dad=0" "net.ipv6.conf.$dev.router_solicitations=0" 2>/dev/null || true
    # Segmentation and receive offloads would merge segments before the capture point.
    ip netns exec "$ns" ethtool -K "$dev" tso off gso off gro off >/dev/null 2>&1 ||
      die "ethtool could not turn offloads off on $dev in $ns"
    ip -n "$ns" link set "$dev" up
  done
  ip -n "$SRV_NS" addr add "$SRV4/24" dev "$SRV_IF"
  ip -n "$SRV_NS" addr add "$SRV4_RESOLVER2/24" dev "$SRV_IF"
  ip -n "$CLI_NS" addr add "$CLI4/24" dev "$CLI_IF"
  ip -n "$CLI_NS" addr add "$CLI4_B/24" dev "$CLI_IF"
  if ((MTU >= 1280)); then
    ip -n "$SRV_NS" addr add "$SRV6/64" dev "$SRV_IF" nodad
    ip -n "$CLI_NS" addr add "$CLI6/64" dev "$CLI_IF" nodad
    # Deprecated (preferred_lft 0) so that it is used only when bound explicitly, as 10.77.0.3 is (RFC 6724 rule 3).
    ip -n "$CLI_NS" addr add "$CLI6_B/64" dev "$CLI_IF" nodad preferred_lft 0
  else
    log "MTU $MTU is below IPv6's minimum of 1280: IPv4 only"
  fi
  log "namespaces $SRV_NS ($SRV4) and $CLI_NS ($CLI4, $CLI4_B) joined by $SRV_IF/$CLI_IF, MTU $MTU, offloads off"
}

start_dns() {
  local conf=$STATE_DIR/dnsmasq.conf name entry i listen=$SRV4,$SRV4_RESOLVER2
  ((MTU >= 1280)) && listen="$SRV4,$SRV4_RESOLVER2,$SRV6"
  {
    echo "no-resolv"
    echo "no-hosts"
    echo "no-poll"
    echo "bind-interfaces"
    echo "listen-address=$listen"
    echo "port=53"
    echo "user=root"
    echo "pid-file=$STATE_DIR/dnsmasq.pid"
    echo "log-facility=/dev/null"
    echo "local-ttl=300"
    echo "edns-packet-max=4096"
    for name in "${NAMES[@]}"; do echo "host-record=$name,$SRV4,$SRV6"; done
    for entry in "${CNAMES[@]}"; do echo "cname=$entry"; done
    for ((i = 0; i < POOL_SIZE; i++)); do
      echo "host-record=$POOL_NAME,10.77.0.$((100 + i)),fd77::1:$(printf '%x' "$i")"
    done
  } >"$conf"
  ip netns exec "$SRV_NS" dnsmasq --conf-file="$conf" ||
    die "dnsmasq did not start (config $conf)"
  log "dnsmasq on $listen:53 serving ${#NAMES[@]} names, ${#CNAMES[@]} CNAMEs and $POOL_NAME ($POOL_SIZE A + $POOL_SIZE AAAA)"
}

make_cert() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=banwatch-lab" \
    -addext "subjectAltName=DNS:*.kaspersky.com,DNS:*.geo.kaspersky.com,DNS:*.upd.kaspersky.com,DNS:*.ksc.kaspersky.com,DNS:*.kaspersky-labs.com,DNS:*.example.org,DNS:*.example.test" \
    -keyout "$STATE_DIR/key.pem" -out "$STATE_DIR/cert.pem" 2>/dev/null ||
    die "openssl could not make the throwaway certificate"
}

start_tls() {
  local port
  make_cert
  for port in "${TLS_PORTS[@]}"; do
    ip netns exec "$SRV_NS" openssl s_server -accept "$SRV4:$port" -cert "$STATE_DIR/cert.pem" \
      -key "$STATE_DIR/key.pem" -www -quiet </dev/null >"$STATE_DIR/tls-$port.log" 2>&1 &
    echo $! >"$STATE_DIR/tls-$port.pid"
  done
  log "openssl s_server (-www) on $SRV4, ports ${TLS_PORTS[*]}"
}

start_http() {
  ip netns exec "$SRV_NS" python3 "$SCRIPT_DIR/lab-http-server.py" "$SRV4" "$HTTP_PORT" \
    </dev/null >"$STATE_DIR/http.log" 2>&1 &
  echo $! >"$STATE_DIR/http.pid"
  log "HTTP server on $SRV4:$HTTP_PORT"
}

# Waits until every server listens, so that traffic sent right after 'up' is answered.
wait_listening() {
  local want=("udp:$SRV4:53" "tcp:$SRV4:${TLS_PORTS[0]}" "tcp:$SRV4:${TLS_PORTS[1]}" "tcp:$SRV4:$HTTP_PORT")
  local item proto addr ok
  for _ in $(seq 1 50); do
    ok=1
    for item in "${want[@]}"; do
      proto=${item%%:*}
      addr=${item#*:}
      ip netns exec "$SRV_NS" ss -Hln"${proto:0:1}" "src $addr" 2>/dev/null | grep -q . || ok=0
    done
    ((ok)) && return 0
    sleep 0.2
  done
  lab_status >&2 || true
  die "servers did not all start listening within 10 s (logs in $STATE_DIR)"
}

lab_up() {
  if ns_exists "$SRV_NS" || ns_exists "$CLI_NS" || ns_exists "$FRAG_NS" || [[ -d $STATE_DIR ]]; then
    log "cleaning up an existing lab first"
    lab_down
  fi
  mkdir -p "$STATE_DIR"
  chmod 700 "$STATE_DIR"
  # A half-built lab is torn down rather than left behind.
  trap 'log "up failed; tearing down"; lab_down' ERR
  setup_namespaces
  start_dns
  start_tls
  start_http
  wait_listening
  trap - ERR
  log "lab is up (state in $STATE_DIR)"
}

lab_status() {
  local ns rc=0 f pid
  for ns in "$SRV_NS" "$CLI_NS"; do
    if ns_exists "$ns"; then
      echo "namespace $ns: present"
      ip -n "$ns" -br addr show
    else
      echo "namespace $ns: absent"
      rc=1
    fi
  done
  if [[ -d $STATE_DIR ]]; then
    for f in "$STATE_DIR"/*.pid; do
      [[ -e $f ]] || continue
      pid=$(tr -dc '0-9' <"$f")
      if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        echo "$(basename "$f" .pid): running (pid $pid)"
      else
        echo "$(basename "$f" .pid): NOT running"
        rc=1
      fi
    done
  fi
  if ns_exists "$SRV_NS"; then
    echo "listening in $SRV_NS:"
    ip netns exec "$SRV_NS" ss -Hlntu | awk '{print "  " $1 " " $5}'
  fi
  return "$rc"
}

main() {
  local cmd=${1:-}
  case "$cmd" in
    up)
      require_root_and_tools
      lab_up
      ;;
    down)
      require_root_and_tools
      lab_down
      log "lab is down"
      ;;
    status)
      require_root_and_tools
      lab_status
      ;;
    *)
      echo "usage: $0 up|down|status" >&2
      exit 2
      ;;
  esac
}

main "$@"
