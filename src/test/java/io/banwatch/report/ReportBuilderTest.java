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
import io.banwatch.store.ReportQueries;
import io.banwatch.store.StoredEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's model from a store of hand-built events: period, hosts, what got through, chart, coverage. */
class ReportBuilderTest {

    @TempDir
    Path dir;

    /** Two hosts, before and after the ban; one update transferred after it, other transfers that do not count. */
    private List<StoredEvent> events() {
        return List.of(
                contact("10.0.0.1", "dnl-01.geo.kaspersky.com", Category.UPDATE, BAN - 2 * DAY),
                // a transfer before the deadline was legal then: not "got through"
                outcome(
                        "10.0.0.1",
                        "dnl-01.geo.kaspersky.com",
                        Category.UPDATE,
                        Outcome.TRANSFERRED,
                        900_000,
                        BAN - 2 * DAY + 1_000),
                contact("10.0.0.1", "dnl-02.geo.kaspersky.com", Category.UPDATE, BAN + HOUR),
                outcome(
                        "10.0.0.1",
                        "dnl-02.geo.kaspersky.com",
                        Category.UPDATE,
                        Outcome.TRANSFERRED,
                        5_000_000,
                        BAN + HOUR + 1_000),
                contact("10.0.0.2", "ksn.kaspersky-labs.com", Category.KSN, BAN + 2 * DAY),
                outcome("10.0.0.2", "ksn.kaspersky-labs.com", Category.KSN, Outcome.BLOCKED, 0, BAN + 2 * DAY + 1_000),
                // threat intelligence is outside the prohibition: its transfer is not listed
                contact("10.0.0.3", "opentip.kaspersky.com", Category.THREAT_INTEL, BAN + 3 * DAY),
                outcome(
                        "10.0.0.3",
                        "opentip.kaspersky.com",
                        Category.THREAT_INTEL,
                        Outcome.TRANSFERRED,
                        100_000,
                        BAN + 3 * DAY + 1_000));
    }

    @Nested
    class WholeStore {

        @Test
        void thePeriodIsTheSpanOfTheStoredEvents() throws Exception {
            try (EventStore store = ReportEvents.store(dir, events())) {
                ComplianceReport report = ReportEvents.builder(store).build(null, null);
                assertThat(report.periodFromData()).isTrue();
                assertThat(report.period().fromNanos()).isEqualTo(BAN - 2 * DAY);
                assertThat(report.period().untilNanos()).isEqualTo(BAN + 3 * DAY + 1_000 + 1_000);
                assertThat(report.generatedAt()).isEqualTo(ReportEvents.GENERATED);
                assertThat(report.version()).isEqualTo("9.9.9-test");
                assertThat(report.observers())
                        .extracting(ReportQueries.ObserverRow::observer)
                        .containsExactly("sensor-1");
            }
        }

        @Test
        void onlyBannedTransfersAfterTheDeadlineGotThrough() throws Exception {
            try (EventStore store = ReportEvents.store(dir, events())) {
                ComplianceReport report = ReportEvents.builder(store).build(null, null);
                assertThat(report.nothingGotThrough()).isFalse();
                assertThat(report.transfersTotal()).isEqualTo(1);
                ReportQueries.Transfer transfer = report.transfers().get(0);
                assertThat(transfer.host()).isEqualTo("10.0.0.1");
                assertThat(transfer.name()).isEqualTo("dnl-02.geo.kaspersky.com");
                assertThat(transfer.destinationBytes()).isEqualTo(5_000_000);
                assertThat(transfer.timestampNanos()).isEqualTo(BAN + HOUR + 1_000);
            }
        }

