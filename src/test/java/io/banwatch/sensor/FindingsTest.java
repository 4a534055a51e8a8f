package io.banwatch.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.alert.TestEvents;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.match.Category;
import io.banwatch.match.Severity;
import org.junit.jupiter.api.Test;

/** The replay report's tables: what is added up per host and service, and in which order the rows come. */
class FindingsTest {

    private static final String BEFORE = "2024-09-28T12:00:00Z";
    private static final String AFTER = "2024-10-02T12:00:00Z";

    private final Findings findings = new Findings(() -> null); // no DNS answers here: the catalog is never asked

    private void tls(String at, String host, String name, Category category, String phase, Severity severity) {
        findings.add(TestEvents.tls(at, host, name, TestEvents.match(category, phase, severity)));
    }

    @Test
    void rowsComeMostSevereFirstThenByHostThenByFirstContact() {
        tls(AFTER, "10.0.0.2", "a.kaspersky.com", Category.UPDATE, "updates_banned", Severity.CRITICAL);
        tls(BEFORE, "10.0.0.9", "b.kaspersky.com", Category.KSN, "before_ban", Severity.LOW);
        tls(
                "2024-10-01T00:00:00Z",
                "10.0.0.1",
                "c.kaspersky.com",
                Category.UPDATE,
                "updates_banned",
                Severity.CRITICAL);
        tls(
                "2024-09-30T00:00:00Z",
                "10.0.0.1",
                "d.kaspersky.com",
                Category.UPDATE,
                "updates_banned",
                Severity.CRITICAL);
        tls(BEFORE, "10.0.0.3", "e.kaspersky.com", Category.LICENSING, "before_ban", Severity.MEDIUM);

        assertThat(findings.rows())
                .extracting(Findings.Row::name)
                .containsExactly(
                        "d.kaspersky.com", "c.kaspersky.com", "a.kaspersky.com", "e.kaspersky.com", "b.kaspersky.com");
    }

    @Test
    void aRowCountsItsContactsAndKeepsItsWorstMatchAndOutcome() {
        var first = TestEvents.tls(
                BEFORE, "10.0.0.1", "a.kaspersky.com", TestEvents.match(Category.UPDATE, "before_ban", Severity.LOW));
        var later = TestEvents.tls(AFTER, "10.0.0.1", "a.kaspersky.com", TestEvents.updateBanned());
        findings.add(first);
        findings.add(later);
        findings.add(TestEvents.outcome(later, Outcome.TRANSFERRED, OutcomeReason.BYTES, 40_000));
        findings.add(TestEvents.outcome(first, Outcome.CONNECTED, OutcomeReason.TLS_HANDSHAKE, 0));

        assertThat(findings.rows()).singleElement().satisfies(row -> {
            assertThat(row.count()).isEqualTo(2);
            assertThat(row.afterBan()).isEqualTo(1);
            assertThat(row.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(row.firstSeenNanos()).isEqualTo(TestEvents.nanos(BEFORE));
            assertThat(row.lastSeenNanos()).isEqualTo(TestEvents.nanos(AFTER));
            assertThat(row.lastPhase()).isEqualTo("updates_banned");
            assertThat(row.outcome()).isEqualTo(Outcome.TRANSFERRED);
        });
    }

    @Test
    void hostsAddUpTheirRowsAndComeWorstFirstThenMostContactsAfterTheBanThenByAddress() {
        tls(BEFORE, "10.0.0.5", "a.kaspersky.com", Category.KSN, "before_ban", Severity.LOW);
        tls(AFTER, "10.0.0.5", "b.kaspersky.com", Category.UPDATE, "updates_banned", Severity.CRITICAL);
        tls(AFTER, "10.0.0.5", "b.kaspersky.com", Category.UPDATE, "updates_banned", Severity.CRITICAL);
        tls(AFTER, "10.0.0.7", "b.kaspersky.com", Category.UPDATE, "updates_banned", Severity.CRITICAL);
        tls(AFTER, "10.0.0.6", "b.kaspersky.com", Category.UPDATE, "updates_banned", Severity.CRITICAL);
        tls(BEFORE, "10.0.0.1", "c.kaspersky.com", Category.LICENSING, "before_ban", Severity.MEDIUM);

        assertThat(findings.hosts())
                .extracting(Findings.HostRow::host)
                .containsExactly("10.0.0.5", "10.0.0.6", "10.0.0.7", "10.0.0.1");
        assertThat(findings.hosts().getFirst()).satisfies(host -> {
            assertThat(host.worstSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(host.categories()).containsExactlyInAnyOrder(Category.KSN, Category.UPDATE);
            assertThat(host.vendors()).containsExactly("kaspersky");
            assertThat(host.contacts()).isEqualTo(3);
            assertThat(host.afterBan()).isEqualTo(2);
            assertThat(host.firstSeenNanos()).isEqualTo(TestEvents.nanos(BEFORE));
            assertThat(host.lastSeenNanos()).isEqualTo(TestEvents.nanos(AFTER));
            assertThat(host.worstOutcome()).isEqualTo(Outcome.UNKNOWN);
        });
    }

    @Test
    void rowsBeyondTheBoundAreCountedNotKept() {
        for (int i = 0; i < Findings.MAX_ROWS + 3; i++) {
            tls(AFTER, "10.0.0.1", "n" + i + ".kaspersky.com", Category.UPDATE, "updates_banned", Severity.HIGH);
        }
        assertThat(findings.rows()).hasSize(Findings.MAX_ROWS);
        assertThat(findings.overflow()).isEqualTo(3);
    }
}
