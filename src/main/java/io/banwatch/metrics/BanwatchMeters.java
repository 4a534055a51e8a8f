package io.banwatch.metrics;

/**
 * Every banwatch meter: name, description, base unit and label keys. The Prometheus names these render to are a
 * contract (DESIGN.md "Metrics"); {@code PrometheusScrapeGoldenTest} fails when one changes.
 */
public final class BanwatchMeters {

    public static final MeterSpec PACKETS =
            new MeterSpec("banwatch.packets", "Packets read from a capture source.", "packets");

    public static final MeterSpec BYTES =
            new MeterSpec("banwatch.bytes", "Bytes on the wire of the packets read from a capture source.", "bytes");

    public static final MeterSpec CAPTURE_DROPS = new MeterSpec(
            "banwatch.capture.drops",
            "Packets or events lost before inspection: by the kernel, the interface, or a full pipeline queue.",
            null);

    public static final MeterSpec CAPTURE_ANOMALIES = new MeterSpec(
            "banwatch.capture.anomalies",
            "Capture records read with an impossible or odd field (timestamp, length), corrected and kept, by reason.",
            null);

    public static final MeterSpec CAPTURE_INTERFACE_UP = new MeterSpec(
            "banwatch.capture.interface.up",
            "1 while a live interface is read, 0 while its capture is down and being reopened.",
            null);

    public static final MeterSpec CAPTURE_REOPENS = new MeterSpec(
            "banwatch.capture.reopens", "Live interfaces reopened after a read error (deleted and re-created).", null);

    public static final MeterSpec LAST_PACKET_TIMESTAMP = new MeterSpec(
            "banwatch.last.packet.timestamp", "Capture time of the newest packet read from a source.", "seconds");

    public static final MeterSpec DECODE_ANOMALIES = new MeterSpec(
            "banwatch.decode.anomalies", "Malformed or unsupported input skipped, by layer and reason.", null);

    public static final MeterSpec OBSERVATIONS = new MeterSpec(
            "banwatch.observations", "Names seen in traffic (DNS, TLS, QUIC, HTTP), matched or not.", null);

    public static final MeterSpec MATCHES =
            new MeterSpec("banwatch.matches", "Observations that matched a vendor catalog rule.", null);

    public static final MeterSpec OFFENDER_MATCHES = new MeterSpec(
            "banwatch.offender.matches",
            "Catalog matches per client host; hosts past the series cap are counted under host _other.",
            null);

    public static final MeterSpec OFFENDER_WORST_OUTCOME = new MeterSpec(
            "banwatch.offender.worst.outcome",
            "Worst outcome of the matched contacts of a client host since the sensor started: 0 unknown, 1 blocked, "
                    + "2 connected, 3 transferred; the hosts of banwatch_offender_matches_total.",
            null);

    public static final MeterSpec OUTCOMES = new MeterSpec(
            "banwatch.outcomes",
            "Outcomes of matched contacts by vendor, category and outcome: blocked, connected, transferred or unknown.",
            null);

    public static final MeterSpec ALERTS =
            new MeterSpec("banwatch.alerts", "Alerts raised after deduplication per host, vendor and category.", null);

    public static final MeterSpec ALERT_DELIVERIES =
            new MeterSpec("banwatch.alert.deliveries", "Alert delivery attempts per sink and outcome.", null);

    public static final MeterSpec ALERT_DELIVERIES_IN_FLIGHT = new MeterSpec(
            "banwatch.alert.deliveries.in.flight",
            "Alerts handed to a sink whose delivery has not finished: being sent, or waiting for a retry.",
            null);

    public static final MeterSpec ALERT_OUTBOX_DEPTH = new MeterSpec(
            "banwatch.alert.outbox.depth",
            "Webhook deliveries waiting in the durable outbox (alerts.outbox_dir) for a 2xx from the receiver.",
            null);

    public static final MeterSpec ALERT_OUTBOX_FULL = new MeterSpec(
            "banwatch.alert.outbox.full",
            "Webhook deliveries refused because the outbox held alerts.outbox_max_entries already.",
            null);
    public static final MeterSpec SINK_EVENTS = new MeterSpec(
            "banwatch.sink.events",
            "Events streamed to a sink, by outcome: sent (acknowledged), dropped (its buffer was full, never sent) or "
                    + "failed (given up after retries).",
            null);

