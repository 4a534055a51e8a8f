#!/usr/bin/env bash
# Installs the Debian package for real and checks it the way an operator would meet it, then removes and purges it:
#   the banwatch system user exists; /usr/bin/banwatch runs on the package's own runtime with no java on PATH;
#   systemd-analyze verify accepts the unit; the conffiles are in /etc/banwatch; the banwatch user captures on a veth
#   with only CAP_NET_RAW and CAP_NET_ADMIN (as the unit grants them) and not without them; a reinstall (upgrade)
#   keeps an edited conffile; remove keeps only the conffiles and purge leaves no file behind.
# Needs root and dpkg. Usage: scripts/deb-test.sh [PACKAGE.deb]  (default: the newest target/banwatch_*.deb)
# Exits non-zero at the first failing step.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deb="${1:-$(ls -t "$here"/target/banwatch_*.deb 2>/dev/null | head -1 || true)}"
step() { echo "deb-test: $*"; }
fail() { echo "deb-test: FAILED: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root (dpkg -i)"
command -v dpkg >/dev/null || fail "needs dpkg"
[ -n "$deb" ] && [ -f "$deb" ] || fail "no package: build it with ./mvnw -B -DskipTests -Pdeb package"
deb="$(readlink -f "$deb")"
version="$(dpkg-deb -f "$deb" Version)"

if ! command -v systemd-analyze >/dev/null; then
  step "installing systemd for systemd-analyze"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd >/dev/null
fi

ns=deploy-debtest
veth=deploy-deb0
work="$(mktemp -d /tmp/deploy-debtest.XXXXXX)"
chmod 0755 "$work"  # the banwatch user reaches its state directory inside
sensor=""
cleanup() {
  [ -n "$sensor" ] && kill "$sensor" 2>/dev/null && wait "$sensor" 2>/dev/null
  ip link del "$veth" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  if dpkg -s banwatch >/dev/null 2>&1 || dpkg -l banwatch 2>/dev/null | grep -q '^rc'; then
    dpkg -P banwatch >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if dpkg -l banwatch 2>/dev/null | grep -q '^[ir]'; then
  step "purging a banwatch left installed"
  dpkg -P banwatch >/dev/null
fi

step "dpkg -i $(basename "$deb")"
dpkg -i "$deb" >/dev/null || fail "dpkg -i"
deps="$(dpkg-deb -f "$deb" Depends)"
[ "$deps" = "libpcap0.8" ] || fail "depends on more than libpcap: $deps"

step "the banwatch system user"
entry="$(getent passwd banwatch)" || fail "no user banwatch"
uid="$(echo "$entry" | cut -d: -f3)"
[ "$uid" -lt 1000 ] || fail "banwatch is not a system user (uid $uid)"
[ "$(echo "$entry" | cut -d: -f7)" = /usr/sbin/nologin ] || fail "banwatch has a login shell: $entry"

step "banwatch --version from /usr/bin with no java on PATH"
[ -x /usr/bin/banwatch ] || fail "no /usr/bin/banwatch"
out="$(env -i PATH=/nonexistent /usr/bin/banwatch --version 2>&1)" || fail "banwatch --version: $out"
echo "$out" | sed 's/^/  /'
echo "$out" | grep -q "^banwatch $version\$" || fail "version is not $version"
echo "$out" | grep -qi "libpcap" || fail "no libpcap in the version output"
[ -x /usr/lib/banwatch/runtime/bin/java ] || fail "no bundled runtime"
[ ! -e /usr/lib/banwatch/runtime/include ] || fail "the runtime carries JDK headers"

step "systemd-analyze verify banwatch.service"
unit=/lib/systemd/system/banwatch.service
[ -f "$unit" ] || fail "no $unit"
verify="$(systemd-analyze verify "$unit" 2>&1)" || fail "systemd-analyze verify: $verify"
# verify also reports problems as warnings without failing: none may name banwatch's unit.
if echo "$verify" | grep -i "banwatch.service"; then fail "systemd-analyze verify warns about the unit"; fi
for option in "User=banwatch" "AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN" \
              "CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN" "NoNewPrivileges=yes" "ProtectSystem=strict" \
              "ProtectHome=yes" "PrivateTmp=yes" "StateDirectory=banwatch"; do
  grep -qx "$option" "$unit" || fail "the unit lacks $option"
done

step "conffiles in /etc/banwatch"
conffiles="$(dpkg-query -W -f='${Conffiles}\n' banwatch | awk 'NF {print $1}' | sort)"
[ "$conffiles" = "$(printf '/etc/banwatch/banwatch.env\n/etc/banwatch/banwatch.yaml')" ] \
  || fail "conffiles are: $conffiles"
[ -f /etc/banwatch/banwatch.yaml ] || fail "no /etc/banwatch/banwatch.yaml"
[ "$(stat -c '%U:%G %a' /etc/banwatch/banwatch.env)" = "root:banwatch 640" ] \
  || fail "banwatch.env is $(stat -c '%U:%G %a' /etc/banwatch/banwatch.env)"

step "the banwatch user captures with only CAP_NET_RAW and CAP_NET_ADMIN"
# As the unit runs it: user banwatch, the two capabilities ambient and bounding, no new privileges, the store in a
# directory of its own. Traffic comes from a network namespace over a veth pair.
ip link del "$veth" 2>/dev/null || true; ip netns del "$ns" 2>/dev/null || true  # left by an interrupted run
ip netns add "$ns"
ip link add "$veth" type veth peer name deploy-deb1
ip link set deploy-deb1 netns "$ns"
ip addr add 10.231.0.1/24 dev "$veth" && ip link set "$veth" up
ip -n "$ns" addr add 10.231.0.2/24 dev deploy-deb1 && ip -n "$ns" link set deploy-deb1 up
install -d -o banwatch -g banwatch -m 0750 "$work/state"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# exec: run in the background, the sensor's own process id is $!.
as_service() {
  exec env -i PATH=/usr/bin:/bin HOME="$work/state" BANWATCH_HTTP_LISTEN="127.0.0.1:$port" \
    BANWATCH_STORE_PATH="$work/state/banwatch.db" BANWATCH_ALERTS_OUTBOX_DIR="$work/state/outbox" \
    setpriv --reuid banwatch --regid banwatch --clear-groups --no-new-privs "$@" \
    /usr/bin/banwatch run -c /etc/banwatch/banwatch.yaml -i "$veth"
}
(as_service --inh-caps=-all --bounding-set=-all) >"$work/nocaps.log" 2>&1 \
  && fail "banwatch captured without capabilities"
grep -qi "permission\|not permitted\|capab" "$work/nocaps.log" || { cat "$work/nocaps.log"; fail "no permission error without capabilities"; }
as_service --inh-caps=-all,+net_raw,+net_admin --ambient-caps=+net_raw,+net_admin \
  --bounding-set=-all,+net_raw,+net_admin >"$work/sensor.log" 2>&1 &
sensor=$!
metrics=""
for _ in $(seq 1 60); do
  sleep 1
  kill -0 "$sensor" 2>/dev/null || { cat "$work/sensor.log"; fail "the sensor exited"; }
  ip netns exec "$ns" ping -c 1 -W 1 10.231.0.1 >/dev/null 2>&1 || true
  metrics="$(curl -fsS "http://127.0.0.1:$port/metrics" 2>/dev/null || true)"
  echo "$metrics" | grep -Eq "^banwatch_packets_total\{[^}]*source=\"$veth\"[^}]*\} [1-9]" && break
  metrics=""
done
[ -n "$metrics" ] || { cat "$work/sensor.log"; fail "no packets counted on $veth within 60 s"; }
caps="$(grep CapEff "/proc/$sensor/status" 2>/dev/null | awk '{print $2}')"
# CAP_NET_ADMIN is bit 12, CAP_NET_RAW bit 13: 0x3000 and nothing else.
[ "$caps" = "0000000000003000" ] || fail "the sensor's effective capabilities are $caps, not NET_RAW+NET_ADMIN"
kill "$sensor"; wait "$sensor" 2>/dev/null || true; sensor=""

step "upgrade (reinstall) keeps an edited conffile"
echo "# edited by the operator" >> /etc/banwatch/banwatch.yaml
dpkg -i "$deb" >/dev/null || fail "reinstall"
tail -1 /etc/banwatch/banwatch.yaml | grep -q "edited by the operator" || fail "the upgrade replaced the edited conffile"
[ "$(getent passwd banwatch | cut -d: -f3)" = "$uid" ] || fail "the upgrade changed the user"

files="$(dpkg -L banwatch | while read -r f; do [ -d "$f" ] || echo "$f"; done)"
step "dpkg -r keeps only the conffiles"
dpkg -r banwatch >/dev/null || fail "dpkg -r"
dpkg -l banwatch | grep -q '^rc' || fail "not in config-files state after remove"
[ ! -e /usr/bin/banwatch ] && [ ! -e /usr/lib/banwatch ] || fail "remove left the program"
[ -f /etc/banwatch/banwatch.yaml ] || fail "remove deleted the conffiles"

step "dpkg -P leaves nothing"
mkdir -p /var/lib/banwatch && echo state > /var/lib/banwatch/banwatch.db
dpkg -P banwatch >/dev/null || fail "dpkg -P"
dpkg -l banwatch 2>/dev/null | grep -q '^[ir]' && fail "still known to dpkg after purge"
left="$(for f in $files; do [ -e "$f" ] && echo "$f"; done; true)"
[ -z "$left" ] || fail "purge left: $left"
[ ! -e /etc/banwatch ] && [ ! -e /var/lib/banwatch ] && [ ! -e /usr/lib/banwatch ] \
  || fail "purge left /etc/banwatch, /var/lib/banwatch or /usr/lib/banwatch"

step "passed"