        @Test
        void hostsCarryFirstAndLastContactContactsAfterTheBanAndTheWorstOutcome() throws Exception {
            try (EventStore store = ReportEvents.store(dir, events())) {
                ComplianceReport report = ReportEvents.builder(store).build(null, null);
                assertThat(report.hostsTotal()).isEqualTo(3);
                ComplianceReport.HostLine first = report.hosts().get(0);
                assertThat(first.host()).isEqualTo("10.0.0.1");
                assertThat(first.firstNanos()).isEqualTo(BAN - 2 * DAY);
                assertThat(first.lastNanos()).isEqualTo(BAN + HOUR);
                assertThat(first.contacts()).isEqualTo(2);
                assertThat(first.contactsAfterBan()).isEqualTo(1);
                assertThat(first.worstOutcome()).isEqualTo("transferred");
                assertThat(first.worstSeverity()).isEqualTo("critical");
                ComplianceReport.HostLine ksn = report.hosts().stream()
                        .filter(h -> h.host().equals("10.0.0.2"))
                        .findFirst()
                        .orElseThrow();
                assertThat(ksn.categories()).containsExactly("ksn");
                assertThat(ksn.worstOutcome()).isEqualTo("blocked");
                assertThat(report.outcomes()).containsEntry("transferred", 3L).containsEntry("blocked", 1L);
            }
        }

        @Test
        void theDeadlineIsTheCatalogsUpdatesBannedPhase() throws Exception {
            try (EventStore store = ReportEvents.store(dir, events())) {
                ComplianceReport report = ReportEvents.builder(store).build(null, null);
                ComplianceReport.VendorPolicy policy = report.policies().get(0);
                assertThat(policy.deadline().startNanos()).isEqualTo(BAN);
                assertThat(report.chart().markers()).singleElement().satisfies(m -> {
                    assertThat(m.atNanos()).isEqualTo(BAN);
                    assertThat(m.label()).contains("2024-09-29 04:00Z");
                });
            }
        }

        @Test
        void theLongestQuietStretchIsBetweenConsecutiveEvents() throws Exception {
            try (EventStore store = ReportEvents.store(dir, events())) {
                ComplianceReport report = ReportEvents.builder(store).build(null, null);
                assertThat(report.quiet().fromNanos()).isEqualTo(BAN - 2 * DAY + 1_000);
                assertThat(report.quiet().untilNanos()).isEqualTo(BAN + HOUR);
            }
        }
    }

    @Nested
    class Period {

        @Test
        void aPeriodBeforeTheDeadlineHasNothingThatGotThrough() throws Exception {
            try (EventStore store = ReportEvents.store(dir, events())) {
                ComplianceReport report = ReportEvents.builder(store).build(BAN - 3 * DAY, BAN);
                assertThat(report.periodFromData()).isFalse();
                assertThat(report.nothingGotThrough()).isTrue();
                assertThat(report.hosts())
                        .extracting(ComplianceReport.HostLine::host)
                        .containsExactly("10.0.0.1");
                assertThat(report.hosts().get(0).contacts()).isEqualTo(1);
                assertThat(report.hosts().get(0).contactsAfterBan()).isZero();
            }
        }

        @Test
        void eventsOutsideThePeriodAreLeftOutOfEverySection() throws Exception {
            try (EventStore store = ReportEvents.store(dir, events())) {
                ComplianceReport report = ReportEvents.builder(store).build(BAN + DAY, BAN + 4 * DAY);
                assertThat(report.hosts())
                        .extracting(ComplianceReport.HostLine::host)
                        .containsExactlyInAnyOrder("10.0.0.2", "10.0.0.3");
                assertThat(report.transfers()).isEmpty();
                assertThat(report.chart().totalContacts()).isEqualTo(2);
                assertThat(report.outcomes().get("transferred")).isEqualTo(1L); // threat intel only
            }
        }

        @Test
        void onlyASinceTakesTheEndFromTheStore() throws Exception {
            try (EventStore store = ReportEvents.store(dir, events())) {
                ComplianceReport report = ReportEvents.builder(store).build(BAN, null);
                assertThat(report.period().fromNanos()).isEqualTo(BAN);
                assertThat(report.period().untilNanos()).isEqualTo(BAN + 3 * DAY + 2_000);
                assertThat(report.transfersTotal()).isEqualTo(1);
            }
        }

        @Test
        void anEmptyStoreHasNoPeriodAndNothingGotThrough() throws Exception {
            try (EventStore store = EventStore.open(dir.resolve("empty.db"))) {
                ComplianceReport report = ReportEvents.builder(store).build(null, null);
                assertThat(report.period()).isNull();
                assertThat(report.hosts()).isEmpty();
                assertThat(report.nothingGotThrough()).isTrue();
                assertThat(report.policies()).hasSize(1);
            }
        }
    }
}
