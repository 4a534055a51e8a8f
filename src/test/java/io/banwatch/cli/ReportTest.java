package io.banwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report printed after a replay, on the bundled sample: what a security lead reads first. */
class ReportTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private String demo(String... extra) {
        List<String> args = new ArrayList<>(List.of("demo", "--no-serve"));
        args.addAll(List.of(extra));
        assertThat(Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new)))
                .as(err.toString())
                .isZero();
        return out.toString();
    }

    @Test
    void theTimelineNamesEveryPhaseAndTheDeadlineWithItsShareOfTheCapture() {
        String text = demo();
        assertThat(text)
                .contains("Policy timeline: Kaspersky")
                .containsPattern("announced +2024-06-20 04:00:00Z +0 \\(0%\\)")
                .containsPattern("new_business_banned +2024-07-20 04:00:00Z +\\d+ \\(\\d+%\\)")
                .containsPattern("updates_banned +2024-09-29 04:00:00Z +\\d+ \\(\\d+%\\)")
                .contains("Deadline: updates and KSN banned from 2024-09-29 04:00:00Z (2024-09-29 00:00 EDT)");
    }

    @Test
    void hostsComeFirstOneRowEachWithSeverityAndContactsAfterTheBan() {
        String text = demo();
        int hosts = text.indexOf("Hosts that reached vendor services (3)");
        int detail = text.indexOf("Detail: each host");
        assertThat(hosts).isPositive().isLessThan(detail);
        List<String> hostRows = text.substring(hosts, detail)
                .lines()
                .filter(l -> l.matches("  (10\\.77\\.0\\.[23]|fd77::2) .*"))
                .toList();
        assertThat(hostRows).hasSize(3);
        assertThat(hostRows.get(0)).contains("critical").containsPattern("update,ksn");
        // The host whose contacts all came after the ban has as many contacts after the ban as contacts.
        assertThat(hostRows).anySatisfy(row -> assertThat(row).containsPattern("10\\.77\\.0\\.3 .* (\\d+) +\\1 "));
    }

    @Test
    void detailSaysWhyACnameMatchedAndThatThreatIntelligenceIsNotBanned() {
        String text = demo("--top", "100");
        assertThat(text.lines().filter(l -> l.contains("cdn-alias.example.test")))
                .allSatisfy(l -> assertThat(l).contains("via CNAME dnl-07.geo.kaspersky.com"));
        assertThat(text.lines().filter(l -> l.contains("opentip.kaspersky.com")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains(" info ").contains("not banned"));
    }

    @Test
    void largeTablesAreCutToTopNWithACountOfTheRest() {
        String text = demo("--top", "4");
        assertThat(text).containsPattern("\\.\\.\\. and 26 more rows");
    }

    @Test
    void anEchOuterNameThatIsAVendorHostIsExplained() {
        assertThat(demo()).contains("ECH outer name s07.upd.kaspersky.com: 4 (a Kaspersky host");
    }

    @Test
    void theJsonReportHasTheSameContentForScripts() throws Exception {
        JsonNode report = new ObjectMapper().readTree(demo("--summary", "json"));
        assertThat(report.path("policy").get(0).path("updates_banned_from").asText())
                .isEqualTo("2024-09-29T04:00:00.000000Z");
        assertThat(report.path("hosts")).hasSize(3);
        assertThat(report.path("hosts").get(0).path("severity").asText()).isEqualTo("critical");
        assertThat(report.path("detail")).hasSize(30);
        assertThat(report.path("detail").findValuesAsText("via_cname")).contains("dnl-07.geo.kaspersky.com");
        assertThat(report.path("sensor").path("alerts").asLong()).isEqualTo(5);
        assertThat(report.path("capture").path("packets").asLong())
                .isEqualTo(report.path("capture")
                        .path("files")
                        .get(0)
                        .path("packets")
                        .asLong())
                .isPositive();
    }

    @Test
    void passesReplayTheSampleThatManyTimesIntoOneReport() throws Exception {
        JsonNode once = new ObjectMapper().readTree(demo("--no-store", "--summary", "json"));
        out.getBuffer().setLength(0);
        JsonNode thrice = new ObjectMapper().readTree(demo("--no-store", "--summary", "json", "--passes", "3"));
        assertThat(thrice.path("capture").path("files")).hasSize(3);
        assertThat(thrice.path("capture").path("packets").asLong())
                .isEqualTo(3 * once.path("capture").path("packets").asLong());
        assertThat(thrice.path("hosts")).hasSize(once.path("hosts").size()); // the same hosts, each once
    }

    @Test
    void passesOutsideOneToAThousandAreRefusedAsAUsageError() {
        for (String passes : List.of("0", "1001")) {
            err.getBuffer().setLength(0);
            assertThat(Main.execute(
                            new PrintWriter(out, true),
                            new PrintWriter(err, true),
                            "demo",
                            "--no-serve",
                            "--passes",
                            passes))
                    .isEqualTo(2);
            assertThat(err.toString()).contains("--passes: " + passes + " is not between 1 and 1000");
        }
    }
}
