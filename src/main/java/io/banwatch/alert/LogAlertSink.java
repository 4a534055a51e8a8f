package io.banwatch.alert;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each alert as one JSON line to the {@code banwatch.alert} logger, which logback prints as-is to stderr. */
public final class LogAlertSink implements AlertSink {

    public static final String LOGGER_NAME = "banwatch.alert";

    private static final Logger ALERTS = LoggerFactory.getLogger(LOGGER_NAME);

    @Override
    public String name() {
        return "log";
    }

    @Override
    public CompletionStage<Void> deliver(Alert alert, Runnable onRetry) {
        ALERTS.warn(AlertJson.toJson(alert));
        return CompletableFuture.completedFuture(null);
    }
}
