package io.banwatch.api;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs the API's store queries off the HTTP event loop, at most {@code maxConcurrent} at once, each answered within
 * {@code timeout}: a request beyond the limit is refused at once with 503 and Retry-After (RFC 9110 sections 15.6.4
 * and 10.2.3) rather than queued, so a burst of queries can neither hold the store nor pile up in memory.
 */
public final class QueryExecutor implements AutoCloseable {

    private final Semaphore permits;
    private final int maxConcurrent;
    private final Duration timeout;
    private final ExecutorService threads;

    public QueryExecutor(int maxConcurrent, Duration timeout) {
        this.permits = new Semaphore(maxConcurrent);
        this.maxConcurrent = maxConcurrent;
        this.timeout = timeout;
        this.threads = Executors.newFixedThreadPool(maxConcurrent, new DefaultThreadFactory("banwatch-api", true));
    }

    /**
     * Runs {@code work} on a query thread. A query still running at the timeout is answered 503 and keeps its permit
     * until it ends (SQLite cannot be interrupted mid-statement), so the limit holds for what really runs.
     */
    public CompletableFuture<ApiResponse> submit(Supplier<ApiResponse> work, String path) {
        if (!permits.tryAcquire()) {
            return CompletableFuture.completedFuture(ApiResponse.error(
                            503,
                            "too many API requests at once (api.max_concurrent_requests = " + maxConcurrent
                                    + "); retry shortly",
                            path)
                    .withHeader("Retry-After", "1"));
        }
        CompletableFuture<ApiResponse> running;
        try {
            running = CompletableFuture.supplyAsync(work, threads);
        } catch (RuntimeException rejected) {
            permits.release();
            return CompletableFuture.completedFuture(ApiResponse.error(503, "the server is stopping", path));
        }
        running.whenComplete((answer, error) -> permits.release());
        return running.copy()
                .completeOnTimeout(
                        ApiResponse.error(
                                503,
                                "the query took longer than api.request_timeout_seconds (" + timeout.toSeconds()
                                        + " s): narrow it (since, until, host, limit)",
                                path),
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
