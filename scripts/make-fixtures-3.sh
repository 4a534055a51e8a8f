#!/usr/bin/env bash
# make-fixtures-3.sh - make the capture fixtures of the second capability set (QUIC, DNS over TCP,
# IP fragments, tunnels, Kaspersky native protocol, KSC ports, name-less flows, blind spots) under
# src/test/resources/io/banwatch/fixtures/, with their tshark oracle tables (<name>.pcap.expected.tsv)
# and what banwatch must observe beyond the oracle (<name>.pcap.expected.json); see the README there.
#
#   scripts/make-fixtures-3.sh [NAME...]
#
# NAME is one of: quic-chromium dns-over-tcp ip-fragments vxlan gre-erspan-geneve-mpls
#                 kaspersky-native ksc-ports nameless-attributed blind-spots        (default: all)
# gre-erspan-geneve-mpls is built offline from the inner frames of vxlan.pcap (made first when both
# are named). Each recorded fixture gets a fresh lab (scripts/lab.sh up); the lab is down at the end.
#
# Environment:
#   ORACLE  path of the tshark oracle script (default /work/shared/tools/oracle.sh)
#   PYTHON  a Python 3 with scapy (default /usr/bin/python3, Debian python3-scapy)
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
DIR=$REPO/src/test/resources/io/banwatch/fixtures
ORACLE=${ORACLE:-/work/shared/tools/oracle.sh}
PYTHON=${PYTHON:-/usr/bin/python3}
export PYTHON
ALL=(quic-chromium dns-over-tcp ip-fragments vxlan gre-erspan-geneve-mpls kaspersky-native ksc-ports
  nameless-attributed blind-spots)
CLI_NS=bw-cli
FRAG_NS=bw-frag
SRV4=10.77.0.1
SRV6=fd77::1
# The post-quantum ClientHello fills two Initials; the third is the first retransmission (PTO).
QUIC_INITIALS_KEPT=3
CHROMIUM_QUIC_SECONDS=6
DIG=(dig +tries=1 +time=3)

log() { printf 'fixtures-3: %s\n' "$*" >&2; }
die() {
  printf 'fixtures-3: error: %s\n' "$*" >&2
  exit 1
}

[[ $(id -u) -eq 0 ]] || die "must run as root"
for tool in tshark editcap dig curl openssl; do
  command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool (Debian: tshark dnsutils curl openssl)"
done
[[ -x $ORACLE ]] || die "oracle script $ORACLE not found (set ORACLE=...)"
"$PYTHON" -c 'import scapy' 2>/dev/null || die "$PYTHON has no scapy (apt-get install -y python3-scapy)"
in_cli() { ip netns exec "$CLI_NS" "$@"; }
extras() { "$SCRIPT_DIR/lab-extras.sh" "$@"; }
client() { in_cli "$PYTHON" "$SCRIPT_DIR/lab-client.py" "$@"; }
fresh_lab() {
  "$SCRIPT_DIR/lab.sh" up 2>"$work/lab.log" || {
    cat "$work/lab.log" >&2
    die "the lab did not come up"
  }
}
record() { # BPF SECTION -> $work/raw.pcap; the traffic runs in a child: $0 --traffic SECTION
  "$SCRIPT_DIR/lab-record.sh" -f "$1" "$work/raw.pcap" -- "$SCRIPT_DIR/$(basename "$0")" --traffic "$2" >/dev/null
}
# openssl s_client that sends its ClientHello, finishes or fails the handshake, and quits.
hello() { in_cli openssl s_client -connect "$1" "${@:2}" </dev/null >/dev/null 2>&1 || true; }

traffic_quic() {
  local profile
  profile=$(mktemp -d /tmp/banwatch-chromium.XXXXXX)
  # No QUIC server: Chromium gives up after its handshake timeout; the Initials are all we need.
  in_cli timeout "$CHROMIUM_QUIC_SECONDS" chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-quic --origin-to-force-quic-on=s07.upd.kaspersky.com:443 \
    --host-resolver-rules="MAP *.kaspersky.com $SRV4, MAP *.kaspersky-labs.com $SRV4" \
    --ignore-certificate-errors --dump-dom https://s07.upd.kaspersky.com/ >/dev/null 2>&1 || true
  rm -rf "$profile"
}

