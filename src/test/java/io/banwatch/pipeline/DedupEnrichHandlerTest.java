package io.banwatch.pipeline;

import static io.banwatch.alert.TestEvents.dnsAnswer;
import static io.banwatch.alert.TestEvents.dnsQuery;
import static io.banwatch.alert.TestEvents.nanos;
import static io.banwatch.alert.TestEvents.tls;
import static io.banwatch.alert.TestEvents.updateBanned;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.match.Category;
import io.banwatch.match.Match;
import io.banwatch.match.Severity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DedupEnrichHandlerTest {

    private final EmbeddedChannel channel =
            new EmbeddedChannel(new DedupEnrichHandler(Duration.ofSeconds(60), new SimpleMeterRegistry()));

    @AfterEach
    void finish() {
        assertThat(channel.finish()).isFalse();
    }

    private PipelineEvent pass(io.banwatch.event.Event event) {
        assertThat(channel.writeInbound(event)).isTrue();
        return channel.readInbound();
    }

    @Test
    void unmatchedEventsAreNeverRepeatsAndHaveNoFirstSeen() {
        var event = tls("2024-10-02T14:00:00Z", "10.1.1.1", "example.org", null);

        PipelineEvent first = pass(event);
        PipelineEvent second = pass(event);

        assertThat(first).isEqualTo(new PipelineEvent(event, "10.1.1.1", false, PipelineEvent.UNKNOWN));
        assertThat(second.repeat()).isFalse();
    }

    @Test
    void sameHostNameAndRuleWithinTheWindowIsARepeat() {
        PipelineEvent first = pass(tls("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned()));
        PipelineEvent second =
                pass(tls("2024-10-02T14:00:59.999Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned()));
        PipelineEvent afterWindow =
                pass(tls("2024-10-02T14:01:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned()));
        PipelineEvent withinNewWindow =
                pass(tls("2024-10-02T14:01:30Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned()));

        assertThat(first.repeat()).isFalse();
        assertThat(second.repeat()).isTrue();
        assertThat(afterWindow.repeat()).isFalse();
        assertThat(withinNewWindow.repeat()).isTrue();
    }

    @Test
    void anotherHostNameProtocolOrRuleIsNotARepeat() {
        pass(tls("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned()));
        Match otherRule = new Match(
                "kaspersky", Category.UPDATE, "dnl-*.kaspersky.com", "updates_banned", Severity.CRITICAL, "updates");

        assertThat(pass(tls("2024-10-02T14:00:01Z", "10.1.1.2", "dnl-01.geo.kaspersky.com", updateBanned()))
                        .repeat())
                .isFalse();
        assertThat(pass(tls("2024-10-02T14:00:01Z", "10.1.1.1", "dnl-02.geo.kaspersky.com", updateBanned()))
                        .repeat())
                .isFalse();
        assertThat(pass(dnsQuery("2024-10-02T14:00:01Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned()))
                        .repeat())
                .isFalse();
        assertThat(pass(tls("2024-10-02T14:00:01Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", otherRule))
                        .repeat())
                .isFalse();
    }

    @Test
    void hostOfADnsAnswerIsTheClientItWasSentTo() {
        PipelineEvent answer = pass(dnsAnswer("2024-10-02T14:00:00Z", "10.4.7.19", "dnl-01.geo.kaspersky.com", null));

        assertThat(answer.host()).isEqualTo("10.4.7.19");
    }

    @Test
    void firstSeenIsTheEarliestMatchOfTheHostWithTheVendor() {
        pass(tls("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned()));
        PipelineEvent later = pass(tls(
                "2024-10-03T09:00:00Z",
                "10.1.1.1",
                "ksn.kaspersky.com",
                io.banwatch.alert.TestEvents.match(Category.KSN, "updates_banned", Severity.HIGH)));
        PipelineEvent outOfOrder =
                pass(tls("2024-10-01T08:00:00Z", "10.1.1.1", "dnl-03.geo.kaspersky.com", updateBanned()));
        PipelineEvent afterThat =
                pass(tls("2024-10-04T08:00:00Z", "10.1.1.1", "dnl-03.geo.kaspersky.com", updateBanned()));

        assertThat(later.hostFirstSeenNanos()).isEqualTo(nanos("2024-10-02T14:00:00Z"));
        assertThat(outOfOrder.hostFirstSeenNanos()).isEqualTo(nanos("2024-10-01T08:00:00Z"));
        assertThat(afterThat.hostFirstSeenNanos()).isEqualTo(nanos("2024-10-01T08:00:00Z"));
    }

    @Test
    void otherMessagesPassUnchanged() {
        channel.writeInbound("not an event");

        assertThat((Object) channel.readInbound()).isEqualTo("not an event");
    }

    @Test
    void anOutcomeEventIsNeverARepeatAndNeverANewFirstSeen() {
        var contact = tls("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned());
        var outcome = new io.banwatch.event.Event(
                contact.observation(),
                contact.match(),
                new io.banwatch.event.ContactOutcome(
                        io.banwatch.event.Outcome.TRANSFERRED, io.banwatch.event.OutcomeReason.BYTES, 300_000, 500));

        PipelineEvent first = pass(contact);
        PipelineEvent outcomes = pass(outcome);
        PipelineEvent again = pass(outcome);
        PipelineEvent laterContact =
                pass(tls("2024-10-02T14:00:30Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned()));

        assertThat(outcomes.repeat()).isFalse();
        assertThat(again.repeat()).isFalse();
        assertThat(outcomes.hostFirstSeenNanos()).isEqualTo(first.hostFirstSeenNanos());
        assertThat(laterContact.repeat())
                .as("the outcome did not restart the dedup window")
                .isTrue();
    }
}
