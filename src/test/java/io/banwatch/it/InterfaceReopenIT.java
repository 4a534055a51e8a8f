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
import java.util.function.DoublePredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A live interface deleted under a running {@code banwatch run -i} and created again with the same name: the capture
 * is reopened by itself, the gap is logged and counted, and SIGTERM still ends the process while it waits to reopen.
 */
class InterfaceReopenIT {

    private static final String SERVER_NS = "bwre-srv";
    private static final String CLIENT_NS = "bwre-cli";
    private static final String SERVER_IF = "bwre0";
    private static final String CLIENT_IF = "bwre1";
    private static final String SERVER_ADDRESS = "10.79.0.1";
    private static final String CLIENT_ADDRESS = "10.79.0.2";
    // Starting a JVM, opening the capture handle and binding HTTP takes a few seconds; 30 s leaves room on a busy CI.
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    // libpcap reports the deleted interface at its next poll, within the 1 s read timeout.
    private static final Duration DOWN_TIMEOUT = Duration.ofSeconds(15);
    // The interface stays away this long: the reopen attempts at 1 s and 2 s (then 4 s later) fail first.
    private static final Duration AWAY = Duration.ofSeconds(3);
    // The attempt after AWAY comes at most 4 s later (1 + 2 + 4 s of backoff); room for a busy CI.
    private static final Duration UP_TIMEOUT = Duration.ofSeconds(30);
    // Time for a query to pass capture, inspection and the pipeline.
    private static final Duration MATCH_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final String FIRST_NAME = "dnl-01.geo.kaspersky.com";
    private static final String SECOND_NAME = "dnl-02.geo.kaspersky.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path workDir;
    private BanwatchProcess banwatch;
    private int port;

    @BeforeEach
    void namespaces() throws Exception {
        Assumptions.assumeTrue(isRoot(), "needs root: live capture in network namespaces (run as root to include)");
        Assumptions.assumeTrue(
                run("ip", "netns", "list").exitCode() == 0, "needs network namespaces: 'ip netns list' failed");
        removeNamespaces();
        runOrFail("ip", "netns", "add", SERVER_NS);
        runOrFail("ip", "netns", "add", CLIENT_NS);
        runOrFail("ip", "netns", "exec", SERVER_NS, "ip", "link", "set", "lo", "up");
        createLink();
        workDir = Files.createTempDirectory("banwatch-reopen-it");
        port = freePort();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (banwatch != null) {
            banwatch.close();
        }
        removeNamespaces();
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void captureResumesWhenTheInterfaceComesBack() throws Exception {
        Path observations = workDir.resolve("observations.jsonl");
        start(observations);
        query(FIRST_NAME);
        awaitMetric("banwatch_matches_total", Map.of(), v -> v >= 1, MATCH_TIMEOUT);

        deleteLink();
        awaitMetric("banwatch_capture_interface_up", Map.of("source", SERVER_IF), v -> v == 0, DOWN_TIMEOUT);
        assertThat(metric("banwatch_capture_reopens_total", Map.of("source", SERVER_IF)))
                .isZero();
        Thread.sleep(AWAY.toMillis());
        createLink();
        awaitMetric("banwatch_capture_interface_up", Map.of("source", SERVER_IF), v -> v == 1, UP_TIMEOUT);
        assertThat(metric("banwatch_capture_reopens_total", Map.of("source", SERVER_IF)))
                .isGreaterThanOrEqualTo(1);
        double matchesBefore = metric("banwatch_matches_total", Map.of());

        query(SECOND_NAME);
        awaitMetric("banwatch_matches_total", Map.of(), v -> v > matchesBefore, MATCH_TIMEOUT);

        String log = banwatch.stderr() + banwatch.stdout();
        assertThat(log).contains(SERVER_IF + ": capture failed, reopening until it is back: ");
        assertThat(log).containsPattern(SERVER_IF + ": capture resumed after a gap of \\d+\\.\\d s");
        banwatch.signal("TERM");
        assertThat(banwatch.awaitExit(STOP_TIMEOUT))
                .as("exit status after SIGTERM")
                .isZero();
        assertThat(matchedNames(observations)).contains(FIRST_NAME, SECOND_NAME);
    }

    @Test
    void sigtermEndsTheProcessWhileItWaitsToReopen() throws Exception {
        start(workDir.resolve("observations.jsonl"));
        deleteLink();
        awaitMetric("banwatch_capture_interface_up", Map.of("source", SERVER_IF), v -> v == 0, DOWN_TIMEOUT);

        long sent = System.nanoTime();
        banwatch.signal("TERM");
        assertThat(banwatch.awaitExit(STOP_TIMEOUT))
                .as("exit status after SIGTERM")
                .isZero();
        // The backoff waits up to 30 s between attempts; the stop must not wait for the next one.
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(10));
    }

