package io.banwatch.alert;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An overall deadline on one HTTP exchange. {@code HttpRequest.timeout} stops waiting once the response headers
 * arrive, so a receiver that answers its headers and then trickles the body a byte a second would hold a delivery
 * for as long as it likes; this one ends the exchange when the whole answer has not arrived in time, and cancels it
 * so its connection is closed.
 */
public final class Deadline {

    private Deadline() {}

    /**
     * @return a future that completes as {@code exchange} does, or fails with {@link HttpTimeoutException} once
     *     {@code deadline} has passed (the exchange is then cancelled)
     */
    public static <T> CompletableFuture<T> within(
            CompletableFuture<T> exchange, Duration deadline, ScheduledExecutorService timer) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ScheduledFuture<?> expiry;
        try {
            expiry = timer.schedule(
                    () -> {
                        if (result.completeExceptionally(
                                new HttpTimeoutException("no complete answer within " + deadline.toMillis() + " ms"))) {
                            exchange.cancel(true);
                        }
                    },
                    deadline.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            return exchange;
        }
        exchange.whenComplete((value, error) -> {
            expiry.cancel(false);
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(error);
            }
        });
        return result;
    }
}
