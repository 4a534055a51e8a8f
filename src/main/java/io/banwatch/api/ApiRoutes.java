package io.banwatch.api;

import io.banwatch.metrics.MetricsScraper;
import io.banwatch.metrics.Scrape;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Maps GET paths to routes; everything else is a JSON 404, and any method but GET a JSON 405. {@code /api/*} is
 * behind {@link ApiAccess} (checked first, so a refused client learns nothing of the paths), and its query routes run
 * on the {@link QueryExecutor}, never on the caller's (the HTTP event loop's) thread. Routes may be added before the
 * server starts.
 */
public final class ApiRoutes implements AutoCloseable {

    /** Paths under this prefix need {@link ApiAccess}; {@code /metrics} and health stay open, as Prometheus expects. */
    public static final String API_PREFIX = "/api/";

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, Route> queries = new ConcurrentHashMap<>();
    private volatile ApiAccess access = ApiAccess.of("");
    // The defaults of api.max_concurrent_requests and api.request_timeout_seconds; threads start on first use.
    private volatile QueryExecutor executor = new QueryExecutor(4, Duration.ofSeconds(10));

    /** {@code /metrics}, {@code /-/healthy} and {@code /-/ready}. */
    public static ApiRoutes standard(MetricsScraper metrics, BooleanSupplier ready) {
        Health health = new Health(ready);
        return new ApiRoutes()
                .get("/metrics", request -> metrics(metrics, request))
                .get("/-/healthy", health::healthy)
                .get("/-/ready", health::ready);
    }

    private static ApiResponse metrics(MetricsScraper metrics, ApiRequest request) {
        Scrape scrape = metrics.scrape(request.header("accept"));
        return new ApiResponse(200, scrape.contentType(), scrape.body(), Map.of());
    }

    /** A route answered on the caller's thread: it must not block (scrapes, health). */
    public ApiRoutes get(String path, Route route) {
        routes.put(path, route);
        return this;
    }

    /** A route that reads the store: run on the query executor, bounded in number and time. */
    public ApiRoutes query(String path, Route route) {
        queries.put(path, route);
        return this;
    }

    /** Who may use {@code /api/*} (default: loopback clients only) and how many queries run at once, for how long. */
    public ApiRoutes api(ApiAccess access, int maxConcurrentRequests, Duration requestTimeout) {
        this.access = access;
        QueryExecutor previous = executor;
        this.executor = new QueryExecutor(maxConcurrentRequests, requestTimeout);
        previous.close();
        return this;
    }

    /** Answers a request; query routes complete later, on the executor. */
    public CompletableFuture<ApiResponse> handleAsync(ApiRequest request) {
        if (request.path().startsWith(API_PREFIX)) {
            ApiResponse refusal = access.refusal(request);
            if (refusal != null) {
                return CompletableFuture.completedFuture(refusal);
            }
        }
        if (!"GET".equals(request.method())) {
            // RFC 9110 section 15.5.6: a 405 lists the methods the resource supports.
            return CompletableFuture.completedFuture(
                    ApiResponse.error(405, "method not allowed", request.path()).withHeader("Allow", "GET"));
        }
        Route query = queries.get(request.path());
        if (query != null) {
            return executor.submit(() -> query.handle(request), request.path());
        }
        Route route = routes.get(request.path());
        if (route == null) {
            return CompletableFuture.completedFuture(ApiResponse.error(404, "not found", request.path()));
        }
        return CompletableFuture.completedFuture(route.handle(request));
    }

    /** Answers a request and waits for the answer (tests, and callers that are not an event loop). */
    public ApiResponse handle(ApiRequest request) {
        return handleAsync(request).join();
    }

    @Override
    public void close() {
        executor.close();
    }
}