    private void start(Path observations) throws Exception {
        List<String> command = List.of(
                "ip",
                "netns",
                "exec",
                SERVER_NS,
                BanwatchProcess.javaBinary(),
                "-Xmx256m",
                "-jar",
                BanwatchProcess.jar().toString(),
                "run",
                "-i",
                SERVER_IF,
                "--observations",
                observations.toString());
        banwatch = BanwatchProcess.start(workDir, Map.of("BANWATCH_HTTP_LISTEN", "127.0.0.1:" + port), command);
        banwatch.awaitOutput("capturing on " + SERVER_IF, READY_TIMEOUT);
        awaitMetric("banwatch_capture_interface_up", Map.of("source", SERVER_IF), v -> v == 1, READY_TIMEOUT);
    }

    private void awaitMetric(String name, Map<String, String> labels, DoublePredicate wanted, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            last = metric(name, labels);
            if (wanted.test(last)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                name + labels + " stayed at " + last + " for " + timeout + "; stderr:\n" + banwatch.stderr());
    }

    private double metric(String name, Map<String, String> labels) throws Exception {
        Result scrape = run(
                "ip",
                "netns",
                "exec",
                SERVER_NS,
                "curl",
                "-sf",
                "--max-time",
                "5",
                "http://127.0.0.1:" + port + "/metrics");
        assertThat(scrape.exitCode())
                .as("scrape of /metrics: %s; stderr:\n%s", scrape.output(), banwatch.stderr())
                .isZero();
        return PrometheusText.sum(PrometheusText.parse(scrape.output()), name, labels);
    }

    /** One DNS query from the client side; nothing answers, the packet on the veth is what counts. */
    private static void query(String name) throws Exception {
        run("ip", "netns", "exec", CLIENT_NS, "dig", "@" + SERVER_ADDRESS, "+tries=1", "+time=1", name, "A");
    }

    private static List<String> matchedNames(Path observations) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(observations, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode o = JSON.readTree(line);
            if (o.path("banwatch").path("vendor").asText("").equals("kaspersky")) {
                names.add(o.path("dns").path("question").path("name").asText(""));
            }
        }
        return names;
    }

    private static void createLink() throws Exception {
        runOrFail("ip", "link", "add", SERVER_IF, "type", "veth", "peer", "name", CLIENT_IF);
        runOrFail("ip", "link", "set", SERVER_IF, "netns", SERVER_NS);
        runOrFail("ip", "link", "set", CLIENT_IF, "netns", CLIENT_NS);
        runOrFail("ip", "netns", "exec", SERVER_NS, "ip", "addr", "add", SERVER_ADDRESS + "/30", "dev", SERVER_IF);
        runOrFail("ip", "netns", "exec", CLIENT_NS, "ip", "addr", "add", CLIENT_ADDRESS + "/30", "dev", CLIENT_IF);
        runOrFail("ip", "netns", "exec", SERVER_NS, "ip", "link", "set", SERVER_IF, "up");
        runOrFail("ip", "netns", "exec", CLIENT_NS, "ip", "link", "set", CLIENT_IF, "up");
    }

    private static void deleteLink() throws Exception {
        runOrFail("ip", "netns", "exec", SERVER_NS, "ip", "link", "del", SERVER_IF);
    }

    private static void removeNamespaces() throws Exception {
        run("ip", "link", "del", SERVER_IF); // left in the root namespace by an interrupted createLink
        run("ip", "netns", "del", SERVER_NS);
        run("ip", "netns", "del", CLIENT_NS);
    }

    private static boolean isRoot() {
        try {
            Result id = run("id", "-u");
            return id.exitCode() == 0 && id.output().strip().equals("0");
        } catch (Exception e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        // A port free here is free in the new namespace too, which has no listeners.
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void runOrFail(String... command) throws Exception {
        Result result = run(command);
        assertThat(result.exitCode())
                .as("%s exited %d:%n%s", String.join(" ", command), result.exitCode(), result.output())
                .isZero();
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("banwatch-it-", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return new Result(-1, "timed out:\n" + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private record Result(int exitCode, String output) {}
}
