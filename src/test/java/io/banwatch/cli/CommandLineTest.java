package io.banwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract of the README: output shapes and exit statuses. */
class CommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(CommandLineTest.class
                .getResource("/io/banwatch/fixtures/" + name)
                .toURI());
    }

    @Nested
    class Usage {

        @Test
        void helpListsTheCommands() {
            assertThat(run("--help")).isZero();
            assertThat(out.toString()).contains("run", "replay", "demo", "catalog", "interfaces", "QUIC");
        }

        @Test
        void unknownOptionIsAUsageError() {
            assertThat(run("replay", "--no-such-option", "x.pcap")).isEqualTo(2);
            assertThat(err.toString()).startsWith("banwatch: Unknown option: '--no-such-option'");
        }

        @Test
        void runWithoutAnInterfaceSaysWhatToDo() {
            assertThat(run("run")).isEqualTo(2);
            assertThat(err.toString()).contains("no interface to capture on: give -i IFACE");
        }

        @Test
        void badConfigurationNamesTheKey(@TempDir Path dir) throws Exception {
            Path config = dir.resolve("b.yaml");
            Files.writeString(config, "inspect:\n  dns_portz: [53]\n");
            assertThat(run(
                            "replay",
                            "-c",
                            config.toString(),
                            fixture("http-update.pcap").toString()))
                    .isEqualTo(2);
            assertThat(err.toString()).contains("inspect.dns_portz: unknown key");
        }
    }

    @Nested
    class Replay {

        @Test
        void missingCaptureIsOneLineAndStatus2() {
            assertThat(run("replay", "/nonexistent/x.pcap")).isEqualTo(2);
            assertThat(err.toString().strip()).isEqualTo("banwatch: capture file not found: /nonexistent/x.pcap");
        }

        @Test
        void notACaptureIsStatus2(@TempDir Path dir) throws Exception {
            Path text = Files.writeString(dir.resolve("notes.pcap"), "hello, not a capture\n");
            assertThat(run("replay", text.toString())).isEqualTo(2);
            assertThat(err.toString()).contains("not a pcap or pcapng capture file");
        }

        @Test
        void aFilterLibpcapRejectsIsAUsageErrorThatSaysWhatToDo() throws Exception {
            assertThat(run(
                            "replay",
                            "--bpf",
                            "tcp port nonsense",
                            fixture("http-update.pcap").toString()))
                    .isEqualTo(2);
            assertThat(err.toString())
                    .startsWith("banwatch: BPF filter rejected by libpcap")
                    .contains("unknown port 'nonsense'", "see pcap-filter(7)");
        }

        @Test
        void truncatedCaptureReportsWhatWasReadThenFailsWithStatus1(@TempDir Path dir) throws Exception {
            byte[] whole = Files.readAllBytes(fixture("dns-kaspersky.pcap"));
            Path cut = Files.write(dir.resolve("cut.pcap"), java.util.Arrays.copyOf(whole, whole.length - 7));
            assertThat(run("replay", cut.toString())).isEqualTo(1);
            assertThat(out.toString())
                    .contains("banwatch report", "dnl-01.geo.kaspersky.com")
                    .containsPattern("damaged +cut.pcap: read \\d+ packets .*, then truncated dump file");
        }

        @Test
        void aDamagedFileDoesNotStopTheFilesAfterIt(@TempDir Path dir) throws Exception {
            byte[] whole = Files.readAllBytes(fixture("tls-nonstandard-port.pcap"));
            Path cut = Files.write(dir.resolve("cut.pcap"), java.util.Arrays.copyOf(whole, whole.length / 2));
            int status = run(
                    "replay",
                    "--summary",
                    "json",
                    fixture("dns-kaspersky.pcap").toString(),
                    cut.toString(),
                    fixture("http-update.pcap").toString());
            assertThat(status).isEqualTo(1);
            JsonNode report = new ObjectMapper().readTree(out.toString());
            JsonNode files = report.path("capture").path("files");
            assertThat(files).hasSize(3);
            assertThat(files.get(1).path("name").asText()).isEqualTo("cut.pcap");
            assertThat(files.get(1).path("damage").asText()).contains("truncated");
            assertThat(files.get(1).path("packets").asLong()).isPositive();
            assertThat(files.get(2).path("packets").asLong()).isPositive();
            assertThat(files.get(2).has("damage")).isFalse();
            assertThat(report.path("detail").toString()).contains("\"protocol\":\"http\"");
        }

        @Test
        void writesEveryObservationAsEventJson(@TempDir Path dir) throws Exception {
            Path events = dir.resolve("events.jsonl");
            assertThat(run(
                            "replay",
                            "--observations",
                            events.toString(),
                            fixture("http-update.pcap").toString()))
                    .isZero();
            List<JsonNode> lines = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(events)) {
                lines.add(json.readTree(line));
            }
            assertThat(lines).isNotEmpty();
            JsonNode update = lines.stream()
                    .filter(n -> n.path("url").path("path").asText().equals("/updaters/updater.xml.klz"))
                    .findFirst()
                    .orElseThrow();
            assertThat(update.path("network").path("protocol").asText()).isEqualTo("http");
            assertThat(update.path("url").path("domain").asText()).isEqualTo("dnl-01.geo.kaspersky.com");
            assertThat(update.path("banwatch").path("vendor").asText()).isEqualTo("kaspersky");
            assertThat(update.path("banwatch").path("category").asText()).isEqualTo("update");
            assertThat(update.path("@timestamp").asText())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
            assertThat(out.toString()).contains("banwatch report", "packets", "observations", "matches", "anomalies");
        }
    }

    @Nested
    class EventsFile {

        @Test
        void isAppendedToAcrossRuns(@TempDir Path dir) throws Exception {
            Path events = dir.resolve("events.jsonl");
            String capture = fixture("http-update.pcap").toString();
            assertThat(run("replay", "--observations", events.toString(), capture))
                    .isZero();
            long once = Files.readAllLines(events).size();
            assertThat(run("replay", "--observations", events.toString(), capture))
                    .isZero();
            assertThat(Files.readAllLines(events)).hasSize((int) (2 * once));
        }

        @Test
        void aCaptureFileIsNeverOverwritten(@TempDir Path dir) throws Exception {
            Path capture = Files.copy(fixture("http-update.pcap"), dir.resolve("same.pcap"));
            byte[] before = Files.readAllBytes(capture);
            assertThat(run("replay", "--observations", capture.toString(), capture.toString()))
                    .isEqualTo(2);
            assertThat(err.toString()).contains("is one of the capture files read");
            assertThat(Files.readAllBytes(capture)).isEqualTo(before);
        }

        @Test
        void isNotTouchedWhenAnotherArgumentIsWrong(@TempDir Path dir) throws Exception {
            Path events = Files.writeString(dir.resolve("keep.jsonl"), "{\"yesterday\":true}\n");
            assertThat(run(
                            "replay",
                            "--observations",
                            events.toString(),
                            dir.resolve("missing.pcap").toString()))
                    .isEqualTo(2);
            Path badConfig = Files.writeString(dir.resolve("b.yaml"), "capture:\n  snaplenn: 1\n");
            assertThat(run(
                            "replay",
                            "-c",
                            badConfig.toString(),
                            "--observations",
                            events.toString(),
                            fixture("http-update.pcap").toString()))
                    .isEqualTo(2);
            assertThat(Files.readString(events)).isEqualTo("{\"yesterday\":true}\n");
        }

        @Test
        void aPathThatCannotBeCreatedIsSaidPlainly() throws Exception {
            assertThat(run(
                            "replay",
                            "--observations",
                            "/proc/banwatch/x.jsonl",
                            fixture("http-update.pcap").toString()))
                    .isEqualTo(1);
            assertThat(err.toString().strip())
                    .startsWith("banwatch: cannot write observations to /proc/banwatch/x.jsonl: ")
                    .doesNotEndWith("/proc/banwatch/x.jsonl");
        }
    }

    @Nested
    class CaptureFiles {

        @Test
        void aGzipCompressedCaptureIsReadDirectly(@TempDir Path dir) throws Exception {
            Path gz = dir.resolve("http-update.pcap.gz");
            try (var zip = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
                zip.write(Files.readAllBytes(fixture("http-update.pcap")));
            }
            assertThat(run("replay", gz.toString())).isZero();
            assertThat(out.toString()).contains("banwatch report: http-update.pcap.gz", "dnl-01.geo.kaspersky.com");
        }

        @Test
        void pcapngMagicFollowedByJunkIsNotACapture(@TempDir Path dir) throws Exception {
            Path junk = Files.write(
                    dir.resolve("junk.pcapng"),
                    new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 'j', 'u', 'n', 'k', 'j', 'u', 'n', 'k', 1, 2, 3, 4, 5, 6});
            assertThat(run("replay", junk.toString())).isEqualTo(2);
            assertThat(err.toString().strip())
                    .startsWith("banwatch: not a readable capture file: " + junk + " (pcapng header is damaged");
        }

        @Test
        void configurationErrorsNameTheKey(@TempDir Path dir) throws Exception {
            Path files = Files.writeString(dir.resolve("f.yaml"), "catalog:\n  files: [/nonexistent/v.yaml]\n");
            assertThat(run(
                            "replay",
                            "-c",
                            files.toString(),
                            fixture("http-update.pcap").toString()))
                    .isEqualTo(2);
            Path builtin = Files.writeString(dir.resolve("b.yaml"), "catalog:\n  builtin: [kasperskyy]\n");
            assertThat(run(
                            "replay",
                            "-c",
                            builtin.toString(),
                            fixture("http-update.pcap").toString()))
                    .isEqualTo(2);
            assertThat(err.toString().lines())
                    .containsExactly(
                            "banwatch: catalog.files: /nonexistent/v.yaml: catalog file not found",
                            "banwatch: catalog.builtin: no built-in catalog for vendor \"kasperskyy\" (built in: "
                                    + "kaspersky)");
        }
    }

    @Nested
    class Query {

        private Path config(Path dir) throws Exception {
            return Files.writeString(dir.resolve("b.yaml"), "store:\n  path: " + dir.resolve("store.db") + "\n");
        }

        @Test
        void aReplayFillsTheStoreThatQueryReads(@TempDir Path dir) throws Exception {
            Path config = config(dir);
            assertThat(run(
                            "replay",
                            "-c",
                            config.toString(),
                            fixture("http-update.pcap").toString()))
                    .isZero();
            assertThat(out.toString()).containsPattern("store +\\d+ events written to ");
            out.getBuffer().setLength(0);

            assertThat(run("query", "hosts", "-c", config.toString(), "--format", "json"))
                    .isZero();
            // The capture's IPv4 and IPv6 clients, the one that entered the inventory last first.
            List<JsonNode> hosts = new ArrayList<>();
            for (String line : out.toString().lines().toList()) {
                hosts.add(new ObjectMapper().readTree(line));
            }
            assertThat(hosts).extracting(h -> h.path("host").asText()).contains("10.77.0.2");
            JsonNode host = hosts.stream()
                    .filter(h -> h.path("host").asText().equals("10.77.0.2"))
                    .findFirst()
                    .orElseThrow();
            assertThat(host.path("vendor").asText()).isEqualTo("kaspersky");
            assertThat(host.path("categories").toString()).contains("update");
            out.getBuffer().setLength(0);

            assertThat(run(
                            "query",
                            "events",
                            "-c",
                            config.toString(),
                            "--name",
                            "kaspersky.com",
                            "--protocol",
                            "http",
                            "--format",
                            "csv"))
                    .isZero();
            List<String> csv = out.toString().lines().toList();
            assertThat(csv.getFirst()).startsWith("timestamp,observer,host,vendor,category");
            assertThat(csv).hasSizeGreaterThan(1);
            assertThat(csv.subList(1, csv.size()))
                    .allSatisfy(line -> assertThat(line).contains(",http,"));
        }

        @Test
        void aReplayKeepsItsAlertsThatQueryAlertsLists(@TempDir Path dir) throws Exception {
            Path config = config(dir);
            assertThat(run(
                            "replay",
                            "-c",
                            config.toString(),
                            fixture("http-update.pcap").toString()))
                    .isZero();
            out.getBuffer().setLength(0);

            assertThat(run(
                            "query",
                            "alerts",
                            "-c",
                            config.toString(),
                            "--host",
                            "10.77.0.2",
                            "--category",
                            "update",
                            "--format",
                            "json"))
                    .isZero();
            List<String> lines = out.toString().lines().toList();
            assertThat(lines).isNotEmpty();
            JsonNode alert = new ObjectMapper().readTree(lines.getFirst());
            assertThat(alert.path("alert").path("id").asText()).hasSize(32);
            assertThat(alert.path("alert").path("host").asText()).isEqualTo("10.77.0.2");
            assertThat(alert.path("banwatch").path("category").asText()).isEqualTo("update");
            assertThat(alert.path("observer").path("name").asText()).isNotEmpty();
            out.getBuffer().setLength(0);

            assertThat(run("query", "alerts", "-c", config.toString(), "--category", "update", "--format", "csv"))
                    .isZero();
            List<String> csv = out.toString().lines().toList();
            assertThat(csv.getFirst())
                    .isEqualTo("id,revision,vendor,host,category,severity,phase,protocol,names,"
                            + "first_seen,last_seen,count,outcome,reason,observer");
            assertThat(csv.subList(1, csv.size()))
                    .anySatisfy(
                            line -> assertThat(line).contains(",kaspersky,10.77.0.2,update,critical,updates_banned,"));
            out.getBuffer().setLength(0);

            assertThat(run("query", "alerts", "-c", config.toString(), "--category", "licensing", "--format", "table"))
                    .isZero();
            assertThat(out.toString()).contains("No alert matches.");
        }

        @Test
        void withoutAStoreSaysHowOneIsMade(@TempDir Path dir) throws Exception {
            // The test run sets BANWATCH_STORE_PATH, which wins over any file: ask the command's own check.
            var settings = io.banwatch.config.ConfigLoader.load(
                    config(dir),
                    java.util.Map.of(
                            "BANWATCH_STORE_PATH", dir.resolve("none.db").toString()));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> QueryCommand.open(settings))
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining("no event store at")
                    .hasMessageContaining("run, replay or demo fill it");
        }

        @Test
        void aBadTimeNamesTheOption(@TempDir Path dir) throws Exception {
            Path config = config(dir);
            assertThat(run(
                            "replay",
                            "-c",
                            config.toString(),
                            fixture("http-update.pcap").toString()))
                    .isZero();
            assertThat(run("query", "events", "-c", config.toString(), "--since", "last tuesday"))
                    .isEqualTo(2);
            assertThat(err.toString()).contains("--since: \"last tuesday\" is not a time");
        }
    }

    @Nested
    class Catalog {

        @Test
        void matchPrintsOneTabSeparatedLinePerName() {
            assertThat(run("catalog", "match", "dnl-07.geo.kaspersky.com", "notkaspersky.com"))
                    .isZero();
            assertThat(out.toString().lines().toList())
                    .containsExactly(
                            "dnl-07.geo.kaspersky.com\tkaspersky\tupdate\tdnl-##.geo.kaspersky.com",
                            "notkaspersky.com\t-");
        }

        @Test
        void matchTakesJa4FingerprintsAgainstTheJa4Rules(@TempDir Path dir) throws Exception {
            Path vendor = Files.writeString(dir.resolve("site.yaml"), """
                    vendor: site
                    display_name: Site fingerprints
                    phases:
                      - {name: banned, start: "2024-09-29T00:00:00-04:00", description: banned, source: test}
                    severities:
                      before_announcement: {update: info, ksn: info, licensing: info, management: info, telemetry: info, web: info, threat_intel: info}
                      banned: {update: high, ksn: high, licensing: high, management: high, telemetry: high, web: high, threat_intel: info}
                    rules:
                      - pattern: "ja4:*_e8f1e7e78f70_1f22a2ca17c4"
                        category: update
                        confidence: low
                        description: updater seen at this site
                        source: site capture
                    """);
            Path config = Files.writeString(
                    dir.resolve("c.yaml"), "catalog:\n  builtin: [kaspersky]\n  files: [" + vendor + "]\n");

            assertThat(run(
                            "catalog",
                            "match",
                            "-c",
                            config.toString(),
                            "t13i310900_e8f1e7e78f70_1f22a2ca17c4",
                            "ja4:t13d1517h2_8daaf6152771_cb7bf5808d99",
                            "dnl-07.geo.kaspersky.com"))
                    .isZero();
            assertThat(out.toString().lines().toList())
                    .containsExactly(
                            "t13i310900_e8f1e7e78f70_1f22a2ca17c4\tsite\tupdate\tja4:*_e8f1e7e78f70_1f22a2ca17c4",
                            "ja4:t13d1517h2_8daaf6152771_cb7bf5808d99\t-",
                            "dnl-07.geo.kaspersky.com\tkaspersky\tupdate\tdnl-##.geo.kaspersky.com");
            assertThat(run("catalog", "list", "-c", config.toString())).isZero();
            assertThat(out.toString())
                    .contains("site\tja4\tja4:*_e8f1e7e78f70_1f22a2ca17c4\tupdate\tlow\tupdater seen at this site");
        }

        @Test
        void listShowsRulesWithTheirSources() {
            assertThat(run("catalog", "list")).isZero();
            assertThat(out.toString()).contains("kaspersky\trule\ts##.upd.kaspersky.com\tupdate");
            assertThat(out.toString()).contains("updates_banned from 2024-09-29T00:00:00-04:00");
            assertThat(out.toString()).contains("# alerts in updates_banned: update, ksn\n");
        }

        @Test
        void validateReportsProblemsWithKeyPaths(@TempDir Path dir) throws Exception {
            Path bad = Files.writeString(
                    dir.resolve("v.yaml"), "vendor: x\nrules:\n  - pattern: a.example\n" + "    category: updat\n");
            assertThat(run("catalog", "validate", bad.toString())).isEqualTo(2);
            assertThat(err.toString()).contains("v.yaml");
        }

        @Test
        void validateAcceptsTheShippedCatalog() {
            assertThat(run("catalog", "validate", "config/vendors/kaspersky.yaml"))
                    .isZero();
            assertThat(out.toString()).contains("valid catalog of");
        }
    }
}
