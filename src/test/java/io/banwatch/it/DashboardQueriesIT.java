package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every PromQL expression of every shipped dashboard panel, variable and annotation, and every alert rule, evaluated
 * by a real Prometheus (Debian's package) that scrapes {@code banwatch replay --serve --realtime} of fixtures: matches,
 * outcomes (transferred, connected, blocked), anomalies, blind spots, alerts to an unreachable webhook (outbox) and
 * events to an unreachable Kafka broker (sink buffer), the event store. Each panel query returns data and none errors;
 * each rule evaluates without error and every metric it reads has series. promtool accepts the compose stack's
 * Prometheus configuration.
 */
class DashboardQueriesIT {

    // The fixtures, each shifted in time so that the replay plays them one after another, twice: the second round
    // makes every counter grow while Prometheus scrapes, so increase() and rate() have something to show.
    private static final List<String> FIXTURES = List.of(
            "http-update",
            "outcome-http-transfer",
            "outcome-tcp-reset",
            "outcome-silent-drop",
            "outcome-dns",
            "outcome-tls-connected",
            "blind-spots",
            "ip-fragments",
            "dns-kaspersky",
            "kaspersky-native",
            "ksc-ports");
    // 2026-09-21T15:06:40Z: after the updates ban, so the contacts fall in the updates_banned phase.
    private static final long FIRST_PACKET_EPOCH = 1_790_000_000L;
    private static final double FIXTURE_SPACING_SECONDS = 1.5;
    private static final double ROUND_SPACING_SECONDS = 25;
    // The replay takes about 45 s; start-up and a busy machine add the rest.
    private static final Duration REPLAY_TIMEOUT = Duration.ofMinutes(3);
    /** A minute and a margin: every minute-aligned subquery has had a point with data by then. */
    private static final Duration MINUTE_ALIGNED_WAIT = Duration.ofSeconds(75);

    private long dataDeadline;
    private static final Map<String, String> VARIABLES = new LinkedHashMap<>();

    static {
        VARIABLES.put("$__rate_interval", "1m");
        VARIABLES.put("$__range", "5m");
        VARIABLES.put("$__interval", "15s");
        VARIABLES.put("$sensor", ".*");
        VARIABLES.put("$instance", ".*");
        VARIABLES.put("$vendor", ".*");
        VARIABLES.put("${datasource}", "prometheus");
    }

    private static final String POSTGRESQL = "grafana-postgresql-datasource";
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");
    private static final Pattern METRIC = Pattern.compile("\\b(banwatch_[a-z_]+|up)\\b");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Process> processes = new ArrayList<>();
    private Path workDir;

    @AfterEach
    void stop() throws Exception {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void everyDashboardQueryReturnsDataAndEveryRuleEvaluates() throws Exception {
        for (String tool : List.of("prometheus", "promtool", "editcap", "mergecap", "capinfos")) {
            Assumptions.assumeTrue(
                    DeploymentScript.installed(tool), "needs " + tool + " (apt-get install prometheus tshark)");
        }
        workDir = Files.createTempDirectory("banwatch-dashboards-it");
        Path repo = DeploymentScript.repo();

        Files.writeString(
                workDir.resolve("compose-prometheus.yml"),
                Files.readString(repo.resolve("deploy/prometheus.yml"))
                        .replace("/etc/prometheus/banwatch-rules.yml", "banwatch-rules.yml"));
        Files.copy(repo.resolve("config/prometheus/banwatch-rules.yml"), workDir.resolve("banwatch-rules.yml"));
        assertThat(run(workDir, "promtool", "check", "config", "compose-prometheus.yml"))
                .contains("SUCCESS");

        Path capture = mergedCapture();
        int sensorPort = freePort();
        int prometheusPort = freePort();
        int closedPort = freePort();
        ProcessBuilder sensor = new ProcessBuilder(
                        javaBinary(),
                        "-Xmx512m",
                        "-jar",
                        jar().toString(),
                        "replay",
                        "--serve",
                        "--realtime",
                        capture.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("banwatch.log").toFile());
        Map<String, String> env = sensor.environment();
        env.put("BANWATCH_HTTP_LISTEN", "127.0.0.1:" + sensorPort);
        env.put("BANWATCH_STORE_PATH", workDir.resolve("store/banwatch.db").toString());
        // The second round counts again: no deduplication across rounds, a fresh alert per round.
        env.put("BANWATCH_PIPELINE_DEDUP_WINDOW_SECONDS", "1");
        env.put("BANWATCH_ALERTS_RENOTIFY_SECONDS", "5");
        // Receivers that never answer: the outbox and the Kafka sink's buffer fill, as the health panels show.
        env.put("BANWATCH_ALERTS_WEBHOOK_URL", "http://127.0.0.1:" + closedPort + "/hook");
        env.put("BANWATCH_ALERTS_OUTBOX_DIR", workDir.resolve("outbox").toString());
        env.put("BANWATCH_SINKS_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + closedPort);
        processes.add(sensor.start());

        Files.writeString(workDir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [banwatch-rules.yml]
                scrape_configs:
                  - job_name: banwatch
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                        labels:
                          sensor: it-sensor
                """.formatted(sensorPort));
        processes.add(new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + workDir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + workDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("prometheus.log").toFile())
                .start());
        String base = "http://127.0.0.1:" + prometheusPort;

        long deadline = System.nanoTime() + REPLAY_TIMEOUT.toNanos();
        while (!Files.readString(workDir.resolve("banwatch.log")).contains("Replay done")) {
            assertThat(System.nanoTime())
                    .as("the replay ends; log in " + workDir)
                    .isLessThan(deadline);
            assertThat(processes.get(0).isAlive())
                    .as("the sensor runs; log in " + workDir)
                    .isTrue();
            Thread.sleep(1000);
        }
        Thread.sleep(5000); // the last scrapes and rule evaluations
        dataDeadline = System.nanoTime() + MINUTE_ALIGNED_WAIT.toNanos();

        List<String> failures = new ArrayList<>();
        int evaluated = 0;
        for (Path dashboard : dashboards(repo)) {
            JsonNode board = JSON.readTree(dashboard.toFile());
            for (JsonNode panel : panels(board)) {
                for (JsonNode target : panel.path("targets")) {
                    String where = dashboard.getFileName() + " / "
                            + panel.path("title").asText();
                    if (POSTGRESQL.equals(target.path("datasource").path("type").asText())) {
                        // GrafanaInventoryPanelIT runs it against a PostgreSQL store filled by banwatch.
                        assertThat(target.path("rawSql").asText()).as(where).contains("FROM hosts");
                        continue;
                    }
                    evaluated++;
                    check(base, where, target.path("expr").asText(), true, failures);
                }
            }
            for (JsonNode annotation : board.path("annotations").path("list")) {
                if (annotation.has("expr")) {
                    evaluated++;
                    check(
                            base,
                            dashboard.getFileName() + " / annotation "
                                    + annotation.path("name").asText(),
                            annotation.path("expr").asText(),
                            false,
                            failures);
                }
            }
            for (JsonNode variable : board.path("templating").path("list")) {
                String query = variable.path("query").path("query").asText("");
                Matcher m = LABEL_VALUES.matcher(query);
                if (m.matches()) {
                    evaluated++;
                    String url = base + "/api/v1/label/" + m.group(2) + "/values?match[]="
                            + URLEncoder.encode(substitute(m.group(1)), StandardCharsets.UTF_8);
                    JsonNode values = get(url);
                    if (values == null || values.path("data").isEmpty()) {
                        failures.add(dashboard.getFileName() + " / variable "
                                + variable.path("name").asText() + ": no values for " + query);
                    }
                }
            }
        }
        JsonNode rules = YAML.readTree(
                repo.resolve("config/prometheus/banwatch-rules.yml").toFile());
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String expr = rule.path("expr").asText();
                String where =
                        "rule " + rule.path("alert").asText(rule.path("record").asText());
                evaluated++;
                check(base, where, expr, false, failures);
                Matcher metric = METRIC.matcher(expr);
                while (metric.find()) {
                    check(base, where + " reads " + metric.group(1), "count(" + metric.group(1) + ")", true, failures);
                }
            }
        }
        assertThat(evaluated).isGreaterThan(30);
        assertThat(failures).as("queries that failed; logs in " + workDir).isEmpty();
        worstOutcomesPerHost(base, repo);
    }

    /**
     * The hosts table's worst outcome column: a rank per host and category, and the client of the transfer fixture
     * (10.88.0.2, also reset, dropped and connected in the other outcome fixtures) has transferred, the worst.
     */
    private static void worstOutcomesPerHost(String base, Path repo) throws Exception {
        JsonNode board = JSON.readTree(
                repo.resolve("dashboards/banwatch-banned-traffic.json").toFile());
        String expr = null;
        for (JsonNode panel : panels(board)) {
            for (JsonNode target : panel.path("targets")) {
                if (target.path("expr").asText().contains("banwatch_offender_worst_outcome")) {
                    expr = target.path("expr").asText();
                }
            }
        }
        assertThat(expr).as("a panel shows banwatch_offender_worst_outcome").isNotNull();
        JsonNode result = get(base + "/api/v1/query?query="
                        + URLEncoder.encode(substitute(expr), StandardCharsets.UTF_8))
                .path("data")
                .path("result");
        Map<String, Double> worst = new LinkedHashMap<>();
        for (JsonNode series : result) {
            worst.merge(
                    series.path("metric").path("host").asText(),
                    series.path("value").get(1).asDouble(),
                    Math::max);
            assertThat(series.path("value").get(1).asDouble()).isBetween(0.0, 3.0);
        }
        assertThat(worst).as(expr).containsEntry("10.88.0.2", 3.0).containsKey("10.77.0.2");
    }

    /** The panels of a board, those inside collapsed rows included. */
    private static List<JsonNode> panels(JsonNode board) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : board.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    private void check(String base, String where, String expr, boolean needsData, List<String> failures)
            throws InterruptedException {
        String query = substitute(expr);
        String url = base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
        JsonNode answer = get(url);
        // A subquery such as [5m:1m] is evaluated at whole minutes: its first point with data comes at the first
        // minute boundary after the series began, up to a minute after the replay. Wait for it, once for all.
        while (needsData && hasNoData(answer) && System.nanoTime() < dataDeadline) {
            Thread.sleep(2000);
            answer = get(url);
        }
        if (answer == null || !answer.path("status").asText().equals("success")) {
            failures.add(where + ": error "
                    + (answer == null ? "(no answer)" : answer.path("error").asText()) + " for " + query);
        } else if (needsData && answer.path("data").path("result").isEmpty()) {
            failures.add(where + ": no data for " + query);
        }
    }

    private static boolean hasNoData(JsonNode answer) {
        return answer != null
                && answer.path("status").asText().equals("success")
                && answer.path("data").path("result").isEmpty();
    }

    private static String substitute(String expr) {
        String out = expr;
        for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
            out = out.replace(variable.getKey(), variable.getValue());
        }
        assertThat(out).as("every variable substituted in " + expr).doesNotContain("$");
        return out;
    }

    private static List<Path> dashboards(Path repo) throws IOException {
        try (Stream<Path> files = Files.list(repo.resolve("dashboards"))) {
            List<Path> list =
                    files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(list).hasSizeGreaterThanOrEqualTo(2);
            return list;
        }
    }

    /** The fixtures shifted (editcap -t) to play one after another, twice, merged into one pcap (mergecap). */
    private Path mergedCapture() throws Exception {
        Path fixtures = Path.of(DashboardQueriesIT.class
                        .getResource("/io/banwatch/fixtures/http-update.pcap")
                        .toURI())
                .getParent();
        List<String> merge = new ArrayList<>(List.of("mergecap", "-F", "pcap", "-w"));
        Path merged = workDir.resolve("dashboards.pcap");
        merge.add(merged.toString());
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < FIXTURES.size(); i++) {
                Path in = fixtures.resolve(FIXTURES.get(i) + ".pcap");
                String first = run(workDir, "capinfos", "-a", "-S", "-T", "-r", in.toString())
                        .strip()
                        .split("\t")[1];
                double target = FIRST_PACKET_EPOCH + round * ROUND_SPACING_SECONDS + i * FIXTURE_SPACING_SECONDS;
                Path out = workDir.resolve(round + "-" + FIXTURES.get(i) + ".pcap");
                run(
                        workDir,
                        "editcap",
                        "-t",
                        String.format("%.6f", target - Double.parseDouble(first)),
                        in.toString(),
                        out.toString());
                merge.add(out.toString());
            }
        }
        run(workDir, merge.toArray(String[]::new));
        return merged;
    }

    private static JsonNode get(String url) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return null;
        }
    }

    private static String run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ":\n" + output)
                .isZero();
        return output;
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty(
                "banwatch.jar",
                DeploymentScript.repo().resolve("target/banwatch.jar").toString()));
        assertThat(jar).as("the built jar (system property banwatch.jar)").isRegularFile();
        return jar;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
