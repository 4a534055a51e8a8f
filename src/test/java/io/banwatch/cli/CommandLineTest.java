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
            assertThat(out.toString()).contains("run", "replay", "demo", "catalog", "interfaces");
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
            assertThat(out.toString()).contains("Summary", "dnl-01.geo.kaspersky.com");
            assertThat(err.toString()).contains("truncated");
            assertThat(err.toString().lines()).hasSize(1);
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
            assertThat(out.toString()).contains("Summary", "packets", "observations", "matches", "anomalies");
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
