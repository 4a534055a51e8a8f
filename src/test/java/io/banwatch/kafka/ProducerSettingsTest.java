package io.banwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigLoader;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

    private static Map<String, Object> settings(String yaml, Map<String, String> env) {
        BanwatchConfig config = ConfigLoader.parse("b.yaml", yaml, env);
        Map<String, Object> settings = ProducerSettings.of(config.sinks().kafka());
        // The Kafka client's own checks: unknown names or bad values would fail here.
        new ProducerConfig(withSerializers(settings));
        return settings;
    }

    private static Map<String, Object> withSerializers(Map<String, Object> settings) {
        Map<String, Object> all = new java.util.HashMap<>(settings);
        all.put(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.StringSerializer.class);
        all.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.ByteArraySerializer.class);
        return all;
    }

    @Test
    void theIdempotentProducerWithABoundedBufferThatNeverWaitsLong() {
        Map<String, Object> p =
                settings("sinks:\n  kafka:\n    bootstrap_servers: [k1:9092, \"[::1]:9093\"]\n", Map.of());

        assertThat(p)
                .containsEntry("bootstrap.servers", "k1:9092,[::1]:9093")
                .containsEntry("enable.idempotence", true)
                .containsEntry("acks", "all")
                .containsEntry("compression.type", "lz4")
                .containsEntry("linger.ms", 100)
                .containsEntry("buffer.memory", 33_554_432L)
                .containsEntry("max.block.ms", 5_000)
                .containsEntry("delivery.timeout.ms", 120_000)
                .containsEntry("metadata.recovery.strategy", "none")
                .containsEntry("security.protocol", "PLAINTEXT")
                .doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void saslOverTlsWithAPemTrustStore() throws Exception {
        java.nio.file.Path ca = java.nio.file.Files.createTempFile("ca", ".pem");
        try {
            Map<String, Object> p = settings(
                    "sinks:\n  kafka:\n    bootstrap_servers: [k1:9093]\n    security_protocol: sasl_ssl\n"
                            + "    ssl_ca_file: " + ca
                            + "\n    sasl_mechanism: scram-sha-256\n    sasl_username: sensor\n",
                    Map.of("BANWATCH_SINKS_KAFKA_SASL_PASSWORD", "pa\"ss\\word"));

            assertThat(p)
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("ssl.truststore.type", "PEM")
                    .containsEntry("ssl.truststore.location", ca.toString())
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                    .containsEntry(
                            "sasl.jaas.config",
                            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"sensor\" "
                                    + "password=\"pa\\\"ss\\\\word\";");
        } finally {
            java.nio.file.Files.delete(ca);
        }
    }

    @Test
    void jaasValuesAreQuotedAsKafkaParsesThem() throws Exception {
        String value = "a\"b\\c";
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required password="
                + ProducerSettings.quoted(value) + ";";
        org.apache.kafka.common.security.JaasContext context =
                org.apache.kafka.common.security.JaasContext.loadClientContext(
                        Map.of("sasl.jaas.config", new org.apache.kafka.common.config.types.Password(jaas)));
        assertThat(context.configurationEntries().get(0).getOptions().get("password"))
                .isEqualTo(value);
    }
}
