package io.banwatch.alert;

import io.banwatch.metrics.BanwatchMeters;
import io.banwatch.metrics.DeliveryOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each alert to every sink without waiting, counts {@code banwatch_alert_deliveries_total{sink,outcome}}, and
 * bounds the alerts a slow sink may hold in flight.
 */
public final class AlertDispatcher implements AutoCloseable {

    // A sink that cannot keep up (a webhook that times out) must not grow memory without bound; alerts are
    // deduplicated per host, vendor and category per hour, so 1,000 in flight is hours of a large outbreak.
    public static final int MAX_IN_FLIGHT_PER_SINK = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

    private final List<SinkState> sinks = new ArrayList<>();

    public AlertDispatcher(List<? extends AlertSink> sinks, MeterRegistry registry) {
        for (AlertSink sink : sinks) {
            this.sinks.add(new SinkState(sink, registry));
        }
    }

    /** Starts delivery on every sink; returns at once. */
    public void dispatch(Alert alert) {
        for (SinkState state : sinks) {
            state.dispatch(alert);
        }
    }

    /** Alerts handed to sinks whose delivery has not finished yet, over all sinks. */
    public int inFlight() {
        int sum = 0;
        for (SinkState state : sinks) {
            sum += state.inFlight.get();
        }
        return sum;
    }

    @Override
    public void close() {
        for (SinkState state : sinks) {
            try {
                state.sink.close();
            } catch (RuntimeException e) {
                LOG.warn("alert sink {} failed to close: {}", state.sink.name(), e.toString());
            }
        }
    }

    private static final class SinkState {

        private final AlertSink sink;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final Counter delivered;
        private final Counter retried;
        private final Counter failed;

        SinkState(AlertSink sink, MeterRegistry registry) {
            this.sink = sink;
            this.delivered = outcome(registry, sink, DeliveryOutcome.DELIVERED);
            this.retried = outcome(registry, sink, DeliveryOutcome.RETRIED);
            this.failed = outcome(registry, sink, DeliveryOutcome.FAILED);
        }

        private static Counter outcome(MeterRegistry registry, AlertSink sink, DeliveryOutcome outcome) {
            return BanwatchMeters.ALERT_DELIVERIES
                    .counter()
                    .tags(BanwatchMeters.SINK, sink.name(), BanwatchMeters.OUTCOME, outcome.label())
                    .register(registry);
        }

        void dispatch(Alert alert) {
            if (inFlight.incrementAndGet() > MAX_IN_FLIGHT_PER_SINK) {
                inFlight.decrementAndGet();
                failed.increment();
                LOG.warn(
                        "alert sink {} has {} alerts in flight; dropped the alert for host {}",
                        sink.name(),
                        MAX_IN_FLIGHT_PER_SINK,
                        alert.host());
                return;
            }
            CompletionStage<Void> delivery;
            try {
                delivery = sink.deliver(alert, retried::increment);
            } catch (RuntimeException e) {
                finished(alert, e);
                return;
            }
            delivery.whenComplete((ignored, error) -> finished(alert, error));
        }

        private void finished(Alert alert, Throwable error) {
            inFlight.decrementAndGet();
            if (error == null) {
                delivered.increment();
            } else {
                failed.increment();
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                LOG.warn(
                        "alert sink {} failed to deliver the alert for host {}: {}",
                        sink.name(),
                        alert.host(),
                        cause.toString());
            }
        }
    }
}
