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
    public static final ConfigKey CAPTURE_IMMEDIATE =
            bool("capture.immediate", true, "Deliver packets at once instead of when the kernel buffer fills.");
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
            "BPF filter: `auto` drops payload that servers send from `capture.server_ports` (it carries no name), "
                    + "`none` keeps every packet, anything else is used as a BPF expression.");
    public static final ConfigKey CAPTURE_SERVER_PORTS = integers(
            "capture.server_ports",
            List.of(80L, 443L, 8080L, 8443L),
            1,
            65_535,
            "Server ports whose outgoing TCP payload the `auto` filter drops.");
    public static final ConfigKey CAPTURE_STATS_INTERVAL = integer(
            "capture.stats_interval_seconds", 5, 1, 3600, "How often kernel and interface drop counts are read.");
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
            "Most `host` label values of banwatch_offender_matches_total; later hosts count as `_other`.");
    public static final ConfigKey ALERTS_WINDOW_SECONDS = integer(
            "alerts.window_seconds",
            3600,
            0,
            7 * 86_400,
            "One alert per host, vendor and category per window (packet time).");
    public static final ConfigKey ALERTS_LOG = bool("alerts.log", true, "Write each alert as a JSON line to the log.");
    public static final ConfigKey HTTP_LISTEN = string(
            "http.listen", "0.0.0.0:19153", "Address and port of the HTTP server (/metrics, /-/healthy, /-/ready).");
    public static final ConfigKey CATALOG_BUILTIN =
            strings("catalog.builtin", List.of("kaspersky"), "Vendor catalogs shipped inside banwatch to load.");
    public static final ConfigKey CATALOG_FILES =
            strings("catalog.files", List.of(), "Further vendor catalog files (YAML) to load.");

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
            INSPECT_DNS_PORTS,
            INSPECT_MAX_FLOWS,
            INSPECT_TCP_IDLE_SECONDS,
            INSPECT_STREAM_BUDGET_BYTES,
            PIPELINE_QUEUE_CAPACITY,
            PIPELINE_DEDUP_SECONDS,
            METRICS_MAX_HOST_SERIES,
            ALERTS_WINDOW_SECONDS,
            ALERTS_LOG,
            HTTP_LISTEN,
            CATALOG_BUILTIN,
            CATALOG_FILES);

    static final Map<String, ConfigKey> BY_PATH =
            ALL.stream().collect(Collectors.toUnmodifiableMap(ConfigKey::path, Function.identity()));

    private ConfigKeys() {}
}
