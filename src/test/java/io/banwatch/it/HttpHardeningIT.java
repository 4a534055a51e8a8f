package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.api.ApiAccess;
import io.banwatch.api.ApiRoutes;
import io.banwatch.api.HttpApiServer;
import io.banwatch.api.HttpLimits;
import io.banwatch.api.QueryRoutes;
import io.banwatch.api.QueryService;
import io.banwatch.metrics.PrometheusMetrics;
import io.banwatch.store.EventStore;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP server under attack from another machine: clients in their own network namespace, joined by a veth pair,
 * against a server bound to the host side's address. Slow-loris connections are closed at the read timeout, one
 * client cannot hold more than its share of connections while others are still served, header floods and oversized
 * requests are refused with the documented status, every refusal is counted, and {@code /api} stays closed to the
 * remote client without a token.
 */
class HttpHardeningIT {

    private static final String NS = "bwops-client";
    private static final String HOST_IF = "bwops-h";
    private static final String CLIENT_IF = "bwops-c";
    // A /30 of its own, apart from ApiSecurityIT's and the lab's, so the tests can run on one machine at once.
    private static final String HOST_ADDRESS = "10.251.93.1";
    private static final String CLIENT_ADDRESS = "10.251.93.2";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpLimits LIMITS = new HttpLimits(2, 12, 4);

    private static boolean up;

    @TempDir
    Path dir;

    private EventStore store;
    private ApiRoutes routes;
    private HttpApiServer server;
    private PrometheusMetrics metrics;
    private Path script;

