package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banwatch.alert.Alert;
import io.banwatch.alert.AlertDispatcher;
import io.banwatch.alert.AlertPolicy;
import io.banwatch.alert.AlertTracker;
import io.banwatch.alert.alertmanager.AlertmanagerSink;
import io.banwatch.decode.Endpoint;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * banwatch's Alertmanager sink against two real Alertmanagers (Debian's {@code prometheus-alertmanager}) on
 * loopback: alerts arrive with their labels at every URL, are replaced when the outcome changes, stay while the
 * contact goes on, resolve after the quiet period, and are back after an Alertmanager restart; amtool accepts the
 * shipped routing example.
 */
class AlertmanagerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Path workDir;

    private static Path repo() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    }

    private static Optional<String> installed(String... tools) {
        for (String tool : tools) {
            for (String dir : System.getenv("PATH").split(":")) {
                if (Files.isExecutable(Path.of(dir, tool))) {
                    return Optional.of(tool);
                }
            }
        }
        return Optional.empty();
    }

    private static String alertmanagerBinary() {
        Optional<String> binary = installed("prometheus-alertmanager", "alertmanager");
        if (binary.isEmpty()) {
            System.out.println("AlertmanagerIT skipped: Alertmanager is not installed (apt-get install "
                    + "prometheus-alertmanager)");
        }
        Assumptions.assumeTrue(binary.isPresent(), "needs Alertmanager (apt-get install prometheus-alertmanager)");
        return binary.get();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        for (Process process : processes) {
            stop(process);
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private Process startAlertmanager(String binary, String name, int port) throws IOException {
        Path config = workDir.resolve("alertmanager.yml");
        if (!Files.exists(config)) {
            Files.writeString(config, """
                    route:
                      receiver: "null"
                    receivers:
                      - name: "null"
                    """);
        }
        Process process = new ProcessBuilder(
                        binary,
                        "--config.file=" + config,
                        "--storage.path=" + workDir.resolve(name),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        workDir.resolve(name + ".log").toFile()))
                .start();
        processes.add(process);
        return process;
    }

    @Test
    void alertsReachEveryAlertmanagerAreUpdatedResolveAndSurviveARestart() throws Exception {
        String binary = alertmanagerBinary();
        workDir = Files.createTempDirectory("banwatch-alertmanager-it");
        int port1 = freePort();
        int port2 = freePort();
        Process am1 = startAlertmanager(binary, "am1", port1);
        startAlertmanager(binary, "am2", port2);
        String base1 = "http://127.0.0.1:" + port1;
        String base2 = "http://127.0.0.1:" + port2;
        awaitAlerts(base1, alerts -> true);
        awaitAlerts(base2, alerts -> true);

        // Quiet period 4 s, re-sent every second: short enough for a test, the same contract as in production.
        AlertmanagerSink sink = new AlertmanagerSink(
                AlertmanagerSink.Settings.of(
                        List.of(URI.create(base1), URI.create(base2)),
                        "http://sensor-1:19153",
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5)),
                Clock.systemUTC(),
                new SimpleMeterRegistry());
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(sink), new SimpleMeterRegistry());
        toClose.add(dispatcher);
        AlertTracker tracker = new AlertTracker(AlertPolicy.DEFAULT, Duration.ofHours(1), () -> {});

        // 1. A contact raises the alert at every Alertmanager, with the labels to route on.
        Event contact = contact("10.4.7.19", "dnl-07.geo.kaspersky.com", Instant.now());
        Alert raised = tracker.onEvent(contact, "10.4.7.19").notification();
        dispatcher.dispatch(raised);
        for (String base : List.of(base1, base2)) {
            JsonNode alert = awaitAlert(base, "10.4.7.19", "unknown");
            JsonNode labels = alert.path("labels");
            assertThat(labels.path("alertname").asText()).isEqualTo("BanwatchBannedServiceContact");
            assertThat(labels.path("vendor").asText()).isEqualTo("kaspersky");
            assertThat(labels.path("category").asText()).isEqualTo("update");
            assertThat(labels.path("severity").asText()).isEqualTo("critical");
            assertThat(alert.path("annotations").path("names").asText()).isEqualTo("dnl-07.geo.kaspersky.com");
            assertThat(alert.path("annotations").path("description").asText()).startsWith("host 10.4.7.19 reached");
            assertThat(alert.path("generatorURL").asText())
                    .isEqualTo("http://sensor-1:19153/api/v1/alerts?vendor=kaspersky&category=update&host=10.4.7.19");
            assertThat(alert.path("status").path("state").asText()).isEqualTo("active");
        }

        // 2. The outcome gets worse: the alert is replaced by one with the new outcome, not added beside it.
        Alert transferred = tracker.onEvent(
                        new Event(
                                contact.observation(),
                                contact.match(),
                                new ContactOutcome(Outcome.TRANSFERRED, OutcomeReason.BYTES, 50_000, 700)),
                        "10.4.7.19")
                .notification();
        dispatcher.dispatch(transferred);
        JsonNode updated = awaitAlert(base1, "10.4.7.19", "transferred");
        assertThat(updated.path("annotations").path("description").asText()).contains("the update got through");
        awaitAlerts(base1, alerts -> hostAlerts(alerts, "10.4.7.19").size() == 1);

        // 3. While the contact goes on, the alert outlives its quiet period; then it resolves.
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < until) {
            sink.activity(transferred);
            Thread.sleep(500);
        }
        assertThat(hostAlerts(get(base1 + "/api/v2/alerts"), "10.4.7.19")).hasSize(1);
        awaitAlerts(base1, alerts -> hostAlerts(alerts, "10.4.7.19").isEmpty());
        awaitAlerts(base2, alerts -> hostAlerts(alerts, "10.4.7.19").isEmpty());

        // Contacts of the same alert come back after it resolved: it fires again with the next re-send.
        sink.activity(transferred);
        awaitAlert(base1, "10.4.7.19", "transferred");

        // 4. A restarted Alertmanager has lost its alerts (they live in memory) and learns them again by re-send.
        Alert other = tracker.onEvent(contact("10.4.7.20", "ksn.kaspersky.com", Instant.now()), "10.4.7.20")
                .notification();
        dispatcher.dispatch(other);
        awaitAlert(base1, "10.4.7.20", "unknown");
        stop(am1);
        startAlertmanager(binary, "am1", port1);
        long keepAlive = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode back = null;
        while (back == null && System.nanoTime() < keepAlive) {
            sink.activity(other);
            Thread.sleep(500);
            JsonNode alerts = get(base1 + "/api/v2/alerts");
            List<JsonNode> found = alerts == null ? List.of() : hostAlerts(alerts, "10.4.7.20");
            back = found.isEmpty() ? null : found.getFirst();
        }
        assertThat(back)
                .as("the alert re-sent to the restarted Alertmanager; logs in " + workDir)
                .isNotNull();
        assertThat(back.path("labels").path("category").asText()).isEqualTo("ksn");
    }

    @Test
    void amtoolAcceptsTheShippedRoutingExample() throws Exception {
        Optional<String> amtool = installed("amtool");
        if (amtool.isEmpty()) {
            System.out.println(
                    "AlertmanagerIT skipped: amtool is not installed (apt-get install prometheus-alertmanager)");
        }
        Assumptions.assumeTrue(amtool.isPresent(), "needs amtool (apt-get install prometheus-alertmanager)");
        Process process = new ProcessBuilder(
                        "amtool",
                        "check-config",
                        repo().resolve("config/alertmanager/alertmanager.yml").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    private static Event contact(String client, String name, Instant at) {
        Observation o = Observation.tls(
                at.getEpochSecond() * 1_000_000_000L + at.getNano(),
                Protocol.TLS,
                Endpoint.parse(client, 51234),
                Endpoint.parse("203.0.113.7", 443),
                -1,
                -1,
                name);
        Category category = name.startsWith("ksn") ? Category.KSN : Category.UPDATE;
        return new Event(
                o, new Match("kaspersky", category, "*.kaspersky.com", "updates_banned", Severity.CRITICAL, "test"));
    }

    private static List<JsonNode> hostAlerts(JsonNode alerts, String host) {
        List<JsonNode> found = new ArrayList<>();
        if (alerts != null) {
            for (JsonNode alert : alerts) {
                if (alert.path("labels").path("host").asText().equals(host)) {
                    found.add(alert);
                }
            }
        }
        return found;
    }

    private static JsonNode awaitAlert(String base, String host, String outcome) throws InterruptedException {
        JsonNode[] found = new JsonNode[1];
        awaitAlerts(base, alerts -> {
            for (JsonNode alert : hostAlerts(alerts, host)) {
                if (alert.path("labels").path("outcome").asText().equals(outcome)) {
                    found[0] = alert;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static void awaitAlerts(String base, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode alerts = null;
        while (System.nanoTime() < deadline) {
            alerts = get(base + "/api/v2/alerts");
            if (alerts != null && condition.test(alerts)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Alertmanager " + base + " never showed the expected alerts; last: " + alerts);
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
