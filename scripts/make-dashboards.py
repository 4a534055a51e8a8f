#!/usr/bin/env python3
"""Writes dashboards/banwatch-banned-traffic.json and dashboards/banwatch-sensor-health.json (Grafana 11/12 JSON
model, schemaVersion 39). The dashboards are generated so that every panel shares one selector of the datasource,
sensor, instance and vendor variables; edit this file and run it, not the JSON.
DashboardQueriesIT evaluates every query below against a real Prometheus."""
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "dashboards"
DS = {"type": "prometheus", "uid": "${datasource}"}
# Grafana's PostgreSQL data source (its plugin id since Grafana 10.3; "postgres" before), chosen by the store variable.
PG_TYPE = "grafana-postgresql-datasource"
PG = {"type": PG_TYPE, "uid": "${store}"}
S = 'sensor=~"$sensor", instance=~"$instance"'
SV = S + ', vendor=~"$vendor"'


def variables(with_vendor):
    def query_var(name, label, query, all_value=".*"):
        return {
            "name": name, "label": label, "type": "query", "datasource": DS,
            "query": {"query": query, "refId": name, "qryType": 1},
            "definition": query, "refresh": 2, "includeAll": True, "multi": True, "allValue": all_value,
            "current": {"text": ["All"], "value": ["$__all"]}, "sort": 1,
        }
    items = [
        {"name": "datasource", "label": "Prometheus", "type": "datasource", "query": "prometheus",
         "current": {}, "refresh": 1, "hide": 0},
        # Prometheus adds sensor from the scrape configuration (config/prometheus/prometheus.yml); series without it
        # still match the All value .*.
        query_var("sensor", "Sensor", "label_values(banwatch_build_info, sensor)"),
        query_var("instance", "Instance", 'label_values(banwatch_build_info{sensor=~"$sensor"}, instance)'),
    ]
    if with_vendor:
        items.append(query_var("vendor", "Vendor", "label_values(banwatch_matches_total, vendor)"))
        # The central store (store.url on PostgreSQL) for the host inventory panel; empty where the store is SQLite.
        items.append({"name": "store", "label": "Store (PostgreSQL)", "type": "datasource", "query": PG_TYPE,
                      "current": {}, "refresh": 1, "hide": 0, "regex": ""})
    return {"list": items}


class Board:
    def __init__(self, title, uid, description, with_vendor):
        self.title, self.uid, self.description, self.with_vendor = title, uid, description, with_vendor
        self.panels, self.y, self.next_id, self.annotations = [], 0, 1, []
        self.row_x, self.row_h = 0, 0
        self.into = self.panels

    def row(self, title, collapsed=False):
        """A row; the panels of a collapsed row (the last row of a board) are kept in it and query when opened."""
        self._newline()
        row = {"type": "row", "title": title, "id": self._id(), "collapsed": collapsed,
               "gridPos": {"h": 1, "w": 24, "x": 0, "y": self.y}, "panels": []}
        self.panels.append(row)
        self.into = row["panels"] if collapsed else self.panels
        self.y += 1

    def _newline(self):
        if self.row_x:
            self.y += self.row_h
            self.row_x, self.row_h = 0, 0

    def _id(self):
        self.next_id += 1
        return self.next_id - 1

    def panel(self, kind, title, description, targets, w=12, h=8, unit="short", **extra):
        if self.row_x + w > 24:
            self._newline()
        p = {
            "type": kind, "title": title, "description": description, "id": self._id(), "datasource": DS,
            "gridPos": {"h": h, "w": w, "x": self.row_x, "y": self.y},
            "targets": [dict({"datasource": DS, "refId": chr(65 + i), "editorMode": "code", "range": True},
                             **t) for i, t in enumerate(targets)],
            "fieldConfig": {"defaults": {"unit": unit, "min": 0}, "overrides": []},
            "options": {},
        }
        if kind == "timeseries":
            p["fieldConfig"]["defaults"]["custom"] = {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10,
                                                      "showPoints": "never", "stacking": {"mode": extra.pop("stack", "none")}}
            p["options"] = {"legend": {"displayMode": "table", "placement": "bottom", "calcs": ["max", "lastNotNull"]},
                            "tooltip": {"mode": "multi", "sort": "desc"}}
        elif kind == "stat":
            p["options"] = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                            "colorMode": "background", "graphMode": "area", "textMode": "value"}
            for t in p["targets"]:
                t["instant"], t["range"] = True, False
        elif kind == "table":
            for t in p["targets"]:
                t["instant"], t["range"], t["format"] = True, False, "table"
        elif kind == "bargauge":
            p["options"] = {"orientation": "horizontal", "displayMode": "gradient",
                            "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}}
            for t in p["targets"]:
                t["instant"], t["range"] = True, False
        thresholds = extra.pop("thresholds", None)
        if thresholds is not None:
            steps = [{"color": "green", "value": None}] + [{"color": c, "value": v} for v, c in thresholds]
            p["fieldConfig"]["defaults"]["thresholds"] = {"mode": "absolute", "steps": steps}
            if kind == "timeseries":
                p["fieldConfig"]["defaults"]["custom"]["thresholdsStyle"] = {"mode": "line"}
        p.update(extra)
        self.into.append(p)
        self.row_x += w
        self.row_h = max(self.row_h, h)

    def write(self, name):
        board = {
            "title": self.title, "uid": self.uid, "description": self.description, "tags": ["banwatch"],
            "schemaVersion": 39, "version": 1, "editable": True, "graphTooltip": 1, "timezone": "",
            "time": {"from": "now-24h", "to": "now"}, "refresh": "1m",
            "templating": variables(self.with_vendor),
            "annotations": {"list": [{"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"},
                                      "enable": True, "hide": True, "iconColor": "rgba(0, 211, 255, 1)",
                                      "name": "Annotations & Alerts", "type": "dashboard"}] + self.annotations},
            "links": [{"title": "banwatch", "type": "dashboards", "tags": ["banwatch"], "asDropdown": False}],
            "panels": self.panels,
        }
        (OUT / name).write_text(json.dumps(board, indent=2) + "\n")


