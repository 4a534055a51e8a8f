package io.banwatch.alert;

import java.util.concurrent.CompletionStage;

/**
 * A destination for alerts. The {@link AlertDispatcher} calls each sink on a thread of its own, never on the
 * pipeline's event loop, and still {@link #deliver} must not block for long: a sink that talks to the network starts
 * the request and completes the returned stage later, retrying on its own threads or timers, so one slow receiver
 * delays neither capture nor another sink.
 */
public interface AlertSink extends AutoCloseable {

    /** The {@code sink} label value of {@code banwatch_alert_deliveries_total}, for example {@code log}. */
    String name();

    /**
     * Starts delivering one notification of an alert (raised, re-notified or updated).
     *
     * @param onRetry to run once before every retry, so retries are counted
     * @return completes normally once delivered, exceptionally once the sink gives up
     */
    CompletionStage<Void> deliver(Alert alert, Runnable onRetry);

    /**
     * Contacts of an alert go on without a new notification ({@link Alert.Reason#ACTIVITY}); sinks that keep an
     * alert alive until a quiet period has passed (Alertmanager) use it, others ignore it.
     */
    default void activity(Alert alert) {}

    /** False while the sink still works on deliveries it accepted, including ones left from an earlier run. */
    default boolean idle() {
        return true;
    }

    /** Stops the sink; alerts still in flight may be given up. */
    @Override
    default void close() {}
}
