package io.banwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.metrics.Scrape;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ApiRoutesTest {

    private final AtomicBoolean ready = new AtomicBoolean();
    private final ApiRoutes routes = ApiRoutes.standard(
            accept -> new Scrape("type for " + accept, "body".getBytes(StandardCharsets.UTF_8)), ready::get);

    private static ApiRequest request(String method, String path, Map<String, String> headers) {
        return new ApiRequest(method, path, Map.of(), headers, null);
    }

    private static String body(ApiResponse response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void metricsPassesTheAcceptHeaderToTheScraper() {
        ApiResponse response =
                routes.handle(request("GET", "/metrics", Map.of("accept", "application/openmetrics-text")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("type for application/openmetrics-text");
        assertThat(body(response)).isEqualTo("body");
    }

    @Test
    void readyFollowsTheSupplier() {
        assertThat(routes.handle(request("GET", "/-/ready", Map.of())).status()).isEqualTo(503);
        ready.set(true);
        assertThat(routes.handle(request("GET", "/-/ready", Map.of())).status()).isEqualTo(200);
        assertThat(routes.handle(request("GET", "/-/healthy", Map.of())).status())
                .isEqualTo(200);
    }

    @Test
    void unknownPathIsJson404AndOtherMethodsJson405() {
        ApiResponse missing = routes.handle(request("GET", "/nope", Map.of()));
        ApiResponse post = routes.handle(request("POST", "/metrics", Map.of()));

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo("application/json");
        assertThat(body(missing)).isEqualTo("{\"status\":404,\"error\":\"not found\",\"path\":\"/nope\"}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers()).containsEntry("Allow", "GET");
    }

    @Test
    void addedRoutesSeeParameters() {
        routes.get(
                "/echo",
                r -> ApiResponse.text(200, String.join(",", r.parameters().get("host"))));

        ApiResponse response = routes.handle(
                new ApiRequest("GET", "/echo", Map.of("host", List.of("10.0.0.1", "10.0.0.2")), Map.of(), null));

        assertThat(body(response)).isEqualTo("10.0.0.1,10.0.0.2");
    }
}
