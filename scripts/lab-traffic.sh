#!/usr/bin/env bash
# lab-traffic.sh - a fixed set of client requests from bw-cli to the lab servers (scripts/lab.sh up).
#
#   scripts/lab-traffic.sh [--no-chromium] [--from ADDRESS] [SECTION...]
#
# Sections (default: all, in this order):
#   dns       dig A/AAAA/CNAME over IPv4, incl. the CNAME chain cdn-alias.example.test -> ... -> dnl-07
#   dns6      dig A/AAAA over IPv6 (skipped when the lab is IPv4 only)
#   tls       HTTPS with SNI to :443 (curl --resolve) and openssl s_client -servername
#   tls-port  TLS to :23101, the Kaspersky Security Center cloud console range 23100-23199
#   http      plain HTTP GETs of Kaspersky update paths on dnl-01.geo.kaspersky.com
#   ordinary  DNS, HTTP and HTTPS to ordinary names (www.example.org, intranet.example.test)
#   chromium  headless Chromium fetching https://s07.upd.kaspersky.com/ (post-quantum ClientHello,
#             ~1.8 KB, split over TCP segments); skipped when chromium is not installed
#
# --from ADDRESS sends dig and curl from another client address of the lab (for example 10.77.0.3);
# openssl s_client and Chromium always use the interface's primary address.
set -euo pipefail

CLI_NS=bw-cli
SRV_NS=bw-srv
SRV4=10.77.0.1
SRV6=fd77::1
ALL_SECTIONS=(dns dns6 tls tls-port http ordinary chromium)
# shellcheck source=lab-names.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lab-names.sh"
KASPERSKY_NAMES=("${LAB_KASPERSKY_NAMES[@]}")

log() { printf 'traffic: %s\n' "$*" >&2; }
die() {
  printf 'traffic: error: %s\n' "$*" >&2
  exit 1
}

with_chromium=1
from=""
sections=()
while (($#)); do
  case "$1" in
    --no-chromium) with_chromium=0 ;;
    --from)
      [[ $# -ge 2 ]] || die "--from needs an address"
      from=$2
      shift
      ;;
    -h | --help)
      sed -n '2,20p' "$0"
      exit 0
      ;;
    -*) die "unknown option $1" ;;
    *) sections+=("$1") ;;
  esac
  shift