traffic_dns_tcp() {
  in_cli "${DIG[@]}" +tcp "@$SRV4" A s07.upd.kaspersky.com >/dev/null
  in_cli "${DIG[@]}" +tcp "@$SRV4" A dnl-pool.geo.kaspersky.com >/dev/null
  in_cli "${DIG[@]}" +tcp "@$SRV4" AAAA dnl-01.geo.kaspersky.com >/dev/null
  # +keepopen: the three queries share one TCP connection (RFC 7766 s6.2.1).
  in_cli "${DIG[@]}" +tcp +keepopen "@$SRV4" ksn-url-geo.kaspersky-labs.com A activation-v2.kaspersky.com A \
    touch.kaspersky.com A >/dev/null
}

traffic_fragments() {
  local path
  # EDNS buffers of 4096 bytes let the 1.6 KB (A) and 2.8 KB (AAAA) answers come back over UDP,
  # which the server's kernel fragments at the 1,500-byte MTU (RFC 791 s2.3, RFC 8200 s4.5).
  in_cli "${DIG[@]}" +bufsize=4096 "@$SRV4" A dnl-pool.geo.kaspersky.com >/dev/null
  in_cli "${DIG[@]}" +bufsize=4096 "@$SRV6" AAAA dnl-pool.geo.kaspersky.com >/dev/null
  # A 1 KB request line puts the Host header in the last fragment of the one TCP segment.
  path=/updaters/$(printf 'u%.0s' $(seq 1 900)).klz
  ip netns exec "$FRAG_NS" curl -sS --max-time 10 -o /dev/null \
    --resolve "dnl-01.geo.kaspersky.com:80:$SRV4" "http://dnl-01.geo.kaspersky.com$path"
}

traffic_vxlan() {
  in_cli "${DIG[@]}" "@$SRV4" A s07.upd.kaspersky.com >/dev/null
  # A handshake only (no page), which keeps the fixture small.
  hello "$SRV4:443" -servername s07.upd.kaspersky.com
  in_cli curl -sS --max-time 10 -o /dev/null --resolve "dnl-01.geo.kaspersky.com:80:$SRV4" \
    http://dnl-01.geo.kaspersky.com/updaters/updater.xml.klz
}

traffic_native() { client native "$SRV4"; }

traffic_ksc() {
  hello "$SRV4:13000" -noservername
  client send tcp "$SRV4" 14000 'KLNAG\x00\x01' >/dev/null
  client send tcp "$SRV4" 13291 'KLCONSOLE\x00\x01' >/dev/null
  client send tcp "$SRV4" 13111 'KSNPROXY\x00\x01' >/dev/null
  client send tcp "$SRV4" 17000 'KLACTPRX\x00\x01' >/dev/null
  client send udp "$SRV4" 15000 'KLNAG-PING\x00\x01' >/dev/null
  client send udp "$SRV4" 15111 'KSNPROXY-UDP\x00\x01' >/dev/null
}

traffic_nameless() {
  in_cli "${DIG[@]}" "@$SRV4" A ksn-url-geo.kaspersky-labs.com >/dev/null
  hello "$SRV4:443" -noservername
  client send tcp "$SRV4" 8443 'KSN\x01\x00\x10not-tls-at-all' >/dev/null
  client send udp "$SRV4" 7000 'KSN-UDP\x01\x00' >/dev/null
}

traffic_blind() {
  local doh_query
  # DNS over TLS (RFC 7858): the query itself is encrypted; s_server on 853 never answers it.
  in_cli "${DIG[@]}" +tls "@$SRV4" A s07.upd.kaspersky.com >/dev/null 2>&1 || true
  # DNS over HTTPS (RFC 8484): the resolver's name is visible only as the ClientHello's SNI.
  # --ipv4: one DoH query (A) and so one connection; the fake resolver never answers usefully.
  in_cli curl -sS --ipv4 --max-time 3 -o /dev/null -k --doh-insecure --doh-url https://dns.google/dns-query \
    --resolve "dns.google:443:$SRV4" https://s07.upd.kaspersky.com/ 2>/dev/null || true
  # ... and the same request over plain HTTP (RFC 8484 s4.1, GET with the dns parameter).
  doh_query=$(client doh-query s07.upd.kaspersky.com)
  in_cli curl -sS --max-time 10 -o /dev/null --resolve "dns.google:80:$SRV4" \
    "http://dns.google/dns-query?dns=$doh_query"
  # Encrypted Client Hello: only the outer (public) name is visible.
  client ech "$SRV4" 443 cloudflare-ech.com >/dev/null
  # A resolver that is not the internal one (10.77.0.53 answers from the same dnsmasq).
  in_cli "${DIG[@]}" @10.77.0.53 A s07.upd.kaspersky.com >/dev/null
}

if [[ ${1:-} == --traffic ]]; then
  "traffic_${2:?section}"
  exit 0
fi

