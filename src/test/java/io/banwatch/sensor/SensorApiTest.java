package io.banwatch.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banwatch.config.BanwatchConfig;
import io.banwatch.config.ConfigLoader;
import io.banwatch.source.CaptureStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A replaying sensor serves what it stored: its events, the alerts it raised, and its catalog, over its API. */
@Timeout(60)
class SensorApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aReplayServesItsEventsAlertsAndCatalog() throws Exception {
        BanwatchConfig config = ConfigLoader.parse(
                "test",
                "http:\n  listen: 127.0.0.1:0\nstore:\n  path: " + dir.resolve("b.db")
                        + "\n  flush_interval_ms: 60000\n" + "alerts:\n  log: false\n",
                Map.of());
        Path capture = Path.of(SensorApiTest.class
                .getResource("/io/banwatch/fixtures/http-update.pcap")
                .toURI());
        HttpClient client = HttpClient.newHttpClient();
        try (Sensor sensor = new Sensor(config, null, false, false, Sensor.StoreMode.REPLAY)) {
            int port = sensor.serveHttp();
            Replay.run(sensor, List.of(capture), new Replay.Options("none", List.of(), false), new Replay.Progress() {
                @Override
                public void started(Path file, CaptureStats stats) {}

                @Override
                public void finished(Path file, CaptureStats stats) {}
            });
            sensor.drain(Duration.ofSeconds(10));

            // Drained: the alerts, which reach the store from their sink's own thread, are written too, without
            // waiting out the flush interval (a minute here).
            JsonNode alerts =
                    get(client, port, "/api/v1/alerts?category=update").path("items");
            assertThat(alerts).isNotEmpty();
            JsonNode alert = alerts.get(0);
            assertThat(alert.path("alert").path("host").asText()).isEqualTo("10.77.0.2");
            // The row holds the alert's latest revision (the outcome updated it).
            assertThat(alert.path("alert").path("revision").asInt()).isGreaterThanOrEqualTo(1);

            JsonNode events = get(client, port, "/api/v1/events?host=10.77.0.2&protocol=http")
                    .path("items");
            assertThat(events).isNotEmpty();
            assertThat(events.get(0).path("observer").path("name").asText()).isNotEmpty();

            JsonNode rules = get(client, port, "/api/v1/catalog?vendor=kaspersky&category=update")
                    .path("items");
            assertThat(rules).isNotEmpty();
            assertThat(rules.get(0).path("source").asText()).isNotEmpty();
        }
    }

    private static JsonNode get(HttpClient client, int port, String path) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
