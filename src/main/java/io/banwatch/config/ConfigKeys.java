package io.banwatch.config;

import static io.banwatch.config.ConfigKey.bool;
import static io.banwatch.config.ConfigKey.integer;
import static io.banwatch.config.ConfigKey.integers;
import static io.banwatch.config.ConfigKey.string;
import static io.banwatch.config.ConfigKey.strings;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every key {@code banwatch.yaml} accepts, with its default. */
public final class ConfigKeys {

    private static final long GIB = 1L << 30;

    public static final ConfigKey CAPTURE_INTERFACES =
            strings("capture.interfaces", List.of(), "Interfaces `banwatch run` captures on when no `-i` is given.");
    public static final ConfigKey CAPTURE_SNAPLEN =
            integer("capture.snaplen", 262_144, 96, 262_144, "Bytes kept of each packet (libpcap snaplen).");
    public static final ConfigKey CAPTURE_PROMISCUOUS =
            bool("capture.promiscuous", true, "Promiscuous mode: needed to see a tap's or SPAN port's traffic.");
    public static final ConfigKey CAPTURE_IMMEDIATE = bool(
            "capture.immediate",
            false,
            "false: the kernel packs packets into blocks handed over when full or after `capture.timeout_ms`"
                    + " (TPACKET_V3), so the buffer holds as many packets as fit; true: each packet at once, in a"
                    + " frame sized for the interface's largest packet (TPACKET_V2), so the buffer holds far"
                    + " fewer and a burst overflows it sooner.");
    public static final ConfigKey CAPTURE_TIMEOUT_MS =
            integer("capture.timeout_ms", 100, 1, 60_000, "libpcap read timeout in milliseconds.");
    public static final ConfigKey CAPTURE_BUFFER_BYTES = integer(
            "capture.buffer_bytes",
            32L << 20,
            1L << 16,
            2 * GIB - 1,
            "Kernel capture buffer per interface; larger rides out bursts without kernel drops.");
    public static final ConfigKey CAPTURE_FILTER = string(
            "capture.filter",
            "auto",
            "BPF filter: `auto` drops what servers send over TCP from `capture.server_ports` except SYN-ACK, FIN "
                    + "and RST, and bare acknowledgements except one in sixteen (neither carries a name), "
                    + "`none` keeps every packet, anything else is used as a BPF expression.");
    public static final ConfigKey CAPTURE_SERVER_PORTS = integers(
            "capture.server_ports",
            List.of(80L, 443L, 8080L, 8443L),
            1,
            65_535,
            "Server ports whose outgoing TCP segments the `auto` filter drops.");
    public static final ConfigKey CAPTURE_STATS_INTERVAL = integer(
            "capture.stats_interval_seconds", 5, 1, 3600, "How often kernel and interface drop counts are read.");
    public static final ConfigKey CAPTURE_FANOUT = ConfigKey.autoOrInteger(
            "capture.fanout",
            1,
            1,
            64,
            "Capture threads per interface, Linux only: that many handles joined in one PACKET_FANOUT group that "
                    + "spreads flows by the kernel's symmetric flow hash (`auto`: one per CPU; 1: one handle).");
    public static final ConfigKey INSPECT_DNS_PORTS =
            integers("inspect.dns_ports", List.of(53L), 1, 65_535, "UDP and TCP ports read as DNS (either side).");
    public static final ConfigKey INSPECT_MAX_FLOWS = integer(
            "inspect.max_flows",
            262_144,
            1_024,
            16_777_216,
            "Most TCP connections tracked at once per capture thread; more are counted as flow_table_full.");
    public static final ConfigKey INSPECT_TCP_IDLE_SECONDS = integer(
            "inspect.tcp_idle_timeout_seconds", 300, 1, 86_400, "A TCP connection idle this long is forgotten.");
    public static final ConfigKey INSPECT_STREAM_BUDGET_BYTES = integer(
            "inspect.stream_buffer_budget_bytes",
            64L << 20,
            1L << 20,
            2 * GIB - 1,
            "Bytes all connections may hold at once while a ClientHello or request head is incomplete.");
    public static final ConfigKey INSPECT_MAX_UDP_FLOWS = integer(
            "inspect.max_udp_flows",
            65_536,
            1_024,
            16_777_216,
            "UDP flows remembered so that a name-less UDP flow is reported once, from its first datagram.");
    public static final ConfigKey INSPECT_UDP_IDLE_SECONDS =
            integer("inspect.udp_idle_timeout_seconds", 120, 1, 86_400, "A UDP flow idle this long is new again.");
    public static final ConfigKey INSPECT_WORKERS = ConfigKey.autoOrInteger(
            "inspect.workers",
            1,
            64,
            "Threads that inspect packets, each flow on one of them (`auto`: one per CPU beyond the first, at least "
                    + "one; 1 inspects on the capture thread).");
    public static final ConfigKey ATTRIBUTION_MAX_ADDRESSES = integer(
            "inspect.attribution.max_addresses",
            65_536,
            1_024,
            16_777_216,
            "Addresses from DNS answers remembered to name flows that carry no name; the least recently used go.");
    public static final ConfigKey ATTRIBUTION_MAX_NAMES = integer(
            "inspect.attribution.max_names_per_address",
            16,
            1,
            16, // the address map scans an address's names linearly (AddressMapLimits)
            "Names kept per address (shared CDN addresses collect many); the oldest goes.");
    public static final ConfigKey ATTRIBUTION_MIN_TTL = integer(
            "inspect.attribution.min_ttl_seconds",
            300,
            0,
            86_400,
            "Shortest time an address stays attributed, whatever the answer's TTL (clients reuse addresses longer).");
    public static final ConfigKey ATTRIBUTION_MAX_TTL = integer(
            "inspect.attribution.max_ttl_seconds",
            86_400,
            1,
            30L * 86_400,
            "Longest time an address stays attributed, so a reused address is not misattributed for long.");
    public static final ConfigKey BLIND_SPOTS_INTERNAL_RESOLVERS = strings(
            "blind_spots.internal_resolvers",
            List.of(),
            "Your resolvers as addresses or CIDR prefixes; DNS sent elsewhere counts as dns_external_resolver "
                    + "(empty: that check is off).");
    public static final ConfigKey BLIND_SPOTS_DOH_NAMES = strings(
            "blind_spots.doh_names",
            List.of(),
            "Further DNS-over-HTTPS resolver names, beyond the built-in list, counted as dns_over_https.");
    public static final ConfigKey BLIND_SPOTS_MAX_ECH_NAMES = integer(
            "blind_spots.max_ech_outer_names",
            64,
            1,
            1_024,
            "Distinct public (outer) names of ECH ClientHellos kept with their counts.");
    public static final ConfigKey OUTCOMES_TRANSFER_BYTES = integer(
            "outcomes.transfer_bytes",
            65_536,
            1,
            1L << 40,
            "Bytes a server must send on a matched connection for its outcome to be `transferred` (an update or a "
                    + "KSN answer stream arrived) rather than `connected`.");
    public static final ConfigKey OUTCOMES_NO_REPLY_SECONDS = integer(
            "outcomes.no_reply_seconds",
            10,
            1,
            3_600,
            "A matched contact whose server has not answered within this long (packet time) is `blocked`, "
                    + "reason `no_reply`.");
    public static final ConfigKey OUTCOMES_SINKHOLE_ADDRESSES = strings(
            "outcomes.sinkhole_addresses",
            List.of(),
            "Addresses your resolvers answer for blocked names, beyond 0.0.0.0, :: and 127.0.0.0/8; a DNS answer "
                    + "of only such addresses is `blocked`, reason `dns_sinkhole`.");
    public static final ConfigKey PIPELINE_QUEUE_CAPACITY = integer(
            "pipeline.queue_capacity",
            65_536,
            16,
            16_777_216,
            "Events waiting between capture and the pipeline; when full, live capture drops and counts them.");
    public static final ConfigKey PIPELINE_DEDUP_SECONDS = integer(
            "pipeline.dedup_window_seconds",
            60,
            0,
            86_400,
            "Repeats of the same host, protocol and name within this window are marked as repeats.");
    public static final ConfigKey METRICS_MAX_HOST_SERIES = integer(
            "metrics.max_host_series",
            500,
            0,
            100_000,
            "Most `host` label values of banwatch_offender_matches_total; the others count as `_other`. A host with a more severe match takes the label of the least severe, least recently seen one.");
    public static final ConfigKey ALERTS_RENOTIFY_SECONDS = integer(
            "alerts.renotify_seconds",
            3600,
            1,
            7 * 86_400,
            "An alert whose contacts go on is sent again after this long (packet time); a host quiet this long starts"
                    + " a new alert.");
    public static final ConfigKey ALERTS_LOG = bool("alerts.log", true, "Write each alert as a JSON line to the log.");
    public static final ConfigKey ALERTS_FLUSH_TIMEOUT_SECONDS = integer(
            "alerts.flush_timeout_seconds",
            10,
            0,
            3600,
            "How long a replay or a stopping sensor waits for its alerts to be delivered; the webhook outbox keeps the"
                    + " rest.");
    public static final ConfigKey ALERTS_OUTBOX_DIR = string(
            "alerts.outbox_dir",
            "data/outbox",
            "Directory of the webhook's durable outbox: alerts waiting for delivery, kept across restarts.");
    public static final ConfigKey ALERTS_OUTBOX_MAX_ENTRIES = integer(
            "alerts.outbox_max_entries",
            10_000,
            1,
            1_000_000,
            "Most alerts the outbox holds; further alerts are not queued for the webhook and are counted.");
    public static final ConfigKey ALERTS_ALERTMANAGER_URLS = strings(
            "alerts.alertmanager.urls",
            List.of(),
            "Alertmanager base URLs (every member of an HA cluster), for example http://am1:9093; empty: off.");
    public static final ConfigKey ALERTS_ALERTMANAGER_RESOLVE_AFTER_SECONDS = integer(
            "alerts.alertmanager.resolve_after_seconds",
            900,
            1,
            7 * 86_400,
            "Quiet period after an alert's last contact after which Alertmanager lets it resolve (its endsAt).");
    public static final ConfigKey ALERTS_ALERTMANAGER_RESEND_SECONDS = integer(
            "alerts.alertmanager.resend_seconds",
            60,
            1,
            3600,
            "How often active alerts are sent again, so a restarted Alertmanager learns them.");
    public static final ConfigKey ALERTS_ALERTMANAGER_TIMEOUT_SECONDS =
            integer("alerts.alertmanager.timeout_seconds", 10, 1, 300, "Timeout of one request to Alertmanager.");
    public static final ConfigKey ALERTS_WEBHOOK_URL =
            string("alerts.webhook.url", "", "URL that receives each alert as a JSON POST; empty: off.");
    public static final ConfigKey ALERTS_WEBHOOK_SECRET = string(
            "alerts.webhook.secret",
            "",
            "Key of the X-Banwatch-Signature HMAC-SHA256 of each body; empty: no signature.");
    public static final ConfigKey ALERTS_WEBHOOK_TIMEOUT_SECONDS = integer(
            "alerts.webhook.timeout_seconds", 10, 1, 300, "Timeout of one webhook request; then it is retried.");
    public static final ConfigKey HTTP_LISTEN = string(
            "http.listen", "0.0.0.0:19153", "Address and port of the HTTP server (/metrics, /-/healthy, /-/ready).");
    // 15 s: a scraper or a person's client sends its whole request at once; a slow-loris client that trickles a head
    // holds a connection no longer than this, idle keep-alive connections neither.
    public static final ConfigKey HTTP_READ_TIMEOUT_SECONDS = integer(
            "http.read_timeout_seconds",
            15,
            1,
            300,
            "Longest a client may take to send a whole request, and a kept-alive connection may wait idle; then it is closed.");
    // 256 connections cost at most 256 x 28 KiB of request buffers (line, headers, body caps): 7 MiB.
    public static final ConfigKey HTTP_MAX_CONNECTIONS = integer(
            "http.max_connections",
            256,
            1,
            65_536,
            "HTTP connections open at once; more are refused with 503 and closed.");
    // 32: a Prometheus, a Grafana and a few people's tools from one address, not one client holding every slot.
    public static final ConfigKey HTTP_MAX_CONNECTIONS_PER_CLIENT = integer(
            "http.max_connections_per_client",
            32,
            1,
            65_536,
            "HTTP connections open at once from one client address; more are refused with 503 and closed.");
    public static final ConfigKey API_TOKEN = string(
            "api.token",
            "",
            "Bearer token that /api/* requires (Authorization: Bearer TOKEN); empty: /api/* answers loopback clients only.");
    public static final ConfigKey API_MAX_CONCURRENT_REQUESTS = integer(
            "api.max_concurrent_requests",
            4,
            1,
            64,
            "Store queries of /api/* running at once; more are refused with 503 until one ends.");
    // At most 30 s: a client waits for its answer with a connection open; the read timeout does not run meanwhile.
    public static final ConfigKey API_REQUEST_TIMEOUT_SECONDS = integer(
            "api.request_timeout_seconds", 10, 1, 30, "Longest an /api/* request may take before it is answered 503.");
    public static final ConfigKey CATALOG_BUILTIN =
            strings("catalog.builtin", List.of("kaspersky"), "Vendor catalogs shipped inside banwatch to load.");
    public static final ConfigKey CATALOG_FILES =
            strings("catalog.files", List.of(), "Further vendor catalog files (YAML) to load.");
    public static final ConfigKey KAFKA_BOOTSTRAP_SERVERS = strings(
            "sinks.kafka.bootstrap_servers",
            List.of(),
            "Kafka brokers as HOST:PORT to stream events to; empty: the Kafka sink is off.");
    public static final ConfigKey KAFKA_TOPIC =
            string("sinks.kafka.topic", "banwatch-events", "Topic the events are written to.");
    public static final ConfigKey KAFKA_CLIENT_ID =
            string("sinks.kafka.client_id", "banwatch", "Client id the brokers log and apply quotas to (`client.id`).");
    public static final ConfigKey KAFKA_EVENTS = string(
            "sinks.kafka.events",
            "matched",
            "`matched`: events that matched a catalog rule, and their outcomes; `all`: every observation too.");
    public static final ConfigKey KAFKA_COMPRESSION = string(
            "sinks.kafka.compression",
            "lz4",
            "Compression of record batches: `lz4`, `gzip` or `none` (`compression.type`).");
    public static final ConfigKey KAFKA_BUFFER_BYTES = integer(
            "sinks.kafka.buffer_bytes",
            32L << 20,
            256L << 10, // 16 of the producer's 16 KiB batches (batch.size)
            2 * GIB - 1,
            "Bytes of events waiting for the brokers (`buffer.memory`); when full, new events are dropped and counted.");
    public static final ConfigKey KAFKA_LINGER_MS = integer(
            "sinks.kafka.linger_ms",
            100,
            0,
            10_000,
            "Milliseconds the producer waits to fill a batch before sending it (`linger.ms`).");
    public static final ConfigKey KAFKA_DELIVERY_TIMEOUT_SECONDS = integer(
            "sinks.kafka.delivery_timeout_seconds",
            120,
            45,
            86_400,
            "How long an event is retried while the brokers cannot take it before it counts as failed "
                    + "(`delivery.timeout.ms`).");
    public static final ConfigKey KAFKA_SECURITY_PROTOCOL = string(
            "sinks.kafka.security_protocol",
            "plaintext",
            "How the brokers are reached: `plaintext`, `ssl` (TLS), `sasl_ssl` or `sasl_plaintext` "
                    + "(`security.protocol`).");
    public static final ConfigKey KAFKA_SSL_CA_FILE = string(
            "sinks.kafka.ssl_ca_file",
            "",
            "PEM file of the certificate authorities that signed the brokers' certificates; empty: the JVM's own.");
    public static final ConfigKey KAFKA_SASL_MECHANISM = string(
            "sinks.kafka.sasl_mechanism",
            "scram-sha-512",
            "SASL mechanism for `sasl_ssl` and `sasl_plaintext`: `scram-sha-512`, `scram-sha-256` or `plain`.");
    public static final ConfigKey KAFKA_SASL_USERNAME =
            string("sinks.kafka.sasl_username", "", "SASL user name (for `sasl_ssl` and `sasl_plaintext`).");
    public static final ConfigKey KAFKA_SASL_PASSWORD = string(
            "sinks.kafka.sasl_password",
            "",
            "SASL password; better set as BANWATCH_SINKS_KAFKA_SASL_PASSWORD than written in the file.");
    public static final ConfigKey KAFKA_FLUSH_TIMEOUT_SECONDS = integer(
            "sinks.kafka.flush_timeout_seconds",
            10,
            0,
            600,
            "On stop, how long banwatch waits for the brokers to take the events it still holds.");

