#!/usr/bin/env bash
# Draws the README's pictures of the two dashboards, docs/images/banwatch-{banned-traffic,sensor-health}.png, from a
# real Prometheus scraping `banwatch replay --serve --realtime` of the fixtures, set up as DashboardQueriesIT does it:
#   1. the fixtures shifted (editcap -t) to play one after another, ROUNDS times, merged into one capture (mergecap);
#   2. banwatch replays it in real time and serves /metrics, with a webhook and a Kafka broker that never answer (the
#      outbox and the sink buffer fill); Prometheus (Debian's package) scrapes it every second with the rules loaded;
#   3. when the replay is done, 15 s later and at least 75 s after it began (the last-seen column's subquery is
#      minute-aligned), scripts/render-dashboard.py draws each panel over the time since Prometheus started, from
#      Prometheus' answers to its queries, into an HTML page; headless Chromium screenshots it, and pngquant reduces
#      it to 64 colours to keep the files small.
# Needs target/banwatch.jar (./mvnw -B -DskipTests package; bin/banwatch finds a Java 21+), prometheus, tshark's
# editcap, mergecap and capinfos, chromium, python3 and pngquant. Environment: ROUNDS (default 3), KEEP_WORK (set:
# keep the capture, logs and Prometheus data in /tmp).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${ROUNDS:-3}"
fixtures=(http-update outcome-http-transfer outcome-tcp-reset outcome-silent-drop outcome-dns outcome-tls-connected
  blind-spots ip-fragments dns-kaspersky kaspersky-native ksc-ports)
first_packet=1790000000 # 2026-09-21T15:06:40Z; moved to the start of the replay below
spacing=1.5
round_spacing=25
fail() { echo "dashboard-pictures: FAILED: $*" >&2; exit 1; }
for tool in prometheus editcap mergecap capinfos chromium python3 pngquant; do
  command -v "$tool" >/dev/null || fail "needs $tool"
done
jar="$here/target/banwatch.jar"
[ -f "$jar" ] || fail "needs $jar (./mvnw -B -DskipTests package)"

work="$(mktemp -d /tmp/banwatch-pictures.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${KEEP_WORK:-}" ]; then echo "dashboard-pictures: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

merge=()
for ((round = 0; round < rounds; round++)); do
  for i in "${!fixtures[@]}"; do
    in="$here/src/test/resources/io/banwatch/fixtures/${fixtures[$i]}.pcap"
    first="$(capinfos -a -S -T -r "$in" | cut -f2)"
    shift_by="$(python3 -c "print('%.6f' % ($first_packet + $round * $round_spacing + $i * $spacing - $first))")"
    editcap -t "$shift_by" "$in" "$work/$round-$i.pcap"
    merge+=("$work/$round-$i.pcap")
  done
done
mergecap -F pcap -w "$work/merged.pcap" "${merge[@]}"
# The capture's clock set to the wall clock of the replay's start, so the panels' times read as they would live.
first="$(capinfos -a -S -T -r "$work/merged.pcap" | cut -f2)"
editcap -t "$(python3 -c "import time; print('%.6f' % (time.time() + 3 - $first))")" "$work/merged.pcap" \
  "$work/pictures.pcap"

sensor_port="$(free_port)"
prometheus_port="$(free_port)"
closed_port="$(free_port)"
BANWATCH_HTTP_LISTEN="127.0.0.1:$sensor_port" BANWATCH_STORE_PATH="$work/store/banwatch.db" \
  BANWATCH_PIPELINE_DEDUP_WINDOW_SECONDS=1 BANWATCH_ALERTS_RENOTIFY_SECONDS=5 \
  BANWATCH_ALERTS_WEBHOOK_URL="http://127.0.0.1:$closed_port/hook" BANWATCH_ALERTS_OUTBOX_DIR="$work/outbox" \
  BANWATCH_SINKS_KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$closed_port" BANWATCH_OBSERVER_NAME=tap-1 \
  BANWATCH_JAR="$jar" BANWATCH_HEAP=512m "$here/bin/banwatch" replay --serve --realtime "$work/pictures.pcap" >"$work/banwatch.log" 2>&1 &
pids+=($!)
started="$(date +%s)"
cp "$here/config/prometheus/banwatch-rules.yml" "$work/"
cat >"$work/prometheus.yml" <<EOF
global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: [banwatch-rules.yml]
scrape_configs:
  - job_name: banwatch
    static_configs:
      - targets: ["127.0.0.1:$sensor_port"]
        labels: {sensor: tap-1}
EOF
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prometheus_port" >"$work/prometheus.log" 2>&1 &
pids+=($!)

echo "dashboard-pictures: replaying $rounds rounds of ${#fixtures[@]} fixtures in real time"
for _ in $(seq 1 300); do
  grep -q "Replay done" "$work/banwatch.log" && break
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$work/banwatch.log" >&2; fail "banwatch ended"; }
  sleep 1
done
grep -q "Replay done" "$work/banwatch.log" || fail "the replay did not end in 300 s"
now="$(date +%s)"
sleep "$((now + 15 > started + 75 ? 15 : started + 75 - now))"

mkdir -p "$here/docs/images"
date +%s >"$work/end"
window="$(($(cat "$work/end") - started))"
for board in banned-traffic sensor-health; do
  python3 "$here/scripts/render-dashboard.py" "$here/dashboards/banwatch-$board.json" \
    "http://127.0.0.1:$prometheus_port" "$window" "$work/$board.html" "$(cat "$work/end")"
  height="$(python3 -c "
import json; b = json.load(open('$here/dashboards/banwatch-$board.json'))
print(80 + 36 * max(p['gridPos']['y'] + p['gridPos']['h'] for p in b['panels']))")"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --user-data-dir="$work/chromium" --window-size="1400,$height" --screenshot="$work/$board.png" \
    "file://$work/$board.html" >"$work/chromium.log" 2>&1 || { cat "$work/chromium.log" >&2; fail "chromium"; }
  pngquant --force --strip --speed 1 --output "$here/docs/images/banwatch-$board.png" 64 "$work/$board.png"
  echo "dashboard-pictures: docs/images/banwatch-$board.png ($(stat -c %s "$here/docs/images/banwatch-$board.png") bytes)"
done
