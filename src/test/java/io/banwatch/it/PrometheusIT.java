package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * banwatch under a real Prometheus (Debian's package): promtool accepts the shipped configuration and passes the
 * rules' unit tests, and a Prometheus server on loopback scrapes a replaying sensor and fires the shipped alert
 * for a host that reached an update service.
 */
class PrometheusIT {

    // Prometheus starts, scrapes every second and evaluates rules every second: 60 s is ample on a busy machine.
    private static final Duration ALERT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Process> processes = new ArrayList<>();
    private Path workDir;

    private static Path repo() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    private static boolean installed(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    @AfterEach
    void stop() throws Exception {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void promtoolAcceptsTheConfigurationAndPassesTheRuleTests() throws Exception {
        Assumptions.assumeTrue(installed("promtool"), "needs promtool (apt-get install prometheus)");
        Path config = repo().resolve("config/prometheus");
        assertThat(run(config, "promtool", "check", "config", "prometheus.yml")).contains("SUCCESS");
        assertThat(run(config, "promtool", "test", "rules", "banwatch-rules.test.yml"))
                .contains("SUCCESS");
    }

    @Test
    void prometheusScrapesASensorAndFiresTheUpdateAlert() throws Exception {
        Assumptions.assumeTrue(installed("prometheus"), "needs prometheus (apt-get install prometheus)");
        workDir = Files.createTempDirectory("banwatch-prometheus-it");
        int sensorPort = freePort();
        int prometheusPort = freePort();

        Path capture = Path.of(PrometheusIT.class
                .getResource("/io/banwatch/fixtures/http-update.pcap")
                .toURI());
        ProcessBuilder sensor = new ProcessBuilder(
                        javaBinary(), "-Xmx256m", "-jar", jar().toString(), "replay", "--serve", capture.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("banwatch.log").toFile());
        sensor.environment().put("BANWATCH_HTTP_LISTEN", "127.0.0.1:" + sensorPort);
        processes.add(sensor.start());

        Files.copy(repo().resolve("config/prometheus/banwatch-rules.yml"), workDir.resolve("banwatch-rules.yml"));
        Files.writeString(workDir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [banwatch-rules.yml]
                scrape_configs:
                  - job_name: banwatch
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(sensorPort));
        processes.add(new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + workDir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + workDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("prometheus.log").toFile())
                .start());

        String base = "http://127.0.0.1:" + prometheusPort;
        JsonNode alert = null;
        long deadline = System.nanoTime() + ALERT_TIMEOUT.toNanos();
        while (alert == null && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            JsonNode alerts = get(base + "/api/v1/alerts");
            if (alerts != null) {
                for (JsonNode candidate : alerts.path("data").path("alerts")) {
                    if (candidate
                            .path("labels")
                            .path("alertname")
                            .asText()
                            .equals("BanwatchBannedUpdateOrKsnContact")) {
                        alert = candidate;
                    }
                }
            }
        }
        assertThat(alert)
                .as("BanwatchBannedUpdateOrKsnContact in Prometheus; logs in " + workDir)
                .isNotNull();
        assertThat(alert.path("labels").path("host").asText()).isEqualTo("10.77.0.2");
        assertThat(alert.path("labels").path("category").asText()).isEqualTo("update");
        assertThat(alert.path("state").asText()).isEqualTo("firing");

        JsonNode matches = get(base + "/api/v1/query?query="
                + URLEncoder.encode(
                        "sum(banwatch_matches_total{category=\"update\",phase=\"updates_banned\"})",
                        StandardCharsets.UTF_8));
        assertThat(matches.path("data")
                        .path("result")
                        .get(0)
                        .path("value")
                        .get(1)
                        .asDouble())
                .isGreaterThan(0);
    }

    private static JsonNode get(String url) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null; // not listening yet
        }
    }

    private static String run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ":\n" + output)
                .isZero();
        return output;
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty(
                "banwatch.jar", repo().resolve("target/banwatch.jar").toString()));
        assertThat(jar).as("the built jar (system property banwatch.jar)").isRegularFile();
        return jar;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
