package io.banwatch.kafka;

import static io.banwatch.alert.TestEvents.dnsQuery;
import static io.banwatch.alert.TestEvents.tls;
import static io.banwatch.alert.TestEvents.updateBanned;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banwatch.event.Event;
import io.banwatch.event.EventJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KafkaEventSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Event MATCHED =
            tls("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned());

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private KafkaEventSink sink;

    @AfterEach
    void close() {
        if (sink != null) {
            sink.close();
        }
    }

    private static MockProducer<String, byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaEventSink sink(MockProducer<String, byte[]> producer, int capacity) {
        sink = new KafkaEventSink(
                producer, new EventRecords("events", "sensor-1"), capacity, Duration.ofSeconds(5), registry);
        return sink;
    }

    private double counted(String outcome) {
        return registry.get("banwatch.sink.events")
                .tags("sink", "kafka", "outcome", outcome)
                .functionCounter()
                .count();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void sendsEachEventAsItsJsonWithTheObserverKeyedByHost() throws Exception {
        MockProducer<String, byte[]> producer = producer(true);
        sink(producer, 64);
        Event query = dnsQuery("2024-10-02T14:00:01Z", "10.1.1.2", "example.org", null);

        assertThat(sink.offer("10.1.1.1", MATCHED)).isTrue();
        assertThat(sink.offer("10.1.1.2", query)).isTrue();
        await(() -> sink.sent() == 2);

        assertThat(producer.history()).extracting(ProducerRecord::key).containsExactly("10.1.1.1", "10.1.1.2");
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly("events");
        JsonNode value = JSON.readTree(producer.history().get(0).value());
        JsonNode expected = JSON.readTree(EventJson.toJson(MATCHED));
        ((com.fasterxml.jackson.databind.node.ObjectNode) expected)
                .putObject("observer")
                .put("name", "sensor-1");
        assertThat(value).isEqualTo(expected);
        assertThat(counted("sent")).isEqualTo(2);
        assertThat(sink.buffered()).isZero();
    }

    @Test
    void aFullHandOffDropsAndCountsWithoutWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inSend = new CountDownLatch(1);
        // A producer whose send() waits as KafkaProducer's does when buffer.memory is full (max.block.ms).
        MockProducer<String, byte[]> stuck =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()) {
                    @Override
                    public synchronized Future<RecordMetadata> send(
                            ProducerRecord<String, byte[]> record, Callback callback) {
                        inSend.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return super.send(record, callback);
                    }
                };
        sink(stuck, 64);
        sink.offer("10.1.1.1", MATCHED);
        assertThat(inSend.await(5, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 1_000; i++) {
            if (sink.offer("10.1.1.1", MATCHED)) {
                accepted++;
            }
        }
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);

        assertThat(accepted).as("the hand-off's capacity").isEqualTo(64);
        assertThat(sink.dropped()).isEqualTo(1_000 - 64);
        assertThat(counted("dropped")).isEqualTo(1_000 - 64);
        assertThat(sink.buffered()).isEqualTo(65);
        assertThat(micros).as("1,000 offers never wait for the producer").isLessThan(1_000_000);

        release.countDown();
        await(() -> sink.sent() == 65);
        assertThat(sink.buffered()).isZero();
    }

    @Test
    void refusalsOfTheProducerCountAsDroppedAndFailedDeliveriesAsFailed() throws Exception {
        MockProducer<String, byte[]> producer = producer(false);
        sink(producer, 64);

        producer.sendException = new BufferExhaustedException("Failed to allocate 100 bytes within 5000 ms");
        sink.offer("10.1.1.1", MATCHED);
        await(() -> sink.dropped() == 1);

        producer.sendException = null;
        sink.offer("10.1.1.1", MATCHED);
        sink.offer("10.1.1.1", MATCHED);
        await(() -> producer.history().size() == 2);
        producer.errorNext(new TimeoutException("Expiring 1 record(s) after 120000 ms"));
        producer.completeNext();

        assertThat(sink.failed()).isEqualTo(1);
        assertThat(sink.sent()).isEqualTo(1);
        assertThat(sink.dropped()).isEqualTo(1);
        assertThat(sink.buffered()).isZero();
        assertThat(counted("failed")).isEqualTo(1);
    }

    @Test
    void closeSendsWhatTheHandOffHoldsAndRefusesLaterEvents() {
        MockProducer<String, byte[]> producer = producer(true);
        sink(producer, 1_000);
        for (int i = 0; i < 500; i++) {
            sink.offer("10.1.1." + (i % 7), MATCHED);
        }
        sink.close();

        assertThat(sink.sent()).isEqualTo(500);
        assertThat(producer.closed()).isTrue();
        assertThat(sink.offer("10.1.1.1", MATCHED)).isFalse();
        assertThat(sink.dropped()).isEqualTo(1);
    }

    @Test
    void noResolvableBrokerNameIsAConfigurationError() {
        io.banwatch.config.BanwatchConfig.Kafka kafka = io.banwatch.config.ConfigLoader.defaults(
                        java.util.Map.of("BANWATCH_SINKS_KAFKA_BOOTSTRAP_SERVERS", "broker.invalid:9092"))
                .sinks()
                .kafka();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KafkaEventSink.start(kafka, "s", registry))
                .isInstanceOf(io.banwatch.config.ConfigException.class)
                .hasMessage("sinks.kafka: the Kafka producer cannot start: No resolvable bootstrap urls given in "
                        + "bootstrap.servers (sinks.kafka.bootstrap_servers: [broker.invalid:9092])");
    }

    @Test
    void theHandOffIsSizedFromTheBufferBytes() {
        assertThat(KafkaEventSink.handoffCapacity(32L << 20)).isEqualTo(8_192);
        assertThat(KafkaEventSink.handoffCapacity(256L << 10)).isEqualTo(1_024);
        assertThat(KafkaEventSink.handoffCapacity(2L << 30)).isEqualTo(65_536);
    }
}
