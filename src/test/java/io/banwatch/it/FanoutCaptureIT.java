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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code banwatch run} with {@code capture.fanout: 2} on one end of a veth pair while tcpreplay sends captures with
 * several Kaspersky flows (DNS, HTTP, TLS, a ClientHello over two segments, QUIC) into the other end: every event the
 * same captures give in a replay is reported exactly once, both capture threads read packets, and the group's summed
 * counters equal what was sent, before and after the interface is deleted and created again (the whole group
 * reopened).
 */
class FanoutCaptureIT {

    private static final String TX_NS = "fo-tx";
    private static final String RX_NS = "fo-rx";
    private static final String TX_IF = "fotx0";
    private static final String RX_IF = "forx0";
    /**
     * Captures whose names are in the flows themselves. A flow named only by an earlier DNS answer is left out: at
     * tcpreplay's top speed the answer and the connection arrive microseconds apart, and with the two on different
     * capture threads the connection may be inspected before the answer (see the README on capture.fanout).
     */
    private static final List<String> CAPTURES = List.of(
            "dns-kaspersky.pcap",
            "http-update.pcap",
            "tls-split-clienthello.pcap",
            "tls-nonstandard-port.pcap",
            "quic-chromium.pcap",
            "outcome-tls-connected.pcap",
            "outcome-http-404.pcap");
    // Starting a JVM, opening two capture handles and binding HTTP takes a few seconds; 30 s leaves room on a busy CI.
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    // libpcap reports the deleted interface at its next poll, within the 100 ms read timeout.
    private static final Duration DOWN_TIMEOUT = Duration.ofSeconds(15);
    // The reopen attempts come 1, 2 and 4 s apart; room for a busy CI.
    private static final Duration UP_TIMEOUT = Duration.ofSeconds(30);
    // Time for a few hundred packets to be counted (the counters are read directly, the drops every second).
    private static final Duration COUNT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern PER_THREAD =
            Pattern.compile(RX_IF + ": packets read by each of its 2 capture threads: (\\d+), (\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path workDir;
    private BanwatchProcess banwatch;
    private int port;

    @BeforeEach
    void namespaces() throws Exception {
        Assumptions.assumeTrue(isRoot(), "needs root: live capture in network namespaces (run as root to include)");
        Assumptions.assumeTrue(
                run("ip", "netns", "list").exitCode() == 0, "needs network namespaces: 'ip netns list' failed");
        Assumptions.assumeTrue(run("tcpreplay", "-V").exitCode() == 0, "needs tcpreplay (Debian package tcpreplay)");
        removeNamespaces();
        runOrFail("ip", "netns", "add", TX_NS);
        runOrFail("ip", "netns", "add", RX_NS);
        runOrFail("ip", "netns", "exec", RX_NS, "ip", "link", "set", "lo", "up");
        createLink();
        workDir = Files.createTempDirectory("banwatch-fanout-it");
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
    void twoCaptureThreadsReportEveryEventOnceAndCountEveryPacket() throws Exception {
        Map<String, Integer> expected = replayed();
        assertThat(expected.keySet()).as("the captures' events").anyMatch(k -> k.contains("kaspersky"));

        Path observations = workDir.resolve("observations.jsonl");
        start(observations);
        assertThat(banwatch.stderr()).contains(RX_IF + ": 2 capture threads, one handle each in PACKET_FANOUT group ");
        long sent = send();
        awaitCounted(sent);

        long[] perThread = stop();
        assertThat(perThread[0]).as("packets of capture thread 0").isPositive();
        assertThat(perThread[1]).as("packets of capture thread 1").isPositive();
        assertThat(perThread[0] + perThread[1]).isEqualTo(sent);
        Map<String, Integer> live = events(observations);
        assertThat(beyond(expected, live))
                .as("events the replay reported and live capture did not")
                .isEmpty();
        assertThat(beyond(live, expected))
                .as("events live capture reported beyond the replay's")
                .isEmpty();
    }

    @Test
    void anInterfaceThatComesBackIsReadByBothThreadsAgain() throws Exception {
        Path observations = workDir.resolve("observations.jsonl");
        start(observations);
        deleteLink();
        awaitMetric("banwatch_capture_interface_up", Map.of("source", RX_IF), v -> v == 0, DOWN_TIMEOUT);
        createLink();
        awaitMetric("banwatch_capture_interface_up", Map.of("source", RX_IF), v -> v == 1, UP_TIMEOUT);
        assertThat(metric("banwatch_capture_reopens_total", Map.of("source", RX_IF)))
                .isEqualTo(1);

        // Nothing was sent before the interface went away: what is counted now, the reopened handles read.
        long sent = send();
        awaitCounted(sent);
        long[] perThread = stop();
        assertThat(perThread[0]).as("packets of reopened capture thread 0").isPositive();
        assertThat(perThread[1]).as("packets of reopened capture thread 1").isPositive();
        assertThat(perThread[0] + perThread[1]).isEqualTo(sent);
        assertThat(banwatch.stderr()).contains(RX_IF + ": capture resumed after a gap of ");
        assertThat(events(observations).keySet()).anyMatch(k -> k.contains("s07.upd.kaspersky.com"));
    }

    /** Waits until the interface's summed packet counter reaches {@code sent}; it must not pass it, nor drop any. */
    private void awaitCounted(long sent) throws Exception {
        awaitMetric("banwatch_packets_total", Map.of("source", RX_IF), v -> v >= sent, COUNT_TIMEOUT);
        Thread.sleep(1_500); // one more read of the drop counters, and room for any packet beyond those sent
        assertThat(metric("banwatch_packets_total", Map.of("source", RX_IF)))
                .as("packets counted against %d sent", sent)
                .isEqualTo(sent);
        assertThat(metric("banwatch_capture_drops_total", Map.of("source", RX_IF)))
                .as("kernel and interface drops")
                .isZero();
    }

    /** Stops banwatch with SIGTERM; returns the packets each capture thread read, from its last log lines. */
    private long[] stop() throws Exception {
        banwatch.signal("TERM");
        assertThat(banwatch.awaitExit(STOP_TIMEOUT))
                .as("exit status after SIGTERM; stderr:\n%s", banwatch.stderr())
                .isZero();
        String log = banwatch.stderr() + banwatch.stdout();
        Matcher perThread = PER_THREAD.matcher(log);
        assertThat(perThread.find())
                .as("per-thread packet counts in the log:\n%s", log)
                .isTrue();
        return new long[] {Long.parseLong(perThread.group(1)), Long.parseLong(perThread.group(2))};
    }

    /** The events of {@code a} with how many more times {@code a} holds them than {@code b}. */
    private static Map<String, Integer> beyond(Map<String, Integer> a, Map<String, Integer> b) {
        Map<String, Integer> more = new HashMap<>();
        a.forEach((event, count) -> {
            int extra = count - b.getOrDefault(event, 0);
            if (extra > 0) {
                more.put(event, extra);
            }
        });
        return more;
    }

    /** The events of {@link #CAPTURES} as {@code banwatch replay} reports them: what live capture must report. */
    private Map<String, Integer> replayed() throws Exception {
        Path observations = workDir.resolve("replayed.jsonl");
        List<String> args = new ArrayList<>(List.of("replay", "--observations", observations.toString()));
        CAPTURES.forEach(c -> args.add(fixture(c).toString()));
        try (BanwatchProcess replay = BanwatchProcess.start(
                workDir, Map.of("BANWATCH_STORE_ENABLED", "false"), args.toArray(String[]::new))) {
            assertThat(replay.awaitExit(Duration.ofSeconds(120)))
                    .as(replay.stderr())
                    .isZero();
        }
        return events(observations);
    }

    /**
     * Each event, contacts and outcomes, reduced to what does not depend on when it was captured, with how often it
     * was reported.
     */
    private static Map<String, Integer> events(Path file) throws IOException {
        assertThat(file).isRegularFile();
        Map<String, Integer> counts = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode o = JSON.readTree(line);
            String key = String.join(
                    " ",
                    text(o, "event", "outcome"),
                    text(o, "network", "transport"),
                    text(o, "network", "protocol"),
                    text(o, "source", "ip") + ":" + text(o, "source", "port"),
                    text(o, "destination", "ip") + ":" + text(o, "destination", "port"),
                    text(o, "dns", "type"),
                    text(o, "dns", "question", "name"),
                    text(o, "tls", "client", "server_name"),
                    text(o, "url", "domain") + text(o, "url", "path"),
                    text(o, "banwatch", "vendor"),
                    text(o, "banwatch", "category"),
                    text(o, "banwatch", "outcome"),
                    text(o, "banwatch", "outcome_reason"));
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    private static String text(JsonNode node, String... path) {
        JsonNode at = node;
        for (String name : path) {
            at = at.path(name);
        }
        return at.asText("");
    }

    private static Path fixture(String name) {
        return BanwatchProcess.repo()
                .resolve("src/test/resources/io/banwatch/fixtures")
                .resolve(name);
    }

    private void start(Path observations) throws Exception {
        List<String> command = List.of(
                "ip",
                "netns",
                "exec",
                RX_NS,
                BanwatchProcess.javaBinary(),
                "-Xmx256m",
                "-jar",
                BanwatchProcess.jar().toString(),
                "run",
                "-i",
                RX_IF,
                "--observations",
                observations.toString());
        Map<String, String> env = Map.of(
                "BANWATCH_HTTP_LISTEN", "127.0.0.1:" + port,
                "BANWATCH_CAPTURE_FANOUT", "2",
                // Every packet sent must be counted: the auto filter would leave servers' bulk data in the kernel.
                "BANWATCH_CAPTURE_FILTER", "none",
                "BANWATCH_CAPTURE_STATS_INTERVAL_SECONDS", "1",
                "BANWATCH_STORE_ENABLED", "false");
        banwatch = BanwatchProcess.start(workDir, env, command);
        banwatch.awaitOutput("capturing on " + RX_IF, READY_TIMEOUT);
        awaitMetric("banwatch_capture_interface_up", Map.of("source", RX_IF), v -> v == 1, READY_TIMEOUT);
    }

    /** Replays every capture into the sending end; returns how many packets tcpreplay sent. */
    private static long send() throws Exception {
        long sent = 0;
        Pattern actual = Pattern.compile("Actual: (\\d+) packets");
        for (String capture : CAPTURES) {
            Result replay = run(
                    "ip",
                    "netns",
                    "exec",
                    TX_NS,
                    "tcpreplay",
                    "--topspeed",
                    "-i",
                    TX_IF,
                    fixture(capture).toString());
            assertThat(replay.exitCode())
                    .as("tcpreplay %s: %s", capture, replay.output())
                    .isZero();
            Matcher m = actual.matcher(replay.output());
            assertThat(m.find()).as("tcpreplay's count: %s", replay.output()).isTrue();
            sent += Long.parseLong(m.group(1));
        }
        return sent;
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
                RX_NS,
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

    /**
     * The veth pair with nothing of its own on it: no addresses and IPv6 off (no router or neighbour solicitations),
     * and segmentation and receive offloads off, so the receiving end sees exactly the frames tcpreplay sends.
     */
    private static void createLink() throws Exception {
        runOrFail("ip", "link", "add", TX_IF, "type", "veth", "peer", "name", RX_IF);
        runOrFail("ip", "link", "set", TX_IF, "netns", TX_NS);
        runOrFail("ip", "link", "set", RX_IF, "netns", RX_NS);
        for (String[] end : List.of(new String[] {TX_NS, TX_IF}, new String[] {RX_NS, RX_IF})) {
            runOrFail("ip", "netns", "exec", end[0], "sysctl", "-qw", "net.ipv6.conf." + end[1] + ".disable_ipv6=1");
            runOrFail("ip", "netns", "exec", end[0], "ethtool", "-K", end[1], "tso", "off", "gso", "off", "gro", "off");
            runOrFail("ip", "netns", "exec", end[0], "ip", "link", "set", end[1], "up");
        }
    }

    private static void deleteLink() throws Exception {
        runOrFail("ip", "netns", "exec", RX_NS, "ip", "link", "del", RX_IF);
    }

    private static void removeNamespaces() throws Exception {
        run("ip", "link", "del", TX_IF); // left in the root namespace by an interrupted createLink
        run("ip", "netns", "del", TX_NS);
        run("ip", "netns", "del", RX_NS);
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
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
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
