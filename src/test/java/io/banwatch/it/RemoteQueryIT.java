package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banwatch.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code banwatch query --url}: the same questions asked of a real sensor process over its HTTP API. */
class RemoteQueryIT {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int query(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private BanwatchProcess sensor(int port, Map<String, String> more) throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "BANWATCH_HTTP_LISTEN",
                "127.0.0.1:" + port,
                "BANWATCH_STORE_PATH",
                dir.resolve("store.db").toString()));
        environment.putAll(more);
        BanwatchProcess sensor = BanwatchProcess.start(
                dir,
                environment,
                "replay",
                "--serve",
                BanwatchProcess.repo()
                        .resolve("src/test/resources/io/banwatch/fixtures/http-update.pcap")
                        .toString());
        sensor.awaitOutput("still serving", Duration.ofSeconds(60));
        return sensor;
    }

    @Test
    void hostsEventsAndAlertsComeFromTheSensorInEveryFormat() throws Exception {
        int port = freePort();
        try (BanwatchProcess sensor = sensor(port, Map.of())) {
            String url = "http://127.0.0.1:" + port;
            assertThat(query("query", "hosts", "--url", url, "--format", "json"))
                    .as(err.toString())
                    .isZero();
            JsonNode host = new ObjectMapper()
                    .readTree(out.toString().lines().findFirst().orElseThrow());
            assertThat(host.path("host").asText()).isEqualTo("10.77.0.2");

            assertThat(query("query", "events", "--url", url, "--category", "update", "--format", "csv"))
                    .isZero();
            List<String> csv = out.toString().lines().toList();
            assertThat(csv.getFirst()).startsWith("timestamp,");
            assertThat(csv.subList(1, csv.size()))
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l).contains("update"));

            assertThat(query("query", "alerts", "--url", url, "--format", "table"))
                    .isZero();
            assertThat(out.toString()).contains("10.77.0.2", "update");

            assertThat(query("query", "events", "--url", url, "--since", "someday"))
                    .isEqualTo(1);
            assertThat(err.toString()).contains("answered 400", "since");
        }
    }

    @Test
    void aSensorWithATokenRefusesAClientWithoutOneAndSaysWhatToSet() throws Exception {
        int port = freePort();
        try (BanwatchProcess sensor = sensor(port, Map.of("BANWATCH_API_TOKEN", "t0ken-for-the-test"))) {
            assertThat(query("query", "hosts", "--url", "http://127.0.0.1:" + port))
                    .isEqualTo(1);
            assertThat(err.toString()).contains("answered 401", "set BANWATCH_API_TOKEN");
        }
    }

    @Test
    void aUrlThatIsNoSensorsAddressIsAUsageError() {
        assertThat(query("query", "hosts", "--url", "ftp://sensor-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--url: \"ftp://sensor-1\" is not a sensor's address");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