# The host inventory panel's query: the hosts table's columns as the README documents them (times are microseconds
# since the epoch). GrafanaInventoryPanelIT runs it, macros and variables substituted as Grafana does, against a
# PostgreSQL store that banwatch filled, as the read-only role of config/grafana/store-reader.sql.
INVENTORY_SQL = """SELECT host AS "Host", vendor AS "Vendor", worst_outcome AS "Worst outcome",
  worst_severity AS "Severity", contacts AS "Contacts", contacts_after_ban AS "After the ban",
  to_timestamp(first_seen / 1e6) AS "First contact", to_timestamp(last_seen / 1e6) AS "Last contact",
  categories AS "Categories", observer AS "Sensor"
FROM hosts
WHERE last_seen >= $__unixEpochFrom() * 1000000::bigint AND first_seen <= $__unixEpochTo() * 1000000::bigint
  AND vendor ~ '^(${vendor:regex})$'
ORDER BY CASE worst_outcome WHEN 'transferred' THEN 3 WHEN 'connected' THEN 2 WHEN 'blocked' THEN 1 ELSE 0 END DESC,
  last_seen DESC
LIMIT 1000"""


def t(expr, legend="__auto"):
    return {"expr": expr, "legendFormat": legend}


def banned_traffic():
    b = Board("banwatch — banned vendor traffic", "banwatch-banned-traffic",
              "For security operations: which hosts still reach banned vendors' services, in which policy phase, "
              "whether the contact was blocked, connected or transferred, and the alerts raised.", True)
    # The day a policy phase (for example updates_banned) first shows in the contacts: the deadline, as the traffic
    # sees it.
    b.annotations.append({
        "name": "Policy phase begins", "datasource": DS, "enable": True, "iconColor": "red",
        "expr": f'count by (phase) (banwatch_matches_total{{{SV}}}) unless count by (phase) '
                f'(banwatch_matches_total{{{SV}}} offset 10m)',
        "step": "5m", "titleFormat": "Phase {{phase}} begins",
        "textFormat": "First contacts classified in policy phase {{phase}} (the vendor catalog's deadline)."})
    b.row("Summary ($__range)")
    b.panel("stat", "Hosts that reached update or KSN services",
            "Client hosts with at least one update or KSN contact in the time range (hosts past "
            "metrics.max_host_series count once, as _other).",
            [t(f'count(sum by (host) (increase(banwatch_offender_matches_total{{{SV}, category=~"update|ksn"}}'
               f'[$__range])) > 0) or vector(0)')], w=6, h=5, thresholds=[(1, "red")])
    b.panel("stat", "Contacts after the updates ban",
            "Matched contacts in the updates_banned phase (from 2024-09-29T04:00:00Z) in the time range.",
            [t(f'sum(increase(banwatch_matches_total{{{SV}, phase="updates_banned"}}[$__range]))')],
            w=6, h=5, thresholds=[(1, "orange")])
    b.panel("stat", "Transfers after the ban",
            "Contacts whose server sent at least outcomes.transfer_bytes: an update or KSN answer got through.",
            [t(f'sum(increase(banwatch_outcomes_total{{{SV}, outcome="transferred"}}[$__range]))')],
            w=6, h=5, thresholds=[(1, "red")])
    b.panel("stat", "Alerts raised", "Alerts after deduplication per host, vendor and category.",
            [t(f'sum(increase(banwatch_alerts_total{{{SV}}}[$__range]))')], w=6, h=5, thresholds=[(1, "orange")])
    b.row("Contacts")
    b.panel("timeseries", "Contacts by category and phase",
            "Matched contacts per second by service category and policy phase; the red marks are phase starts.",
            [t(f'sum by (category, phase) (rate(banwatch_matches_total{{{SV}}}[$__rate_interval]))',
               "{{category}} ({{phase}})")], w=16, unit="ops", stack="normal")
    b.panel("bargauge", "Blocked, connected, transferred",
            "Outcomes of matched contacts in the time range: blocked (no reply, reset, sinkhole), connected (the "
            "server answered), transferred (the content arrived), unknown (not decided).",
            [t(f'sum by (outcome) (increase(banwatch_outcomes_total{{{SV}}}[$__range]))', "{{outcome}}")],
            w=8, thresholds=[(1, "orange")])
    b.panel("timeseries", "Outcomes over time", "Outcomes of matched contacts per second.",
            [t(f'sum by (outcome) (rate(banwatch_outcomes_total{{{SV}}}[$__rate_interval]))', "{{outcome}}")],
            w=12, unit="ops")
    b.panel("timeseries", "Contacts by protocol", "Which protocol named the service: DNS, TLS, QUIC, HTTP, ...",
            [t(f'sum by (protocol) (rate(banwatch_matches_total{{{SV}}}[$__rate_interval]))', "{{protocol}}")],
            w=12, unit="ops")
    b.row("Hosts")
    offenders = f'sum by (host, category) (increase(banwatch_offender_matches_total{{{SV}}}[$__range])) > 0'
    b.panel("table", "Hosts that reached banned services",
            "Client hosts with contacts in the time range, by category: contacts, the last time one was counted "
            "(one-minute resolution) and the worst outcome of the host's contacts since the sensor started "
            "(transferred, connected, blocked; unknown while none was decided). Hosts past metrics.max_host_series "
            "count as _other. The event store (banwatch query hosts) keeps every host for good.",
            [t(offenders, "contacts"),
             t(f'max by (host, category) (max_over_time(timestamp(increase('
               f'banwatch_offender_matches_total{{{SV}}}[2m]) > 0)[$__range:1m])) * 1000', "last seen"),
             t(f'max by (host, category) (max_over_time(banwatch_offender_worst_outcome{{{SV}}}[$__range])) '
               f'and on (host, category) ({offenders})', "worst outcome")],
            w=24, h=10,
            transformations=[{"id": "merge", "options": {}},
                             {"id": "organize", "options": {"excludeByName": {"Time": True},
                                                            "indexByName": {"host": 0, "category": 1, "Value #C": 2,
                                                                            "Value #A": 3, "Value #B": 4},
                                                            "renameByName": {"host": "Host", "category": "Category",
                                                                             "Value #A": "Contacts",
                                                                             "Value #B": "Last seen",
                                                                             "Value #C": "Worst outcome"}}},
                             {"id": "sortBy", "options": {"sort": [{"field": "Worst outcome", "desc": True}]}}])
    b.panels[-1]["fieldConfig"]["overrides"] = [
        {"matcher": {"id": "byName", "options": "Last seen"},
         "properties": [{"id": "unit", "value": "dateTimeFromNow"}]},
        # banwatch_offender_worst_outcome is the outcome's rank (README, Metrics).
        {"matcher": {"id": "byName", "options": "Worst outcome"},
         "properties": [{"id": "mappings", "value": [{"type": "value", "options": {
             "0": {"text": "unknown", "color": "text", "index": 0},
             "1": {"text": "blocked", "color": "green", "index": 1},
             "2": {"text": "connected", "color": "orange", "index": 2},
             "3": {"text": "transferred", "color": "red", "index": 3}}}]},
                        {"id": "custom.cellOptions", "value": {"type": "color-background"}}]}]
    b.row("Alerts")
    b.panel("timeseries", "Alerts by category and severity", "Alerts raised per hour.",
            [t(f'sum by (category, severity) (increase(banwatch_alerts_total{{{SV}}}[1h]))',
               "{{category}} ({{severity}})")], w=12, unit="short")
    b.panel("timeseries", "Alert deliveries", "Alert delivery attempts per sink and outcome; failed means lost "
            "to that sink, retried means the outbox tries again.",
            [t(f'sum by (sink, outcome) (rate(banwatch_alert_deliveries_total{{{S}}}[$__rate_interval]))',
               "{{sink}} {{outcome}}")], w=12, unit="ops")
    b.row("Host inventory from the PostgreSQL store (open where store.url is PostgreSQL)", collapsed=True)
    b.panel("table", "Host inventory",
            "Every host of the central store's inventory with a contact in the time range: worst outcome first, then "
            "the latest contact. Read with the PostgreSQL data source chosen as Store, as a read-only role (README, "
            "Deployment).", [], w=24, h=12)
    inventory = b.panels[-1]["panels"][-1]
    inventory["datasource"] = PG
    inventory["targets"] = [{"datasource": PG, "refId": "A", "editorMode": "code", "format": "table",
                             "rawQuery": True, "rawSql": INVENTORY_SQL}]
    inventory["fieldConfig"]["overrides"] = [
        {"matcher": {"id": "byName", "options": "Worst outcome"},
         "properties": [{"id": "mappings", "value": [{"type": "value", "options": {
             "unknown": {"color": "text", "index": 0}, "blocked": {"color": "green", "index": 1},
             "connected": {"color": "orange", "index": 2}, "transferred": {"color": "red", "index": 3}}}]},
                        {"id": "custom.cellOptions", "value": {"type": "color-background"}}]}]
    b.write("banwatch-banned-traffic.json")