    public static final ConfigKey STORE_ENABLED = bool(
            "store.enabled",
            true,
            "Keep matched events, their outcomes and a host inventory in the event store that `banwatch query` reads.");
    public static final ConfigKey STORE_PATH = string(
            "store.path",
            "data/banwatch.db",
            "The SQLite file of the event store, relative to the working directory unless absolute.");
    public static final ConfigKey STORE_RETENTION_DAYS = integer(
            "store.retention_days",
            400,
            1,
            36_500,
            "Events written longer ago than this are deleted (hourly); 400 keeps a year of compliance history.");
    public static final ConfigKey STORE_FLUSH_INTERVAL_MS = integer(
            "store.flush_interval_ms",
            1000,
            10,
            60_000,
            "Longest an event waits before its batch is committed: what a crash can lose at most.");
    public static final ConfigKey STORE_QUEUE_CAPACITY = integer(
            "store.queue_capacity",
            65_536,
            1_024,
            16_777_216,
            "Events waiting to be written; when full, live capture drops and counts them (replays wait).");
    public static final ConfigKey STORE_CACHE_MIB = integer(
            "store.cache_mib",
            16,
            2,
            4_096,
            "SQLite's page cache in MiB, outside the heap: part of the sensor's memory; 64 writes faster into a store "
                    + "of millions of events (README, The event store at scale).");
    public static final ConfigKey STORE_URL = string(
            "store.url",
            "",
            "The central store: a PostgreSQL JDBC URL (`jdbc:postgresql://db.example.org:5432/banwatch`) that many "
                    + "sensors write to; when set, no SQLite file is written and `store.path` is not used.");
    public static final ConfigKey STORE_USER =
            string("store.user", "", "The PostgreSQL user of `store.url`; empty: the URL's or the server's default.");
    public static final ConfigKey STORE_PASSWORD = string(
            "store.password",
            "",
            "The PostgreSQL password of `store.user`; better set as BANWATCH_STORE_PASSWORD than written in the file.");
    public static final ConfigKey OBSERVER_NAME = string(
            "observer.name",
            "",
            "This sensor's name (ECS `observer.name`) on every stored and streamed event; empty: the machine's host "
                    + "name.");

