package io.banwatch.report;

import static io.banwatch.report.ReportEvents.BAN;
import static io.banwatch.report.ReportEvents.DAY;
import static io.banwatch.report.ReportEvents.HOUR;
import static io.banwatch.report.ReportEvents.contact;
import static io.banwatch.report.ReportEvents.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.event.Outcome;
import io.banwatch.match.Category;
import io.banwatch.store.EventStore;
import io.banwatch.store.StoredEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML page: what it says, that every value from the store is text, and that it needs nothing from outside. */
class HtmlReportTest {

    /** A name as an attacker would send it in a ClientHello or a DNS query; the store keeps what was seen. */
    private static final String HOSTILE = "<script>alert(1)</script>\"'&.kaspersky.com";

    @TempDir
    Path dir;

    private String render(List<StoredEvent> events, Long since, Long until) throws Exception {
        try (EventStore store = ReportEvents.store(dir, events)) {
            return HtmlReport.render(ReportEvents.builder(store).build(since, until));
        }
    }

    @Nested
    class Escaping {

        @Test
        void aHostileNameIsTextInEveryTableItAppearsIn() throws Exception {
            String html = render(
                    List.of(
                            contact("10.0.0.1", HOSTILE, Category.UPDATE, BAN + HOUR),
                            outcome("10.0.0.1", HOSTILE, Category.UPDATE, Outcome.TRANSFERRED, 70_000, BAN + 2 * HOUR)),
                    null,
                    null);
            assertThat(html).doesNotContain("<script").doesNotContain("alert(1)</script>");
            assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;.kaspersky.com");
        }

        @Test
        void theEscaperCoversTextAndAttributes() {
            assertThat(Html.escape("a<b>&\"c'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;");
            assertThat(Html.escape("bell\u0007")).isEqualTo("bell\uFFFD");
            assertThat(Html.escape(null)).isEmpty();
        }
    }

    @Nested
    class Wording {

        @Test
        void anEmptyTableOfTransfersSaysPlainlyThatNothingGotThrough() throws Exception {
            String html = render(
                    List.of(
                            contact("10.0.0.1", "dnl-01.geo.kaspersky.com", Category.UPDATE, BAN + HOUR),
                            outcome(
                                    "10.0.0.1",
                                    "dnl-01.geo.kaspersky.com",
                                    Category.UPDATE,
                                    Outcome.BLOCKED,
                                    0,
                                    BAN + HOUR)),
                    null,
                    null);
            assertThat(html)
                    .contains("<div class=\"verdict good\"><strong>Nothing got through after the deadline.</strong>");
            assertThat(html).doesNotContain("<th>Bytes</th>");
            assertThat(html).doesNotContain("transfers from banned services got through");
        }

        @Test
        void aTransferAfterTheDeadlineIsCountedAndListedWithHostNameBytesAndTime() throws Exception {
            String html = render(
                    List.of(
                            contact("10.0.0.9", "dnl-03.geo.kaspersky.com", Category.UPDATE, BAN + HOUR),
                            outcome(
                                    "10.0.0.9",
                                    "dnl-03.geo.kaspersky.com",
                                    Category.UPDATE,
                                    Outcome.TRANSFERRED,
                                    5_242_880,
                                    BAN + HOUR)),
                    null,
                    null);
            assertThat(html)
                    .contains("<div class=\"verdict bad\"><strong>1 transfer from banned services got through after "
                            + "the deadline.</strong>");
            assertThat(html).doesNotContain("Nothing got through");
            assertThat(html)
                    .contains("<td class=\"time\">2024-09-29 05:00:00Z</td><td>10.0.0.9</td>"
                            + "<td class=\"name\">dnl-03.geo.kaspersky.com</td><td>update</td>");
            assertThat(html).contains("5,242,880");
        }

        @Test
        void theDeadlineIsGivenExactlyInUtcAndEasternTimeWithItsSource() throws Exception {
            String html =
                    render(List.of(contact("10.0.0.1", "dnl-01.geo.kaspersky.com", Category.UPDATE, BAN)), null, null);
            assertThat(html).contains("2024-09-29T04:00:00Z", "2024-09-29 00:00:00 EDT");
            assertThat(html).contains("<tr class=\"deadline\"><td>updates_banned</td>");
            assertThat(html).contains("Source: [PRESS]");
        }

        @Test
        void theHeaderNamesThePeriodTheSensorTheTimeOfWritingAndTheVersion() throws Exception {
            String html = render(
                    List.of(contact("10.0.0.1", "dnl-01.geo.kaspersky.com", Category.UPDATE, BAN)),
                    BAN - DAY,
                    BAN + DAY);
            assertThat(html).contains("<dt>Period</dt><dd>2024-09-28 04:00:00Z to 2024-09-30 04:00:00Z</dd>");
            assertThat(html).contains("<dt>Sensors</dt><dd>sensor-1</dd>");
            assertThat(html).contains("<dt>Generated</dt><dd>2026-01-02T03:04:05Z</dd>");
            assertThat(html).contains("<dt>banwatch</dt><dd>9.9.9-test</dd>");
        }

        @Test
        void theCoverageSectionSaysWhatTheStoreCannotTell() throws Exception {
            String html =
                    render(List.of(contact("10.0.0.1", "dnl-01.geo.kaspersky.com", Category.UPDATE, BAN)), null, null);
            assertThat(html)
                    .contains(
                            "What this report cannot tell",
                            "banwatch_capture_drops_total",
                            "banwatch_blind_spots_total");
        }

        @Test
        void anEmptyStoreStillRendersAReport() throws Exception {
            String html = render(List.of(), null, null);
            assertThat(html)
                    .contains(
                            "the event store holds no events",
                            "Nothing got through",
                            "No contacts with vendor services in the period.",
                            "No sensor stored an event in the period.");
        }
    }

    @Nested
    class SelfContained {

        @Test
        void thePageLoadsNoScriptStyleSheetFontOrImage() throws Exception {
            String html =
                    render(List.of(contact("10.0.0.1", "dnl-01.geo.kaspersky.com", Category.UPDATE, BAN)), null, null);
            assertThat(html)
                    .doesNotContainIgnoringCase("<script")
                    .doesNotContainIgnoringCase("<link")
                    .doesNotContainIgnoringCase("<img")
                    .doesNotContainIgnoringCase("@import")
                    .doesNotContainIgnoringCase("url(");
            assertThat(Pattern.compile("(?i)(src|href)\\s*=").matcher(html).find())
                    .isFalse();
            assertThat(html).contains("<svg class=\"chart\"", "<style>", "@media print");
        }
    }
}
