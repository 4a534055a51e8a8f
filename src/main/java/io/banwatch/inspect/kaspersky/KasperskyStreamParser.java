package io.banwatch.inspect.kaspersky;

import io.banwatch.flow.StreamContext;
import io.banwatch.flow.StreamParser;
import io.banwatch.inspect.Observation;
import io.banwatch.inspect.ObservationSink;
import io.banwatch.inspect.Protocol;
import io.banwatch.inspect.Transport;

/**
 * Claims TCP streams to port 443 that start with the native-protocol signature and reports each once, with
 * {@link Protocol#KASPERSKY} and no name (the attribution stage adds one when DNS resolved the address). The reply
 * direction starts with the same bytes but goes to the client's port, so it is not claimed. Stateless: one instance
 * serves every flow of a capture thread.
 */
public final class KasperskyStreamParser implements StreamParser {

    private final ObservationSink sink;

    public KasperskyStreamParser(ObservationSink sink) {
        this.sink = sink;
    }

    /** Without the port only the bytes can be tested; the flow layer calls the context form. */
    @Override
    public Sniff sniff(byte[] data, int offset, int length) {
        return switch (KasperskySignature.test(data, offset, length)) {
            case MATCH -> Sniff.YES;
            case NEED_MORE -> Sniff.NEED_MORE;
            case NO_MATCH -> Sniff.NO;
        };
    }

    @Override
    public Sniff sniff(StreamContext context, byte[] data, int offset, int length) {
        if (context.destinationPort() != KasperskySignature.TCP_PORT) {
            return Sniff.NO;
        }
        return sniff(data, offset, length);
    }

    @Override
    public int parse(StreamContext context, byte[] data, int offset, int length) {
        sink.accept(Observation.flow(
                context.timestampNanos(),
                Transport.TCP,
                Protocol.KASPERSKY,
                context.source(),
                context.destination(),
                context.vlanId(),
                context.tunnelId()));
        return DONE;
    }

    @Override
    public int maxPendingBytes() {
        return KasperskySignature.PREFIX_LENGTH;
    }
}
