package io.banwatch.inspect.dns;

import io.banwatch.flow.StreamContext;
import io.banwatch.flow.StreamParser;
import io.banwatch.inspect.Transport;

/**
 * Splits one direction of a DNS-over-TCP stream into messages by their two-octet length prefix (RFC 1035 4.2.2,
 * RFC 7766 section 8) and hands each complete one to the {@link DnsInspector}. Stateless between calls: the flow
 * layer keeps the bytes not yet consumed.
 */
public final class DnsTcpStreamParser implements StreamParser {

    private static final int LENGTH_PREFIX = 2;

    /** The largest message a 16-bit length prefix can announce, with the prefix itself. */
    private static final int MAX_PENDING_BYTES = 65535 + LENGTH_PREFIX;

    private final DnsInspector inspector;

    public DnsTcpStreamParser(DnsInspector inspector) {
        this.inspector = inspector;
    }

    /** Always YES: the flow layer chooses this parser by port, and a length prefix has no signature to sniff. */
    @Override
    public Sniff sniff(byte[] data, int offset, int length) {
        return Sniff.YES;
    }

    @Override
    public int parse(StreamContext context, byte[] data, int offset, int length) {
        int consumed = 0;
        // Bounded by the input: each complete message consumes at least 3 bytes.
        while (length - consumed >= LENGTH_PREFIX) {
            int messageLength = DnsWire.u16(data, offset + consumed);
            if (messageLength == 0) {
                inspector.anomalies().count(DnsAnomaly.TCP_MESSAGE_EMPTY);
                return DONE;
            }
            int messageStart = offset + consumed + LENGTH_PREFIX;
            if (messageLength > length - consumed - LENGTH_PREFIX) {
                break; // RFC 7766 8: a message may span segments; wait for the rest
            }
            inspector.inspectMessage(
                    context.timestampNanos(),
                    Transport.TCP,
                    context.source(),
                    context.destination(),
                    context.vlanId(),
                    context.tunnelId(),
                    data,
                    messageStart,
                    messageLength);
            consumed += LENGTH_PREFIX + messageLength;
        }
        return consumed;
    }

    @Override
    public int maxPendingBytes() {
        return MAX_PENDING_BYTES;
    }
}
