# Sourced by bench/live.sh and bench/soak.sh: the tools they need, the veth pair between two network namespaces that
# carries the replayed traffic to banwatch, and banwatch's readiness and metrics inside its namespace. The caller sets
# prefix (of the namespaces' and interfaces' names) and listen (banwatch's HTTP address), defines die, and calls
# veth_names first.

# Checks that this runs as root (namespaces need it) and that $prefix, given by the variable named $1, can name the
# namespaces and interfaces (an interface's name holds 15 characters); sets tx_ns, rx_ns, tx_if and rx_if.
veth_names() {
  [ "$(id -u)" -eq 0 ] || die "needs root for network namespaces"
  [[ "$prefix" =~ ^[a-z][a-z0-9]{0,9}$ ]] || die "$1 must be 1 to 10 lower-case letters and digits, not '$prefix'"
  tx_ns="$prefix-tx" rx_ns="$prefix-rx" tx_if="${prefix}tx0" rx_if="${prefix}rx0"
}

apt_install() {
  command -v apt-get >/dev/null || die "$1 is missing; install the package '$1' and run again"
  echo "installing $1 with apt-get ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q "$1" >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q "$1" >/dev/null; }
}

install_veth_tools() {
  command -v ip >/dev/null || apt_install iproute2
  command -v ethtool >/dev/null || apt_install ethtool
  command -v curl >/dev/null || apt_install curl
  command -v tcpreplay >/dev/null || apt_install tcpreplay
}

veth_down() {
  ip netns del "$tx_ns" 2>/dev/null || true
  ip netns del "$rx_ns" 2>/dev/null || true
}

# MTU 9000 so that every captured frame fits; segmentation and receive offloads off on both ends, so that banwatch
# sees the frames as sent.
veth_up() {
  veth_down
  ip netns add "$tx_ns"
  ip netns add "$rx_ns"
  ip link add "$tx_if" type veth peer name "$rx_if"
  ip link set "$tx_if" netns "$tx_ns"
  ip link set "$rx_if" netns "$rx_ns"
  local pair ns dev
  for pair in "$tx_ns $tx_if" "$rx_ns $rx_if"; do
    read -r ns dev <<< "$pair"
    ip -n "$ns" link set lo up
    ip -n "$ns" link set "$dev" mtu 9000 up
    ip netns exec "$ns" ethtool -K "$dev" tso off gso off gro off >/dev/null 2>&1 || true
  done
}

# Waits until banwatch (process $1) answers /-/ready; fails when it ends first or is not ready within a minute.
wait_ready() {
  local _
  for _ in $(seq 1 300); do
    if ip netns exec "$rx_ns" curl -sf --max-time 1 "http://$listen/-/ready" >/dev/null 2>&1; then return 0; fi
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

metrics() { ip netns exec "$rx_ns" curl -sf --max-time 5 "http://$listen/metrics" || true; }

# sum of a metric's samples whose labels match the pattern (a regular expression over the label text; '' for any)
metric_sum() {
  awk -v name="$1" -v want="$2" '
    index($0, name) == 1 && (substr($0, length(name) + 1, 1) == "{" || substr($0, length(name) + 1, 1) == " ") {
      labels = ""; if (match($0, /\{[^}]*\}/)) labels = substr($0, RSTART, RLENGTH)
      if (labels ~ want) sum += $NF
    }
    END { printf "%.0f\n", sum }'
}
