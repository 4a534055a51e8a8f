package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog reload as an operator does it: {@code kill -HUP} to a live sensor. A valid file is in use from then on
 * (a DNS query for a name only the new file lists is matched); an invalid file leaves the last good catalog in use
 * and the log names the file, the key path and the problem.
 */
class CatalogReloadIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern METRICS_URL = Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private static final String HEADER = """
            vendor: acme
            display_name: Acme
            phases:
              - name: announced
                start: "2024-06-20T00:00:00-04:00"
                description: announced
                source: test
            severities:
              before_announcement: {update: info, ksn: info, licensing: info, management: info, telemetry: info, web: info, threat_intel: info}
              announced: {update: critical, ksn: critical, licensing: high, management: high, telemetry: medium, web: low, threat_intel: info}
            rules:
            """;

    private static String catalog(String... hosts) {
        StringBuilder yaml = new StringBuilder(HEADER);
        for (String host : hosts) {
            yaml.append("  - pattern: ")
                    .append(host)
                    .append("\n    category: update\n    description: d\n    source: s\n");
        }
        return yaml.toString();
    }

    @Test
    void sighupLoadsAValidCatalogAndKeepsTheLastGoodOneWhenTheFileIsInvalid() throws Exception {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")), "needs root: live capture on the loopback interface");
        Path file = dir.resolve("acme.yaml");
        Files.writeString(file, catalog("upd.acme.example"));
        Path config = dir.resolve("banwatch.yaml");
        Files.writeString(config, """
                http:
                  listen: 127.0.0.1:0
                catalog:
                  builtin: []
                  files: [%s]
                store:
                  enabled: false
                """.formatted(file));
        try (BanwatchProcess banwatch = BanwatchProcess.start(
                dir, Map.of(), "run", "-c", config.toString(), "-i", "lo", "--bpf", "udp port 53")) {
            banwatch.awaitOutput("capturing on lo", START);
            Matcher url = METRICS_URL.matcher(banwatch.stderr());
            assertThat(url.find()).as(banwatch.stderr()).isTrue();
            URI metrics = URI.create("http://127.0.0.1:" + url.group(1) + "/metrics");
            assertThat(value(metrics, "banwatch_catalog_rules", Map.of())).isEqualTo(1);
            double loadedAt = value(metrics, "banwatch_catalog_loaded_timestamp_seconds", Map.of());

            // A name the running catalog does not list is not matched.
            query("ksn.acme.example");
            await(metrics, "banwatch_observations_total", Map.of("protocol", "dns"), v -> v >= 1);
            assertThat(value(metrics, "banwatch_matches_total", Map.of("vendor", "acme")))
                    .isZero();

            Files.writeString(file, catalog("upd.acme.example", "ksn.acme.example"));
            banwatch.signal("HUP");
            await(metrics, "banwatch_catalog_reloads_total", Map.of("result", "success"), v -> v == 1);
            assertThat(value(metrics, "banwatch_catalog_rules", Map.of())).isEqualTo(2);
            assertThat(value(metrics, "banwatch_catalog_loaded_timestamp_seconds", Map.of()))
                    .isGreaterThan(loadedAt);
            banwatch.awaitOutput("catalog reloaded: 2 rules from 1 catalogs ([acme])", WAIT);
            query("ksn.acme.example");
            await(metrics, "banwatch_matches_total", Map.of("vendor", "acme"), v -> v == 1);

            Files.writeString(file, catalog("upd.acme.example") + "    colour: red\n");
            banwatch.signal("HUP");
            await(metrics, "banwatch_catalog_reloads_total", Map.of("result", "failure"), v -> v == 1);
            banwatch.awaitOutput("catalog reload failed, keeping the catalog loaded at", WAIT);
            assertThat(banwatch.stderr())
                    .contains("(2 rules): catalog.files: acme.yaml: rules[0].colour: unknown key; expected one of");
            assertThat(value(metrics, "banwatch_catalog_rules", Map.of())).isEqualTo(2);
            // The last good catalog still matches the name only it lists.
            query("ksn.acme.example");
            await(metrics, "banwatch_matches_total", Map.of("vendor", "acme"), v -> v == 2);

            banwatch.signal("TERM");
            assertThat(banwatch.awaitExit(WAIT)).as(banwatch.stderr()).isZero();
        }
    }

    /** A DNS query (RFC 1035 section 4.1) for {@code name} to 127.0.0.1:53; nothing needs to answer it. */
    private static void query(String name) throws Exception {
        ByteBuffer message = ByteBuffer.allocate(512);
        message.putShort((short) 0x4242)
                .putShort((short) 0x0100)
                .putShort((short) 1)
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) 0);
        for (String label : name.split("\\.")) {
            message.put((byte) label.length()).put(label.getBytes(StandardCharsets.US_ASCII));
        }
        message.put((byte) 0).putShort((short) 1).putShort((short) 1);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(message.array(), message.position(), InetAddress.getLoopbackAddress(), 53));
        }
    }

    private double value(URI metrics, String name, Map<String, String> labels) throws Exception {
        String body = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        List<PrometheusText.Sample> samples = PrometheusText.parse(body);
        return PrometheusText.sum(samples, name, labels);
    }

    private void await(URI metrics, String name, Map<String, String> labels, Predicate<Double> done) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            last = value(metrics, name, labels);
            if (done.test(last)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + labels + " stayed at " + last);
    }
}
