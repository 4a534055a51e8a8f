package io.banwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class AlertDispatcherTest {

    /** A sink whose deliveries finish when the test says so. */
    static final class ManualSink implements AlertSink {
        final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
        final List<Runnable> retries = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public String name() {
            return "manual";
        }

        @Override
        public CompletionStage<Void> deliver(Alert alert, Runnable onRetry) {
            threads.add(Thread.currentThread());
            CompletableFuture<Void> delivery = new CompletableFuture<>();
            pending.add(delivery);
            retries.add(onRetry);
            return delivery;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
    private final Alert alert = TestEvents.alert(
            TestEvents.tls("2024-10-02T14:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", TestEvents.updateBanned()),
            "10.4.7.19",
            "message");

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void countsDeliveredRetriedAndFailedPerSink() throws Exception {
        ManualSink sink = new ManualSink();
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(sink), registry);

        dispatcher.dispatch(alert);
        dispatcher.dispatch(alert);
        await(() -> sink.pending.size() == 2);
        assertThat(dispatcher.inFlight()).isEqualTo(2);
        sink.retries.get(0).run();
        sink.pending.get(0).complete(null);
        sink.pending.get(1).completeExceptionally(new IllegalStateException("HTTP 503"));

        assertThat(deliveries("manual", "delivered")).isEqualTo(1);
        assertThat(deliveries("manual", "retried")).isEqualTo(1);
        assertThat(deliveries("manual", "failed")).isEqualTo(1);
        assertThat(dispatcher.inFlight()).isZero();
        assertThat(dispatcher.awaitDelivered(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void sinksRunOnTheirOwnThreadsSoABlockedSinkHoldsUpNoOther() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AlertSink blocked = new AlertSink() {
            @Override
            public String name() {
                return "blocked";
            }

            @Override
            public CompletionStage<Void> deliver(Alert alert, Runnable onRetry) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return CompletableFuture.completedFuture(null);
            }
        };
        ManualSink manual = new ManualSink();
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(blocked, manual), registry);

        long started = System.nanoTime();
        dispatcher.dispatch(alert);
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(1));
        await(() -> manual.pending.size() == 1);
        assertThat(manual.threads.getFirst()).isNotSameAs(Thread.currentThread());
        assertThat(dispatcher.awaitDelivered(Duration.ofMillis(100))).isFalse();

        release.countDown();
        manual.pending.getFirst().complete(null);
        assertThat(dispatcher.awaitDelivered(Duration.ofSeconds(5))).isTrue();
        dispatcher.close();
    }

    @Test
    void dropsAndCountsFailedPastTheInFlightCap() throws Exception {
        ManualSink sink = new ManualSink();
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(sink), registry);

        for (int i = 0; i < AlertDispatcher.MAX_IN_FLIGHT_PER_SINK + 3; i++) {
            dispatcher.dispatch(alert);
        }

        await(() -> sink.pending.size() == AlertDispatcher.MAX_IN_FLIGHT_PER_SINK);
        assertThat(deliveries("manual", "failed")).isEqualTo(3);
    }

    @Test
    void logSinkCountsDeliveredAndCloseClosesSinks() throws Exception {
        ManualSink manual = new ManualSink();
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(new LogAlertSink(), manual), registry);

        dispatcher.dispatch(alert);
        await(() -> deliveries("log", "delivered") == 1);
        dispatcher.close();

        assertThat(deliveries("log", "failed")).isZero();
        assertThat(manual.closed).isTrue();
    }

    private double deliveries(String sink, String outcome) {
        return registry.get("banwatch.alert.deliveries")
                .tags("sink", sink, "outcome", outcome)
                .counter()
                .count();
    }
}
