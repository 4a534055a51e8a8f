package io.banwatch.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.config.ConfigKey;
import io.banwatch.config.ConfigKeys;
import io.banwatch.config.ConfigLoader;
import io.banwatch.source.CaptureStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What users read must match what banwatch does: every configuration key is in the README's table with its
 * default, every exported metric is documented, and the dashboards name only metrics that are exported.
 */
class PublishedContractsTest {

    private static final Pattern METRIC = Pattern.compile("\\bbanwatch_[a-z_]+");

    /**
     * The metric names after a replay that exercises every meter: matches, alerts, anomalies, sources, and the event
     * store and a Kafka sink (to a port where no broker listens), whose meters exist only when they are configured.
     */
    private static Set<String> exportedMetricNames() throws Exception {
        Path store = Files.createTempDirectory("banwatch-contracts").resolve("banwatch.db");
        Map<String, String> env = Map.of(
                "BANWATCH_STORE_PATH", store.toString(),
                "BANWATCH_SINKS_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9",
                "BANWATCH_SINKS_KAFKA_FLUSH_TIMEOUT_SECONDS", "1");
        try (Sensor sensor = new Sensor(ConfigLoader.defaults(env), null, false, false, Sensor.StoreMode.REPLAY)) {
            Path capture = Path.of(PublishedContractsTest.class
                    .getResource("/io/banwatch/fixtures/http-update.pcap")
                    .toURI());
            Replay.run(sensor, List.of(capture), new Replay.Options("auto", List.of(80, 443), false), NO_PROGRESS);
            sensor.drain(java.time.Duration.ofSeconds(10));
            String scrape =
                    new String(sensor.metrics().scrape("text/plain").body(), java.nio.charset.StandardCharsets.UTF_8);
            Set<String> names = new TreeSet<>();
            for (String line : scrape.split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    names.add(line.split(" ")[2]);
                }
            }
            return names;
        }
    }

    private static final Replay.Progress NO_PROGRESS = new Replay.Progress() {
        @Override
        public void started(Path file, CaptureStats stats) {}

        @Override
        public void finished(Path file, CaptureStats stats) {}
    };

    @Test
    void everyConfigurationKeyIsDocumentedWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (ConfigKey key : ConfigKeys.ALL) {
            String row = readme.lines()
                    .filter(l -> l.startsWith("| `" + key.path() + "` |"))
                    .findFirst()
                    .orElse(null);
            assertThat(row).as("README row for " + key.path()).isNotNull();
            String shown = key.defaultValue() instanceof List<?> list
                    ? list.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"))
                    : "".equals(key.defaultValue()) ? "\"\"" : String.valueOf(key.defaultValue());
            assertThat(row).as(key.path()).contains("`" + shown + "`");
        }
    }

    @Test
    void everyExportedMetricIsDocumented() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (String name : exportedMetricNames()) {
            assertThat(readme).as(name).contains("`" + name + "`");
        }
    }

    @Test
    void dashboardsAndAlertRulesNameOnlyExportedMetrics() throws Exception {
        Set<String> exported = exportedMetricNames();
        assertThat(exported)
                .contains("banwatch_matches_total", "banwatch_alerts_total", "banwatch_decode_anomalies_total");
        List<Path> dashboards;
        try (Stream<Path> files =
                Stream.concat(Files.list(Path.of("dashboards")), Files.list(Path.of("config/prometheus")))) {
            dashboards = files.filter(
                            p -> p.toString().endsWith(".json") || p.toString().contains("rules"))
                    .toList();
        }
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(3);
        for (Path dashboard : dashboards) {
            Matcher matcher = METRIC.matcher(Files.readString(dashboard));
            int found = 0;
            while (matcher.find()) {
                found++;
                assertThat(exported).as(dashboard + " names " + matcher.group()).contains(matcher.group());
            }
            assertThat(found).as(dashboard + " queries").isPositive();
        }
    }
}
