#!/usr/bin/env bash
# make-fixtures-links.sh - make the link-type and tunnel fixtures (tunnels-mobile.pcap and link-*.pcap) under
# src/test/resources/io/banwatch/fixtures/, each with its tshark oracle table (<name>.pcap.expected.tsv), which
# RecordedFixturesTest compares banwatch against. Built offline from the inner frames of vxlan.pcap; see
# scripts/fixtures-links.py for what each capture holds.
#
#   scripts/make-fixtures-links.sh
#
# Environment:
#   ORACLE  path of the tshark oracle script (default /work/shared/tools/oracle.sh)
#   PYTHON  a Python 3 with scapy (default /usr/bin/python3, Debian python3-scapy)
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DIR=$(cd "$SCRIPT_DIR/.." && pwd)/src/test/resources/io/banwatch/fixtures
ORACLE=${ORACLE:-/work/shared/tools/oracle.sh}
PYTHON=${PYTHON:-/usr/bin/python3}

die() {
  printf 'fixtures-links: error: %s\n' "$*" >&2
  exit 1
}
command -v tshark >/dev/null 2>&1 || die "missing tool: tshark (Debian: tshark)"
[[ -x $ORACLE ]] || die "oracle script $ORACLE not found (set ORACLE=...)"
"$PYTHON" -c 'import scapy' 2>/dev/null || die "$PYTHON has no scapy (apt-get install -y python3-scapy)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$PYTHON" "$SCRIPT_DIR/fixtures-links.py" "$DIR/vxlan.pcap" "$work"
for capture in "$work"/*.pcap; do
  name=$(basename "$capture")
  "$ORACLE" -o "$work" "$capture" >/dev/null
  rows=$(($(wc -l <"$work/$name.oracle.tsv") - 1))
  [[ $rows -gt 0 ]] || die "$name: tshark reads no name from it"
  cp "$capture" "$DIR/$name"
  cp "$work/$name.oracle.tsv" "$DIR/$name.expected.tsv"
  printf 'fixtures-links: %s: %d oracle rows\n' "$name" "$rows" >&2
done
