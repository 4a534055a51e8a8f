package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.api.ApiAccess;
import io.banwatch.api.ApiRoutes;
import io.banwatch.api.HttpApiServer;
import io.banwatch.api.QueryRoutes;
import io.banwatch.api.QueryService;
import io.banwatch.metrics.PrometheusMetrics;
import io.banwatch.store.EventStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's access rule seen from another machine: a client in its own network namespace, joined to this one by a
 * veth pair, reaches a server bound to the host side's address. Without a token it is refused with 403 (it is not
 * loopback); with a token it needs the bearer token. {@code /metrics} stays open to it.
 */
class ApiSecurityIT {

    private static final String NS = "bwapi-client";
    private static final String HOST_IF = "bwapi-h";
    private static final String CLIENT_IF = "bwapi-c";
    // A /30 of its own, outside the lab's addresses (scripts/lab.sh), so the two tests can run on one machine.
    private static final String HOST_ADDRESS = "10.251.77.1";
    private static final String CLIENT_ADDRESS = "10.251.77.2";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

    private static boolean up;

    @TempDir
    Path dir;

    private EventStore store;
    private ApiRoutes routes;
    private HttpApiServer server;

    @BeforeAll
    static void namespace() throws Exception {
        Assumptions.assumeTrue(isRoot(), "needs root: a client in its own network namespace (run as root to include)");
        Assumptions.assumeTrue(
                run("ip", "netns", "list").exitCode() == 0, "needs network namespaces: 'ip netns list' failed");
        Assumptions.assumeTrue(run("curl", "--version").exitCode() == 0, "needs curl (apt-get install curl)");
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

    private void start(String token) {
        store = EventStore.open(dir.resolve("banwatch.db"));
        routes = ApiRoutes.standard(new PrometheusMetrics(), () -> true)
                .api(ApiAccess.of(token), 2, Duration.ofSeconds(10));
        new QueryRoutes(new QueryService(store, List::of), Clock.systemUTC()).addTo(routes);
        server = new HttpApiServer(HOST_ADDRESS, 0, routes);
    }

    /** curl from inside the namespace: the status code on the last line, the body before it. */
    private Result curl(String path, String... headers) throws Exception {
        List<String> command = new java.util.ArrayList<>(
                List.of("ip", "netns", "exec", NS, "curl", "-sS", "--max-time", "10", "-w", "\n%{http_code}"));
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        command.add("http://" + HOST_ADDRESS + ":" + server.port() + path);
        Result result = run(command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result;
    }

    private static int status(Result curl) {
        List<String> lines = curl.output().strip().lines().toList();
        return Integer.parseInt(lines.getLast().strip());
    }

    @Test
    void withoutATokenARemoteClientIsRefusedWith403() throws Exception {
        start("");
        Result events = curl("/api/v1/events");
        assertThat(status(events)).isEqualTo(403);
        assertThat(events.output()).contains("api.token", "BANWATCH_API_TOKEN", "Authorization: Bearer");
        assertThat(status(curl("/api/v1/catalog"))).isEqualTo(403);
        assertThat(status(curl("/metrics"))).isEqualTo(200);
        assertThat(status(curl("/-/healthy"))).isEqualTo(200);
    }

    @Test
    void withATokenARemoteClientNeedsIt() throws Exception {
        start("it-token-7f3a");
        assertThat(status(curl("/api/v1/events"))).isEqualTo(401);
        assertThat(status(curl("/api/v1/events", "Authorization: Bearer wrong")))
                .isEqualTo(401);
        Result ok = curl("/api/v1/events", "Authorization: Bearer it-token-7f3a");
        assertThat(status(ok)).isEqualTo(200);
        assertThat(ok.output()).contains("\"items\":[]");
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
        Path output = Files.createTempFile("banwatch-api-it-", ".out");
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
