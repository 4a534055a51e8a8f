package io.banwatch.pipeline;

import static io.banwatch.alert.TestEvents.dnsQuery;
import static io.banwatch.alert.TestEvents.http;
import static io.banwatch.alert.TestEvents.match;
import static io.banwatch.alert.TestEvents.tls;
import static io.banwatch.alert.TestEvents.updateBanned;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.event.Event;
import io.banwatch.inspect.Protocol;
import io.banwatch.match.Category;
import io.banwatch.match.Severity;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryHandlerTest {

    private final SummaryHandler summary = new SummaryHandler();
    private final EmbeddedChannel channel = new EmbeddedChannel(summary);

    private void read(Event event, boolean repeat) {
        channel.writeInbound(
                new PipelineEvent(event, PipelineEvent.clientHost(event.observation()), repeat, PipelineEvent.UNKNOWN));
    }

    @Test
    void outcomeEventsAreNeitherObservationsNorMatches() {
        Event contact = tls("2024-10-01T10:00:01Z", "10.0.0.5", "s07.upd.kaspersky.com", updateBanned());
        read(contact, false);
        read(
                new Event(
                        contact.observation(),
                        contact.match(),
                        new io.banwatch.event.ContactOutcome(
                                io.banwatch.event.Outcome.BLOCKED, io.banwatch.event.OutcomeReason.TCP_RESET, 0, 0)),
                false);

        PipelineSummary totals = summary.summary(0, 0);

        assertThat(totals.totalObservations()).isEqualTo(1);
        assertThat(totals.totalMatches()).isEqualTo(1);
    }

    @Test
    void countsObservationsByProtocolAndMatchesByCategoryAndPhase() {
        read(dnsQuery("2024-10-01T10:00:00Z", "10.0.0.5", "example.org", null), false);
        read(tls("2024-10-01T10:00:01Z", "10.0.0.5", "s07.upd.kaspersky.com", updateBanned()), false);
        read(tls("2024-10-01T10:00:02Z", "10.0.0.5", "s07.upd.kaspersky.com", updateBanned()), true);
        read(
                http(
                        "2024-09-01T10:00:00Z",
                        "10.0.0.6",
                        "touch.kaspersky.com",
                        match(Category.TELEMETRY, "new_business_banned", Severity.LOW)),
                false);

        PipelineSummary totals = summary.summary(3, 7);

        assertThat(totals.observations())
                .containsEntry(Protocol.DNS, 1L)
                .containsEntry(Protocol.TLS, 2L)
                .containsEntry(Protocol.HTTP, 1L)
                .containsEntry(Protocol.QUIC, 0L);
        assertThat(totals.matches())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        Category.UPDATE, Map.of("updates_banned", 2L),
                        Category.TELEMETRY, Map.of("new_business_banned", 1L)));
        assertThat(totals.repeats()).isEqualTo(1);
        assertThat(totals.alerts()).isEqualTo(3);
        assertThat(totals.queueDrops()).isEqualTo(7);
        assertThat(totals.totalObservations()).isEqualTo(4);
        assertThat(totals.totalMatches()).isEqualTo(3);
        assertThat(channel.readInbound() == null).isTrue();
    }

    @Test
    void completesABarrierOnceEverythingBeforeItWasCounted() {
        read(dnsQuery("2024-10-01T10:00:00Z", "10.0.0.5", "example.org", null), false);
        Barrier barrier = new Barrier(ImmediateEventExecutor.INSTANCE.newPromise());
        channel.writeInbound(barrier);
        assertThat(barrier.reached().isSuccess()).isTrue();
        assertThat(summary.summary(0, 0).totalObservations()).isEqualTo(1);
    }

    @Test
    void survivesAHandlerFailureBeforeIt() {
        channel.pipeline().fireExceptionCaught(new IllegalStateException("a handler failed"));
        assertThat(channel.isActive()).isTrue();
        read(dnsQuery("2024-10-01T10:00:00Z", "10.0.0.5", "example.org", null), false);
        assertThat(summary.summary(0, 0).totalObservations()).isEqualTo(1);
    }
}