    @BeforeAll
    static void namespace() throws Exception {
        Assumptions.assumeTrue(isRoot(), "needs root: clients in their own network namespace (run as root to include)");
        Assumptions.assumeTrue(
                run("ip", "netns", "list").exitCode() == 0, "needs network namespaces: 'ip netns list' failed");
        Assumptions.assumeTrue(run("python3", "--version").exitCode() == 0, "needs python3");
        down(); // what an interrupted earlier run left
        up = true;
        for (List<String> command : List.of(
                List.of("ip", "netns", "add", NS),
                List.of("ip", "link", "add", HOST_IF, "type", "veth", "peer", "name", CLIENT_IF),
                List.of("ip", "link", "set", CLIENT_IF, "netns", NS),
                List.of("ip", "addr", "add", HOST_ADDRESS + "/30", "dev", HOST_IF),
                List.of("ip", "link", "set", HOST_IF, "up"),
                List.of("ip", "netns", "exec", NS, "ip", "addr", "add", CLIENT_ADDRESS + "/30", "dev", CLIENT_IF),
                List.of("ip", "netns", "exec", NS, "ip", "link", "set", CLIENT_IF, "up"),
                List.of("ip", "netns", "exec", NS, "ip", "link", "set", "lo", "up"))) {
            Result result = run(command.toArray(String[]::new));
            assertThat(result.exitCode()).as("%s: %s", command, result.output()).isZero();
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (up) {
            down();
        }
    }

    private static void down() throws Exception {
        run("ip", "netns", "del", NS);
        run("ip", "link", "del", HOST_IF);
    }

    @BeforeEach
    void start() throws Exception {
        script = dir.resolve("hostile-http-client.py");
        try (var in = HttpHardeningIT.class.getResourceAsStream("hostile-http-client.py")) {
            Files.write(script, in.readAllBytes());
        }
        store = EventStore.open(dir.resolve("banwatch.db"));
        metrics = new PrometheusMetrics();
        routes = ApiRoutes.standard(metrics, () -> true).api(ApiAccess.of(""), 2, Duration.ofSeconds(10));
        new QueryRoutes(new QueryService(store, List::of), Clock.systemUTC()).addTo(routes);
        server = new HttpApiServer(HOST_ADDRESS, 0, routes, LIMITS, metrics.registry());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
            routes.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private String client(String mode, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "ip",
                "netns",
                "exec",
                NS,
                "python3",
                script.toString(),
                HOST_ADDRESS,
                Integer.toString(server.port()),
                mode));
        command.addAll(List.of(args));
        Result result = run(command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output().strip();
    }

    /** curl from inside the namespace: the status code. */
    private int remoteStatus(String path) throws Exception {
        Result result = run(
                "ip",
                "netns",
                "exec",
                NS,
                "curl",
                "-s",
                "-o",
                "/dev/null",
                "--max-time",
                "10",
                "-w",
                "%{http_code}",
                "http://" + HOST_ADDRESS + ":" + server.port() + path);
        return Integer.parseInt(result.output().strip());
    }

    private double refusals(String reason) {
        String scrape = new String(metrics.scrape(null).body(), StandardCharsets.UTF_8);
        return PrometheusText.sum(
                PrometheusText.parse(scrape), "banwatch_http_refusals_total", Map.of("reason", reason));
    }

    private double connections() {
        String scrape = new String(metrics.scrape(null).body(), StandardCharsets.UTF_8);
        return PrometheusText.sum(PrometheusText.parse(scrape), "banwatch_http_connections", Map.of());
    }

    @Test
    void slowLorisConnectionsAreClosedAtTheReadTimeoutWhileOthersAreServed() throws Exception {
        Thread loris = Thread.ofPlatform().start(() -> {
            try {
                // Three, one fewer than a client's share (4), so the same address is still served meanwhile.
                String out = client("slowloris", "3");
                Matcher m = Pattern.compile("slowloris closed 3 of 3 after ([0-9.]+) s")
                        .matcher(out);
                assertThat(m.find()).as(out).isTrue();
                // Two seconds of read timeout, not the 100 s the trickled head would take.
                assertThat(Double.parseDouble(m.group(1))).isLessThan(8.0);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Thread.sleep(500);
        assertThat(remoteStatus("/metrics")).as("served during the attack").isEqualTo(200);
        loris.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(refusals("read_timeout")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void oneClientGetsItsShareOfConnectionsAndOthersAreStillServed() throws Exception {
        Thread holder = Thread.ofPlatform().start(() -> {
            try {
                String out = client("hold", "6");
                assertThat(out.lines().findFirst().orElseThrow()).isEqualTo("hold open open open open 503 503");
                Matcher m = Pattern.compile("hold closed after ([0-9.]+) s").matcher(out);
                assertThat(m.find()).as(out).isTrue();
                assertThat(Double.parseDouble(m.group(1)))
                        .as("idle connections closed")
                        .isLessThan(8.0);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (refusals("max_connections_per_client") < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(refusals("max_connections_per_client")).isEqualTo(2);
        assertThat(connections()).isEqualTo(4);
        // Another client (this machine, from the host side) is still served.
        HttpResponse<String> other = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://" + HOST_ADDRESS + ":" + server.port() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(200);
        holder.join(TimeUnit.SECONDS.toMillis(60));
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (connections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(connections()).isZero();
    }

    @Test
    void headerFloodsAndOversizedRequestsAreRefusedAndCounted() throws Exception {
        assertThat(client("headers", "50")).isEqualTo("headers 50 200");
        assertThat(client("headers", "150")).isEqualTo("headers 150 431");
        assertThat(client("bighead")).isEqualTo("bighead 431");
        assertThat(client("longline")).isEqualTo("longline 414");
        assertThat(client("bigbody")).isEqualTo("bigbody 413");
        assertThat(refusals("too_many_headers")).isEqualTo(1);
        assertThat(refusals("headers_too_large")).isEqualTo(1);
        assertThat(refusals("request_line_too_long")).isEqualTo(1);
        assertThat(refusals("body_too_large")).isEqualTo(1);
        // Still serving, and the API still closed to this remote client without a token.
        assertThat(remoteStatus("/metrics")).isEqualTo(200);
        assertThat(remoteStatus("/api/v1/events")).isEqualTo(403);
    }

    private static boolean isRoot() {
        try {
            Result id = run("id", "-u");
            return id.exitCode() == 0 && id.output().strip().equals("0");
        } catch (Exception e) {
            return false;
        }
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("banwatch-http-it-", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return new Result(-1, "timed out: " + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private record Result(int exitCode, String output) {}
}
