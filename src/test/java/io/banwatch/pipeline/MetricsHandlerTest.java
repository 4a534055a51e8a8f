package io.banwatch.pipeline;

import static io.banwatch.alert.TestEvents.dnsQuery;
import static io.banwatch.alert.TestEvents.http;
import static io.banwatch.alert.TestEvents.tls;
import static io.banwatch.alert.TestEvents.updateBanned;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.alert.TestEvents;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import io.banwatch.metrics.OffenderMetrics;
import io.banwatch.metrics.OffenderSeries;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class MetricsHandlerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
    private final OffenderSeries offenders = new OffenderSeries();
    private final OffenderMetrics offenderMetrics = new OffenderMetrics(offenders);
    private final EmbeddedChannel channel = new EmbeddedChannel(new MetricsHandler(registry, 2, offenders));

    {
        offenderMetrics.bindTo(registry);
    }

    private void pass(Event event, boolean repeat) {
        PipelineEvent message =
                new PipelineEvent(event, PipelineEvent.clientHost(event.observation()), repeat, PipelineEvent.UNKNOWN);
        channel.writeInbound(message);
        assertThat((Object) channel.readInbound()).isSameAs(message);
        offenderMetrics.bindNew(); // as a scrape does: the per-host series get their meters there
    }

    @Test
    void countsEveryObservationPerProtocolFromZero() {
        pass(tls("2024-10-02T14:00:00Z", "10.1.1.1", "example.org", null), false);
        pass(tls("2024-10-02T14:00:00Z", "10.1.1.1", "example.org", null), true);
        pass(dnsQuery("2024-10-02T14:00:00Z", "10.1.1.1", "example.org", null), false);

        assertThat(count("banwatch.observations", "protocol", "tls")).isEqualTo(2);
        assertThat(count("banwatch.observations", "protocol", "dns")).isEqualTo(1);
        assertThat(count("banwatch.observations", "protocol", "quic")).isZero();
        assertThat(registry.find("banwatch.matches").counters()).isEmpty();
    }

    @Test
    void countsMatchesRepeatsIncludedByVendorCategoryProtocolAndPhase() {
        pass(tls("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned()), false);
        pass(tls("2024-10-02T14:00:01Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned()), true);
        pass(http("2024-10-02T14:00:01Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned()), false);

        assertThat(registry.get("banwatch.matches")
                        .tags("vendor", "kaspersky", "category", "update", "protocol", "tls", "phase", "updates_banned")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get("banwatch.matches")
                        .tags("protocol", "http")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("banwatch.offender.matches")
                        .tags("vendor", "kaspersky", "category", "update", "host", "10.1.1.1")
                        .functionCounter()
                        .count())
                .isEqualTo(3);
    }

    @Test
    void hostsPastTheSeriesCapCountAsOther() {
        for (String host : new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.1"}) {
            pass(tls("2024-10-02T14:00:00Z", host, "dnl-01.geo.kaspersky.com", updateBanned()), false);
        }

        assertThat(offenderMatches("10.0.0.1")).isEqualTo(2);
        assertThat(offenderMatches("10.0.0.2")).isEqualTo(1);
        assertThat(offenderMatches("_other")).isEqualTo(2);
        assertThat(registry.find("banwatch.offender.matches").functionCounters())
                .hasSize(3);
    }

    @Test
    void aCriticalHostTakesTheLabelOfTheLeastSevereLeastRecentHost() {
        Match low = TestEvents.match(Category.MANAGEMENT, "updates_banned", Severity.LOW);
        for (int i = 1; i <= 50; i++) { // a flood of invented low-severity hosts fills both labels
            pass(tls("2024-10-02T14:00:00Z", "10.9.0." + i, "ksc.example", low), false);
        }
        pass(tls("2024-10-02T14:00:01Z", "10.9.0.2", "ksc.example", low), false); // 10.9.0.1 is now the oldest
        pass(tls("2024-10-02T14:00:02Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned()), false);

        assertThat(offenderMatches("10.1.1.1")).isEqualTo(1);
        assertThat(offenderMatches("10.9.0.2")).isEqualTo(2);
        assertThat(registry.find("banwatch.offender.matches")
                        .tag("host", "10.9.0.1")
                        .functionCounters())
                .isEmpty();
        // the displaced host's match moved to _other: the sum over hosts is still every match
        assertThat(offenderMatches("_other")).isEqualTo(49);
        assertThat(registry.find("banwatch.offender.matches").functionCounters().stream()
                        .mapToDouble(c -> c.count())
                        .sum())
                .isEqualTo(52.0);
    }

    @Test
    void aLowSeverityHostDoesNotDisplaceAnEquallyOrMoreSevereOne() {
        pass(tls("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned()), false);
        pass(tls("2024-10-02T14:00:00Z", "10.1.1.2", "dnl-01.geo.kaspersky.com", updateBanned()), false);
        Match low = TestEvents.match(Category.MANAGEMENT, "updates_banned", Severity.LOW);
        pass(tls("2024-10-02T14:00:01Z", "10.9.0.1", "ksc.example", low), false);

        assertThat(offenderMatches("10.1.1.1")).isEqualTo(1);
        assertThat(offenderMatches("_other")).isEqualTo(1);
    }

    @Test
    void outcomeEventsCountOnlyAsOutcomesByVendorCategoryAndOutcome() {
        Event contact = tls("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned());
        pass(contact, false);
        pass(
                new Event(
                        contact.observation(),
                        contact.match(),
                        new ContactOutcome(Outcome.TRANSFERRED, OutcomeReason.BYTES, 300_000, 500)),
                false);
        pass(
                new Event(
                        contact.observation(),
                        contact.match(),
                        new ContactOutcome(Outcome.BLOCKED, OutcomeReason.TCP_RESET, 0, 0)),
                false);

        assertThat(registry.get("banwatch.outcomes")
                        .tags("vendor", "kaspersky", "category", "update", "outcome", "transferred")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(count("banwatch.outcomes", "outcome", "blocked")).isEqualTo(1);
        assertThat(count("banwatch.observations", "protocol", "tls")).isEqualTo(1);
        assertThat(count("banwatch.matches", "protocol", "tls")).isEqualTo(1);
        assertThat(offenderMatches("10.1.1.1")).isEqualTo(1);
    }

    @Test
    void eachHostKeepsItsWorstOutcomeUnknownUntilOneArrives() {
        Event contact = tls("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned());
        pass(contact, false);
        assertThat(worst("10.1.1.1")).isEqualTo(Outcome.UNKNOWN.ordinal());

        pass(outcome(contact, Outcome.CONNECTED, OutcomeReason.TLS_HANDSHAKE), false);
        pass(outcome(contact, Outcome.TRANSFERRED, OutcomeReason.BYTES), false);
        pass(outcome(contact, Outcome.BLOCKED, OutcomeReason.TCP_RESET), false); // a later, milder one

        assertThat(worst("10.1.1.1")).isEqualTo(Outcome.TRANSFERRED.ordinal());
        assertThat(registry.get("banwatch.offender.worst.outcome")
                        .tags("vendor", "kaspersky", "category", "update", "host", "10.1.1.1")
                        .gauge()
                        .value())
                .isEqualTo(3.0);
    }

    @Test
    void worstOutcomesOfHostsWithoutALabelGoToOtherAndADisplacedHostsMoveThere() {
        Match low = TestEvents.match(Category.MANAGEMENT, "updates_banned", Severity.LOW);
        Event first = tls("2024-10-02T14:00:00Z", "10.9.0.1", "ksc.example", low);
        pass(first, false);
        pass(tls("2024-10-02T14:00:00Z", "10.9.0.2", "ksc.example", low), false);
        Event third = tls("2024-10-02T14:00:00Z", "10.9.0.3", "ksc.example", low); // past the cap of 2
        pass(third, false);
        pass(outcome(first, Outcome.CONNECTED, OutcomeReason.TLS_HANDSHAKE), false);
        pass(outcome(third, Outcome.BLOCKED, OutcomeReason.TCP_RESET), false);
        assertThat(worst("10.9.0.1")).isEqualTo(Outcome.CONNECTED.ordinal());
        assertThat(worst("_other")).isEqualTo(Outcome.BLOCKED.ordinal());
        assertThat(registry.find("banwatch.offender.worst.outcome")
                        .tag("host", "10.9.0.3")
                        .gauges())
                .isEmpty();

        // a critical host takes the label of 10.9.0.1, the least recent: its worst outcome moves to _other
        pass(tls("2024-10-02T14:00:01Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned()), false);

        assertThat(registry.find("banwatch.offender.worst.outcome")
                        .tag("host", "10.9.0.1")
                        .gauges())
                .isEmpty();
        assertThat(worst("_other")).isEqualTo(Outcome.CONNECTED.ordinal());
        assertThat(worst("10.1.1.1")).isEqualTo(Outcome.UNKNOWN.ordinal());
        assertThat(registry.find("banwatch.offender.worst.outcome").gauges()).hasSize(3);
    }

    private static Event outcome(Event contact, Outcome outcome, OutcomeReason reason) {
        return new Event(contact.observation(), contact.match(), new ContactOutcome(outcome, reason, 0, 0));
    }

    private double worst(String host) {
        return registry.get("banwatch.offender.worst.outcome")
                .tag("host", host)
                .gauge()
                .value();
    }

    private double offenderMatches(String host) {
        return registry.get("banwatch.offender.matches")
                .tag("host", host)
                .functionCounter()
                .count();
    }

    private double count(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }
}