    /** All keys, in documentation order. */
    public static final List<ConfigKey> ALL = List.of(
            CAPTURE_INTERFACES,
            CAPTURE_SNAPLEN,
            CAPTURE_PROMISCUOUS,
            CAPTURE_IMMEDIATE,
            CAPTURE_TIMEOUT_MS,
            CAPTURE_BUFFER_BYTES,
            CAPTURE_FILTER,
            CAPTURE_SERVER_PORTS,
            CAPTURE_STATS_INTERVAL,
            CAPTURE_FANOUT,
            INSPECT_DNS_PORTS,
            INSPECT_MAX_FLOWS,
            INSPECT_TCP_IDLE_SECONDS,
            INSPECT_STREAM_BUDGET_BYTES,
            INSPECT_MAX_UDP_FLOWS,
            INSPECT_UDP_IDLE_SECONDS,
            INSPECT_WORKERS,
            ATTRIBUTION_MAX_ADDRESSES,
            ATTRIBUTION_MAX_NAMES,
            ATTRIBUTION_MIN_TTL,
            ATTRIBUTION_MAX_TTL,
            BLIND_SPOTS_INTERNAL_RESOLVERS,
            BLIND_SPOTS_DOH_NAMES,
            BLIND_SPOTS_MAX_ECH_NAMES,
            OUTCOMES_TRANSFER_BYTES,
            OUTCOMES_NO_REPLY_SECONDS,
            OUTCOMES_SINKHOLE_ADDRESSES,
            PIPELINE_QUEUE_CAPACITY,
            PIPELINE_DEDUP_SECONDS,
            METRICS_MAX_HOST_SERIES,
            ALERTS_RENOTIFY_SECONDS,
            ALERTS_LOG,
            ALERTS_FLUSH_TIMEOUT_SECONDS,
            ALERTS_OUTBOX_DIR,
            ALERTS_OUTBOX_MAX_ENTRIES,
            ALERTS_ALERTMANAGER_URLS,
            ALERTS_ALERTMANAGER_RESOLVE_AFTER_SECONDS,
            ALERTS_ALERTMANAGER_RESEND_SECONDS,
            ALERTS_ALERTMANAGER_TIMEOUT_SECONDS,
            ALERTS_WEBHOOK_URL,
            ALERTS_WEBHOOK_SECRET,
            ALERTS_WEBHOOK_TIMEOUT_SECONDS,
            HTTP_LISTEN,
            HTTP_READ_TIMEOUT_SECONDS,
            HTTP_MAX_CONNECTIONS,
            HTTP_MAX_CONNECTIONS_PER_CLIENT,
            API_TOKEN,
            API_MAX_CONCURRENT_REQUESTS,
            API_REQUEST_TIMEOUT_SECONDS,
            CATALOG_BUILTIN,
            CATALOG_FILES,
            STORE_ENABLED,
            STORE_PATH,
            STORE_RETENTION_DAYS,
            STORE_FLUSH_INTERVAL_MS,
            STORE_QUEUE_CAPACITY,
            STORE_CACHE_MIB,
            STORE_URL,
            STORE_USER,
            STORE_PASSWORD,
            OBSERVER_NAME,
            KAFKA_BOOTSTRAP_SERVERS,
            KAFKA_TOPIC,
            KAFKA_CLIENT_ID,
            KAFKA_EVENTS,
            KAFKA_COMPRESSION,
            KAFKA_BUFFER_BYTES,
            KAFKA_LINGER_MS,
            KAFKA_DELIVERY_TIMEOUT_SECONDS,
            KAFKA_FLUSH_TIMEOUT_SECONDS,
            KAFKA_SECURITY_PROTOCOL,
            KAFKA_SSL_CA_FILE,
            KAFKA_SASL_MECHANISM,
            KAFKA_SASL_USERNAME,
            KAFKA_SASL_PASSWORD);

    static final Map<String, ConfigKey> BY_PATH =
            ALL.stream().collect(Collectors.toUnmodifiableMap(ConfigKey::path, Function.identity()));

    private ConfigKeys() {}
}
