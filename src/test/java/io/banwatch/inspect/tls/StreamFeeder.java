package io.banwatch.inspect.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.banwatch.decode.Endpoint;
import io.banwatch.flow.StreamContext;
import io.banwatch.flow.StreamParser;
import java.util.Arrays;

/**
 * Feeds one direction to a stream parser the way the flow layer does: each chunk extends the contiguous prefix,
 * the parser sees every unconsumed byte, consumed bytes are dropped, and nothing is passed after DONE. The bytes
 * are handed over inside a larger array with filler around them, so reads outside the window would show.
 */
final class StreamFeeder {

    static final Endpoint CLIENT = Endpoint.parse("10.4.7.19", 51234);
    static final Endpoint SERVER = Endpoint.parse("2001:db8::443", 443);
    static final long TIMESTAMP = 1_727_704_992_123_456_000L;
    static final int VLAN = 10;
    static final long TUNNEL = 7;
    static final StreamContext CONTEXT = new Context();

    private static final int FILLER = 11;

    private final StreamParser parser;
    private byte[] pending = new byte[0];
    private boolean done;

    StreamFeeder(StreamParser parser) {
        this.parser = parser;
    }

    /** Feeds the chunks one after the other. */
    static StreamFeeder feed(StreamParser parser, byte[]... chunks) {
        StreamFeeder feeder = new StreamFeeder(parser);
        for (byte[] chunk : chunks) {
            feeder.accept(chunk);
        }
        return feeder;
    }

    /** Feeds {@code stream} cut at the given ascending offsets. */
    static StreamFeeder feedSplit(StreamParser parser, byte[] stream, int... cuts) {
        StreamFeeder feeder = new StreamFeeder(parser);
        int start = 0;
        for (int cut : cuts) {
            feeder.accept(Arrays.copyOfRange(stream, start, cut));
            start = cut;
        }
        feeder.accept(Arrays.copyOfRange(stream, start, stream.length));
        return feeder;
    }

    void accept(byte[] chunk) {
        if (done) {
            return;
        }
        pending = TlsBytes.concat(pending, chunk);
        byte[] window = new byte[FILLER + pending.length + FILLER];
        Arrays.fill(window, (byte) 0x16);
        System.arraycopy(pending, 0, window, FILLER, pending.length);
        int consumed = parser.parse(CONTEXT, window, FILLER, pending.length);
        if (consumed == StreamParser.DONE) {
            done = true;
            return;
        }
        assertThat(consumed).isBetween(0, pending.length);
        pending = Arrays.copyOfRange(pending, consumed, pending.length);
        assertThat(pending.length).isLessThanOrEqualTo(parser.maxPendingBytes());
    }

    boolean done() {
        return done;
    }

    int pendingBytes() {
        return pending.length;
    }

    private static final class Context implements StreamContext {
        @Override
        public long timestampNanos() {
            return TIMESTAMP;
        }

        @Override
        public Endpoint source() {
            return CLIENT;
        }

        @Override
        public Endpoint destination() {
            return SERVER;
        }

        @Override
        public int vlanId() {
            return VLAN;
        }

        @Override
        public long tunnelId() {
            return TUNNEL;
        }
    }
}
