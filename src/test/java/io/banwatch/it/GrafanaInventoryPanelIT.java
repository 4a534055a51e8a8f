package io.banwatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banwatch.store.PostgresExtension;
import io.banwatch.store.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host inventory panel of the banned vendor traffic dashboard, run for real: banwatch replays fixtures into a
 * PostgreSQL store, {@code config/grafana/store-reader.sql} makes the read-only role Grafana connects as, and the
 * panel's SQL, taken from the shipped dashboard with its variables and macros substituted as Grafana substitutes
 * them, returns the inventory's rows as that role; the role cannot write.
 */
class GrafanaInventoryPanelIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READER_PASSWORD = "grafana-reader-test-password";

    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path dir;

    @Test
    void thePanelReadsTheInventoryBanwatchWroteAsTheReadOnlyRole() throws Exception {
        String url = POSTGRES.server().createDatabase();
        // Before the first sensor, as the README orders it: the default privileges cover the tables banwatch makes.
        try (Connection owner = POSTGRES.server().connect(url);
                Statement statement = owner.createStatement()) {
            for (String sql : statements(Files.readString(repo().resolve("config/grafana/store-reader.sql")))) {
                statement.execute(sql);
            }
            statement.execute("ALTER ROLE grafana PASSWORD '" + READER_PASSWORD + "'");
        }
        Map<String, String> env = Map.of(
                "BANWATCH_STORE_URL",
                url,
                "BANWATCH_STORE_USER",
                PostgresServer.USER,
                "BANWATCH_STORE_PASSWORD",
                PostgresServer.PASSWORD,
                "BANWATCH_OBSERVER_NAME",
                "sensor-grafana");
        try (BanwatchProcess replay = BanwatchProcess.start(
                dir,
                env,
                "replay",
                fixture("http-update.pcap"),
                fixture("outcome-tcp-reset.pcap"),
                fixture("outcome-http-transfer.pcap"))) {
            assertThat(replay.awaitExit(Duration.ofSeconds(120)))
                    .as(replay.stderr())
                    .isZero();
        }
        String panelSql = panelSql();
        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant to = Instant.parse("2100-01-01T00:00:00Z"); // the fixtures' clocks vary

        try (Connection grafana = DriverManager.getConnection(url, "grafana", READER_PASSWORD)) {
            List<Map<String, Object>> rows = query(grafana, grafanaInterpolate(panelSql, from, to, ".*"));
            assertThat(rows).extracting(r -> r.get("Host")).containsExactly("10.88.0.2", "10.77.0.2");
            Map<String, Object> transferred = rows.get(0);
            assertThat(transferred.get("Worst outcome")).isEqualTo("transferred");
            assertThat(transferred.get("Vendor")).isEqualTo("kaspersky");
            assertThat(transferred.get("Sensor")).isEqualTo("sensor-grafana");
            assertThat((Long) transferred.get("Contacts")).isPositive();
            assertThat(transferred.get("Last contact")).isInstanceOf(java.sql.Timestamp.class);
            assertThat(rows.get(1).get("Worst outcome")).isEqualTo("connected");
            assertThat(rows.get(1).get("Categories").toString()).contains("update");

            // One vendor chosen: the same rows; another vendor, or a time range before the contacts: none.
            assertThat(query(grafana, grafanaInterpolate(panelSql, from, to, "kaspersky")))
                    .hasSize(2);
            assertThat(query(grafana, grafanaInterpolate(panelSql, from, to, "othervendor")))
                    .isEmpty();
            assertThat(query(
                            grafana,
                            grafanaInterpolate(
                                    panelSql,
                                    Instant.parse("2001-01-01T00:00:00Z"),
                                    Instant.parse("2001-01-02T00:00:00Z"),
                                    ".*")))
                    .isEmpty();

            // Read-only: no write reaches the store, whatever the panel's SQL is edited to.
            try (Statement statement = grafana.createStatement()) {
                assertThatThrownBy(() -> statement.execute("DELETE FROM hosts")).isInstanceOf(SQLException.class);
                assertThatThrownBy(
                                () -> statement.execute("SET default_transaction_read_only = off; DELETE FROM hosts"))
                        .isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> statement.execute("CREATE TABLE grafana_was_here (x int)"))
                        .isInstanceOf(SQLException.class);
            }
            assertThat(query(grafana, "SELECT count(*) AS n FROM hosts"))
                    .first()
                    .satisfies(r -> assertThat((Long) r.get("n")).isEqualTo(2));
        }
    }

    /** The rawSql of the shipped dashboard's PostgreSQL panel (inside its collapsed row). */
    private static String panelSql() throws Exception {
        JsonNode board = JSON.readTree(
                repo().resolve("dashboards/banwatch-banned-traffic.json").toFile());
        List<String> found = new ArrayList<>();
        for (JsonNode panel : board.path("panels")) {
            List<JsonNode> candidates = new ArrayList<>(List.of(panel));
            panel.path("panels").forEach(candidates::add);
            for (JsonNode candidate : candidates) {
                for (JsonNode target : candidate.path("targets")) {
                    if ("grafana-postgresql-datasource"
                            .equals(target.path("datasource").path("type").asText())) {
                        assertThat(target.path("format").asText()).isEqualTo("table");
                        found.add(target.path("rawSql").asText());
                    }
                }
            }
        }
        assertThat(found).as("the dashboard's PostgreSQL panel").hasSize(1);
        return found.get(0);
    }

    // Grafana's SQL macros: $name(arguments), the arguments up to the first ')' (pkg/tsdb/grafana-postgresql-
    // datasource/macros.go, sExpr).
    private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");

    /**
     * The SQL as PostgreSQL receives it from Grafana 11/12: the dashboard variables first (in the browser; a custom
     * All value such as the vendor variable's {@code .*} is inserted as it is, unformatted), then the global
     * substitutions of sqleng.Interpolate ($__interval_ms, $__interval, $__unixEpochFrom(), $__unixEpochTo()), then
     * the PostgreSQL macro engine; a macro it does not know is an error there, and here.
     */
    static String grafanaInterpolate(String sql, Instant from, Instant to, String vendorRegex) {
        String out = sql.replace("${vendor:regex}", vendorRegex)
                .replace("$__interval_ms", "60000")
                .replace("$__interval", "1m")
                .replace("$__unixEpochFrom()", Long.toString(from.getEpochSecond()))
                .replace("$__unixEpochTo()", Long.toString(to.getEpochSecond()));
        String rfc3339From = DateTimeFormatter.ISO_INSTANT.format(from);
        String rfc3339To = DateTimeFormatter.ISO_INSTANT.format(to);
        Matcher macro = MACRO.matcher(out);
        StringBuilder expanded = new StringBuilder();
        while (macro.find()) {
            String argument = macro.group(2).strip();
            String replacement = switch (macro.group(1)) {
                case "__timeFilter" -> argument + " BETWEEN '" + rfc3339From + "' AND '" + rfc3339To + "'";
                case "__timeFrom" -> "'" + rfc3339From + "'";
                case "__timeTo" -> "'" + rfc3339To + "'";
                case "__unixEpochFilter" ->
                    argument + " >= " + from.getEpochSecond() + " AND " + argument + " <= " + to.getEpochSecond();
                default ->
                    throw new AssertionError(
                            "a macro Grafana's PostgreSQL source does not expand here: " + macro.group());
            };
            macro.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        macro.appendTail(expanded);
        // A '$' left is a variable or macro; a regular expression's end anchor ("$)") is not.
        assertThat(expanded.toString())
                .as("every variable and macro substituted")
                .doesNotContainPattern("\\$[_{a-zA-Z]");
        return expanded.toString();
    }

    private static List<Map<String, Object>> query(Connection connection, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), result.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The statements of an SQL file: comments dropped, split at the semicolons that end lines. */
    private static List<String> statements(String file) {
        StringBuilder text = new StringBuilder();
        for (String line : file.lines().toList()) {
            if (!line.strip().startsWith("--")) {
                text.append(line).append('\n');
            }
        }
        List<String> statements = new ArrayList<>();
        for (String statement : text.toString().split(";\\s*\\n")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }

    private static String fixture(String name) {
        return repo().resolve("src/test/resources/io/banwatch/fixtures/" + name).toString();
    }

    private static Path repo() {
        return BanwatchProcess.repo();
    }
}
