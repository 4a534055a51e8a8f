package io.banwatch.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/** The checked configuration, one record per section of {@code banwatch.yaml}. */
public record BanwatchConfig(
        Capture capture,
        Inspect inspect,
        BlindSpots blindSpots,
        Outcomes outcomes,
        Pipeline pipeline,
        Metrics metrics,
        Alerts alerts,
        Http http,
        Api api,
        Catalog catalog,
        Store store,
        Observer observer,
        Sinks sinks) {

    /**
     * {@code store.*}: the event store; a non-empty {@code url} (PostgreSQL) replaces the SQLite file of {@code path}.
     */
    public record Store(
            boolean enabled,
            String path,
            int retentionDays,
            int flushIntervalMillis,
            int queueCapacity,
            int cacheMib,
            String url,
            String user,
            String password) {

        /** True when the store is the PostgreSQL database of {@code url}, not the file of {@code path}. */
        public boolean central() {
            return !url.isEmpty();
        }
    }

    /** {@code observer.*}: this sensor; an empty name means the machine's host name. */
    public record Observer(String name) {}

    /**
     * {@code capture.*}: how packets are read.
     *
     * @param fanout capture threads per interface, each with its own handle in one Linux PACKET_FANOUT group; 1 reads
     *     each interface with one handle
     */
    public record Capture(
            List<String> interfaces,
            int snaplen,
            boolean promiscuous,
            boolean immediate,
            int timeoutMillis,
            int bufferBytes,
            String filter,
            List<Integer> serverPorts,
            int statsIntervalSeconds,
            int fanout) {}

    /** {@code inspect.*}: protocol inspection and its bounds. */
    public record Inspect(
            List<Integer> dnsPorts,
            int maxFlows,
            int tcpIdleTimeoutSeconds,
            long streamBufferBudgetBytes,
            int maxUdpFlows,
            int udpIdleTimeoutSeconds,
            Attribution attribution,
            int workers) {

        /** The same settings with {@code workers} inspection threads. */
        public Inspect withWorkers(int workers) {
            return new Inspect(
                    dnsPorts,
                    maxFlows,
                    tcpIdleTimeoutSeconds,
                    streamBufferBudgetBytes,
                    maxUdpFlows,
                    udpIdleTimeoutSeconds,
                    attribution,
                    workers);
        }
    }

    /**
     * {@code inspect.workers}: {@code auto} leaves one CPU to the capture threads and the event pipeline and inspects
     * on the others, at least one; a number is taken as it is.
     */
    static int workers(Object value, int processors) {
        return workers(value, processors, 1);
    }

    /**
     * {@code inspect.workers} with {@code capture.fanout}: with more than one capture thread per interface, {@code
     * auto} means 1, so that each capture thread inspects what it reads: the kernel has already spread the flows over
     * the threads by a symmetric hash, and a second sharding would copy every packet to another thread for nothing. A
     * number is taken as it is (the capture threads then hand their packets to that many workers).
     */
    static int workers(Object value, int processors, int fanout) {
        if (ConfigKey.AUTO.equals(value)) {
            return fanout > 1 ? 1 : Math.max(1, processors - 1);
        }
        return ((Number) value).intValue();
    }

    /** {@code capture.fanout}: {@code auto} is one capture thread per CPU, as for Suricata's AF_PACKET threads. */
    static int fanout(Object value, int processors) {
        if (ConfigKey.AUTO.equals(value)) {
            return Math.max(1, processors);
        }
        return ((Number) value).intValue();
    }

    /** {@code inspect.attribution.*}: the map from DNS answers' addresses to names, for flows without a name. */
    public record Attribution(int maxAddresses, int maxNamesPerAddress, long minTtlSeconds, long maxTtlSeconds) {}

    /** {@code blind_spots.*}: what counts as a blind spot. */
    public record BlindSpots(List<String> internalResolvers, List<String> dohNames, int maxEchOuterNames) {}

    /** {@code outcomes.*}: how the outcome of a matched contact is judged. */
    public record Outcomes(long transferBytes, int noReplySeconds, List<String> sinkholeAddresses) {}

    /** {@code pipeline.*}. */
    public record Pipeline(int queueCapacity, int dedupWindowSeconds) {}

    /** {@code metrics.*}. */
    public record Metrics(int maxHostSeries) {}

    /** {@code alerts.*}: when alerts are sent again, and the sinks. */
    public record Alerts(
            int renotifySeconds,
            boolean log,
            int flushTimeoutSeconds,
            String outboxDir,
            int outboxMaxEntries,
            Alertmanager alertmanager,
            Webhook webhook) {}

    /** {@code alerts.alertmanager.*}; {@code urls} empty: the sink is off. */
    public record Alertmanager(List<URI> urls, int resolveAfterSeconds, int resendSeconds, int timeoutSeconds) {}

    /** {@code alerts.webhook.*}; {@code url} null: the sink is off; {@code secret} empty: no signature. */
    public record Webhook(URI url, String secret, int timeoutSeconds) {}

    /** An absolute http or https URL, or a {@link ConfigException} naming the key. */
    static URI httpUrl(String where, String text) {
        try {
            URI uri = new URI(text.strip());
            if (uri.getScheme() != null
                    && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(
                where + ": \"" + text + "\" is not an http or https URL, such as http://alertmanager:9093");
    }

    /**
     * {@code api.*}: access to and limits of {@code /api/*}.
     *
     * @param token the bearer token required, or empty for loopback clients only
     */
    public record Api(String token, int maxConcurrentRequests, int requestTimeoutSeconds) {

        @Override
        public String toString() {
            return "Api[token=" + (token.isEmpty() ? "" : "***") + ", maxConcurrentRequests=" + maxConcurrentRequests
                    + ", requestTimeoutSeconds=" + requestTimeoutSeconds + "]";
        }
    }

    /**
     * {@code http.*}: {@code http.listen} split into host and port, and the server's limits.
     *
     * @param readTimeoutSeconds longest a client may take to send a request, or keep an idle connection open
     * @param maxConnections connections open at once
     * @param maxConnectionsPerClient connections open at once from one client address
     */
    public record Http(String host, int port, int readTimeoutSeconds, int maxConnections, int maxConnectionsPerClient) {

        public static final int DEFAULT_READ_TIMEOUT_SECONDS = 15;
        public static final int DEFAULT_MAX_CONNECTIONS = 256;
        public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 32;

        /** An address with the default limits. */
        public Http(String host, int port) {
            this(host, port, DEFAULT_READ_TIMEOUT_SECONDS, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_CLIENT);
        }

        /** The limits of {@code http.*} on this address; one client may not be allowed more than all clients. */
        Http limited(int readTimeout, int connections, int perClient) {
            if (perClient > connections) {
                throw new ConfigException(ConfigKeys.HTTP_MAX_CONNECTIONS_PER_CLIENT.path() + ": " + perClient
                        + " is more than " + ConfigKeys.HTTP_MAX_CONNECTIONS.path() + " (" + connections + ")");
            }
            return new Http(host, port, readTimeout, connections, perClient);
        }

        /** Parses {@code HOST:PORT} or {@code [IPV6]:PORT}. */
        static Http parse(String where, String listen) {
            int colon = listen.lastIndexOf(':');
            if (colon <= 0 || colon == listen.length() - 1) {
                throw new ConfigException(
                        where + ": expected HOST:PORT (for example 0.0.0.0:19153), got \"" + listen + "\"");
            }
            String host = listen.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            String portText = listen.substring(colon + 1);
            int port;
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new ConfigException(where + ": port \"" + portText + "\" is not a number (expected HOST:PORT, "
                        + "for example 0.0.0.0:19153)");
            }
            if (port < 0 || port > 65_535) {
                throw new ConfigException(where + ": port must be 0 to 65535, got " + port);
            }
            return new Http(host, port);
        }
    }

    /** {@code catalog.*}: which vendor catalogs to load. */
    public record Catalog(List<String> builtin, List<String> files) {}

    /** {@code sinks.*}: where events are streamed. */
    public record Sinks(Kafka kafka) {}

    /**
     * {@code sinks.kafka.*}: the Kafka event stream.
     *
     * @param compression a Kafka {@code compression.type}: {@code lz4}, {@code gzip} or {@code none}
     */
    public record Kafka(
            List<String> bootstrapServers,
            String topic,
            String clientId,
            StreamedEvents events,
            String compression,
            long bufferBytes,
            int lingerMillis,
            int deliveryTimeoutSeconds,
            int flushTimeoutSeconds,
            KafkaSecurity security) {

        /** True when brokers are configured. */
        public boolean enabled() {
            return !bootstrapServers.isEmpty();
        }
    }

    /**
     * {@code sinks.kafka.security_protocol} and its TLS and SASL settings.
     *
     * @param protocol a Kafka {@code security.protocol}: {@code PLAINTEXT}, {@code SSL}, {@code SASL_SSL} or
     *     {@code SASL_PLAINTEXT}
     * @param caFile PEM certificate authorities to trust, or null for the JVM's trust store
     * @param saslMechanism a Kafka {@code sasl.mechanism} ({@code SCRAM-SHA-512}, {@code SCRAM-SHA-256},
     *     {@code PLAIN}), or null without SASL
     */
    public record KafkaSecurity(
            String protocol, java.nio.file.Path caFile, String saslMechanism, String username, String password) {

        public boolean tls() {
            return protocol.equals("SSL") || protocol.equals("SASL_SSL");
        }

        public boolean sasl() {
            return saslMechanism != null;
        }

        /** Never prints the password. */
        @Override
        public String toString() {
            return "KafkaSecurity[protocol=" + protocol + ", caFile=" + caFile + ", saslMechanism=" + saslMechanism
                    + ", username=" + username + "]";
        }
    }

    /** {@code sinks.kafka.events}: which events are streamed. */
    public enum StreamedEvents {
        /** Events that matched a catalog rule, and the outcome events of matched contacts. */
        MATCHED,
        /** Every observation, matched or not. */
        ALL
    }

    @SuppressWarnings("unchecked")
    static BanwatchConfig from(Map<ConfigKey, Object> v) {
        Capture capture = new Capture(
                (List<String>) v.get(ConfigKeys.CAPTURE_INTERFACES),
                intValue(v, ConfigKeys.CAPTURE_SNAPLEN),
                (Boolean) v.get(ConfigKeys.CAPTURE_PROMISCUOUS),
                (Boolean) v.get(ConfigKeys.CAPTURE_IMMEDIATE),
                intValue(v, ConfigKeys.CAPTURE_TIMEOUT_MS),
                intValue(v, ConfigKeys.CAPTURE_BUFFER_BYTES),
                (String) v.get(ConfigKeys.CAPTURE_FILTER),
                ints(v, ConfigKeys.CAPTURE_SERVER_PORTS),
                intValue(v, ConfigKeys.CAPTURE_STATS_INTERVAL),
                fanout(v.get(ConfigKeys.CAPTURE_FANOUT), Runtime.getRuntime().availableProcessors()));
        long minTtl = ((Number) v.get(ConfigKeys.ATTRIBUTION_MIN_TTL)).longValue();
        long maxTtl = ((Number) v.get(ConfigKeys.ATTRIBUTION_MAX_TTL)).longValue();
        if (minTtl > maxTtl) {
            throw new ConfigException(ConfigKeys.ATTRIBUTION_MIN_TTL.path() + ": " + minTtl + " is more than "
                    + ConfigKeys.ATTRIBUTION_MAX_TTL.path() + " (" + maxTtl + ")");
        }
        Inspect inspect = new Inspect(
                ints(v, ConfigKeys.INSPECT_DNS_PORTS),
                intValue(v, ConfigKeys.INSPECT_MAX_FLOWS),
                intValue(v, ConfigKeys.INSPECT_TCP_IDLE_SECONDS),
                ((Number) v.get(ConfigKeys.INSPECT_STREAM_BUDGET_BYTES)).longValue(),
                intValue(v, ConfigKeys.INSPECT_MAX_UDP_FLOWS),
                intValue(v, ConfigKeys.INSPECT_UDP_IDLE_SECONDS),
                new Attribution(
                        intValue(v, ConfigKeys.ATTRIBUTION_MAX_ADDRESSES),
                        intValue(v, ConfigKeys.ATTRIBUTION_MAX_NAMES),
                        minTtl,
                        maxTtl),
                workers(
                        v.get(ConfigKeys.INSPECT_WORKERS),
                        Runtime.getRuntime().availableProcessors(),
                        capture.fanout()));
        BlindSpots blindSpots = new BlindSpots(
                (List<String>) v.get(ConfigKeys.BLIND_SPOTS_INTERNAL_RESOLVERS),
                (List<String>) v.get(ConfigKeys.BLIND_SPOTS_DOH_NAMES),
                intValue(v, ConfigKeys.BLIND_SPOTS_MAX_ECH_NAMES));
        Outcomes outcomes = new Outcomes(
                ((Number) v.get(ConfigKeys.OUTCOMES_TRANSFER_BYTES)).longValue(),
                intValue(v, ConfigKeys.OUTCOMES_NO_REPLY_SECONDS),
                (List<String>) v.get(ConfigKeys.OUTCOMES_SINKHOLE_ADDRESSES));
        Pipeline pipeline = new Pipeline(
                intValue(v, ConfigKeys.PIPELINE_QUEUE_CAPACITY), intValue(v, ConfigKeys.PIPELINE_DEDUP_SECONDS));
        Metrics metrics = new Metrics(intValue(v, ConfigKeys.METRICS_MAX_HOST_SERIES));
        List<String> amUrls = (List<String>) v.get(ConfigKeys.ALERTS_ALERTMANAGER_URLS);
        List<URI> alertmanagers = new java.util.ArrayList<>();
        for (int i = 0; i < amUrls.size(); i++) {
            alertmanagers.add(httpUrl(ConfigKeys.ALERTS_ALERTMANAGER_URLS.path() + "[" + i + "]", amUrls.get(i)));
        }
        String webhookUrl = (String) v.get(ConfigKeys.ALERTS_WEBHOOK_URL);
        Alerts alerts = new Alerts(
                intValue(v, ConfigKeys.ALERTS_RENOTIFY_SECONDS),
                (Boolean) v.get(ConfigKeys.ALERTS_LOG),
                intValue(v, ConfigKeys.ALERTS_FLUSH_TIMEOUT_SECONDS),
                (String) v.get(ConfigKeys.ALERTS_OUTBOX_DIR),
                intValue(v, ConfigKeys.ALERTS_OUTBOX_MAX_ENTRIES),
                new Alertmanager(
                        List.copyOf(alertmanagers),
                        intValue(v, ConfigKeys.ALERTS_ALERTMANAGER_RESOLVE_AFTER_SECONDS),
                        intValue(v, ConfigKeys.ALERTS_ALERTMANAGER_RESEND_SECONDS),
                        intValue(v, ConfigKeys.ALERTS_ALERTMANAGER_TIMEOUT_SECONDS)),
                new Webhook(
                        webhookUrl.isBlank() ? null : httpUrl(ConfigKeys.ALERTS_WEBHOOK_URL.path(), webhookUrl),
                        (String) v.get(ConfigKeys.ALERTS_WEBHOOK_SECRET),
                        intValue(v, ConfigKeys.ALERTS_WEBHOOK_TIMEOUT_SECONDS)));
        Http http = Http.parse(ConfigKeys.HTTP_LISTEN.path(), (String) v.get(ConfigKeys.HTTP_LISTEN))
                .limited(
                        intValue(v, ConfigKeys.HTTP_READ_TIMEOUT_SECONDS),
                        intValue(v, ConfigKeys.HTTP_MAX_CONNECTIONS),
                        intValue(v, ConfigKeys.HTTP_MAX_CONNECTIONS_PER_CLIENT));
        Api api = new Api(
                ((String) v.get(ConfigKeys.API_TOKEN)).strip(),
                intValue(v, ConfigKeys.API_MAX_CONCURRENT_REQUESTS),
                intValue(v, ConfigKeys.API_REQUEST_TIMEOUT_SECONDS));
        Catalog catalog = new Catalog(
                (List<String>) v.get(ConfigKeys.CATALOG_BUILTIN), (List<String>) v.get(ConfigKeys.CATALOG_FILES));
        Store store = new Store(
                (Boolean) v.get(ConfigKeys.STORE_ENABLED),
                (String) v.get(ConfigKeys.STORE_PATH),
                intValue(v, ConfigKeys.STORE_RETENTION_DAYS),
                intValue(v, ConfigKeys.STORE_FLUSH_INTERVAL_MS),
                intValue(v, ConfigKeys.STORE_QUEUE_CAPACITY),
                intValue(v, ConfigKeys.STORE_CACHE_MIB),
                ((String) v.get(ConfigKeys.STORE_URL)).strip(),
                ((String) v.get(ConfigKeys.STORE_USER)).strip(),
                (String) v.get(ConfigKeys.STORE_PASSWORD));
        Observer observer = new Observer(((String) v.get(ConfigKeys.OBSERVER_NAME)).strip());
        return new BanwatchConfig(
                capture,
                inspect,
                blindSpots,
                outcomes,
                pipeline,
                metrics,
                alerts,
                http,
                api,
                catalog,
                store,
                observer,
                new Sinks(kafka(v)));
    }

    @SuppressWarnings("unchecked")
    private static Kafka kafka(Map<ConfigKey, Object> v) {
        List<String> servers = BootstrapServers.check(
                ConfigKeys.KAFKA_BOOTSTRAP_SERVERS.path(), (List<String>) v.get(ConfigKeys.KAFKA_BOOTSTRAP_SERVERS));
        return new Kafka(
                servers.stream().map(String::strip).toList(),
                KafkaNames.topic(ConfigKeys.KAFKA_TOPIC.path(), (String) v.get(ConfigKeys.KAFKA_TOPIC)),
                KafkaNames.clientId(ConfigKeys.KAFKA_CLIENT_ID.path(), (String) v.get(ConfigKeys.KAFKA_CLIENT_ID)),
                choice(ConfigKeys.KAFKA_EVENTS, v, StreamedEvents.class),
                KafkaNames.compression(
                        ConfigKeys.KAFKA_COMPRESSION.path(), (String) v.get(ConfigKeys.KAFKA_COMPRESSION)),
                ((Number) v.get(ConfigKeys.KAFKA_BUFFER_BYTES)).longValue(),
                intValue(v, ConfigKeys.KAFKA_LINGER_MS),
                intValue(v, ConfigKeys.KAFKA_DELIVERY_TIMEOUT_SECONDS),
                intValue(v, ConfigKeys.KAFKA_FLUSH_TIMEOUT_SECONDS),
                KafkaSecuritySettings.from(v));
    }

    private static <E extends Enum<E>> E choice(ConfigKey key, Map<ConfigKey, Object> values, Class<E> type) {
        String text = ((String) values.get(key)).strip();
        for (E value : type.getEnumConstants()) {
            if (value.name().equalsIgnoreCase(text)) {
                return value;
            }
        }
        throw new ConfigException(key.path() + ": \"" + text + "\" is not one of "
                + java.util.Arrays.stream(type.getEnumConstants())
                        .map(e -> ConfigLoader.lower(e.name()))
                        .toList());
    }

    private static int intValue(Map<ConfigKey, Object> values, ConfigKey key) {
        return Math.toIntExact(((Number) values.get(key)).longValue());
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> ints(Map<ConfigKey, Object> values, ConfigKey key) {
        return ((List<? extends Number>) values.get(key))
                .stream().map(Number::intValue).toList();
    }
}