names=("$@")
((${#names[@]})) || names=("${ALL[@]}")
work=$(mktemp -d /tmp/banwatch-fixtures3.XXXXXX)
cleanup() {
  "$SCRIPT_DIR/lab.sh" down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

make_one() {
  local name=$1 out=$DIR/$1.pcap
  case "$name" in
    quic-chromium)
      command -v chromium >/dev/null 2>&1 || die "$name needs chromium (apt-get install -y chromium)"
      fresh_lab
      # A silent UDP 443 (no ICMP port unreachable) keeps Chromium sending its whole ClientHello.
      extras listen quic-sink udp:443:sink
      record 'udp dst port 443' quic
      "$PYTHON" "$SCRIPT_DIR/fixtures3.py" keep-quic "$work/raw.pcap" "$out" "$QUIC_INITIALS_KEPT"
      # The server name must need both Initials: the first one alone gives tshark no SNI.
      editcap -r "$out" "$work/first.pcap" 1 2>/dev/null
      "$ORACLE" -o "$work" "$work/first.pcap"
      ! grep -q quic_sni "$work/first.pcap.oracle.tsv" || die "$name: the first Initial alone holds the SNI"
      ;;
    dns-over-tcp)
      fresh_lab
      record 'tcp port 53' dns_tcp
      cp "$work/raw.pcap" "$out"
      ;;
    ip-fragments)
      fresh_lab
      extras frag-router
      # BPF port filters see only first fragments, so every fragment is taken explicitly.
      record 'udp port 53 or (ip and ip[6:2] & 0x3fff != 0) or (ip6 and ip6[6] == 44) or (tcp and host 10.77.0.66)' \
        fragments
      cp "$work/raw.pcap" "$out"
      ;;
    vxlan)
      fresh_lab
      extras vxlan
      record 'udp port 4789' vxlan
      cp "$work/raw.pcap" "$out"
      ;;
    gre-erspan-geneve-mpls)
      [[ -s $DIR/vxlan.pcap ]] || die "$name needs vxlan.pcap (make it first)"
      "$PYTHON" "$SCRIPT_DIR/fixtures3.py" encapsulate "$DIR/vxlan.pcap" "$out"
      ;;
    kaspersky-native)
      fresh_lab
      extras stop-tls 443
      extras listen native tcp:443:native udp:2001:native
      record 'tcp port 443 or udp port 2001' native
      cp "$work/raw.pcap" "$out"
      ;;
    ksc-ports)
      fresh_lab
      extras tls-listen 13000
      extras listen ksc tcp:14000:ok tcp:13291:ok tcp:13111:ok tcp:17000:ok udp:15000:sink udp:15111:ok
      record 'tcp port 13000 or tcp port 14000 or tcp port 13291 or tcp port 13111 or tcp port 17000 or udp port 15000 or udp port 15111' \
        ksc
      cp "$work/raw.pcap" "$out"
      ;;
    nameless-attributed)
      fresh_lab
      extras listen nameless tcp:8443:ok udp:7000:ok
      record 'udp port 53 or tcp port 443 or tcp port 8443 or udp port 7000' nameless
      cp "$work/raw.pcap" "$out"
      ;;
    blind-spots)
      fresh_lab
      extras tls-listen 853
      record 'udp port 53 or tcp port 853 or tcp port 443 or tcp port 80' blind
      cp "$work/raw.pcap" "$out"
      # Queries to public resolvers are built, never sent (the lab reaches nothing outside).
      "$PYTHON" "$SCRIPT_DIR/fixtures3.py" append-offline-dns "$out"
      ;;
    *) die "unknown fixture '$name' (one of: ${ALL[*]})" ;;
  esac
  "$ORACLE" -o "$work" "$out"
  mv "$work/$name.pcap.oracle.tsv" "$out.expected.tsv"
  "$PYTHON" "$SCRIPT_DIR/fixtures3.py" expected "$name" "$out" "$out.expected.json"
  log "$name.pcap: $(wc -c <"$out") bytes, $(tshark -r "$out" 2>/dev/null | wc -l) frames, $(($(wc -l <"$out.expected.tsv") - 1)) oracle rows"
}

mkdir -p "$DIR"
# The built tunnel fixture reads vxlan.pcap, so vxlan is made before it.
ordered=()
for name in "${ALL[@]}"; do
  for wanted in "${names[@]}"; do
    [[ $wanted == "$name" ]] && ordered+=("$name") && break
  done
done
for wanted in "${names[@]}"; do
  [[ " ${ALL[*]} " == *" $wanted "* ]] || die "unknown fixture '$wanted' (one of: ${ALL[*]})"
done
for name in "${ordered[@]}"; do make_one "$name"; done
