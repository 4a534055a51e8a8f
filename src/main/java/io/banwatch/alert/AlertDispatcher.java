package io.banwatch.alert;

import io.banwatch.metrics.BanwatchMeters;
import io.banwatch.metrics.DeliveryOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each alert to every sink on that sink's own thread, so the pipeline's event loop never waits for a sink and
 * one slow sink never delays another; counts {@code banwatch_alert_deliveries_total{sink,outcome}} and bounds the
 * alerts a slow sink may hold in flight.
 */
public final class AlertDispatcher implements AutoCloseable {

    // A sink that cannot keep up (a webhook that times out) must not grow memory without bound; alerts are
    // one per host, vendor and category per re-notify interval, so 1,000 in flight is hours of a large outbreak.
    public static final int MAX_IN_FLIGHT_PER_SINK = 1_000;

    // Activity reports waiting per sink; they only move an end time forward, so past this many they are dropped.
    static final int MAX_QUEUED_ACTIVITY = 1_000;

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

    /** Tells every sink that an alert's contacts go on; returns at once, dropped when a sink is busy. */
    public void activity(Alert alert) {
        for (SinkState state : sinks) {
            state.activity(alert);
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

    /**
     * Waits until every sink has finished what it was given (and what it took over from an earlier run), or the
     * timeout passes.
     *
     * @return true when everything was delivered or given up
     */
    public boolean awaitDelivered(Duration timeout) {
        return awaitDelivered(timeout, sink -> true);
    }

    /** As {@link #awaitDelivered(Duration)}, for the sinks {@code which} accepts only. */
    public boolean awaitDelivered(Duration timeout, Predicate<AlertSink> which) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!quiet(which)) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }

    private boolean quiet(Predicate<AlertSink> which) {
        for (SinkState state : sinks) {
            if (which.test(state.sink) && (state.inFlight.get() > 0 || !state.sink.idle())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        for (SinkState state : sinks) {
            state.executor.shutdown();
        }
        for (SinkState state : sinks) {
            try {
                state.executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                state.sink.close();
            } catch (RuntimeException e) {
                LOG.warn("alert sink {} failed to close: {}", state.sink.name(), e.toString());
            }
        }
    }

    private static final class SinkState {

        private final AlertSink sink;
        // One thread per sink: a sink's calls stay in order, and a sink that blocks holds up only itself.
        private final ExecutorService executor;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger queuedActivity = new AtomicInteger();
        private final Counter delivered;
        private final Counter retried;
        private final Counter failed;

        SinkState(AlertSink sink, MeterRegistry registry) {
            this.sink = sink;
            this.executor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "banwatch-alert-" + sink.name());
                thread.setDaemon(true);
                return thread;
            });
            this.delivered = outcome(registry, sink, DeliveryOutcome.DELIVERED);
            this.retried = outcome(registry, sink, DeliveryOutcome.RETRIED);
            this.failed = outcome(registry, sink, DeliveryOutcome.FAILED);
            BanwatchMeters.ALERT_DELIVERIES_IN_FLIGHT
                    .gauge(inFlight, AtomicInteger::get)
                    .tag(BanwatchMeters.SINK, sink.name())
                    .register(registry);
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
            try {
                executor.execute(() -> start(alert));
            } catch (RejectedExecutionException e) {
                finished(alert, e);
            }
        }

        private void start(Alert alert) {
            CompletionStage<Void> delivery;
            try {
                delivery = sink.deliver(alert, retried::increment);
            } catch (RuntimeException e) {
                finished(alert, e);
                return;
            }
            delivery.whenComplete((ignored, error) -> finished(alert, error));
        }

        void activity(Alert alert) {
            if (queuedActivity.incrementAndGet() > MAX_QUEUED_ACTIVITY) {
                queuedActivity.decrementAndGet();
                return;
            }
            try {
                executor.execute(() -> {
                    queuedActivity.decrementAndGet();
                    try {
                        sink.activity(alert);
                    } catch (RuntimeException e) {
                        LOG.warn("alert sink {} failed on activity: {}", sink.name(), e.toString());
                    }
                });
            } catch (RejectedExecutionException e) {
                queuedActivity.decrementAndGet();
            }
        }

        private void finished(Alert alert, Throwable error) {
            try {
                count(alert, error);
            } finally {
                // After counting, so whoever waits for inFlight to reach zero sees the counts.
                inFlight.decrementAndGet();
            }
        }

        private void count(Alert alert, Throwable error) {
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
