package io.banwatch.pipeline;

import static io.banwatch.alert.TestEvents.dnsQuery;
import static io.banwatch.alert.TestEvents.tls;
import static io.banwatch.alert.TestEvents.updateBanned;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.event.Event;
import io.banwatch.event.EventJson;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ObservationWriterHandlerTest {

    private static PipelineEvent message(Event event) {
        return new PipelineEvent(event, PipelineEvent.clientHost(event.observation()), false, PipelineEvent.UNKNOWN);
    }

    @Test
    void writesEveryEventAsOneJsonLineAndFlushesAtTheEndOfABatch() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ObservationWriterHandler handler = new ObservationWriterHandler(out, true);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        Event matched = tls("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned());
        Event unmatched = dnsQuery("2024-10-02T14:00:01Z", "10.1.1.2", "example.org", null);

        channel.pipeline().fireChannelRead(message(matched)).fireChannelRead(message(unmatched));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .as("buffered until the batch ends")
                .isEmpty();
        channel.pipeline().fireChannelReadComplete();

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(EventJson.toJson(matched) + "\n" + EventJson.toJson(unmatched) + "\n");
        assertThat(handler.written()).isEqualTo(2);
        assertThat(channel.inboundMessages()).hasSize(2);
        channel.finishAndReleaseAll();
    }

    @Test
    void aBarrierFlushesTheEventsOfItsReadBeforeItsWaiterReadsTheFile() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EmbeddedChannel channel = new EmbeddedChannel(new ObservationWriterHandler(out, false));
        Event event = tls("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned());
        Barrier barrier = new Barrier(channel.eventLoop().newPromise());

        channel.pipeline().fireChannelRead(message(event)).fireChannelRead(barrier);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(EventJson.toJson(event) + "\n");
        assertThat((Object) channel.readInbound()).isInstanceOf(PipelineEvent.class);
        assertThat((Object) channel.readInbound()).isSameAs(barrier);
        channel.finishAndReleaseAll();
    }

    @Test
    void writesOutcomeEventsWithTheirOutcome() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EmbeddedChannel channel = new EmbeddedChannel(new ObservationWriterHandler(out, false));
        Event contact = tls("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned());
        Event outcome = new Event(
                contact.observation(),
                contact.match(),
                new io.banwatch.event.ContactOutcome(
                        io.banwatch.event.Outcome.BLOCKED, io.banwatch.event.OutcomeReason.TCP_RESET, 0, 517));

        channel.pipeline().fireChannelRead(message(outcome)).fireChannelReadComplete();

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(EventJson.toJson(outcome) + "\n")
                .contains("\"outcome\":\"blocked\",\"outcome_reason\":\"tcp_reset\"");
        channel.finishAndReleaseAll();
    }

    @Test
    void flushesWhenTheChannelCloses() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EmbeddedChannel channel = new EmbeddedChannel(new ObservationWriterHandler(out, false));
        Event event = tls("2024-10-02T14:00:00Z", "10.1.1.1", "example.org", null);

        channel.pipeline().fireChannelRead(message(event));
        channel.close();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(EventJson.toJson(event) + "\n");
        channel.finishAndReleaseAll();
    }

    @Test
    void aFailingWriterStopsWritingButEventsStillPass() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void close() {}
        };
        ObservationWriterHandler handler = new ObservationWriterHandler(broken, true);
        EmbeddedChannel channel = new EmbeddedChannel(handler);

        for (int i = 0; i < 3; i++) {
            channel.pipeline().fireChannelRead(message(tls("2024-10-02T14:00:00Z", "10.1.1.1", "example.org", null)));
            channel.pipeline().fireChannelReadComplete();
        }

        assertThat(channel.inboundMessages()).hasSize(3);
        assertThat(channel.isActive()).isTrue();
        channel.finishAndReleaseAll();
    }
}