def sensor_health():
    b = Board("banwatch — sensor health", "banwatch-sensor-health",
              "For the team that runs the sensors: capture, drops, decoding, bounded tables, the pipeline, alert "
              "delivery, the event store and the Kafka sink, and what the sensor cannot see.", False)
    b.row("Capture")
    b.panel("stat", "Seconds since the last packet",
            "Newest packet per sensor; a live sensor on a busy tap stays under a few seconds (BanwatchCaptureStalled "
            "fires at 300).",
            [t(f'time() - max by (instance) (banwatch_last_packet_timestamp_seconds{{{S}}})', "{{instance}}")],
            w=6, h=5, unit="s", thresholds=[(60, "orange"), (300, "red")])
    b.panel("stat", "Up", "Prometheus reaches the sensor.",
            [t(f'min(up{{job="banwatch", {S}}})')], w=6, h=5, unit="bool",
            thresholds=None)
    b.panels[-1]["fieldConfig"]["defaults"]["thresholds"] = {
        "mode": "absolute", "steps": [{"color": "red", "value": None}, {"color": "green", "value": 1}]}
    b.panel("stat", "Version", "banwatch_build_info of each sensor.",
            [t(f'count by (version) (banwatch_build_info{{{S}}})', "{{version}}")], w=12, h=5,
            options_textMode="name")
    b.panels[-1].pop("options_textMode")
    b.panels[-1]["options"]["textMode"] = "name"
    b.panel("timeseries", "Packets per source", "Packets read per second from each interface or capture file.",
            [t(f'sum by (instance, source) (rate(banwatch_packets_total{{{S}}}[$__rate_interval]))',
               "{{instance}} {{source}}")], unit="pps")
    b.panel("timeseries", "Bytes per source", "Bits per second on the wire of the packets read.",
            [t(f'sum by (instance, source) (rate(banwatch_bytes_total{{{S}}}[$__rate_interval])) * 8',
               "{{instance}} {{source}}")], unit="bps")
    b.panel("timeseries", "Drops by reason",
            "Packets lost before inspection: kernel (raise capture.buffer_bytes), interface (the NIC), queue (the "
            "pipeline was full: more cores or a narrower filter).",
            [t(f'sum by (instance, source, reason) (rate(banwatch_capture_drops_total{{{S}}}[$__rate_interval]))',
               "{{instance}} {{source}} {{reason}}")], unit="pps", thresholds=[(1, "red")])
    b.panel("timeseries", "Drop ratio", "Dropped over read packets; above 1 % names are being missed.",
            [t(f'sum by (instance) (rate(banwatch_capture_drops_total{{{S}}}[$__rate_interval])) / '
               f'clamp_min(sum by (instance) (rate(banwatch_packets_total{{{S}}}[$__rate_interval])), 1)',
               "{{instance}}")], unit="percentunit", thresholds=[(0.01, "red")])
    b.row("Decoding")
    b.panel("timeseries", "Decode anomalies by reason",
            "Malformed or unsupported input skipped, by layer and reason (README, What it reads).",
            [t(f'topk(15, sum by (layer, reason) (rate(banwatch_decode_anomalies_total{{{S}}}[$__rate_interval])))',
               "{{layer}} {{reason}}")], unit="pps")
    b.panel("timeseries", "Names seen by protocol", "Observations per second, matched or not.",
            [t(f'sum by (protocol) (rate(banwatch_observations_total{{{S}}}[$__rate_interval]))', "{{protocol}}")],
            unit="ops")
    b.row("Bounded tables and pipeline")
    b.panel("timeseries", "Active flows",
            "Flows tracked for reassembly; bounded by inspect.max_flows (262144 by default): when it is reached, "
            "flow_table_full below counts what was turned away.",
            [t(f'sum by (instance) (banwatch_flows_active{{{S}}})', "{{instance}}")], w=8,
            thresholds=[(200000, "orange"), (262144, "red")])
    b.panel("timeseries", "Bounds reached",
            "Tables and buffers at their cap: flow tables, the stream buffer budget, fragment memory, DNS "
            "attribution, and pipeline table evictions.",
            [t(f'sum by (reason) (rate(banwatch_decode_anomalies_total{{{S}, reason=~".*(_full|_cap|budget)"}}'
               f'[$__rate_interval]))', "{{reason}}"),
             t(f'sum by (table) (rate(banwatch_pipeline_evictions_total{{{S}}}[$__rate_interval]))',
               "evicted from {{table}}")], w=8, unit="ops", thresholds=[(0.001, "orange")])
    b.panel("timeseries", "Pipeline queue drops",
            "Events lost because the pipeline queue (pipeline.queue_capacity) was full.",
            [t(f'sum by (instance) (rate(banwatch_capture_drops_total{{{S}, reason="queue"}}[$__rate_interval]))',
               "{{instance}}")], w=8, unit="ops", thresholds=[(0.001, "red")])
    b.row("Alert delivery, store and Kafka")
    b.panel("timeseries", "Alert deliveries", "Attempts per sink and outcome.",
            [t(f'sum by (sink, outcome) (rate(banwatch_alert_deliveries_total{{{S}}}[$__rate_interval]))',
               "{{sink}} {{outcome}}")], w=8, unit="ops")
    b.panel("timeseries", "Webhook outbox",
            "Alerts waiting for the webhook receiver (bounded by alerts.outbox_max_entries), and those refused "
            "because it was full.",
            [t(f'sum by (instance) (banwatch_alert_outbox_depth{{{S}}})', "waiting {{instance}}"),
             t(f'sum by (instance) (increase(banwatch_alert_outbox_full_total{{{S}}}[$__rate_interval]))',
               "refused {{instance}}")], w=8)
    b.panel("timeseries", "Event store",
            "Events written, dropped (queue full) or failed (disk full, read-only) per second, and the write queue "
            "(store.queue_capacity).",
            [t(f'sum by (outcome) (rate(banwatch_store_events_total{{{S}}}[$__rate_interval]))', "{{outcome}}"),
             t(f'sum(banwatch_store_queue{{{S}}})', "queued")], w=8, unit="short")
    b.panel("timeseries", "Kafka sink",
            "Events sent, dropped (buffer full) or failed per second, and those the brokers have not acknowledged.",
            [t(f'sum by (sink, outcome) (rate(banwatch_sink_events_total{{{S}}}[$__rate_interval]))',
               "{{sink}} {{outcome}}"),
             t(f'sum by (sink) (banwatch_sink_buffered_events{{{S}}})', "{{sink}} buffered")], w=12)
    b.panel("timeseries", "Blind spots",
            "Traffic whose names banwatch cannot read: ECH, DNS over TLS, QUIC or HTTPS, and DNS to external or "
            "Kaspersky fallback resolvers (README, Blind spots).",
            [t(f'sum by (kind) (rate(banwatch_blind_spots_total{{{S}}}[$__rate_interval]))', "{{kind}}")],
            w=12, unit="ops")
    b.write("banwatch-sensor-health.json")


if __name__ == "__main__":
    banned_traffic()
    sensor_health()
