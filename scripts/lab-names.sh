# Names the namespace lab serves, sourced by lab.sh (dnsmasq's records) and lab-traffic.sh (the queries), so the
# two cannot drift apart. Kaspersky service names from the vendor catalog, then ordinary names.
# shellcheck shell=bash disable=SC2034
LAB_KASPERSKY_NAMES=(
  dnl-01.geo.kaspersky.com
  dnl-07.geo.kaspersky.com
  s07.upd.kaspersky.com
  ksn-url-geo.kaspersky-labs.com
  ksn-file.geoksn.kaspersky.com
  activation-v2.kaspersky.com
  touch.kaspersky.com
  x23.ksc.kaspersky.com
  opentip.kaspersky.com
)
LAB_ORDINARY_NAMES=(
  www.example.org
  intranet.example.test
)
