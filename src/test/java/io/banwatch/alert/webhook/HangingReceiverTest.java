package io.banwatch.alert.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.alert.Alert;
import io.banwatch.alert.AlertDispatcher;
import io.banwatch.alert.Backoff;
import io.banwatch.alert.TestEvents;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Receivers that accept the connection and then hang, on real loopback sockets: each attempt ends at the request's
 * deadline whatever the receiver does, the caller never waits, the gauge shows the delivery in flight, the alert
 * stays in the outbox and the next start delivers it.
 */
@Timeout(60)
class HangingReceiverTest {

    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final int ATTEMPTS = 3;
    private static final String SECRET = "s3cret";

    @TempDir
    Path outboxDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());

    private AlertDispatcher dispatcher(URI url) throws Exception {
        WebhookSink sink = new WebhookSink(
                new WebhookSink.Settings(
                        url,
                        SECRET,
                        DEADLINE,
                        new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
                        ATTEMPTS,
                        Duration.ofMinutes(10)),
                new Outbox(outboxDir, 100, registry),
                registry);
        return new AlertDispatcher(List.of(sink), registry);
    }

    @ParameterizedTest
    @EnumSource(HangingReceiver.Mode.class)
    void aHangingReceiverCostsEachAttemptItsDeadlineAndTheAlertWaitsInTheOutbox(HangingReceiver.Mode mode)
            throws Exception {
        Alert alert = TestEvents.alert(
                TestEvents.tls(
                        "2024-10-02T14:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", TestEvents.updateBanned()),
                "10.4.7.19",
                "host 10.4.7.19 reached Kaspersky update service");
        try (HangingReceiver hanging = new HangingReceiver(mode)) {
            AlertDispatcher dispatcher = dispatcher(hanging.url());
            long start = System.nanoTime();
            dispatcher.dispatch(alert);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("dispatch returns at once")
                    .isLessThan(DEADLINE);
            await("the first attempt's connection", () -> hanging.accepted.get() >= 1);
            assertThat(inFlight()).isEqualTo(1);

            await("every attempt given up", () -> deliveries("failed") == 1);
            long took = System.nanoTime() - start;
            // Three attempts of one second each and two short backoffs, with room for a loaded machine; a trickled
            // 1,000-byte body alone would take 1,000 seconds an attempt, a trickled head about 40.
            assertThat(Duration.ofNanos(took)).isLessThan(DEADLINE.multipliedBy(12));
            assertThat(deliveries("retried")).isEqualTo(ATTEMPTS - 1);
            assertThat(hanging.accepted.get()).isEqualTo(ATTEMPTS);
            await("nothing in flight", () -> inFlight() == 0);
            await("each hung connection closed by banwatch", () -> hanging.closedByClient.get() == ATTEMPTS);
            assertThat(outboxFiles()).isEqualTo(1);
            dispatcher.close();
        }

        // The next start finds the alert in the outbox and delivers it to a receiver that answers.
        try (WebhookReceiver receiver = WebhookReceiver.started(SECRET)) {
            try (AlertDispatcher next = dispatcher(receiver.url())) {
                await("delivered after the restart", () -> receiver.processed.containsKey(alert.deliveryKey()));
                await("outbox empty", () -> outboxFiles() == 0);
            }
        }
    }

    private double inFlight() {
        return registry.get("banwatch.alert.deliveries.in.flight")
                .tag("sink", "webhook")
                .gauge()
                .value();
    }

    private double deliveries(String outcome) {
        return registry.get("banwatch.alert.deliveries")
                .tags("sink", "webhook", "outcome", outcome)
                .counter()
                .count();
    }

    private long outboxFiles() {
        try (var files = Files.list(outboxDir)) {
            return files.filter(f -> f.toString().endsWith(".json")).count();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            Thread.sleep(10);
        }
    }
}
