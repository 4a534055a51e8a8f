package io.banwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bound on concurrent API queries and their time limit. */
@Timeout(30)
class QueryExecutorTest {

    private static ApiResponse waitFor(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ApiResponse.text(200, "done\n");
    }

    @Test
    void requestsBeyondTheLimitAreRefusedAt503UntilOneEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (QueryExecutor executor = new QueryExecutor(2, Duration.ofSeconds(20))) {
            CompletableFuture<ApiResponse> first = executor.submit(() -> waitFor(release), "/api/v1/events");
            CompletableFuture<ApiResponse> second = executor.submit(() -> waitFor(release), "/api/v1/events");
            ApiResponse third = executor.submit(() -> ApiResponse.text(200, "x"), "/api/v1/events")
                    .join();
            assertThat(third.status()).isEqualTo(503);
            assertThat(third.headers()).containsEntry("Retry-After", "1");
            assertThat(new String(third.body(), StandardCharsets.UTF_8)).contains("api.max_concurrent_requests");

            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(second.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            // Permits come back once the queries end.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            int status = 503;
            while (status == 503 && System.nanoTime() < deadline) {
                status = executor.submit(() -> ApiResponse.text(200, "x"), "/x")
                        .join()
                        .status();
            }
            assertThat(status).isEqualTo(200);
        }
    }

    @Test
    void aSlowQueryIsAnswered503AtTheTimeLimitAndKeepsItsPermitUntilItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (QueryExecutor executor = new QueryExecutor(1, Duration.ofMillis(200))) {
            ApiResponse slow =
                    executor.submit(() -> waitFor(release), "/api/v1/events").get(10, TimeUnit.SECONDS);
            assertThat(slow.status()).isEqualTo(503);
            assertThat(new String(slow.body(), StandardCharsets.UTF_8)).contains("api.request_timeout_seconds");
            // Still running: the one permit is taken.
            assertThat(executor.submit(() -> ApiResponse.text(200, "x"), "/x")
                            .join()
                            .status())
                    .isEqualTo(503);
            release.countDown();
        }
    }
}
