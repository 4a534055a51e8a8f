package io.banwatch.alert;

import java.util.concurrent.CompletionStage;

/**
 * A destination for alerts. {@link #deliver} is called on the pipeline's event loop and must not block it: a sink
 * that talks to the network starts the request and completes the returned stage later, retrying on its own
 * threads or timers.
 */
public interface AlertSink extends AutoCloseable {

    /** The {@code sink} label value of {@code banwatch_alert_deliveries_total}, for example {@code log}. */
    String name();

    /**
     * Starts delivering one alert.
     *
     * @param onRetry to run once before every retry, so retries are counted
     * @return completes normally once delivered, exceptionally once the sink gives up
     */
    CompletionStage<Void> deliver(Alert alert, Runnable onRetry);

    /** Stops the sink; alerts still in flight may be given up. */
    @Override
    default void close() {}
}
