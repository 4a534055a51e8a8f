package io.banwatch.kafka;

import io.banwatch.config.BanwatchConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * The producer configuration of the Kafka sink, from {@code sinks.kafka.*}. Each setting says why it differs from
 * Kafka's default; the reference is the Kafka documentation's "Producer Configs"
 * (https://kafka.apache.org/documentation/#producerconfigs).
 */
final class ProducerSettings {

    // max.block.ms bounds how long send() may wait for topic metadata or for room in buffer.memory. Only the sink's
    // own sender thread calls send(), never the pipeline's event loop or a capture thread; while it waits, events
    // gather in the hand-off and are dropped and counted once it is full. 5 s lets the first metadata fetch from a
    // reachable broker finish at start, and bounds how long a stop waits for that thread.
    static final Duration MAX_BLOCK = Duration.ofSeconds(5);

    private ProducerSettings() {}

    static Map<String, Object> of(BanwatchConfig.Kafka kafka) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", kafka.bootstrapServers()));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, kafka.clientId());
        // Once and in order per host: with enable.idempotence the broker discards a retried batch it already has,
        // and keeps a partition's order across retries with up to 5 requests in flight; it requires acks=all
        // ("enable.idempotence", "max.in.flight.requests.per.connection").
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, kafka.compression());
        // Events come in bursts of a few; waiting up to linger.ms puts a burst in one compressed batch and one
        // request. A SIEM indexes in seconds, so 100 ms is not noticed.
        p.put(ProducerConfig.LINGER_MS_CONFIG, kafka.lingerMillis());
        // buffer.memory is the bound of what waits for the brokers; past it send() would block (max.block.ms)
        // and the sink drops instead.
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, kafka.bufferBytes());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis());
        // delivery.timeout.ms: how long a record is retried (a broker restart, a leader election) before its
        // callback fails; retries are otherwise unbounded (retries = MAX_INT by default).
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, kafka.deliveryTimeoutSeconds() * 1_000);
        // Kafka 4's default metadata.recovery.strategy, rebootstrap, forgets the cluster's metadata when no known
        // broker answers (a single broker restarting, the whole cluster down for a moment): every send() then waits
        // max.block.ms for metadata and the sink would drop the whole outage instead of buffering it. With none the
        // producer keeps the partitions and brokers it knew, buffers, and reconnects to them (by name, re-resolved)
        // when they return ("metadata.recovery.strategy", KIP-899).
        p.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        // KIP-714 client telemetry is on by default and lets a broker ask clients for their metrics; the sensor
        // exports its own metrics to Prometheus and sends nothing else.
        p.put(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, false);
        security(kafka.security(), p);
        return p;
    }

    /** TLS and SASL ("Security" in the Kafka documentation: encryption with SSL, authentication with SASL). */
    private static void security(BanwatchConfig.KafkaSecurity security, Map<String, Object> p) {
        p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, security.protocol());
        if (security.tls() && security.caFile() != null) {
            // A PEM trust store (KIP-651): the CA certificates as operators have them, no keytool step.
            p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
            p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, security.caFile().toString());
        }
        if (security.sasl()) {
            p.put(SaslConfigs.SASL_MECHANISM, security.saslMechanism());
            String module = security.saslMechanism().equals("PLAIN")
                    ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            // Kafka logs sasl.jaas.config as [hidden] (a PASSWORD-type config).
            p.put(
                    SaslConfigs.SASL_JAAS_CONFIG,
                    module + " required username=" + quoted(security.username()) + " password="
                            + quoted(security.password()) + ";");
        }
    }

    /** A JAAS option value: in double quotes, with backslash and double quote escaped (Kafka's JaasConfig). */
    static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
