package io.banwatch.kafka;

import static io.banwatch.alert.TestEvents.dnsAnswer;
import static io.banwatch.alert.TestEvents.dnsQuery;
import static io.banwatch.alert.TestEvents.updateBanned;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.config.BanwatchConfig.StreamedEvents;
import io.banwatch.event.ContactOutcome;
import io.banwatch.event.Event;
import io.banwatch.event.Outcome;
import io.banwatch.event.OutcomeReason;
import io.banwatch.pipeline.PipelineEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaSinkHandlerTest {

    private static PipelineEvent message(Event event) {
        return new PipelineEvent(event, PipelineEvent.clientHost(event.observation()), false, PipelineEvent.UNKNOWN);
    }

    private static List<ProducerRecord<String, byte[]>> stream(StreamedEvents events, Event... sent) {
        MockProducer<String, byte[]> producer =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        KafkaEventSink sink = new KafkaEventSink(
                producer, new EventRecords("t", "s"), 64, Duration.ofSeconds(5), new SimpleMeterRegistry());
        EmbeddedChannel channel = new EmbeddedChannel(new KafkaSinkHandler(sink, events));
        for (Event event : sent) {
            channel.writeInbound(message(event));
        }
        assertThat(channel.inboundMessages()).as("every event passes on").hasSize(sent.length);
        channel.finishAndReleaseAll();
        sink.close();
        return producer.history();
    }

    private final Event matchedAnswer =
            dnsAnswer("2024-10-02T14:00:00Z", "10.1.1.1", "dnl-01.geo.kaspersky.com", updateBanned());
    private final Event unmatched = dnsQuery("2024-10-02T14:00:01Z", "10.1.1.2", "example.org", null);
    private final Event outcome = new Event(
            matchedAnswer.observation(),
            matchedAnswer.match(),
            new ContactOutcome(Outcome.BLOCKED, OutcomeReason.DNS_NXDOMAIN, -1, -1));

    @Test
    void matchedStreamsMatchedEventsAndOutcomesKeyedByTheClientHost() {
        List<ProducerRecord<String, byte[]>> records =
                stream(StreamedEvents.MATCHED, matchedAnswer, unmatched, outcome);

        assertThat(records)
                .extracting(ProducerRecord::key)
                .as("a DNS answer's client is its destination")
                .containsExactly("10.1.1.1", "10.1.1.1");
    }

    @Test
    void allStreamsEveryObservation() {
        List<ProducerRecord<String, byte[]>> records = stream(StreamedEvents.ALL, matchedAnswer, unmatched, outcome);

        assertThat(records).extracting(ProducerRecord::key).containsExactly("10.1.1.1", "10.1.1.2", "10.1.1.1");
    }
}
