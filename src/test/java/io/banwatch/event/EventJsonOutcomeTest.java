package io.banwatch.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.Endpoint;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import org.junit.jupiter.api.Test;

/** The outcome event of a matched contact: ECS event.outcome, byte counts and banwatch.outcome. */
class EventJsonOutcomeTest {

    static final long T = 1_727_740_800_123_456_000L; // 2024-10-01T00:00:00.123456Z
    static final Endpoint CLIENT = Endpoint.parse("10.1.2.3", 49_800);
    static final Endpoint SERVER = Endpoint.parse("203.0.113.7", 443);
    static final Match UPDATE = new Match(
            "kaspersky", Category.UPDATE, "dnl-##.geo.kaspersky.com", "updates_banned", Severity.CRITICAL, "d");

    @Test
    void transferredContactCarriesBytesAndReason() {
        Observation o = Observation.tls(T, Protocol.TLS, CLIENT, SERVER, -1, -1, "dnl-01.geo.kaspersky.com");
        ContactOutcome outcome = new ContactOutcome(Outcome.TRANSFERRED, OutcomeReason.BYTES, 3_145_728, 2_048);

        assertThat(EventJson.toJson(new Event(o, UPDATE, outcome)))
                .isEqualTo("{\"@timestamp\":\"2024-10-01T00:00:00.123456Z\",\"event\":{\"outcome\":\"success\"},"
                        + "\"network\":{\"transport\":\"tcp\",\"protocol\":\"tls\"},"
                        + "\"source\":{\"ip\":\"10.1.2.3\",\"port\":49800,\"bytes\":2048},"
                        + "\"destination\":{\"ip\":\"203.0.113.7\",\"port\":443,\"bytes\":3145728},"
                        + "\"tls\":{\"client\":{\"server_name\":\"dnl-01.geo.kaspersky.com\"}},"
                        + "\"banwatch\":{\"vendor\":\"kaspersky\",\"category\":\"update\","
                        + "\"rule\":\"dnl-##.geo.kaspersky.com\",\"phase\":\"updates_banned\",\"severity\":\"critical\","
                        + "\"outcome\":\"transferred\",\"outcome_reason\":\"bytes\"}}");
    }

    @Test
    void blockedIsAFailureAndUnknownBytesAreLeftOut() {
        Observation o = Observation.tls(T, Protocol.TLS, CLIENT, SERVER, -1, -1, "dnl-01.geo.kaspersky.com");
        String json = EventJson.toJson(
                new Event(o, UPDATE, new ContactOutcome(Outcome.BLOCKED, OutcomeReason.TCP_RESET, -1, -1)));

        assertThat(json)
                .contains("\"event\":{\"outcome\":\"failure\"}")
                .contains("\"outcome\":\"blocked\",\"outcome_reason\":\"tcp_reset\"")
                .doesNotContain("bytes");
    }

    @Test
    void outcomesAreOrderedBySeverity() {
        assertThat(Outcome.TRANSFERRED.worseThan(Outcome.CONNECTED)).isTrue();
        assertThat(Outcome.CONNECTED.worseThan(Outcome.BLOCKED)).isTrue();
        assertThat(Outcome.BLOCKED.worseThan(Outcome.UNKNOWN)).isTrue();
        assertThat(Outcome.BLOCKED.worseThan(Outcome.CONNECTED)).isFalse();
        assertThat(Outcome.UNKNOWN.ecsOutcome()).isEqualTo("unknown");
    }
}
