package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Runs the built jar's {@code run} command on the lab's server-side veth (scripts/lab.sh), sends the lab's client
 * traffic (scripts/lab-traffic.sh) and checks the observations file and the Prometheus scrape.
 */
class LiveCaptureIT {

    private static final String SERVER_NS = "bw-srv";
    private static final String SERVER_IF = "bw-srv0";
    // Starting a JVM, opening the capture handle and binding HTTP takes a few seconds; 30 s leaves room on a busy CI.
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    // Namespaces, dnsmasq, two TLS servers and the HTTP server start in about a second.
    private static final Duration LAB_TIMEOUT = Duration.ofSeconds(60);
    // The traffic script makes about 30 short requests, each with its own 3-10 s timeout.
    private static final Duration TRAFFIC_TIMEOUT = Duration.ofSeconds(120);
    // Time for the last packets to pass capture, inspection and the pipeline before the scrape.
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path repo;
    private static Path workDir;
    private static Process banwatch;
    private static boolean labUp;
    private static List<JsonNode> observations = List.of();
    private static List<PrometheusText.Sample> metrics = List.of();

    @BeforeAll
    static void captureLabTraffic() throws Exception {
        Assumptions.assumeTrue(isRoot(), "needs root: live capture in network namespaces (run as root to include)");
        Assumptions.assumeTrue(
                run(Duration.ofSeconds(10), "ip", "netns", "list").exitCode() == 0,
                "needs network namespaces: 'ip netns list' failed");

        repo = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path jar = Path.of(System.getProperty(
                "banwatch.jar", repo.resolve("target/banwatch.jar").toString()));
        assertThat(jar).as("the built jar (system property banwatch.jar)").isRegularFile();
        workDir = Files.createTempDirectory("banwatch-live-it");
        Path observationsFile = workDir.resolve("observations.jsonl");
        int port = freePort();

        labUp = true;
        runOrFail(LAB_TIMEOUT, repo.resolve("scripts/lab.sh").toString(), "up");
        banwatch = startBanwatch(jar, observationsFile, port);
        awaitReady(port);
        runOrFail(TRAFFIC_TIMEOUT, repo.resolve("scripts/lab-traffic.sh").toString(), "--no-chromium");
        Thread.sleep(SETTLE.toMillis());
        metrics = PrometheusText.parse(scrape(port));
        stopBanwatch();
        observations = readObservations(observationsFile);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (banwatch != null && banwatch.isAlive()) {
            banwatch.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        if (labUp) {
            run(LAB_TIMEOUT, repo.resolve("scripts/lab.sh").toString(), "down");
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Nested
    class Observations {

        @Test
        void dnsQueryForUpdateServerIsMatchedAsUpdate() {
            JsonNode query = only(
                    "dns query dnl-01.geo.kaspersky.com over IPv4",
                    o -> text(o, "network", "protocol").equals("dns")
                            && text(o, "dns", "type").equals("query")
                            && text(o, "dns", "question", "name").equals("dnl-01.geo.kaspersky.com")
                            && text(o, "source", "ip").equals("10.77.0.2"));
            assertThat(text(query, "destination", "ip")).isEqualTo("10.77.0.1");
            assertThat(query.path("destination").path("port").asInt()).isEqualTo(53);
            assertMatched(query, "update");
        }

        @Test
        void dnsAnswerCarriesTheWholeCnameChain() {
            JsonNode answer = only(
                    "dns answer over IPv4 with a record owned by cdn-alias.example.test",
                    o -> text(o, "dns", "type").equals("answer")
                            && text(o, "source", "ip").equals("10.77.0.1")
                            && hasAnswerOwnedBy(o, "cdn-alias.example.test"));
            List<String> records = new ArrayList<>();
            answer.path("dns")
                    .path("answers")
                    .forEach(r -> records.add(text(r, "name") + " " + text(r, "type") + " " + text(r, "data") + " "
                            + r.path("ttl").asInt()));
            assertThat(records)
                    .containsExactly(
                            "cdn-alias.example.test CNAME updates.example-cdn.test 300",
                            "updates.example-cdn.test CNAME dnl-07.geo.kaspersky.com 300",
                            "dnl-07.geo.kaspersky.com A 10.77.0.1 300");
            assertThat(text(answer, "dns", "response_code")).isEqualToIgnoringCase("NOERROR");
        }

        @Test
        void tlsServerNameOnPort443IsMatchedAsUpdate() {
            JsonNode hello = only(
                    "tls s07.upd.kaspersky.com to port 443",
                    o -> text(o, "network", "protocol").equals("tls")
                            && text(o, "tls", "client", "server_name").equals("s07.upd.kaspersky.com"));
            assertThat(hello.path("destination").path("port").asInt()).isEqualTo(443);
            assertThat(text(hello, "network", "transport")).isEqualTo("tcp");
            assertMatched(hello, "update");
        }

        @Test
        void tlsServerNameOnConsolePortIsMatchedAsManagement() {
            List<JsonNode> hellos = all(o -> text(o, "network", "protocol").equals("tls")
                    && text(o, "tls", "client", "server_name").equals("x23.ksc.kaspersky.com"));
            // curl and openssl s_client each open one connection to :23101.
            assertThat(hellos).hasSize(2);
            for (JsonNode hello : hellos) {
                assertThat(hello.path("destination").path("port").asInt()).isEqualTo(23101);
                assertMatched(hello, "management");
            }
        }

        @Test
        void eachTlsContactGetsOneOutcomeTheCompletedHandshake() {
            List<JsonNode> outcomes =
                    outcomes(o -> text(o, "tls", "client", "server_name").equals("x23.ksc.kaspersky.com"));
            assertThat(outcomes).hasSize(2);
            for (JsonNode outcome : outcomes) {
                assertThat(text(outcome, "banwatch", "outcome")).isEqualTo("connected");
                assertThat(text(outcome, "banwatch", "outcome_reason")).isEqualTo("tls_handshake");
                assertThat(outcome.path("destination").path("bytes").asLong()).isPositive();
            }
        }

        @Test
        void httpUpdatePathIsMatchedAsUpdate() {
            JsonNode get = only(
                    "http GET dnl-01.geo.kaspersky.com/updaters/updater.xml.klz",
                    o -> text(o, "network", "protocol").equals("http")
                            && text(o, "url", "domain").equals("dnl-01.geo.kaspersky.com")
                            && text(o, "url", "path").equals("/updaters/updater.xml.klz"));
            assertThat(get.path("destination").path("port").asInt()).isEqualTo(80);
            assertMatched(get, "update");
        }

        @Test
        void ordinaryNamesAreObservedButNotMatched() {
            JsonNode get = only(
                    "http GET www.example.org/",
                    o -> text(o, "network", "protocol").equals("http")
                            && text(o, "url", "domain").equals("www.example.org"));
            assertThat(get.has("banwatch")).isFalse();
        }
    }

    @Nested
    class Metrics {

        @Test
        void observationsAreCountedPerProtocol() {
            for (String protocol : List.of("dns", "tls", "http")) {
                assertThat(PrometheusText.sum(metrics, "banwatch_observations_total", Map.of("protocol", protocol)))
                        .as("banwatch_observations_total{protocol=\"%s\"}", protocol)
                        .isGreaterThan(0);
            }
        }

        @Test
        void updateMatchesAreCounted() {
            assertThat(PrometheusText.sum(
                            metrics,
                            "banwatch_matches_total",
                            Map.of("vendor", "kaspersky", "category", "update", "phase", "updates_banned")))
                    .isGreaterThan(0);
        }

        @Test
        void packetsAreCountedForTheInterface() {
            assertThat(PrometheusText.sum(metrics, "banwatch_packets_total", Map.of("source", SERVER_IF)))
                    .isGreaterThan(0);
        }
    }

    private static void assertMatched(JsonNode observation, String category) {
        JsonNode match = observation.path("banwatch");
        assertThat(text(match, "vendor"))
                .as("banwatch.vendor of %s", observation)
                .isEqualTo("kaspersky");
        assertThat(text(match, "category"))
                .as("banwatch.category of %s", observation)
                .isEqualTo(category);
        // The lab's traffic happens now, long after 2024-09-29T04:00:00Z.
        assertThat(text(match, "phase")).as("banwatch.phase of %s", observation).isEqualTo("updates_banned");
    }

    private static boolean hasAnswerOwnedBy(JsonNode observation, String owner) {
        for (JsonNode record : observation.path("dns").path("answers")) {
            if (text(record, "name").equals(owner)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode only(String what, Predicate<JsonNode> filter) {
        List<JsonNode> found = all(filter);
        assertThat(found)
                .as("%s among %d observations (banwatch log: %s)", what, observations.size(), logTail())
                .isNotEmpty();
        return found.get(0);
    }

    /** The contacts as seen (outcome events, which repeat a contact's fields, are left out). */
    private static List<JsonNode> all(Predicate<JsonNode> filter) {
        return observations.stream()
                .filter(o -> o.path("event").path("outcome").isMissingNode())
                .filter(filter)
                .toList();
    }

    private static List<JsonNode> outcomes(Predicate<JsonNode> filter) {
        return observations.stream()
                .filter(o -> !o.path("event").path("outcome").isMissingNode())
                .filter(filter)
                .toList();
    }

    private static String text(JsonNode node, String... path) {
        JsonNode at = node;
        for (String name : path) {
            at = at.path(name);
        }
        return at.asText("");
    }

    private static List<JsonNode> readObservations(Path file) throws IOException {
        assertThat(file).as("observations file (banwatch log: %s)", logTail()).isRegularFile();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static Process startBanwatch(Path jar, Path observationsFile, int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        SERVER_NS,
                        java,
                        "-jar",
                        jar.toString(),
                        "run",
                        "-i",
                        SERVER_IF,
                        "--observations",
                        observationsFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("banwatch.log").toFile());
        builder.environment().put("BANWATCH_HTTP_LISTEN", "127.0.0.1:" + port);
        return builder.start();
    }

    private static void awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(banwatch.isAlive())
                    .as("banwatch exited early (status %s): %s", exitStatus(), logTail())
                    .isTrue();
            if (curlInServerNamespace(port, "/-/ready").exitCode() == 0) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("banwatch not ready within " + READY_TIMEOUT + ": " + logTail());
    }

    private static String scrape(int port) throws Exception {
        Result result = curlInServerNamespace(port, "/metrics");
        assertThat(result.exitCode())
                .as("scrape of /metrics: %s", result.output())
                .isZero();
        return result.output();
    }

    private static Result curlInServerNamespace(int port, String path) throws Exception {
        return run(
                Duration.ofSeconds(10),
                "ip",
                "netns",
                "exec",
                SERVER_NS,
                "curl",
                "-sf",
                "--max-time",
                "5",
                "http://127.0.0.1:" + port + path);
    }

    private static void stopBanwatch() throws InterruptedException {
        banwatch.destroy(); // SIGTERM: banwatch flushes the observations file on its way out
        if (!banwatch.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            banwatch.destroyForcibly();
            throw new AssertionError("banwatch did not stop within " + STOP_TIMEOUT + " of SIGTERM: " + logTail());
        }
    }

    private static String exitStatus() {
        return banwatch.isAlive() ? "running" : String.valueOf(banwatch.exitValue());
    }

    private static String logTail() {
        try {
            List<String> lines = Files.readAllLines(workDir.resolve("banwatch.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    private static boolean isRoot() {
        try {
            Result id = run(Duration.ofSeconds(10), "id", "-u");
            return id.exitCode() == 0 && id.output().strip().equals("0");
        } catch (Exception e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        // A port free here is free in the new namespace too, which has no listeners but the lab's.
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void runOrFail(Duration timeout, String... command) throws Exception {
        Result result = run(timeout, command);
        assertThat(result.exitCode())
                .as("%s exited %d:%n%s", String.join(" ", command), result.exitCode(), result.output())
                .isZero();
    }

    private static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        // Output goes to a file: a scrape can outgrow a pipe's buffer and block the child before it exits.
        Path output = Files.createTempFile("banwatch-it-", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return new Result(-1, "timed out after " + timeout + ":\n" + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private record Result(int exitCode, String output) {}
}
