package io.banwatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigLoader;
import io.banwatch.sensor.Replay;
import io.banwatch.sensor.Sensor;
import io.banwatch.source.CaptureStats;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka sink against a real broker (KRaft, in a child JVM): a replayed capture's matched events arrive as the
 * same JSON the observations file holds plus {@code observer.name}, keyed by client host and in order per host; with
 * the broker stopped mid-stream the pipeline keeps draining, drops are counted, and nothing the producer reported
 * sent is lost.
 */
class KafkaSinkIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Replay.Options REPLAY = new Replay.Options("auto", List.of(80, 443, 8080, 8443), false);
    private static final Replay.Progress QUIET = new Replay.Progress() {
        @Override
        public void started(Path file, CaptureStats stats) {}

        @Override
        public void finished(Path file, CaptureStats stats) {}
    };

    private static Path dir;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        dir = Files.createTempDirectory("banwatch-kafka-it");
        broker = new KafkaBroker(dir);
        broker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Path capture(String resource) throws Exception {
        return Path.of(KafkaSinkIT.class.getResource(resource).toURI());
    }

    /** The bundled demo sample, from the source tree: failsafe runs against the jar, where it is no file. */
    private static Path demo() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .resolve("src/main/resources/io/banwatch/sample/demo.pcapng");
    }

    private static List<Path> captures() throws Exception {
        return List.of(
                demo(),
                capture("/io/banwatch/fixtures/dns-kaspersky.pcap"),
                capture("/io/banwatch/fixtures/http-update.pcap"),
                capture("/io/banwatch/fixtures/tls-split-clienthello.pcap"),
                capture("/io/banwatch/fixtures/quic-chromium.pcap"));
    }

    private static BanwatchConfig config(String topic, String... more) {
        return config(broker.bootstrap(), topic, Map.of(), more);
    }

    private static BanwatchConfig config(String bootstrap, String topic, Map<String, String> env, String... more) {
        String yaml = String.join(
                "\n",
                "observer:",
                "  name: sensor-it",
                "sinks:",
                "  kafka:",
                "    bootstrap_servers: [\"" + bootstrap + "\"]",
                "    topic: " + topic,
                "    linger_ms: 20",
                String.join("\n", more),
                "");
        return ConfigLoader.parse("kafka-it.yaml", yaml, env);
    }

    /** The client host of an event JSON: a DNS answer goes to its destination, everything else comes from its source. */
    private static String host(JsonNode event) {
        boolean answer = "answer".equals(event.path("dns").path("type").asText());
        return event.path(answer ? "destination" : "source").path("ip").asText();
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    private static List<ConsumerRecord<String, String>> consume(String topic, long atLeast, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(PartitionInfo::partition)
                    .map(p -> new TopicPartition(topic, p))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                boolean atEnd = partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                if (atEnd && records.size() >= atLeast) {
                    break;
                }
            }
        }
        return records;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void matchedEventsArriveAsTheirJsonKeyedByHostInOrder() throws Exception {
        String topic = "banwatch-events";
        broker.createTopic(topic, 3);
        Path observations = dir.resolve("observations.jsonl");
        long sent;
        try (OutputStream out = Files.newOutputStream(observations);
                Sensor sensor = new Sensor(config(topic), out, false)) {
            Replay.run(sensor, captures(), REPLAY, QUIET);
            sensor.drain(Duration.ofSeconds(30));
            KafkaEventSink kafka = sensor.kafka();
            await("every event acknowledged", Duration.ofSeconds(60), () -> kafka.buffered() == 0);
            assertThat(kafka.dropped()).isZero();
            assertThat(kafka.failed()).isZero();
            sent = kafka.sent();
        }

        // Expected: the observations file's matched events (contacts and outcomes), plus the sensor's name.
        Map<String, List<JsonNode>> expected = new LinkedHashMap<>();
        for (JsonNode event : lines(observations)) {
            if (event.has("banwatch")) {
                ((ObjectNode) event).putObject("observer").put("name", "sensor-it");
                expected.computeIfAbsent(host(event), h -> new ArrayList<>()).add(event);
            }
        }
        long matched = expected.values().stream().mapToLong(List::size).sum();
        assertThat(matched).as("matched events in the captures").isGreaterThan(20);
        assertThat(expected.keySet()).as("hosts").hasSizeGreaterThan(1);
        assertThat(sent).isEqualTo(matched);

        List<ConsumerRecord<String, String>> records = consume(topic, matched, Duration.ofSeconds(60));
        assertThat(records).hasSize((int) matched);
        // Records of one partition come back in offset order: a host's events, read per key, keep their order.
        Map<String, List<JsonNode>> consumed = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode event = JSON.readTree(record.value());
            assertThat(record.key()).as("key of " + record.value()).isEqualTo(host(event));
            consumed.computeIfAbsent(record.key(), h -> new ArrayList<>()).add(event);
        }
        assertThat(consumed.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (String host : expected.keySet()) {
            assertThat(consumed.get(host)).as("events of " + host + " in order").isEqualTo(expected.get(host));
        }
    }

    @Test
    void aBrokerRestartMidStreamLosesNothingSentAndCountsDropsWithoutStallingThePipeline() throws Exception {
        String topic = "banwatch-restart";
        broker.createTopic(topic, 3);
        Path observations = dir.resolve("restart.jsonl");
        List<Path> sample = List.of(demo());
        long sent;
        long dropped;
        long failed;
        String scrape;
        try (OutputStream out = Files.newOutputStream(observations);
                Sensor sensor = new Sensor(
                        config(
                                topic,
                                "    events: all",
                                "    buffer_bytes: 262144",
                                "    delivery_timeout_seconds: 300"),
                        out,
                        false)) {
            KafkaEventSink kafka = sensor.kafka();
            Replay.run(sensor, sample, REPLAY, QUIET);
            sensor.drain(Duration.ofSeconds(30));
            await("first replay acknowledged", Duration.ofSeconds(60), () -> kafka.buffered() == 0);
            long sentBefore = kafka.sent();
            assertThat(sentBefore).isPositive();
            assertThat(kafka.dropped()).as("drops while the broker is up").isZero();

            broker.stop();
            long start = System.nanoTime();
            int replays = 0;
            while (kafka.dropped() == 0 && replays < 200) {
                Replay.run(sensor, sample, REPLAY, QUIET);
                replays++;
            }
            sensor.drain(Duration.ofSeconds(30));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(kafka.dropped())
                    .as("drops while the broker is down, after " + replays + " replays")
                    .isPositive();
            // A replay of the sample takes milliseconds; a sink that waited for the broker would hold every event
            // for max.block.ms (5 s) once its buffer is full.
            assertThat(seconds).as(replays + " replays with the broker down").isLessThan(30);
            // With the buffer full, the pipeline keeps draining: more replays finish as promptly.
            long more = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                Replay.run(sensor, sample, REPLAY, QUIET);
            }
            sensor.drain(Duration.ofSeconds(30));
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - more))
                    .as("5 replays with the buffer full")
                    .isLessThan(10);

            broker.start();
            await("buffered events delivered after the restart", Duration.ofSeconds(120), () -> kafka.buffered() == 0);
            sent = kafka.sent();
            assertThat(sent)
                    .as("events buffered while the broker was down, sent after its restart")
                    .isGreaterThan(sentBefore);
            dropped = kafka.dropped();
            failed = kafka.failed();
            scrape = new String(sensor.metrics().scrape("text/plain").body(), StandardCharsets.UTF_8);
        }

        long streamed = Files.readAllLines(observations).size();
        System.out.printf(
                "kafka restart: %d events streamed: sent %d, dropped %d, failed %d%n", streamed, sent, dropped, failed);
        assertThat(sent + dropped + failed).as("every event counted once").isEqualTo(streamed);
        assertThat(scrape)
                .contains("banwatch_sink_events_total{outcome=\"dropped\",sink=\"kafka\"} " + (double) dropped)
                .contains("banwatch_sink_events_total{outcome=\"sent\",sink=\"kafka\"} " + (double) sent);

        List<ConsumerRecord<String, String>> records = consume(topic, sent, Duration.ofSeconds(60));
        assertThat((long) records.size())
                .as("consumed, of %d sent and %d failed", sent, failed)
                .isGreaterThanOrEqualTo(sent)
                .isLessThanOrEqualTo(sent + failed);
    }

    @Test
    void aSaslUserStreamsAndAWrongPasswordIsCountedWithoutHanging() throws Exception {
        String topic = "banwatch-sasl";
        broker.createTopic(topic, 1);
        List<Path> capture = List.of(capture("/io/banwatch/fixtures/dns-kaspersky.pcap"));
        String[] sasl = {
            "    security_protocol: sasl_plaintext",
            "    sasl_mechanism: plain",
            "    sasl_username: " + KafkaBroker.SASL_USER,
            "    flush_timeout_seconds: 3"
        };
        long sent;
        try (Sensor sensor = new Sensor(
                config(
                        broker.saslBootstrap(),
                        topic,
                        Map.of("BANWATCH_SINKS_KAFKA_SASL_PASSWORD", KafkaBroker.SASL_PASSWORD),
                        sasl),
                null,
                false)) {
            Replay.run(sensor, capture, REPLAY, QUIET);
            sensor.drain(Duration.ofSeconds(30));
            KafkaEventSink kafka = sensor.kafka();
            await("every event acknowledged", Duration.ofSeconds(60), () -> kafka.buffered() == 0);
            sent = kafka.sent();
            assertThat(sent).isPositive();
            assertThat(kafka.dropped() + kafka.failed()).isZero();
        }
        assertThat(consume(topic, sent, Duration.ofSeconds(60))).hasSize((int) sent);

        long start = System.nanoTime();
        KafkaEventSink refused;
        try (Sensor sensor = new Sensor(
                config(broker.saslBootstrap(), topic, Map.of("BANWATCH_SINKS_KAFKA_SASL_PASSWORD", "wrong"), sasl),
                null,
                false)) {
            Replay.run(sensor, capture, REPLAY, QUIET);
            sensor.drain(Duration.ofSeconds(30));
            refused = sensor.kafka();
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(refused.sent()).isZero();
        assertThat(refused.dropped() + refused.failed())
                .as("every event counted")
                .isEqualTo(sent);
        // The stop waits flush_timeout_seconds (3) and at most max.block.ms (5) for the sender thread.
        assertThat(seconds).as("replay and stop with a wrong password").isLessThan(20);
    }

    @Test
    void tlsWithThePemOfTheBrokersCaStreamsAndAnUntrustedBrokerIsCounted() throws Exception {
        String topic = "banwatch-tls";
        broker.createTopic(topic, 1);
        List<Path> capture = List.of(capture("/io/banwatch/fixtures/dns-kaspersky.pcap"));
        long sent;
        try (Sensor sensor = new Sensor(
                config(
                        broker.tlsBootstrap(),
                        topic,
                        Map.of(),
                        "    security_protocol: ssl",
                        "    ssl_ca_file: " + broker.caFile()),
                null,
                false)) {
            Replay.run(sensor, capture, REPLAY, QUIET);
            sensor.drain(Duration.ofSeconds(30));
            KafkaEventSink kafka = sensor.kafka();
            await("every event acknowledged", Duration.ofSeconds(60), () -> kafka.buffered() == 0);
            sent = kafka.sent();
            assertThat(sent).isPositive();
            assertThat(kafka.dropped() + kafka.failed()).isZero();
        }
        assertThat(consume(topic, sent, Duration.ofSeconds(60))).hasSize((int) sent);

        // Without the CA the JVM's trust store does not know the broker: the handshake fails, every event counted.
        KafkaEventSink untrusted;
        try (Sensor sensor = new Sensor(
                config(
                        broker.tlsBootstrap(),
                        topic,
                        Map.of(),
                        "    security_protocol: ssl",
                        "    flush_timeout_seconds: 3"),
                null,
                false)) {
            Replay.run(sensor, capture, REPLAY, QUIET);
            sensor.drain(Duration.ofSeconds(30));
            untrusted = sensor.kafka();
        }
        assertThat(untrusted.sent()).isZero();
        assertThat(untrusted.dropped() + untrusted.failed()).isEqualTo(sent);
    }
}
