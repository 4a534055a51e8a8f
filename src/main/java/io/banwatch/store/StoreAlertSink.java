package io.banwatch.store;

import io.banwatch.alert.Alert;
import io.banwatch.alert.AlertSink;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Keeps every alert notification in the event store, through the store's writer thread (the dispatcher calls this on
 * the sink's own thread, never on the pipeline's loop), so {@code banwatch query alerts} and {@code /api/v1/alerts}
 * can answer; the row of an alert holds its latest revision.
 */
public final class StoreAlertSink implements AlertSink {

    public static final String NAME = "store";

    // A full store queue means a burst of events; an alert waits this long for room before it counts as failed.
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(5);

    private final StoreWriter writer;
    private final String observer;

    public StoreAlertSink(StoreWriter writer, String observer) {
        this.writer = writer;
        this.observer = observer;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CompletionStage<Void> deliver(Alert alert, Runnable onRetry) {
        try {
            if (writer.offer(StoredAlert.of(alert, observer), QUEUE_WAIT)) {
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.failedFuture(
                    new IllegalStateException("the event store's queue stayed full or the store is closing"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
    }
}
