package io.banwatch.inspect.dns;

import static io.banwatch.inspect.dns.DnsMessageBuilder.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.AnomalyCounters;
import io.banwatch.decode.Endpoint;
import io.banwatch.flow.StreamContext;
import io.banwatch.flow.StreamParser;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.Transport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DnsTcpStreamParserTest {

    record Context(long timestampNanos, Endpoint source, Endpoint destination, int vlanId, long tunnelId)
            implements StreamContext {}

    private static final Context CONTEXT =
            new Context(99L, Endpoint.parse("192.0.2.7", 40001), Endpoint.parse("192.0.2.53", 53), 30, 5);

    private final AnomalyCounters anomalies = new AnomalyCounters();
    private final List<Observation> observations = new ArrayList<>();
    private final DnsTcpStreamParser parser = new DnsTcpStreamParser(new DnsInspector(anomalies, observations::add));

    /** A message with its RFC 1035 4.2.2 two-octet length prefix. */
    private static byte[] framed(byte[] message) {
        return new DnsMessageBuilder().u16(message.length).bytes(message).build();
    }

    /** The message of id {@code id}: one question, whose name is compressed so that offsets matter. */
    private static byte[] message(int id) {
        return query(id, 2)
                .question("q" + id + ".example.com", 1)
                .labels("www")
                .pointer(12 + 2 + ("" + id).length()) // "example.com" inside the first name
                .questionFields(28)
                .build();
    }

    /**
     * Feeds chunks the way the flow layer does: appends each to the pending bytes, parses, and drops what was
     * consumed. Returns what each call returned.
     */
    private List<Integer> feed(byte[]... chunks) {
        List<Integer> results = new ArrayList<>();
        byte[] pending = new byte[0];
        for (byte[] chunk : chunks) {
            byte[] joined = Arrays.copyOf(pending, pending.length + chunk.length);
            System.arraycopy(chunk, 0, joined, pending.length, chunk.length);
            int consumed = parser.parse(CONTEXT, joined, 0, joined.length);
            results.add(consumed);
            if (consumed == StreamParser.DONE) {
                break;
            }
            pending = Arrays.copyOfRange(joined, consumed, joined.length);
        }
        return results;
    }

    @Nested
    class Parse {

        @Test
        void twentyMessagesInOneChunk() {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (int id = 0; id < 20; id++) {
                stream.writeBytes(framed(message(id)));
            }
            byte[] chunk = stream.toByteArray();
            byte[] buffer = new byte[chunk.length + 10];
            System.arraycopy(chunk, 0, buffer, 7, chunk.length);

            assertThat(parser.parse(CONTEXT, buffer, 7, chunk.length)).isEqualTo(chunk.length);

            assertThat(observations).hasSize(40);
            for (int id = 0; id < 20; id++) {
                assertThat(observations.get(2 * id).name()).isEqualTo("q" + id + ".example.com");
                assertThat(observations.get(2 * id + 1).name()).isEqualTo("www.example.com");
                assertThat(observations.get(2 * id).dns().id()).isEqualTo(id);
            }
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void contextIsPutOnTheObservations() {
            byte[] chunk = framed(message(4711));
            assertThat(parser.parse(CONTEXT, chunk, 0, chunk.length)).isEqualTo(chunk.length);

            Observation first = observations.getFirst();
            assertThat(first)
                    .isEqualTo(Observation.dns(
                            99L,
                            Transport.TCP,
                            CONTEXT.source(),
                            CONTEXT.destination(),
                            30,
                            5,
                            "q4711.example.com",
                            new Observation.Dns(Observation.DnsMessageType.QUERY, 4711, "A", null, List.of())));
        }

        @Test
        void oneMessageSplitAtEveryOffset() {
            byte[] whole = framed(message(1));
            for (int split = 1; split < whole.length; split++) {
                observations.clear();
                List<Integer> results =
                        feed(Arrays.copyOf(whole, split), Arrays.copyOfRange(whole, split, whole.length));

                assertThat(results).as("split at %d", split).containsExactly(0, whole.length);
                assertThat(observations)
                        .extracting(Observation::name)
                        .containsExactly("q1.example.com", "www.example.com");
            }
            assertThat(anomalies.total()).isZero();
        }

        @Test
        void lengthPrefixSplitAcrossChunks() {
            byte[] whole = framed(message(2));
            List<Integer> results = feed(
                    Arrays.copyOf(whole, 1),
                    Arrays.copyOfRange(whole, 1, 2),
                    Arrays.copyOfRange(whole, 2, whole.length));

            assertThat(results).containsExactly(0, 0, whole.length);
            assertThat(observations).hasSize(2);
        }

        @Test
        void completeMessagesAreConsumedBeforeAnIncompleteOne() {
            byte[] first = framed(message(1));
            byte[] second = framed(message(2));
            byte[] chunk = Arrays.copyOf(first, first.length + 5);
            System.arraycopy(second, 0, chunk, first.length, 5);

            assertThat(parser.parse(CONTEXT, chunk, 0, chunk.length)).isEqualTo(first.length);
            assertThat(observations).hasSize(2);
        }

        @Test
        void emptyInputConsumesNothing() {
            assertThat(parser.parse(CONTEXT, new byte[0], 0, 0)).isZero();
        }

        @Test
        void zeroLengthMessageEndsTheDirection() {
            byte[] chunk = new DnsMessageBuilder()
                    .bytes(framed(message(3)))
                    .u16(0)
                    .bytes(framed(message(4)))
                    .build();

            assertThat(parser.parse(CONTEXT, chunk, 0, chunk.length)).isEqualTo(StreamParser.DONE);
            assertThat(observations).extracting(o -> o.dns().id()).containsExactly(3, 3);
            assertThat(anomalies.get(DnsAnomaly.TCP_MESSAGE_EMPTY)).isEqualTo(1);
        }

        @Test
        void malformedMessageIsCountedAndConsumed() {
            byte[] chunk = new DnsMessageBuilder().u16(5).u8(1, 2, 3, 4, 5).build();
            assertThat(parser.parse(CONTEXT, chunk, 0, chunk.length)).isEqualTo(7);
            assertThat(anomalies.get(DnsAnomaly.MESSAGE_TOO_SHORT)).isEqualTo(1);
        }
    }

    @Nested
    class Sniff {

        @Test
        void alwaysYes() {
            assertThat(parser.sniff(new byte[0], 0, 0)).isEqualTo(StreamParser.Sniff.YES);
            assertThat(parser.sniff(new byte[] {0x16, 3, 1}, 0, 3)).isEqualTo(StreamParser.Sniff.YES);
        }
    }

    @Nested
    class MaxPendingBytes {

        @Test
        void largestMessageWithItsPrefix() {
            assertThat(parser.maxPendingBytes()).isEqualTo(65537);
        }
    }
}
