#!/usr/bin/env bash
# lab-extras.sh - additions to a running lab (scripts/lab.sh up) for the tunnel, fragment and
# port-signature fixtures. Everything it starts is stopped by 'scripts/lab.sh down'.
#
#   scripts/lab-extras.sh listen NAME PROTO:PORT:MODE...   python listener in bw-srv on 10.77.0.1
#                                                          (modes: see scripts/lab-listener.py)
#   scripts/lab-extras.sh tls-listen PORT                  another openssl s_server on 10.77.0.1:PORT
#   scripts/lab-extras.sh stop-tls PORT                    stop the lab's s_server on PORT (for a
#                                                          non-TLS listener on the same port)
#   scripts/lab-extras.sh frag-router                      namespace bw-frag (10.77.0.66) behind bw-cli,
#                                                          which routes it to 10.77.0.1 over a 576-byte
#                                                          route MTU; bw-frag sends with DF clear, so
#                                                          bw-cli fragments its large TCP segments
#   scripts/lab-extras.sh vxlan                            VXLAN VNI 42 on UDP 4789 between the veth ends
#                                                          (underlay 10.77.0.2 <-> 10.77.0.11); bw-cli
#                                                          reaches 10.77.0.1 through it from 10.77.0.202
#
#   bw-frag0 10.77.0.66/32 <-veth-> bw-cli1 10.77.0.65/32 [bw-cli forwards, proxy ARP on bw-cli0]
#   bw-cli: vx42 10.77.0.202/32 --VNI 42--> bw-srv: vx42 (10.77.0.1 is local to bw-srv, any interface)
#
# Environment: BW_LAB_DIR as for lab.sh; PYTHON (default /usr/bin/python3).
set -euo pipefail

SRV_NS=bw-srv
CLI_NS=bw-cli
FRAG_NS=bw-frag
SRV4=10.77.0.1
CLI4=10.77.0.2
FRAG_GW4=10.77.0.65
FRAG_CLI4=10.77.0.66
# A route MTU below the 1,500 of the veths, as on a path through a small-MTU link (RFC 791 s2.3).
FRAG_ROUTE_MTU=576
VXLAN_VNI=42
VXLAN_PORT=4789
VXLAN_SRV_UNDERLAY4=10.77.0.11
VXLAN_CLI_OVERLAY4=10.77.0.202
STATE_DIR=${BW_LAB_DIR:-/tmp/banwatch-lab}
PYTHON=${PYTHON:-/usr/bin/python3}
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

log() { printf 'lab-extras: %s\n' "$*" >&2; }
die() {
  printf 'lab-extras: error: %s\n' "$*" >&2
  exit 1
}

[[ $(id -u) -eq 0 ]] || die "must run as root"
ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$SRV_NS" || die "the lab is not up (run scripts/lab.sh up)"
[[ -d $STATE_DIR ]] || die "no lab state directory $STATE_DIR"

# Waits until bw-srv listens on PROTO (tcp|udp) ADDRESS:PORT.
wait_listen() {
  for _ in $(seq 1 50); do
    ip netns exec "$SRV_NS" ss -Hln"${1:0:1}" "src $2:$3" 2>/dev/null | grep -q . && return 0
    sleep 0.1
  done
  die "nothing listens on $1 $2:$3 after 5 s"
}

