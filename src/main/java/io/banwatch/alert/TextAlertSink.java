package io.banwatch.alert;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log sink for a person at a terminal: each alert as one readable line ("ALERT critical host 10.4.7.19 reached
 * Kaspersky update service ..."), on the same logger as {@link LogAlertSink}'s JSON lines.
 */
public final class TextAlertSink implements AlertSink {

    private static final Logger ALERTS = LoggerFactory.getLogger(LogAlertSink.LOGGER_NAME);

    @Override
    public String name() {
        return "log";
    }

    @Override
    public CompletionStage<Void> deliver(Alert alert, Runnable onRetry) {
        ALERTS.warn(line(alert));
        return CompletableFuture.completedFuture(null);
    }

    static String line(Alert alert) {
        return "ALERT " + alert.severity().label() + "  " + alert.message();
    }
}
