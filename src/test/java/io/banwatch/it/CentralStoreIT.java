package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banwatch.cli.Main;
import io.banwatch.store.PostgresExtension;
import io.banwatch.store.PostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The central store: two sensor processes, each replaying its own capture under its own {@code observer.name}, write
 * to one real PostgreSQL database (configured from the environment, as a fleet's sensors are); the CLI against the
 * database and a sensor's HTTP API both answer with the hosts and events of both, and neither sensor writes a file.
 */
class CentralStoreIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static Path fixture(String name) {
        return BanwatchProcess.repo().resolve("src/test/resources/io/banwatch/fixtures/" + name);
    }

    private static Map<String, String> central(String url, String observer) {
        return new HashMap<>(Map.of(
                "BANWATCH_STORE_URL",
                url,
                "BANWATCH_STORE_USER",
                PostgresServer.USER,
                "BANWATCH_STORE_PASSWORD",
                PostgresServer.PASSWORD,
                "BANWATCH_OBSERVER_NAME",
                observer));
    }

    private int query(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private List<JsonNode> jsonLines() throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    @Test
    void twoSensorsWriteOneDatabaseAndEveryQueryShowsBoth() throws Exception {
        String url = POSTGRES.server().createDatabase();
        Path first = Files.createDirectories(dir.resolve("sensor-a"));
        Path second = Files.createDirectories(dir.resolve("sensor-b"));
        try (BanwatchProcess a = BanwatchProcess.start(
                first,
                central(url, "sensor-a"),
                "replay",
                fixture("http-update.pcap").toString())) {
            assertThat(a.awaitExit(Duration.ofSeconds(120))).as(a.stderr()).isZero();
        }
        int port = freePort();
        Map<String, String> servingSensor = central(url, "sensor-b");
        servingSensor.put("BANWATCH_HTTP_LISTEN", "127.0.0.1:" + port);
        try (BanwatchProcess b = BanwatchProcess.start(
                second,
                servingSensor,
                "replay",
                "--serve",
                fixture("gre-erspan-geneve-mpls.pcap").toString())) {
            b.awaitOutput("still serving", Duration.ofSeconds(120));
            assertThat(first.resolve("data")).doesNotExist();
            assertThat(second.resolve("data")).doesNotExist();

            // The CLI against the database, configured by a file as an analyst's workstation would be.
            Path config = Files.writeString(
                    dir.resolve("central.yaml"),
                    "store:\n  url: \"" + url + "\"\n  user: " + PostgresServer.USER + "\n  password: "
                            + PostgresServer.PASSWORD + "\n");
            assertThat(query("query", "hosts", "-c", config.toString(), "--format", "json"))
                    .as(err.toString())
                    .isZero();
            List<JsonNode> hosts = jsonLines();
            assertThat(hosts)
                    .extracting(h -> h.path("host").asText())
                    .containsExactlyInAnyOrder("10.77.0.2", "10.77.0.202");
            assertThat(hosts)
                    .extracting(h -> h.path("observer").path("name").asText())
                    .containsExactlyInAnyOrder("sensor-a", "sensor-b");

            assertThat(query("query", "events", "-c", config.toString(), "--format", "json"))
                    .as(err.toString())
                    .isZero();
            assertThat(jsonLines())
                    .extracting(e -> e.path("observer").path("name").asText())
                    .contains("sensor-a", "sensor-b")
                    .containsOnly("sensor-a", "sensor-b");
            assertThat(dir.resolve("data")).doesNotExist();

            // The serving sensor's API reads the same database: the other sensor's host is there too.
            assertThat(query("query", "hosts", "--url", "http://127.0.0.1:" + port, "--format", "json"))
                    .as(err.toString())
                    .isZero();
            assertThat(jsonLines())
                    .extracting(h -> h.path("host").asText())
                    .containsExactlyInAnyOrder("10.77.0.2", "10.77.0.202");
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
