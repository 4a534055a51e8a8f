package io.banwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.banwatch.metrics.BuildInfoMetrics;
import io.banwatch.metrics.PrometheusMetrics;
import io.micrometer.core.instrument.MockClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HttpApiServerTest {

    private final PrometheusMetrics metrics =
            new PrometheusMetrics(new MockClock()).bind(new BuildInfoMetrics("0.1.0"));
    private final AtomicBoolean ready = new AtomicBoolean();
    private final HttpApiServer server = new HttpApiServer("127.0.0.1", 0, ApiRoutes.standard(metrics, ready::get));
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesPrometheusText() throws Exception {
        HttpResponse<String> response = get("/metrics", null);

        assertThat(server.port()).isPositive();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("banwatch_build_info{version=\"0.1.0\"} 1\n");
    }

    @Test
    void servesOpenMetricsWhenAsked() throws Exception {
        HttpResponse<String> response = get("/metrics", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5");

        assertThat(response.headers().firstValue("content-type"))
                .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.body()).endsWith("# EOF\n");
    }

    @Test
    void healthAndReadiness() throws Exception {
        assertThat(get("/-/healthy", null).body()).isEqualTo("OK\n");
        assertThat(get("/-/ready", null).statusCode()).isEqualTo(503);
        ready.set(true);
        HttpResponse<String> readyNow = get("/-/ready", null);
        assertThat(readyNow.statusCode()).isEqualTo(200);
        assertThat(readyNow.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void unknownPathIsJson404() throws Exception {
        HttpResponse<String> response = get("/api/v9/nothing?x=1", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"status\":404,\"error\":\"not found\",\"path\":\"/api/v9/nothing\"}");
    }

    @Test
    void postIs405WithAllow() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("GET");
    }

    @Test
    void oversizedBodyIsRefused() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(HttpApiServer.MAX_CONTENT_BYTES + 1)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void bindFailureNamesTheAddressAndWhatToDo() {
        assertThatThrownBy(() -> new HttpApiServer("127.0.0.1", server.port(), new ApiRoutes()))
                .isInstanceOf(ApiBindException.class)
                .hasMessageStartingWith("cannot listen for HTTP on 127.0.0.1:" + server.port() + ": ")
                .hasMessageContaining("choose another listen address or port");
    }
}