cmd_listen() {
  local name=$1 spec
  shift
  (($#)) || die "listen needs PROTO:PORT:MODE"
  ip netns exec "$SRV_NS" "$PYTHON" "$SCRIPT_DIR/lab-listener.py" "$SRV4" "$@" \
    </dev/null >"$STATE_DIR/listener-$name.log" 2>&1 &
  echo $! >"$STATE_DIR/listener-$name.pid"
  for spec in "$@"; do wait_listen "${spec%%:*}" "$SRV4" "$(cut -d: -f2 <<<"$spec")"; done
  log "listener $name on $SRV4: $*"
}

cmd_tls_listen() {
  local port=$1
  [[ -s $STATE_DIR/cert.pem ]] || die "no lab certificate in $STATE_DIR"
  ip netns exec "$SRV_NS" openssl s_server -accept "$SRV4:$port" -cert "$STATE_DIR/cert.pem" \
    -key "$STATE_DIR/key.pem" -quiet </dev/null >"$STATE_DIR/tls-$port.log" 2>&1 &
  echo $! >"$STATE_DIR/tls-$port.pid"
  wait_listen tcp "$SRV4" "$port"
  log "openssl s_server on $SRV4:$port"
}

cmd_stop_tls() {
  local pid_file=$STATE_DIR/tls-$1.pid pid
  [[ -s $pid_file ]] || die "no s_server of the lab on port $1"
  pid=$(tr -dc '0-9' <"$pid_file")
  # Only the lab's own s_server, identified by its pid file and its namespace.
  if [[ -n $pid ]] && [[ $(ip netns identify "$pid" 2>/dev/null) == "$SRV_NS" ]]; then
    kill -TERM "$pid"
    for _ in $(seq 1 20); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$pid_file"
  log "stopped s_server on port $1"
}

cmd_frag_router() {
  ip netns list | awk '{print $1}' | grep -qx "$FRAG_NS" && die "$FRAG_NS exists already"
  ip netns add "$FRAG_NS"
  ip link add bw-frag0 type veth peer name bw-cli1
  ip link set bw-frag0 netns "$FRAG_NS"
  ip link set bw-cli1 netns "$CLI_NS"
  ip -n "$FRAG_NS" link set lo up
  ip netns exec "$FRAG_NS" ethtool -K bw-frag0 tso off gso off gro off >/dev/null
  ip netns exec "$CLI_NS" ethtool -K bw-cli1 tso off gso off gro off >/dev/null
  ip -n "$FRAG_NS" link set bw-frag0 up
  ip -n "$CLI_NS" link set bw-cli1 up
  ip -n "$FRAG_NS" addr add "$FRAG_CLI4/32" dev bw-frag0
  ip -n "$FRAG_NS" route add "$FRAG_GW4/32" dev bw-frag0
  ip -n "$FRAG_NS" route add 10.77.0.0/24 via "$FRAG_GW4" dev bw-frag0
  ip -n "$CLI_NS" addr add "$FRAG_GW4/32" dev bw-cli1
  ip -n "$CLI_NS" route add "$FRAG_CLI4/32" dev bw-cli1
  # bw-cli answers ARP for 10.77.0.66 on the server's link and forwards for it.
  ip netns exec "$CLI_NS" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.bw-cli0.proxy_arp=1 \
    net.ipv4.neigh.bw-cli0.proxy_delay=0
  # DF clear on everything bw-frag sends (RFC 1191 s3: no path MTU discovery), so routers fragment.
  ip netns exec "$FRAG_NS" sysctl -qw net.ipv4.ip_no_pmtu_disc=1
  ip -n "$CLI_NS" route add "$SRV4/32" dev bw-cli0 mtu "$FRAG_ROUTE_MTU"
  log "$FRAG_NS ($FRAG_CLI4) routed through $CLI_NS to $SRV4 with route MTU $FRAG_ROUTE_MTU"
}

cmd_vxlan() {
  ip -n "$SRV_NS" addr add "$VXLAN_SRV_UNDERLAY4/24" dev bw-srv0
  ip -n "$SRV_NS" link add vx42 type vxlan id "$VXLAN_VNI" dstport "$VXLAN_PORT" \
    local "$VXLAN_SRV_UNDERLAY4" remote "$CLI4" dev bw-srv0
  ip -n "$CLI_NS" link add vx42 type vxlan id "$VXLAN_VNI" dstport "$VXLAN_PORT" \
    local "$CLI4" remote "$VXLAN_SRV_UNDERLAY4" dev bw-cli0
  local ns
  for ns in "$SRV_NS" "$CLI_NS"; do
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.vx42.disable_ipv6=1
    ip netns exec "$ns" ethtool -K vx42 tso off gso off gro off >/dev/null 2>&1 || true
    ip -n "$ns" link set vx42 up
  done
  ip -n "$CLI_NS" addr add "$VXLAN_CLI_OVERLAY4/32" dev vx42
  ip -n "$CLI_NS" route add "$SRV4/32" dev vx42 src "$VXLAN_CLI_OVERLAY4"
  ip -n "$SRV_NS" route add "$VXLAN_CLI_OVERLAY4/32" dev vx42
  log "VXLAN VNI $VXLAN_VNI (UDP $VXLAN_PORT) $CLI4 <-> $VXLAN_SRV_UNDERLAY4; $VXLAN_CLI_OVERLAY4 -> $SRV4 through it"
}

case "${1:-}" in
  listen)
    shift
    [[ $# -ge 2 ]] || die "usage: $0 listen NAME PROTO:PORT:MODE..."
    cmd_listen "$@"
    ;;
  tls-listen) cmd_tls_listen "${2:?port}" ;;
  stop-tls) cmd_stop_tls "${2:?port}" ;;
  frag-router) cmd_frag_router ;;
  vxlan) cmd_vxlan ;;
  *)
    sed -n '2,22p' "$0" >&2
    exit 2
    ;;
esac
