package io.banwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class AlertDispatcherTest {

    /** A sink whose deliveries finish when the test says so, retrying once before each success. */
    static final class ManualSink implements AlertSink {
        final List<CompletableFuture<Void>> pending = new ArrayList<>();
        final List<Runnable> retries = new ArrayList<>();
        boolean closed;

        @Override
        public String name() {
            return "manual";
        }

        @Override
        public CompletionStage<Void> deliver(Alert alert, Runnable onRetry) {
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
    private final Alert alert = new Alert(
            TestEvents.tls("2024-10-02T14:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", TestEvents.updateBanned()),
            "10.4.7.19",
            "message");

    @Test
    void countsDeliveredRetriedAndFailedPerSink() {
        ManualSink sink = new ManualSink();
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(sink), registry);

        dispatcher.dispatch(alert);
        dispatcher.dispatch(alert);
        assertThat(dispatcher.inFlight()).isEqualTo(2);
        sink.retries.get(0).run();
        sink.pending.get(0).complete(null);
        sink.pending.get(1).completeExceptionally(new IllegalStateException("HTTP 503"));

        assertThat(deliveries("manual", "delivered")).isEqualTo(1);
        assertThat(deliveries("manual", "retried")).isEqualTo(1);
        assertThat(deliveries("manual", "failed")).isEqualTo(1);
        assertThat(dispatcher.inFlight()).isZero();
    }

    @Test
    void dropsAndCountsFailedPastTheInFlightCap() {
        ManualSink sink = new ManualSink();
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(sink), registry);

        for (int i = 0; i < AlertDispatcher.MAX_IN_FLIGHT_PER_SINK + 3; i++) {
            dispatcher.dispatch(alert);
        }

        assertThat(sink.pending).hasSize(AlertDispatcher.MAX_IN_FLIGHT_PER_SINK);
        assertThat(deliveries("manual", "failed")).isEqualTo(3);
    }

    @Test
    void logSinkCountsDeliveredAndCloseClosesSinks() {
        ManualSink manual = new ManualSink();
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(new LogAlertSink(), manual), registry);

        dispatcher.dispatch(alert);
        dispatcher.close();

        assertThat(deliveries("log", "delivered")).isEqualTo(1);
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