done
((${#sections[@]})) || sections=("${ALL_SECTIONS[@]}")

[[ $(id -u) -eq 0 ]] || die "must run as root (ip netns exec)"
for tool in ip dig curl openssl; do
  command -v "$tool" >/dev/null 2>&1 || die "missing tool: $tool (Debian: apt-get install -y iproute2 dnsutils curl openssl)"
done
ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$SRV_NS" || die "the lab is not up (run scripts/lab.sh up)"

in_cli() { ip netns exec "$CLI_NS" "$@"; }
has_ipv6() { in_cli ip -6 -br addr show scope global | grep -q fd77::; }

DIG_OPTS=(+tries=1 +time=3 +noall +answer)
CURL_OPTS=(-sS --max-time 10 -o /dev/null -w '%{http_code} %{url_effective}\n')
if [[ -n $from ]]; then
  DIG_OPTS+=(-b "$from")
  CURL_OPTS+=(--interface "$from")
fi

dig4() { in_cli dig "@$SRV4" "${DIG_OPTS[@]}" "$@"; }
dig6() { in_cli dig "@$SRV6" "${DIG_OPTS[@]}" "$@"; }
https() { # NAME PORT PATH
  in_cli curl "${CURL_OPTS[@]}" -k --resolve "$1:$2:$SRV4" "https://$1:$2$3"
}
plain_http() { # NAME PATH
  in_cli curl "${CURL_OPTS[@]}" --resolve "$1:80:$SRV4" "http://$1$2"
}
tls_hello() { # NAME PORT
  in_cli openssl s_client -connect "$SRV4:$2" -servername "$1" -brief </dev/null 2>&1 |
    grep -E '^(Protocol version|CONNECTION ESTABLISHED)' || die "openssl s_client to $1:$2 failed"
}

section_dns() {
  log "DNS over IPv4: A for every Kaspersky name, AAAA, CNAME chain"
  local name
  for name in "${KASPERSKY_NAMES[@]}"; do dig4 A "$name"; done
  dig4 AAAA dnl-01.geo.kaspersky.com
  dig4 AAAA s07.upd.kaspersky.com
  dig4 A cdn-alias.example.test
  dig4 CNAME updates.example-cdn.test
}

section_dns6() {
  if ! has_ipv6; then
    log "DNS over IPv6: skipped (lab is IPv4 only)"
    return 0
  fi
  local v6from=()
  [[ $from == *:* ]] && v6from=(-b "$from")
  log "DNS over IPv6: A, AAAA and the CNAME chain"
  in_cli dig "@$SRV6" +tries=1 +time=3 +noall +answer "${v6from[@]}" A dnl-01.geo.kaspersky.com
  in_cli dig "@$SRV6" +tries=1 +time=3 +noall +answer "${v6from[@]}" AAAA dnl-01.geo.kaspersky.com
  in_cli dig "@$SRV6" +tries=1 +time=3 +noall +answer "${v6from[@]}" AAAA cdn-alias.example.test
}

section_tls() {
  log "TLS with SNI to :443"
  https s07.upd.kaspersky.com 443 /
  https ksn-url-geo.kaspersky-labs.com 443 /
  tls_hello activation-v2.kaspersky.com 443
}

section_tls_port() {
  log "TLS with SNI to :23101 (Kaspersky Security Center cloud console port)"
  https x23.ksc.kaspersky.com 23101 /
  tls_hello x23.ksc.kaspersky.com 23101
}

section_http() {
  log "HTTP update-path GETs"
  plain_http dnl-01.geo.kaspersky.com /updaters/updater.xml.klz
  plain_http dnl-01.geo.kaspersky.com /index/u1313g.xml.dif
}

section_ordinary() {
  log "ordinary traffic"
  dig4 A www.example.org
  dig4 A intranet.example.test
  plain_http www.example.org /
  https intranet.example.test 443 /wiki/Main_Page
}

section_chromium() {
  if ((!with_chromium)); then
    log "Chromium: skipped (--no-chromium)"
    return 0
  fi
  if ! command -v chromium >/dev/null 2>&1; then
    log "Chromium: skipped (not installed; Debian: apt-get install -y chromium)"
    return 0
  fi
  local profile rc=0
  profile=$(mktemp -d /tmp/banwatch-chromium.XXXXXX)
  log "headless Chromium: https://s07.upd.kaspersky.com/"
  in_cli timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" \
    --host-resolver-rules="MAP *.kaspersky.com $SRV4, MAP *.kaspersky-labs.com $SRV4, MAP *.example.org $SRV4, MAP *.example.test $SRV4" \
    --ignore-certificate-errors --dump-dom https://s07.upd.kaspersky.com/ \
    >"$profile/dom.html" 2>"$profile/stderr.log" || rc=$?
  if ((rc != 0)) || ! grep -q 's_server' "$profile/dom.html"; then
    log "Chromium exited $rc; last lines of its log:"
    tail -5 "$profile/stderr.log" >&2 || true
    rm -rf "$profile"
    die "headless Chromium did not get the page"
  fi
  log "Chromium got the page ($(wc -c <"$profile/dom.html") bytes)"
  rm -rf "$profile"
}

for section in "${sections[@]}"; do
  case "$section" in
    dns) section_dns ;;
    dns6) section_dns6 ;;
    tls) section_tls ;;
    tls-port) section_tls_port ;;
    http) section_http ;;
    ordinary) section_ordinary ;;
    chromium) section_chromium ;;
    *) die "unknown section '$section' (one of: ${ALL_SECTIONS[*]})" ;;
  esac
done
log "done: ${sections[*]}"
