package io.banwatch.api;

import io.banwatch.metrics.MetricsScraper;
import io.banwatch.metrics.Scrape;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Maps GET paths to routes; everything else is a JSON 404, and any method but GET a JSON 405. Routes may be added
 * before the server starts.
 */
public final class ApiRoutes {

    private final Map<String, Route> routes = new ConcurrentHashMap<>();

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

    public ApiRoutes get(String path, Route route) {
        routes.put(path, route);
        return this;
    }

    public ApiResponse handle(ApiRequest request) {
        if (!"GET".equals(request.method())) {
            return ApiResponse.error(405, "method not allowed", request.path()).withHeader("Allow", "GET");
        }
        Route route = routes.get(request.path());
        if (route == null) {
            return ApiResponse.error(404, "not found", request.path());
        }
        return route.handle(request);
    }
}