    public static final MeterSpec SINK_BUFFERED = new MeterSpec(
            "banwatch.sink.buffered.events", "Events a sink holds that the broker has not acknowledged yet.", null);

    public static final MeterSpec FLOWS_ACTIVE =
            new MeterSpec("banwatch.flows.active", "Flows currently tracked for reassembly.", null);

    public static final MeterSpec BUILD_INFO =
            new MeterSpec("banwatch.build.info", "Always 1; the version label names the running build.", null);

    public static final MeterSpec PIPELINE_EVICTIONS = new MeterSpec(
            "banwatch.pipeline.evictions",
            "Entries evicted from a full pipeline table before their window ended (dedup, first_seen, alert).",
            null);

    public static final MeterSpec PIPELINE_QUEUE_DROPS = new MeterSpec(
            "banwatch.pipeline.queue.drops",
            "Events the full pipeline queue dropped, by kind: matched, outcome or unmatched (dropped first).",
            null);

    public static final MeterSpec BLIND_SPOTS = new MeterSpec(
            "banwatch.blind.spots",
            "Traffic whose names the monitor cannot read, by kind: ECH hellos, DNS over TLS, QUIC or HTTPS, and DNS "
                    + "queries to external or Kaspersky fallback resolvers.",
            null);

    public static final MeterSpec STORE_EVENTS = new MeterSpec(
            "banwatch.store.events",
            "Events handed to the event store, by outcome: written (committed), dropped (the store's queue was full) "
                    + "or failed (the write failed: disk full, read-only).",
            null);

    public static final MeterSpec STORE_QUEUE =
            new MeterSpec("banwatch.store.queue", "Events waiting to be written to the event store.", null);

    public static final MeterSpec STORE_LOOKUP_EVICTIONS = new MeterSpec(
            "banwatch.store.lookup.evictions",
            "Entries dropped from the store writer's full caches (terms and names: the lookup tables' numbers; "
                    + "hosts: inventory rows; texts: strings of hosts, names and addresses); an evicted entry is read "
                    + "again from the database (a text made again) when next seen.",
            null);

    public static final MeterSpec CATALOG_RELOADS = new MeterSpec(
            "banwatch.catalog.reloads",
            "Catalog reloads (SIGHUP) by result: success (the new catalog is in use) or failure (an invalid file; the "
                    + "last good catalog stays).",
            null);

    public static final MeterSpec CATALOG_RULES =
            new MeterSpec("banwatch.catalog.rules", "Rules of the catalog in use (host, path and port rules).", null);

    public static final MeterSpec CATALOG_LOADED_TIMESTAMP = new MeterSpec(
            "banwatch.catalog.loaded.timestamp", "When the catalog in use was loaded (Unix time).", "seconds");

    public static final MeterSpec HTTP_REFUSALS = new MeterSpec(
            "banwatch.http.refusals",
            "Connections and requests the HTTP server refused, by reason: connection limits, read timeout, oversized "
                    + "or malformed requests.",
            null);

    public static final MeterSpec HTTP_CONNECTIONS =
            new MeterSpec("banwatch.http.connections", "HTTP connections open to the server.", null);

    public static final String SOURCE = "source";
    public static final String REASON = "reason";
    public static final String LAYER = "layer";
    public static final String PROTOCOL = "protocol";
    public static final String VENDOR = "vendor";
    public static final String CATEGORY = "category";
    public static final String PHASE = "phase";
    public static final String HOST = "host";
    public static final String SEVERITY = "severity";
    public static final String SINK = "sink";
    public static final String OUTCOME = "outcome";
    public static final String VERSION = "version";
    public static final String TABLE = "table";
    public static final String KIND = "kind";
    public static final String RESULT = "result";

    /** The {@code host} label value that counts every host past {@code metrics.max_host_series}. */
    public static final String OTHER_HOST = "_other";

    private BanwatchMeters() {}
}
