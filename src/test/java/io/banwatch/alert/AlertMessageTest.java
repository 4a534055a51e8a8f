package io.banwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.match.Category;
import io.banwatch.match.Severity;
import java.time.Instant;
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
                PhaseStarts.UNKNOWN.startOf("kaspersky", "updates_banned"));

        assertThat(message)
                .isEqualTo("host 10.4.7.19 reached Kaspersky update service dnl-07.geo.kaspersky.com at"
                        + " 2024-10-02T14:02:00Z");
    }

    @Test
    void phaseStartsLookUpByVendorAndPhase() {
        PhaseStarts starts = PhaseStarts.of(
                java.util.Map.of("kaspersky", java.util.Map.of("updates_banned", TestEvents.UPDATES_BANNED)));

        assertThat(starts.startOf("kaspersky", "updates_banned")).isEqualTo(Instant.parse("2024-09-29T04:00:00Z"));
        assertThat(starts.startOf("kaspersky", "announced")).isNull();
        assertThat(starts.startOf("other", "updates_banned")).isNull();
    }
}
