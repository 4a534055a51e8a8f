package io.banwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.match.CatalogLoader;
import io.banwatch.match.Category;
import io.banwatch.match.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertMessageTest {

    @Test
    void saysHowManyDaysAfterTheBan() {
        String message = AlertMessage.format(
                TestEvents.tls(
                        "2024-10-02T14:02:00.123456Z",
                        "10.4.7.19",
                        "dnl-07.geo.kaspersky.com",
                        TestEvents.updateBanned()),
                "10.4.7.19",
                TestEvents.UPDATES_BANNED);

        assertThat(message)
                .isEqualTo("host 10.4.7.19 reached Kaspersky update service dnl-07.geo.kaspersky.com at"
                        + " 2024-10-02T14:02:00Z, 3 days after updates were banned");
    }

    @Test
    void hoursAndMinutesShortlyAfterTheBan() {
        var ksn = TestEvents.match(Category.KSN, "updates_banned", Severity.HIGH);

        assertThat(AlertMessage.format(
                        TestEvents.tls("2024-09-29T05:00:00Z", "10.0.0.1", "ksn-a.kaspersky-labs.com", ksn),
                        "10.0.0.1",
                        TestEvents.UPDATES_BANNED))
                .endsWith("reached Kaspersky KSN service ksn-a.kaspersky-labs.com at 2024-09-29T05:00:00Z,"
                        + " 1 hour after updates were banned");
        assertThat(AlertMessage.format(
                        TestEvents.tls("2024-09-29T04:02:59Z", "10.0.0.1", "ksn-a.kaspersky-labs.com", ksn),
                        "10.0.0.1",
                        TestEvents.UPDATES_BANNED))
                .endsWith(", 2 minutes after updates were banned");
    }

    @Test
    void leavesTheAfterClauseOutWhenThePhaseStartIsUnknown() {
        String message = AlertMessage.format(
                TestEvents.tls(
                        "2024-10-02T14:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", TestEvents.updateBanned()),
                "10.4.7.19",
                AlertPolicy.DEFAULT.phaseStart("kaspersky", "updates_banned"));

        assertThat(message)
                .isEqualTo("host 10.4.7.19 reached Kaspersky update service dnl-07.geo.kaspersky.com at"
                        + " 2024-10-02T14:02:00Z");
    }

    @Test
    void saysWhenTheUpdateGotThrough() {
        Event event = TestEvents.tls(
                "2024-10-02T14:02:00Z", "10.4.7.19", "dnl-07.geo.kaspersky.com", TestEvents.updateBanned());

        assertThat(AlertMessage.format(
                        event,
                        "10.4.7.19",
                        TestEvents.UPDATES_BANNED,
                        new ContactOutcome(Outcome.TRANSFERRED, OutcomeReason.BYTES, 48_213, 900)))
                .isEqualTo("host 10.4.7.19 reached Kaspersky update service dnl-07.geo.kaspersky.com at"
                        + " 2024-10-02T14:02:00Z, 3 days after updates were banned; the update got through"
                        + " (48,213 bytes from the server)");
        assertThat(AlertMessage.format(
                        event,
                        "10.4.7.19",
                        TestEvents.UPDATES_BANNED,
                        new ContactOutcome(Outcome.BLOCKED, OutcomeReason.TCP_RESET, -1, -1)))
                .endsWith("after updates were banned; it was blocked (tcp_reset)");
    }

    @Test
    void policyOfTheCatalogsSaysWhatAlertsAndWhenThePhaseBegan() {
        AlertPolicy policy = AlertPolicy.of(List.of(CatalogLoader.loadBuiltIn("kaspersky")));

        assertThat(policy.phaseStart("kaspersky", "updates_banned")).isEqualTo(Instant.parse("2024-09-29T04:00:00Z"));
        assertThat(policy.phaseStart("kaspersky", "before_announcement")).isNull();
        assertThat(policy.phaseStart("other", "updates_banned")).isNull();
        assertThat(policy.alerts("kaspersky", "updates_banned", Category.KSN)).isTrue();
        assertThat(policy.alerts("kaspersky", "updates_banned", Category.WEB)).isFalse();
        assertThat(policy.alerts("kaspersky", "announced", Category.UPDATE)).isFalse();
        assertThat(policy.alerts("other", "updates_banned", Category.UPDATE)).isFalse();
    }
}
